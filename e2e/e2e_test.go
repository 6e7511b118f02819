//go:build e2e

// Package e2e runs the browser end-to-end scenarios of ui/e2e against a real hosted Bodhi (PostgreSQL, Redis, the
// development identity provider and a fake OpenAI provider) and a fresh standalone one (SQLite, its first-run setup),
// driven by headless Chromium through playwright-core.
// Run with `make test.e2e` (it builds the web app first: the test binary embeds ui/dist/app).
package e2e

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/localmodels/gguf/ggufwrite"
	"github.com/bodhiapp/bodhi/localmodels/llamaserver/llamaservertest"
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
	run := func(t *testing.T, script string, extraEnv ...string) {
		limit := 2 * time.Minute
		if script == "sweep.mjs" {
			limit = 8 * time.Minute // some 90 audits, each an axe-core run and a full-page screenshot
		}
		ctx, cancel := context.WithTimeout(context.Background(), limit)
		defer cancel()
		cmd := exec.CommandContext(ctx, "node", filepath.Join("e2e", script))
		cmd.Dir, cmd.Env = ui, append(env[:len(env):len(env)], extraEnv...)
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
	t.Run("chat-privacy", func(t *testing.T) { run(t, "chat-privacy.mjs") })
	t.Run("toolset-chat", func(t *testing.T) {
		p.ToolCalls.Store(true)
		defer p.ToolCalls.Store(false)
		before := len(p.Calls())
		run(t, "toolset-chat.mjs")
		checkToolRoundTrip(t, exa.Calls(), p.Calls()[before:])
	})
	t.Run("consent", func(t *testing.T) {
		f := newConsentFixture(t, b)
		run(t, "consent.mjs", f.env()...)
		checkConsentOutcome(t, b, f)
	})
	t.Run("org-switch", func(t *testing.T) { run(t, "org-switch.mjs") })
	t.Run("api-docs", func(t *testing.T) { run(t, "api-docs.mjs") })
	// Every page in both widths and themes, once the scenarios above have made data to show.
	t.Run("sweep", func(t *testing.T) { run(t, "sweep.mjs") })
	t.Run("suspended", func(t *testing.T) {
		b.SetOrgStatus(t, "globex", "suspended")
		run(t, "suspended.mjs")
	})
}

