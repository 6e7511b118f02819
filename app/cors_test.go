package app

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/dbtest"
)

func TestCORS(t *testing.T) {
	a := newTestApp(t, dbtest.Dialect{Name: "sqlite", URL: dbtest.SQLiteURL})
	req := httptest.NewRequest(http.MethodOptions, "/bodhi/v1/tokens", nil)
	req.Header.Set("Origin", "https://app.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, req)
	require.Equal(t, http.StatusNoContent, rec.Code, "preflight answers before any org or auth work")
	require.Equal(t, "*", rec.Header().Get("Access-Control-Allow-Origin"))
	require.Equal(t, "true", rec.Header().Get("Access-Control-Allow-Private-Network"))
	require.Equal(t, "authorization, content-type", rec.Header().Get("Access-Control-Allow-Headers"))
	require.Empty(t, rec.Header().Get("Access-Control-Allow-Credentials"), "never credentials")

	r := call(t, a, http.MethodGet, "/bodhi/v1/info")
	require.Equal(t, "*", r.header.Get("Access-Control-Allow-Origin"))
	r = call(t, a, http.MethodGet, "/ui/")
	require.Empty(t, r.header.Get("Access-Control-Allow-Origin"), "the UI is not an API path")
	require.Equal(t, "same-origin", r.header.Get("Referrer-Policy"))
}
