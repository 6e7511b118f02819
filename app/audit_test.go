package app_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/dbtest"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestAuditAndLogHygiene: audited actions leave an audit record, and no token or cookie value ever reaches the log.
func TestAuditAndLogHygiene(t *testing.T) {
	logs := &lockedBuffer{}
	l := apptest.Listen(t)
	l.Logs = logs
	idp := apptest.StartIdP(t, apptest.TwoOrgSeed(true, l.Port), 0)
	b := l.Start(t, idp, dbtest.Dialect{Name: "postgres", URL: dbtest.PostgresURL}, true, []apptest.Org{apptest.Acme})
	d := deployment{idp: idp, bodhi: b}

	alice := loggedIn(t, d, "acme", "alice")
	r := alice.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]string{"scope": "scope_token_user"})
	require.Equal(t, http.StatusCreated, r.Status)
	token := r.JSON(t)["token"].(string)
	api := bearer(t, d, "acme", token)
	require.Equal(t, http.StatusOK, api.Do(http.MethodGet, "/bodhi/v1/models", nil).Status)

	aliceID, _ := idp.UserID("alice")
	var actions []string
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec), line)
		if rec["msg"] == "audit" {
			actions = append(actions, rec["action"].(string))
			require.Equal(t, aliceID, rec["user_id"])
			require.NotEmpty(t, rec["org_id"])
		}
	}
	require.Contains(t, actions, "login")
	require.Contains(t, actions, "token_create")

	out := logs.String()
	require.NotContains(t, out, token, "API tokens are never logged")
	for _, c := range alice.Cookies() {
		require.NotContains(t, out, c.Value, "cookie values are never logged")
	}
	require.NotContains(t, out, apptest.Acme.Secret)
	require.Contains(t, out, `"msg":"request"`, "one line per request")
}
