package app_test

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/app"
	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/gateway"
	"github.com/bodhiapp/bodhi/localmodels/llamaserver/llamaservertest"
)

func TestMain(m *testing.M) { os.Exit(llamaservertest.Main(m)) }

// localCatalog stands in for the catalog of local aliases (package localmodels) until it is wired in app.New: the
// aliases of every org of the test, over files in a Hugging Face cache laid out as huggingface_hub lays it out.
type localCatalog map[string]gateway.LocalTarget

func (c localCatalog) Target(_ context.Context, _, model string) (gateway.LocalTarget, bool, error) {
	t, ok := c[model]
	return t, ok, nil
}

func (c localCatalog) Names(context.Context, string) ([]string, error) {
	var out []string
	for name := range c {
		out = append(out, name)
	}
	return out, nil
}

// hfFile writes a GGUF file into hfHome's hub cache ($HF_HOME/hub/models--{owner}--{repo}/snapshots/{commit}/
// {file} and refs/main) and returns its absolute path.
func hfFile(t *testing.T, hfHome, owner, repo, file string) string {
	t.Helper()
	const commit = "4f1b8c2e9d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c"
	dir := filepath.Join(hfHome, "hub", "models--"+owner+"--"+repo)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "refs"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "refs", "main"), []byte(commit), 0o644))
	return llamaservertest.ModelFile(t, filepath.Join(dir, "snapshots", commit), file)
}

// localSetup is a deployment whose standalone server runs the fake llama-server for its local aliases.
type localSetup struct {
	deployment
	record  string
	catalog localCatalog
}

// startLocal starts Bodhi with the fake llama-server, the catalog of local aliases in front of it, and a cache of
// model files under HF_HOME; hosted servers get them too, and must ignore them.
func startLocal(t *testing.T, hosted bool, extraEnv ...string) localSetup {
	t.Helper()
	dir := t.TempDir()
	hfHome := filepath.Join(dir, "hf")
	record := filepath.Join(dir, "record.jsonl")
	catalog := localCatalog{
		"o/r:Q4_K_M": {Alias: "o/r:Q4_K_M", ModelPath: hfFile(t, hfHome, "o", "r", "x-Q4_K_M.gguf")},
		"my-llama": {Alias: "my-llama", ModelPath: hfFile(t, hfHome, "o", "r", "x-Q8_0.gguf"),
			ContextParams: []string{"--ctx-size 2048", "--fake-stream-delay 10ms"},
			RequestParams: map[string]any{"temperature": 0.3, "max_tokens": 64}},
		"o/e:F16":     {Alias: "o/e:F16", ModelPath: hfFile(t, hfHome, "o", "e", "e-F16.gguf"), ContextParams: []string{"--embeddings"}},
		"fake/gpt-4o": {Alias: "fake/gpt-4o", ModelPath: hfFile(t, hfHome, "o", "s", "s-Q4_0.gguf")},
		"crashy":      {Alias: "crashy", ModelPath: hfFile(t, hfHome, "o", "c", "c-Q4_0.gguf"), ContextParams: []string{"--fake-crash-on-request 1"}},
		"broken":      {Alias: "broken", ModelPath: hfFile(t, hfHome, "o", "b", "b-Q4_0.gguf"), ContextParams: []string{"--fake-exit-at-start 2"}},
	}
	env := append([]string{"HF_HOME=" + hfHome, "BODHI_LLAMA_SERVER=" + llamaservertest.Binary(t),
		"BODHI_LLAMACPP_ARGS=--fake-record " + record + " --jinja --no-webui"}, extraEnv...)
	if hosted {
		env = append(env, "BODHI_ALLOW_PRIVATE_UPSTREAMS=true")
	}
	l := apptest.Listen(t)
	l.Options = []app.Option{app.WithLocalModels(catalog)}
	idp := apptest.StartIdP(t, apptest.TwoOrgSeed(hosted, l.Port), 0)
	if hosted {
		b := l.Start(t, idp, dbtest.Dialect{Name: "postgres", URL: dbtest.PostgresURL}, true,
			[]apptest.Org{apptest.Acme, apptest.Globex}, env...)
		return localSetup{deployment: deployment{name: "hosted", idp: idp, bodhi: b}, record: record, catalog: catalog}
	}
	acme := apptest.Acme
	aliceID, _ := idp.UserID("alice")
	acme.FirstAdmin = &aliceID
	b := l.Start(t, idp, dbtest.Dialect{Name: "sqlite", URL: dbtest.SQLiteURL}, false, []apptest.Org{acme}, env...)
	return localSetup{deployment: deployment{name: "standalone", idp: idp, bodhi: b}, record: record, catalog: catalog}
}

