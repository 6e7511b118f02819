package contract_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apidoc"
	"github.com/bodhiapp/bodhi/apidoc/contract"
)

// serve sends one request through the checker to a handler that answers status and body, and returns what the
// checker reported.
func serve(t *testing.T, method, path, reqBody string, status int, respBody string) []contract.Violation {
	t.Helper()
	doc, err := apidoc.Document()
	require.NoError(t, err)
	checker, err := contract.New(context.Background(), doc)
	require.NoError(t, err)
	var got []contract.Violation
	h := checker.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, respBody)
	}), func(v contract.Violation) { got = append(got, v) })
	var body io.Reader
	if reqBody != "" {
		body = strings.NewReader(reqBody)
	}
	req := httptest.NewRequest(method, path, body)
	if reqBody != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	h.ServeHTTP(httptest.NewRecorder(), req)
	return got
}

func TestRequestsAreCheckedAgainstTheDocument(t *testing.T) {
	created := `{"token":"bodhiapp_x"}`
	refused := `{"error":{"message":"m","type":"invalid_request_error","code":"json_rejection_error"}}`
	cases := []struct {
		name, body string
		status     int
		problem    string
	}{
		{"as documented", `{"name":"ci","scope":"scope_token_user"}`, 201, ""},
		{"a required field missing, yet accepted", `{"name":"ci"}`, 201, "accepted a request the document refuses"},
		{"a field mistyped, yet accepted", `{"name":7,"scope":"scope_token_user"}`, 201, "name"},
		{"a value off its enum, yet accepted", `{"scope":"scope_token_admin"}`, 201, "scope"},
		{"a bad request refused", `{"name":"ci"}`, 400, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := created
			if tc.status == 400 {
				resp = refused
			}
			got := serve(t, "POST", "/bodhi/v1/tokens", tc.body, tc.status, resp)
			if tc.problem == "" {
				require.Empty(t, got)
				return
			}
			require.Len(t, got, 1, "%v", got)
			require.Contains(t, got[0].Problem, tc.problem)
		})
	}
}

func TestResponsesAreCheckedAgainstTheDocument(t *testing.T) {
	health := `{"status":"ok","database":{"status":"ok","backend":"sqlite"},` +
		`"session_database":{"status":"ok","backend":"sqlite"},"cache":{"status":"ok","backend":"memory"}}`
	cases := []struct {
		name, method, path string
		status             int
		body               string
		problem            string // "" when the exchange is as documented
	}{
		{"as documented", "GET", "/ping", 200, `{"message":"pong"}`, ""},
		{"a field added", "GET", "/ping", 200, `{"message":"pong","extra":1}`, "extra"},
		{"a field renamed", "GET", "/ping", 200, `{"msg":"pong"}`, "message"},
		{"a value off its enum", "GET", "/health", 200, strings.Replace(health, `"ok"`, `"fine"`, 1), "/status"},
		{"a field mistyped", "GET", "/health", 200, strings.Replace(health, `"sqlite"`, `7`, 1), "backend"},
		{"a nested field dropped", "GET", "/health", 200, strings.Replace(health, `"cache":{"status":"ok","backend":"memory"}`, `"cache":{"backend":"memory"}`, 1), "status"},
		{"an undocumented status", "GET", "/ping", 418, `{}`, "status is not supported"},
		{"an error code the route does not list", "GET", "/ping", 500,
			`{"error":{"message":"m","type":"internal_server_error","code":"toolset_error-slug_exists"}}`, "toolset_error-slug_exists"},
		{"a documented error code", "GET", "/ping", 500,
			`{"error":{"message":"m","type":"internal_server_error","code":"internal_error"}}`, ""},
		{"a catch-all path with slashes", "GET", "/v1/models/all/o3", 200,
			`{"id":"all/o3","object":"model","created":0,"owned_by":"openai"}`, ""},
		{"the bare prefix of a catch-all path", "GET", "/ui/", 200, `{}`, ""},
		{"an undocumented route", "GET", "/no/such/route", 200, `{}`, "no operation"},
		{"an unknown route answered 404", "GET", "/no/such/route", 404,
			`{"error":{"message":"m","type":"not_found_error","code":"route_error-not_found"}}`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := serve(t, tc.method, tc.path, "", tc.status, tc.body)
			if tc.problem == "" {
				require.Empty(t, got)
				return
			}
			require.Len(t, got, 1, "%v", got)
			require.Contains(t, got[0].Problem, tc.problem)
		})
	}
}
