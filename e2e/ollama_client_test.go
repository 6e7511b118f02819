//go:build e2e

package e2e

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/dbtest"
)

// TestOllamaClient drives the official Ollama JavaScript client (ui/e2e/ollama-client.mjs) against the Ollama
// routes of a hosted Bodhi (PostgreSQL, Redis, an org's host) and a standalone one (SQLite, localhost), with an
// API token and a fake OpenAI provider; then it checks the provider's side of what the client did.
func TestOllamaClient(t *testing.T) {
	ui, err := filepath.Abs("../ui")
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(ui, "node_modules", "ollama")); err != nil {
		t.Fatalf("the ollama client is not installed: run `npm ci` in ui/ (make test.e2e does)")
	}
	for _, hosted := range []bool{true, false} {
		t.Run(map[bool]string{true: "hosted-postgres", false: "standalone-sqlite"}[hosted], func(t *testing.T) {
			l := apptest.Listen(t)
			idp := apptest.StartIdP(t, apptest.TwoOrgSeed(hosted, l.Port), 0)
			var b *apptest.Bodhi
			if hosted {
				b = l.Start(t, idp, dbtest.Dialect{Name: "postgres", URL: dbtest.PostgresURL}, true,
					[]apptest.Org{apptest.Acme}, "BODHI_ALLOW_PRIVATE_UPSTREAMS=true")
			} else {
				acme := apptest.Acme
				aliceID, _ := idp.UserID("alice")
				acme.FirstAdmin = &aliceID
				b = l.Start(t, idp, dbtest.Dialect{Name: "sqlite", URL: dbtest.SQLiteURL}, false, []apptest.Org{acme})
			}
			host := b.Host("acme")
			if !hosted {
				host = b.Host("")
			}
			p := apptest.StartProvider(t)
			p.ToolCalls.Store(true) // only requests that offer tools are answered with a call
			p.StreamChunks, p.StreamDelay = 3, 150*time.Millisecond
			token := ollamaClientSetup(t, host, p)

			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, "node", filepath.Join("e2e", "ollama-client.mjs"))
			cmd.Dir = ui
			cmd.Env = append(os.Environ(), "BODHI_OLLAMA_HOST=http://"+host, "BODHI_OLLAMA_TOKEN="+token,
				"BODHI_OLLAMA_MODEL=fake/gpt-4o", "BODHI_OLLAMA_RATE_LIMITED=bad/"+apptest.RateLimitedModel,
				"BODHI_OLLAMA_BROKEN=bad/"+apptest.BrokenModel, "BODHI_E2E_PASSWORD="+apptest.Password)
			out, err := cmd.CombinedOutput()
			t.Logf("node e2e/ollama-client.mjs:\n%s", out)
			require.NoError(t, err, "the Ollama client failed")
			require.Contains(t, string(out), "ABORTED")
			checkOllamaClientCalls(t, p)
		})
	}
}

// ollamaClientSetup registers the fake provider twice (fake/ answers, bad/ fails on purpose) as alice and returns
// an API token of hers.
func ollamaClientSetup(t *testing.T, host string, p *apptest.Provider) string {
	t.Helper()
	alice := apptest.NewBrowser(t, host)
	r := alice.Login("alice", apptest.Password)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	for prefix, models := range map[string][]string{"fake/": {"gpt-4o"},
		"bad/": {apptest.RateLimitedModel, apptest.BrokenModel}} {
		r = alice.Do(http.MethodPost, "/bodhi/v1/api-models", map[string]any{"api_format": "openai",
			"base_url": p.URL, "api_key": "sk-test", "models": models, "prefix": prefix})
		require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	}
	r = alice.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]string{"scope": "scope_token_user"})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	return r.JSON(t)["token"].(string)
}

// checkOllamaClientCalls checks what reached the provider: the schema format, the image as a PNG data URL, the
// tool result tied to its call by id, and the abort mid-stream.
func checkOllamaClientCalls(t *testing.T, p *apptest.Provider) {
	t.Helper()
	var schema, image, toolResult bool
	for _, c := range p.Calls() {
		if f, _ := c.Body["response_format"].(map[string]any); f != nil && f["type"] == "json_schema" {
			schema = true
		}
		for _, m := range anySlice(c.Body["messages"]) {
			msg, _ := m.(map[string]any)
			for _, part := range anySlice(msg["content"]) {
				if u, _ := part.(map[string]any)["image_url"].(map[string]any); u != nil {
					image = image || strings.HasPrefix(u["url"].(string), "data:image/png;base64,iVBORw0KGgo")
				}
			}
			if msg["role"] == "tool" && msg["tool_call_id"] == "call_1" {
				toolResult = true
			}
		}
	}
	require.True(t, schema, "the JSON schema went as response_format json_schema")
	require.True(t, image, "the image went as a PNG data URL")
	require.True(t, toolResult, "the tool result answered call_1, the provider's call")
	select {
	case <-p.Cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("the provider never saw the aborted stream end")
	}
}

func anySlice(v any) []any {
	s, _ := v.([]any)
	return s
}
