//go:build e2e

// Package e2e runs the browser end-to-end scenarios of ui/e2e against a real hosted Bodhi: PostgreSQL, Redis, the
// development identity provider and a fake OpenAI provider, driven by headless Chromium through playwright-core.
// Run with `make test.e2e` (it builds the web app first: the test binary embeds ui/dist/app).
package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/dbtest"
)

const chromium = "/usr/bin/chromium"

// exaKey is the Exa API key the toolset-chat scenario enters for its toolset.
const exaKey = "exa-test-key"

func TestBrowser(t *testing.T) {
	ui, err := filepath.Abs("../ui")
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(ui, "node_modules", "playwright-core")); err != nil {
		t.Fatalf("playwright-core is not installed: run `npm ci` in ui/ (make test.e2e does)")
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("%s is missing: apt-get install -y chromium (make test.e2e does)", chromium)
	}

	l := apptest.Listen(t)
	idp := apptest.StartIdP(t, apptest.TwoOrgSeed(true, l.Port), 0)
	exa := apptest.StartExa(t)
	// Loopback upstreams (the fake provider and the fake Exa) are allowed in hosted mode only with this switch.
	b := l.Start(t, idp, dbtest.Dialect{Name: "postgres", URL: dbtest.PostgresURL}, true,
		[]apptest.Org{apptest.Acme, apptest.Globex}, "BODHI_ALLOW_PRIVATE_UPSTREAMS=true", "BODHI_EXA_BASE_URL="+exa.URL)
	p := apptest.StartProvider(t)
	p.StreamChunks, p.StreamDelay = 5, 300*time.Millisecond // slow enough to see the reply grow
	// bob is a user at both orgs; as admin at both, the switcher shows two orgs with a role each.
	idp.SetClientRoles(t, "bob", map[string][]string{
		apptest.Acme.ClientID: {"resource_admin"}, apptest.Globex.ClientID: {"resource_admin"}})

	artifacts := filepath.Join(ui, "e2e", "artifacts") // git-ignored; emptied so only this run's screenshots remain
	require.NoError(t, os.RemoveAll(artifacts))
	require.NoError(t, os.MkdirAll(artifacts, 0o755))
	env := append(os.Environ(),
		"BODHI_E2E_ACME=http://"+b.Host("acme"),
		"BODHI_E2E_GLOBEX=http://"+b.Host("globex"),
		"BODHI_E2E_PASSWORD="+apptest.Password,
		"BODHI_E2E_PROVIDER="+p.URL,
		"BODHI_E2E_ARTIFACTS="+artifacts,
		"BODHI_E2E_CHROMIUM="+chromium,
		"BODHI_E2E_EXA_KEY="+exaKey,
		"BODHI_E2E_EXA_TITLE="+apptest.ExaResultTitle,
	)
	run := func(t *testing.T, script string) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "node", filepath.Join("e2e", script))
		cmd.Dir, cmd.Env = ui, env
		out, err := cmd.CombinedOutput()
		t.Logf("node e2e/%s:\n%s", script, out)
		if err != nil {
			t.Fatalf("node e2e/%s failed: %v (screenshots in %s)", script, err, artifacts)
		}
	}

	// In order: suspending globex comes last.
	t.Run("login", func(t *testing.T) { run(t, "login.mjs") })
	t.Run("tokens", func(t *testing.T) { run(t, "tokens.mjs") })
	t.Run("models-chat", func(t *testing.T) { run(t, "models-chat.mjs") })
	t.Run("toolset-chat", func(t *testing.T) {
		p.ToolCalls.Store(true)
		defer p.ToolCalls.Store(false)
		before := len(p.Calls())
		run(t, "toolset-chat.mjs")
		checkToolRoundTrip(t, exa.Calls(), p.Calls()[before:])
	})
	t.Run("org-switch", func(t *testing.T) { run(t, "org-switch.mjs") })
	t.Run("suspended", func(t *testing.T) {
		b.SetOrgStatus(t, "globex", "suspended")
		run(t, "suspended.mjs")
	})
}

// checkToolRoundTrip checks the toolset-chat scenario from the upstreams' side: the fake Exa got the model's query
// with the key the user entered, and the provider got it back as a tool message answering the call it made.
func checkToolRoundTrip(t *testing.T, exaCalls []apptest.ExaCall, providerCalls []apptest.ProviderCall) {
	t.Helper()
	require.Len(t, exaCalls, 1, "one Exa call: %+v", exaCalls)
	require.Equal(t, "/search", exaCalls[0].Path)
	require.Equal(t, exaKey, exaCalls[0].APIKey, "the key entered in the toolset form")
	require.Equal(t, apptest.ToolCallQuery, exaCalls[0].Body["query"])

	var chats []apptest.ProviderCall
	for _, c := range providerCalls {
		if c.Path == "/v1/chat/completions" {
			chats = append(chats, c)
		}
	}
	require.Len(t, chats, 2, "a request that gets the tool call, then one with its result")
	for _, c := range chats {
		require.Equal(t, "gpt-4o", c.Body["model"], "the gateway strips its prefix fake/")
		tools, _ := c.Body["tools"].([]any)
		require.Len(t, tools, 1, "only the chosen method is offered: %v", c.Body["tools"])
		name := tools[0].(map[string]any)["function"].(map[string]any)["name"]
		require.Regexp(t, `^toolset__[A-Za-z0-9-]+__search$`, name)
	}
	first, _ := chats[0].Body["messages"].([]any)
	require.NotEmpty(t, first)
	require.Equal(t, "user", first[len(first)-1].(map[string]any)["role"])

	second, _ := chats[1].Body["messages"].([]any)
	require.GreaterOrEqual(t, len(second), 3, "user, assistant with the call, tool: %v", second)
	call := second[len(second)-2].(map[string]any)
	require.Equal(t, "assistant", call["role"])
	calls, _ := call["tool_calls"].([]any)
	require.Len(t, calls, 1)
	tool := second[len(second)-1].(map[string]any)
	require.Equal(t, "tool", tool["role"])
	require.Equal(t, calls[0].(map[string]any)["id"], tool["tool_call_id"], "the result answers the call")
	content, _ := tool["content"].(string)
	require.Contains(t, content, apptest.ExaResultTitle, "the Exa result went back to the model")
}