func (s localSetup) events(t *testing.T, kind string) []llamaservertest.Event {
	return llamaservertest.Only(llamaservertest.Events(t, s.record), kind)
}

func userMessage() []openai.ChatCompletionMessageParamUnion {
	return []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")}
}

// TestLocalAliasesThroughTheGateway: /v1/chat/completions (whole and streamed), /v1/embeddings and Ollama's
// /api/chat reach a local alias through llama-server exactly as they reach an API model; a local alias shadows an
// API model of the same name; hosted servers never run one.
func TestLocalAliasesThroughTheGateway(t *testing.T) {
	for _, hosted := range []bool{true, false} {
		t.Run(map[bool]string{true: "hosted", false: "standalone"}[hosted], func(t *testing.T) {
			t.Parallel()
			s := startLocal(t, hosted)
			p := apptest.StartProvider(t)
			_, token, _ := setupModel(t, s.deployment, "acme", "alice", p, "sk-acme", "fake/")
			client := sdk(s.deployment, "acme", token)
			ctx := context.Background()
			if hosted {
				require.Nil(t, app.LlamaServer(s.bodhi.App), "hosted: nothing built")
				_, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: "o/r:Q4_K_M",
					Messages: userMessage()})
				var apiErr *openai.Error
				require.ErrorAs(t, err, &apiErr)
				require.Equal(t, "model_router_error-api_model_not_found", apiErr.Code)
				resp, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: "fake/gpt-4o",
					Messages: userMessage()})
				require.NoError(t, err)
				require.Equal(t, "Hello from gpt-4o", resp.Choices[0].Message.Content, "the API model, as before")
				require.NoFileExists(t, s.record, "no llama-server ever started")
				return
			}
			localChats(t, s, client, p)
			localOllamaChat(t, s, bearer(t, s.deployment, "acme", token))
		})
	}
}

func localChats(t *testing.T, s localSetup, client openai.Client, p *apptest.Provider) {
	ctx := context.Background()
	resp, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: "o/r:Q4_K_M",
		Messages: userMessage()})
	require.NoError(t, err)
	require.Equal(t, "Hello from x-Q4_K_M.gguf", resp.Choices[0].Message.Content)
	starts := s.events(t, "start")
	require.Len(t, starts, 1)
	require.Equal(t, []string{"--model", s.catalog["o/r:Q4_K_M"].ModelPath, "--host", "127.0.0.1", "--port",
		starts[0].Args[5], "--fake-record", s.record, "--jinja", "--no-webui"}, starts[0].Args)

	stream := client.Chat.Completions.NewStreaming(ctx, openai.ChatCompletionNewParams{Model: "my-llama",
		Messages: userMessage()})
	var text strings.Builder
	for stream.Next() {
		for _, ch := range stream.Current().Choices {
			text.WriteString(ch.Delta.Content)
		}
	}
	require.NoError(t, stream.Err())
	require.Equal(t, "Hello from x-Q8_0.gguf", text.String(), "a switch, then the stream relayed chunk by chunk")
	requests := s.events(t, "request")
	sent := requests[len(requests)-1].Decoded(t)
	require.Equal(t, 0.3, sent["temperature"], "the alias's request_params as defaults")
	require.EqualValues(t, 64, sent["max_completion_tokens"])
	require.Equal(t, true, sent["stream"])
	require.Equal(t, "--ctx-size", s.events(t, "start")[1].Args[10], "the alias's context_params")

	emb, err := client.Embeddings.New(ctx, openai.EmbeddingNewParams{Model: "o/e:F16",
		Input: openai.EmbeddingNewParamsInputUnion{OfString: openai.String("text")}})
	require.NoError(t, err)
	require.Equal(t, []float64{0.5, -0.25, 0.125, 0}, emb.Data[0].Embedding)

	shadow, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: "fake/gpt-4o",
		Messages: userMessage()})
	require.NoError(t, err)
	require.Equal(t, "Hello from s-Q4_0.gguf", shadow.Choices[0].Message.Content,
		"a local alias comes before an API model of the same name (http-api.md §7)")
	api, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: "fake/gpt-4o-mini",
		Messages: userMessage()})
	require.NoError(t, err)
	require.Equal(t, "Hello from gpt-4o-mini", api.Choices[0].Message.Content, "API models as before")
	require.Len(t, p.Calls(), 1)
}

