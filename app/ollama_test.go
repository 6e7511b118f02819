package app_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/ollama"
)

// TestOllamaRoutes: the Ollama API over the org's API models, hosted (PostgreSQL) and standalone (SQLite), with real
// statuses and Ollama's {"error": "<message>"} on every failure, including the middleware's. The official client
// is driven against the same routes by e2e/ollama_client_test.go.
func TestOllamaRoutes(t *testing.T) {
	for _, hosted := range []bool{true, false} {
		d := gatewayDeployment(t, hosted)
		t.Run(d.name, func(t *testing.T) {
			p := apptest.StartProvider(t)
			alice, token, _ := setupModel(t, d, "acme", "alice", p, "sk-acme", "fake/")
			r := alice.Do(http.MethodPost, "/bodhi/v1/api-models", map[string]any{"api_format": "openai",
				"base_url": p.URL + "/", "api_key": "sk-acme", "prefix": "bad/",
				"models": []string{apptest.RateLimitedModel, apptest.BrokenModel}})
			require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
			api := bearer(t, d, "acme", token)
			t.Run("listing", func(t *testing.T) { checkOllamaListing(t, api) })
			t.Run("chat and generate", func(t *testing.T) { checkOllamaChat(t, api, p) })
			t.Run("embeddings", func(t *testing.T) { checkOllamaEmbeddings(t, api, p) })
			t.Run("errors", func(t *testing.T) { checkOllamaErrors(t, d, api) })
		})
	}
}