// TestBrowserStandaloneSetup runs ui/e2e/setup.mjs, the standalone first run (ui.md §9.2 scenario 1), against a
// fresh standalone Bodhi on SQLite with no org: the browser names the server (which registers its client at the
// identity provider), logs in as the first user (who becomes admin), goes through every setup step and ends in
// chat. Then the server's own state is checked: ready, the user admin, the API model and the toolset stored.
func TestBrowserStandaloneSetup(t *testing.T) {
	ui, err := filepath.Abs("../ui")
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(ui, "node_modules", "playwright-core")); err != nil {
		t.Fatalf("playwright-core is not installed: run `npm ci` in ui/ (make test.e2e does)")
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("%s is missing: apt-get install -y chromium (make test.e2e does)", chromium)
	}

	const (
		serverName = "My Home Bodhi Server"
		user       = "alice" // any seeded user: the first to log in becomes admin
	)
	l := apptest.Listen(t)
	// Standalone users; the client setup registers gets the redirect URIs of localhost:<port> from the server.
	idp := apptest.StartIdP(t, apptest.TwoOrgSeed(false, l.Port), 0)
	exa := apptest.StartExa(t)
	p := apptest.StartProvider(t)
	// The first chat model of the setup's catalogue (ui/src/pages/setup/modelCatalog.ts), served by a fake hub: a
	// real GGUF header, small.
	const (
		downloadName = "Llama 3.2 3B Instruct"
		downloadRepo = "bartowski/Llama-3.2-3B-Instruct-GGUF"
		downloadFile = "Llama-3.2-3B-Instruct-Q4_K_M.gguf"
	)
	// Its body comes slowly (64 bytes each 400 ms, about 10 s in all): the server writes progress every 3 s, so the
	// setup step shows it moving.
	hub := apptest.StartHFHub(t)
	hub.AddFile(downloadRepo, downloadFile, apptest.HubFile{Content: ggufwrite.Llama().File.Bytes(), LFS: true,
		ChunkSize: 64, ChunkDelay: 400 * time.Millisecond})
	// For local-models.mjs: a gated repository (the server has no HF_TOKEN), and a file slow enough to cancel while
	// it runs (4 KiB each 150 ms, about 12 s).
	const (
		gatedRepo, gatedFile = "google/gemma-3-1b-it-GGUF", "gemma-3-1b-it-Q4_K_M.gguf"
		slowRepo, slowFile   = "Qwen/Qwen2.5-0.5B-Instruct-GGUF", "qwen2.5-0.5b-instruct-q4_k_m.gguf"
		localAlias           = "my-local-llama"
	)
	hub.AddFile(gatedRepo, gatedFile, apptest.HubFile{Content: ggufwrite.Gemma3().File.Bytes(), LFS: true})
	hub.Gate(gatedRepo)
	slow := append(ggufwrite.Qwen2().File.Bytes(), make([]byte, 320<<10)...)
	hub.AddFile(slowRepo, slowFile, apptest.HubFile{Content: slow, LFS: true, ChunkSize: 4 << 10,
		ChunkDelay: 150 * time.Millisecond})
	// The fake llama-server runs the local alias; it becomes ready 2 s after it starts, so the chat's note about a
	// local model loading is seen.
	record := filepath.Join(t.TempDir(), "llama-record.jsonl")
	b := l.Start(t, idp, dbtest.Dialect{Name: "sqlite", URL: dbtest.SQLiteURL}, false, nil,
		"BODHI_EXA_BASE_URL="+exa.URL, "BODHI_HF_BASE_URL="+hub.URL,
		"BODHI_LLAMA_SERVER="+llamaservertest.Binary(t),
		"BODHI_LLAMACPP_ARGS=--fake-record "+record+" --fake-ready-after 2s --fake-stream-delay 50ms")
	base := "http://" + b.Host("")
	anon := apptest.NewBrowser(t, b.Host(""))
	appInfo := func() map[string]any {
		r := anon.Do(http.MethodGet, "/bodhi/v1/app/info", nil)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		return r.JSON(t)
	}
	require.Equal(t, "setup", appInfo()["status"], "a fresh standalone server starts in setup")

	// TestBrowser empties the artifacts directory; here only this scenario's screenshots are replaced.
	artifacts := filepath.Join(ui, "e2e", "artifacts")
	require.NoError(t, os.MkdirAll(artifacts, 0o755))
	for _, pattern := range []string{"setup-*.png", "FAILED-setup-*.png", "local-*.png", "FAILED-local-models-*.png",
		"sweep-standalone-*.png", "sweep-setup-*.png", "FAILED-sweep-standalone-*.png"} {
		old, err := filepath.Glob(filepath.Join(artifacts, pattern))
		require.NoError(t, err)
		for _, f := range old {
			require.NoError(t, os.Remove(f))
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute) // with the audit of every step
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join("e2e", "setup.mjs"))
	cmd.Dir = ui
	cmd.Env = append(os.Environ(),
		"BODHI_E2E_STANDALONE="+base,
		"BODHI_E2E_SERVER_NAME="+serverName,
		"BODHI_E2E_USER="+user,
		"BODHI_E2E_PASSWORD="+apptest.Password,
		"BODHI_E2E_PROVIDER="+p.URL,
		"BODHI_E2E_EXA_KEY="+exaKey,
		"BODHI_E2E_DOWNLOAD_NAME="+downloadName,
		"BODHI_E2E_ARTIFACTS="+artifacts,
		"BODHI_E2E_CHROMIUM="+chromium,
	)
	out, err := cmd.CombinedOutput()
	t.Logf("node e2e/setup.mjs:\n%s", out)
	if err != nil {
		t.Fatalf("node e2e/setup.mjs failed: %v (screenshots in %s)", err, artifacts)
	}

	// The server's side of what the browser did.
	info := appInfo()
	require.Equal(t, "ready", info["status"], "setup and the first login leave the server ready")
	require.Equal(t, map[string]any{"slug": "my-home-bodhi-server", "display_name": serverName}, info["org"])

	admin := apptest.NewBrowser(t, b.Host(""))
	r := admin.Login(user, apptest.Password)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	me := admin.Do(http.MethodGet, "/bodhi/v1/user", nil).JSON(t)
	require.Equal(t, "resource_admin", me["role"], "the first login became admin: %v", me)

	r = admin.Do(http.MethodGet, "/bodhi/v1/api-models", nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	models, _ := r.JSON(t)["data"].([]any)
	require.Len(t, models, 1, "the API model of the setup step: %s", r.Body)
	m := models[0].(map[string]any)
	require.Equal(t, p.BaseURL(), m["base_url"])
	require.Equal(t, "fake/", m["prefix"])
	require.Equal(t, []any{"gpt-4o"}, m["models"])

	r = admin.Do(http.MethodGet, "/bodhi/v1/modelfiles", nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	files, _ := r.JSON(t)["data"].([]any)
	require.Len(t, files, 1, "the model the setup downloaded is in the cache: %s", r.Body)
	require.Equal(t, downloadRepo, files[0].(map[string]any)["repo"])
	require.Equal(t, downloadFile, files[0].(map[string]any)["filename"])

	r = admin.Do(http.MethodGet, "/bodhi/v1/toolsets", nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	toolsets, _ := r.JSON(t)["toolsets"].([]any)
	require.Len(t, toolsets, 1, "the toolset of the setup step: %s", r.Body)
	ts := toolsets[0].(map[string]any)
	require.Equal(t, "exa-search", ts["slug"])
	require.Equal(t, "builtin-exa-search", ts["toolset_type"])
	require.Equal(t, true, ts["enabled"])
	require.Equal(t, true, ts["has_api_key"])
	// The key stored is the one typed: a search through the toolset reaches the fake Exa with it.
	require.Empty(t, exa.Calls(), "nothing called Exa during setup")
	r = admin.Do(http.MethodPost, "/bodhi/v1/toolsets/"+ts["id"].(string)+"/execute/search",
		map[string]any{"params": map[string]any{"query": "bodhi"}})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.Contains(t, string(r.Body), apptest.ExaResultTitle)
	require.Len(t, exa.Calls(), 1)
	require.Equal(t, exaKey, exa.Calls()[0].APIKey(), "the key entered in the setup step")

	// The chat turn went to the provider as gpt-4o (the prefix stripped), after the model list was fetched.
	var fetched, chatted bool
	for _, c := range p.Calls() {
		fetched = fetched || c.Path == "/v1/models"
		chatted = chatted || (c.Path == "/v1/chat/completions" && c.Body["model"] == "gpt-4o")
	}
	require.True(t, fetched, "Fetch Models reached the provider")
	require.True(t, chatted, "the chat message reached the provider as gpt-4o")

	// Local models in the browser: an alias for the downloaded file, chat with it, its metadata; a gated download,
	// and one cancelled then resumed.
	ctx, cancel = context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	local := exec.CommandContext(ctx, "node", filepath.Join("e2e", "local-models.mjs"))
	local.Dir = ui
	local.Env = append(cmd.Env,
		"BODHI_E2E_LOCAL_FILE="+downloadFile,
		"BODHI_E2E_LOCAL_FAMILY=llama",
		"BODHI_E2E_LOCAL_ALIAS="+localAlias,
		"BODHI_E2E_GATED_REPO="+gatedRepo,
		"BODHI_E2E_GATED_FILE="+gatedFile,
		"BODHI_E2E_SLOW_REPO="+slowRepo,
		"BODHI_E2E_SLOW_FILE="+slowFile,
	)
	out, err = local.CombinedOutput()
	t.Logf("node e2e/local-models.mjs:\n%s", out)
	if err != nil {
		t.Fatalf("node e2e/local-models.mjs failed: %v (screenshots in %s)", err, artifacts)
	}
	checkLocalModels(t, admin, hub, record, localAlias, slowFile)

	// The standalone-only pages, now that the server is ready, in both widths and themes.
	ctx, cancel = context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	sweep := exec.CommandContext(ctx, "node", filepath.Join("e2e", "sweep-standalone.mjs"))
	sweep.Dir, sweep.Env = ui, cmd.Env
	out, err = sweep.CombinedOutput()
	t.Logf("node e2e/sweep-standalone.mjs:\n%s", out)
	if err != nil {
		t.Fatalf("node e2e/sweep-standalone.mjs failed: %v (screenshots in %s)", err, artifacts)
	}
}

// checkToolRoundTrip checks the toolset-chat scenario from the upstreams' side: the fake Exa got the model's query
// with the key the user entered, and the provider got it back as a tool message answering the call it made.
func checkToolRoundTrip(t *testing.T, exaCalls []apptest.ExaCall, providerCalls []apptest.ProviderCall) {
	t.Helper()
	require.Len(t, exaCalls, 1, "one Exa call: %+v", exaCalls)
	require.Equal(t, "/search", exaCalls[0].Path)
	require.Equal(t, exaKey, exaCalls[0].APIKey(), "the key entered in the toolset form")
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