func localOllamaChat(t *testing.T, s localSetup, api *apptest.Browser) {
	r := api.Do(http.MethodPost, "/api/chat", map[string]any{"model": "o/r:Q4_K_M", "stream": false,
		"messages": []any{map[string]string{"role": "user", "content": "hi"}}})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	body := r.JSON(t)
	require.Equal(t, "Hello from x-Q4_K_M.gguf", body["message"].(map[string]any)["content"])
	require.Equal(t, true, body["done"])

	r = api.Do(http.MethodPost, "/api/chat", map[string]any{"model": "my-llama",
		"messages": []any{map[string]string{"role": "user", "content": "hi"}}, "options": map[string]any{"num_predict": 9}})
	lines := strings.Split(strings.TrimSpace(string(r.Body)), "\n")
	require.Len(t, lines, 4, "three words and the done line (chunks without text make none): %s", r.Body)
	require.Contains(t, lines[0], `"content":"Hello"`)
	require.Contains(t, lines[2], `"content":" x-Q8_0.gguf"`)
	require.Contains(t, lines[3], `"done":true,"done_reason":"stop"`)
	requests := s.events(t, "request")
	sent := requests[len(requests)-1].Decoded(t)
	require.EqualValues(t, 9, sent["max_completion_tokens"], "num_predict, not the alias's max_tokens")
	require.Equal(t, 0.3, sent["temperature"])

	r = api.Do(http.MethodGet, "/api/ps", nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	loaded := r.JSON(t)["models"].([]any)
	require.Len(t, loaded, 1, "llama-server has my-llama in memory: %s", r.Body)
	require.Equal(t, "my-llama", loaded[0].(map[string]any)["name"])
	require.Equal(t, "gguf", loaded[0].(map[string]any)["details"].(map[string]any)["format"])
	require.Regexp(t, `^\d{4}-\d\d-\d\dT`, loaded[0].(map[string]any)["expires_at"])

	r = api.Do(http.MethodPost, "/api/chat", map[string]any{"model": "crashy", "stream": false,
		"messages": []any{map[string]string{"role": "user", "content": "hi"}}})
	require.Equal(t, http.StatusBadGateway, r.Status, "llama-server died: a gateway's 502")
	require.Contains(t, r.JSON(t)["error"], "exit status 3", "the Ollama error says how llama-server died")
}

// TestLocalModelFailures: the errors of llama-server over HTTP, and a crash followed by a restart.
func TestLocalModelFailures(t *testing.T) {
	t.Parallel()
	s := startLocal(t, false)
	_, token, _ := setupModel(t, s.deployment, "acme", "alice", apptest.StartProvider(t), "sk-acme", "fake/")
	api := bearer(t, s.deployment, "acme", token)
	chat := func(model string) apptest.Response {
		return api.Do(http.MethodPost, "/v1/chat/completions", map[string]any{"model": model,
			"messages": []any{map[string]string{"role": "user", "content": "hi"}}})
	}

	r := chat("broken")
	require.Equal(t, http.StatusInternalServerError, r.Status)
	require.Equal(t, "llama_server_error-start_failed", r.ErrorCode(t))
	require.Contains(t, r.JSON(t)["error"].(map[string]any)["message"], "fake startup error line 25")

	r = chat("crashy")
	require.Equal(t, http.StatusBadGateway, r.Status, "llama-server died mid-request: the upstream failed")
	require.Equal(t, "ai_api_service_error-bad_gateway", r.ErrorCode(t))
	msg := r.JSON(t)["error"].(map[string]any)["message"].(string)
	require.Contains(t, msg, "llama-server stopped while serving the request: it exited (exit status 3).")
	require.Contains(t, msg, "fake: crashing on request 1")

	r = chat("o/r:Q4_K_M")
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	r = chat("crashy")
	require.Equal(t, "ai_api_service_error-bad_gateway", r.ErrorCode(t), "started again, crashed again")
	crashy := 0
	for _, e := range s.events(t, "start") {
		if e.Args[1] == s.catalog["crashy"].ModelPath {
			crashy++
		}
	}
	require.Equal(t, 2, crashy, "the request after a crash starts llama-server again")

	if _, err := exec.LookPath("llama-server"); err == nil {
		t.Skip("a real llama-server is on PATH: it is what Bodhi falls back to")
	}
	missing := startLocal(t, false, "BODHI_LLAMA_SERVER="+filepath.Join(t.TempDir(), "llama-server"))
	_, token, _ = setupModel(t, missing.deployment, "acme", "alice", apptest.StartProvider(t), "sk-acme", "fake/")
	r = bearer(t, missing.deployment, "acme", token).Do(http.MethodPost, "/v1/chat/completions",
		map[string]any{"model": "o/r:Q4_K_M", "messages": []any{map[string]string{"role": "user", "content": "hi"}}})
	require.Equal(t, http.StatusInternalServerError, r.Status)
	require.Equal(t, "llama_server_error-binary_not_found", r.ErrorCode(t))
	require.Equal(t, "llama-server not found; set BODHI_LLAMA_SERVER", r.JSON(t)["error"].(map[string]any)["message"])
}

// TestKeepAliveSettingAndClose: the settings page's BODHI_KEEP_ALIVE_SECS reaches the running idle timer, and
// closing Bodhi leaves no llama-server behind.
func TestKeepAliveSettingAndClose(t *testing.T) {
	t.Parallel()
	s := startLocal(t, false)
	alice, token, _ := setupModel(t, s.deployment, "acme", "alice", apptest.StartProvider(t), "sk-acme", "fake/")
	r := bearer(t, s.deployment, "acme", token).Do(http.MethodPost, "/v1/chat/completions",
		map[string]any{"model": "o/r:Q4_K_M", "messages": []any{map[string]string{"role": "user", "content": "hi"}}})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	llama := app.LlamaServer(s.bodhi.App)
	status := llama.Status()
	require.True(t, status.Running)
	require.WithinDuration(t, time.Now().Add(300*time.Second), status.IdleStop, 30*time.Second, "the default keep-alive")

	r = alice.Do(http.MethodPut, "/bodhi/v1/settings/BODHI_KEEP_ALIVE_SECS", map[string]any{"value": 3600})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.Equal(t, time.Hour, llama.KeepAlive())
	require.WithinDuration(t, time.Now().Add(time.Hour), llama.Status().IdleStop, 30*time.Second,
		"the running timer follows the setting")

	require.NoError(t, s.bodhi.App.Close(context.Background()))
	require.False(t, llamaservertest.Alive(status.PID), "Close stops llama-server")
	require.Equal(t, "terminated", s.events(t, "exit")[0].Signal)
}