func checkOllamaListing(t *testing.T, api *apptest.Browser) {
	r := api.Do(http.MethodGet, "/api/tags", nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	var names []string
	for _, m := range r.JSON(t)["models"].([]any) {
		names = append(names, m.(map[string]any)["name"].(string))
	}
	require.Equal(t, []string{"bad/rate-limited", "bad/broken", "fake/gpt-4o", "fake/gpt-4o-mini"}, names,
		"every model the caller may use, newest API model first")

	for _, field := range []string{"model", "name"} { // current clients send model, older ones name
		r = api.Do(http.MethodPost, "/api/show", map[string]any{field: "fake/gpt-4o"})
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		show := r.JSON(t)
		require.Equal(t, "openai", show["details"].(map[string]any)["format"])
		require.Equal(t, []any{"completion"}, show["capabilities"])
	}
	r = api.Do(http.MethodPost, "/api/show", map[string]any{"model": "nope"})
	require.Equal(t, http.StatusNotFound, r.Status)
	require.Equal(t, map[string]any{"error": "model 'nope' not found"}, r.JSON(t))

	r = api.Do(http.MethodGet, "/api/version", nil)
	require.Equal(t, map[string]any{"version": ollama.APIVersion}, r.JSON(t))
	r = api.Do(http.MethodGet, "/api/ps", nil)
	require.Equal(t, map[string]any{"models": []any{}}, r.JSON(t), "API models are never loaded")
}

func checkOllamaChat(t *testing.T, api *apptest.Browser, p *apptest.Provider) {
	r := api.Do(http.MethodPost, "/api/chat", map[string]any{"model": "fake/gpt-4o", "stream": false,
		"messages": []any{map[string]any{"role": "user", "content": "hi", "images": []string{"iVBORw0KGgoAAAANSUhEUg=="}}},
		"options":  map[string]any{"temperature": 0.5, "top_k": 3}, "keep_alive": "5m"})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	body := r.JSON(t)
	require.Equal(t, "Hello from gpt-4o", body["message"].(map[string]any)["content"])
	require.Equal(t, true, body["done"])
	require.Equal(t, "stop", body["done_reason"])
	require.EqualValues(t, 5, body["prompt_eval_count"], "the provider's usage")
	require.EqualValues(t, 3, body["eval_count"])
	require.Greater(t, body["total_duration"], float64(0), "nanoseconds, an integer")
	sent := p.Calls()[len(p.Calls())-1].Body
	require.Equal(t, 0.5, sent["temperature"])
	require.NotContains(t, sent, "top_k", "no OpenAI name: dropped")
	parts := sent["messages"].([]any)[0].(map[string]any)["content"].([]any)
	require.Equal(t, "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==",
		parts[1].(map[string]any)["image_url"].(map[string]any)["url"])

	r = api.Do(http.MethodPost, "/api/chat", map[string]any{"model": "fake/gpt-4o",
		"messages": []any{map[string]string{"role": "user", "content": "hi"}}})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.Equal(t, "application/x-ndjson", r.Header.Get("Content-Type"))
	lines := strings.Split(strings.TrimSpace(string(r.Body)), "\n")
	require.Len(t, lines, 4, "three chunks and the final line: %s", r.Body)
	require.Contains(t, lines[0], `"content":"part0 "`)
	require.Contains(t, lines[3], `"done":true,"done_reason":"stop"`)
	require.Contains(t, lines[3], `"prompt_eval_count":`, "usage asked for and carried: %s", lines[3])
	require.Equal(t, map[string]any{"include_usage": true}, p.Calls()[len(p.Calls())-1].Body["stream_options"])

	r = api.Do(http.MethodPost, "/api/generate", map[string]any{"model": "fake/gpt-4o", "prompt": "why?",
		"system": "be brief", "stream": false})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.Equal(t, "Hello from gpt-4o", r.JSON(t)["response"])
	sent = p.Calls()[len(p.Calls())-1].Body
	require.Equal(t, []any{map[string]any{"role": "system", "content": "be brief"},
		map[string]any{"role": "user", "content": "why?"}}, sent["messages"])

	calls := len(p.Calls())
	r = api.Do(http.MethodPost, "/api/generate", map[string]any{"model": "fake/gpt-4o"})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.Equal(t, "load", r.JSON(t)["done_reason"], "an empty prompt only loads the model")
	require.Len(t, p.Calls(), calls, "nothing sent to the provider")
}

func checkOllamaEmbeddings(t *testing.T, api *apptest.Browser, p *apptest.Provider) {
	r := api.Do(http.MethodPost, "/api/embed", map[string]any{"model": "fake/gpt-4o", "input": []string{"a", "b"}})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	body := r.JSON(t)
	require.Equal(t, []any{[]any{0.1, 0.2, 0.3}, []any{1.1, 1.2, 1.3}}, body["embeddings"])
	require.EqualValues(t, 4, body["prompt_eval_count"])
	call := p.Calls()[len(p.Calls())-1]
	require.Equal(t, "/v1/embeddings", call.Path)
	require.Equal(t, "gpt-4o", call.Model, "the prefix stripped")

	r = api.Do(http.MethodPost, "/api/embeddings", map[string]any{"model": "fake/gpt-4o", "prompt": "legacy"})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.Equal(t, map[string]any{"embedding": []any{0.1, 0.2, 0.3}}, r.JSON(t))
}

func checkOllamaErrors(t *testing.T, d deployment, api *apptest.Browser) {
	tests := []struct {
		name   string
		path   string
		body   map[string]any
		status int
		msg    string
	}{
		{"unknown model", "/api/chat", map[string]any{"model": "nope", "messages": []any{}}, http.StatusNotFound,
			"model 'nope' not found"},
		{"unknown model to embed", "/api/embed", map[string]any{"model": "nope", "input": "x"}, http.StatusNotFound,
			"model 'nope' not found"},
		{"no messages", "/api/chat", map[string]any{"model": "fake/gpt-4o"}, http.StatusBadRequest,
			ollama.ErrMessagesRequired.Error()},
		{"bad format", "/api/chat", map[string]any{"model": "fake/gpt-4o", "messages": []any{}, "format": "xml"},
			http.StatusBadRequest, `invalid format "xml": expected "json" or a JSON schema object`},
		{"provider 429", "/api/chat", map[string]any{"model": "bad/rate-limited", "messages": []any{}},
			http.StatusTooManyRequests, apptest.FailureMessage(http.StatusTooManyRequests)},
		{"provider 500 on a stream", "/api/chat", map[string]any{"model": "bad/broken", "messages": []any{}},
			http.StatusInternalServerError, apptest.FailureMessage(http.StatusInternalServerError)},
		{"provider 500 on embed", "/api/embed", map[string]any{"model": "bad/broken", "input": "x"},
			http.StatusInternalServerError, apptest.FailureMessage(http.StatusInternalServerError)},
	}
	for _, tt := range tests {
		r := api.Do(http.MethodPost, tt.path, tt.body)
		require.Equal(t, tt.status, r.Status, "%s: %s", tt.name, r.Body)
		require.Equal(t, map[string]any{"error": tt.msg}, r.JSON(t), tt.name)
	}

	r := api.Do(http.MethodPost, "/api/pull", map[string]any{"model": "llama3"})
	require.Equal(t, http.StatusBadRequest, r.Status)
	require.Contains(t, r.JSON(t)["error"], "Bodhi does not support Ollama's /api/pull")

	// Before the handler: authentication and org errors, in Ollama's shape too.
	bad := apptest.NewBrowser(t, d.bodhi.Host("acme"))
	bad.Headers.Set("Authorization", "Bearer bodhiapp_not-a-token")
	r = bad.Do(http.MethodGet, "/api/tags", nil)
	require.Equal(t, http.StatusUnauthorized, r.Status)
	require.IsType(t, "", r.JSON(t)["error"], "a string the client can show: %s", r.Body)
	require.NotEmpty(t, r.JSON(t)["error"])
	r = d.browser(t, "acme").Do(http.MethodPost, "/api/chat", map[string]any{"model": "x"})
	require.Equal(t, http.StatusUnauthorized, r.Status)
	require.IsType(t, "", r.JSON(t)["error"])
	r = d.browser(t, "acme").Do(http.MethodGet, "/api/orgs/user-memberships", nil)
	require.IsType(t, map[string]any{}, r.JSON(t)["error"], "Bodhi's own /api/orgs/* keep the standard body: %s", r.Body)
}
