package gateway_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apimodels"
	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/gateway"
	"github.com/bodhiapp/bodhi/ollama"
	"github.com/bodhiapp/bodhi/outbound"
)

// localModels is a catalog of local aliases per org (the catalog's real one is package localmodels).
type localModels struct {
	targets map[string]map[string]gateway.LocalTarget // org id → alias → target
	err     error
}

func (l *localModels) Target(_ context.Context, orgID, model string) (gateway.LocalTarget, bool, error) {
	if l.err != nil {
		return gateway.LocalTarget{}, false, l.err
	}
	t, ok := l.targets[orgID][model]
	return t, ok, nil
}

func (l *localModels) Names(_ context.Context, orgID string) ([]string, error) {
	var out []string
	for name := range l.targets[orgID] {
		out = append(out, name)
	}
	return out, nil
}

// runner records the calls it gets and answers 200 with a small chat completion, or err.
type runner struct {
	mu    sync.Mutex
	calls []runnerCall
	err   error
}

type runnerCall struct {
	target       gateway.LocalTarget
	path, accept string
	body         []byte
}

func (r *runner) Forward(_ context.Context, target gateway.LocalTarget, path, accept string,
	body []byte) (*http.Response, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, runnerCall{target: target, path: path, accept: accept, body: body})
	if r.err != nil {
		return nil, r.err
	}
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(`{"object": "chat.completion"}`))}, nil
}

func (r *runner) last(t *testing.T) (runnerCall, map[string]any) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	require.NotEmpty(t, r.calls)
	c := r.calls[len(r.calls)-1]
	var body map[string]any
	require.NoError(t, json.Unmarshal(c.body, &body))
	return c, body
}

// localBundle is the gateway of bundle with local models: in acme, the alias "llama" with request parameters and
// the alias "fake/gpt-4o", which shadows the API model of that name.
type localBundle struct {
	bundle
	gw     *gateway.Service
	models *localModels
	runner *runner
}

func newLocalBundle(t *testing.T, b bundle) localBundle {
	llama := gateway.LocalTarget{Alias: "llama", ModelPath: "/hf/llama-Q4_K_M.gguf", ContextParams: []string{"-c 2048"},
		RequestParams: map[string]any{"temperature": 0.2, "top_p": 0.9, "max_tokens": 100, "stop": []string{"###"}}}
	shadow := gateway.LocalTarget{Alias: "fake/gpt-4o", ModelPath: "/hf/shadow-Q8_0.gguf"}
	models := &localModels{targets: map[string]map[string]gateway.LocalTarget{
		b.org.OrgID: {"llama": llama, "fake/gpt-4o": shadow}}}
	r := &runner{}
	gw := gateway.New(b.models, outbound.NewClient(false, 0), gateway.Local{Models: models, Runner: r})
	return localBundle{bundle: b, gw: gw, models: models, runner: r}
}

func forEachLocalDialect(t *testing.T, fn func(t *testing.T, b localBundle)) {
	forEachDialect(t, func(t *testing.T, b bundle) { fn(t, newLocalBundle(t, b)) })
}

func TestForwardRoutesALocalAliasWithItsRequestParams(t *testing.T) {
	forEachLocalDialect(t, func(t *testing.T, b localBundle) {
		ctx := context.Background()
		for _, c := range []struct {
			name  string
			extra string
			want  map[string]any // fields the runner must get
			lacks []string
		}{
			{"defaults fill what the request leaves unset", `, "temperature": 0.7`,
				map[string]any{"temperature": 0.7, "top_p": 0.9, "max_completion_tokens": float64(100),
					"stop": []any{"###"}}, []string{"max_tokens"}},
			{"max_tokens of the request wins", `, "max_tokens": 5`,
				map[string]any{"max_tokens": float64(5), "temperature": 0.2}, []string{"max_completion_tokens"}},
			{"max_completion_tokens of the request wins", `, "max_completion_tokens": 6, "stop": null`,
				map[string]any{"max_completion_tokens": float64(6), "stop": nil}, []string{"max_tokens"}},
		} {
			resp, err := b.gw.Forward(ctx, b.org, gateway.Call{Endpoint: gateway.EndpointChat, Accept: "text/event-stream",
				Body: chat(t, "llama", c.extra)})
			require.NoError(t, err, c.name)
			require.Equal(t, "chat.completion", readAll(t, resp)["object"])
			call, body := b.runner.last(t)
			require.Equal(t, "llama", call.target.Alias, c.name)
			require.Equal(t, "/hf/llama-Q4_K_M.gguf", call.target.ModelPath)
			require.Equal(t, gateway.EndpointChat, call.path)
			require.Equal(t, "text/event-stream", call.accept)
			require.Equal(t, "llama", body["model"])
			require.Equal(t, []any{map[string]any{"role": "user", "content": "Hi"}}, body["messages"])
			for k, v := range c.want {
				require.Equal(t, v, body[k], "%s: %s", c.name, k)
			}
			for _, k := range c.lacks {
				require.NotContains(t, body, k, c.name)
			}
		}
		require.Empty(t, b.provider.Calls(), "nothing reached the API model")
	})
}

func TestForwardLocalBodyUntouchedWithoutRequestParams(t *testing.T) {
	b := newLocalBundle(t, newBundle(t, dbtest.SQLite, false))
	req := chat(t, "fake/gpt-4o", `,  "temperature":   1`)
	_, err := b.gw.Forward(context.Background(), b.org, gateway.Call{Endpoint: gateway.EndpointChat, Body: req})
	require.NoError(t, err)
	call, _ := b.runner.last(t)
	require.Equal(t, req.Raw, call.body, "the client's bytes, as they came")

	// Embeddings take no sampling defaults.
	emb := chat(t, "llama", "")
	_, err = b.gw.Forward(context.Background(), b.org, gateway.Call{Endpoint: gateway.EndpointEmbeddings, Body: emb})
	require.NoError(t, err)
	call, _ = b.runner.last(t)
	require.Equal(t, gateway.EndpointEmbeddings, call.path)
	require.Equal(t, emb.Raw, call.body)
}

// TestLocalAliasWinsOverAnAPIModel pins the routing order of http-api.md §7: user and model aliases come before the
// API models, so a local alias named like an API model's model shadows it, in its org only.
func TestLocalAliasWinsOverAnAPIModel(t *testing.T) {
	forEachLocalDialect(t, func(t *testing.T, b localBundle) {
		ctx := context.Background()
		_, err := b.gw.Forward(ctx, b.org, gateway.Call{Endpoint: gateway.EndpointChat, Body: chat(t, "fake/gpt-4o", "")})
		require.NoError(t, err)
		call, _ := b.runner.last(t)
		require.Equal(t, "/hf/shadow-Q8_0.gguf", call.target.ModelPath)
		require.Empty(t, b.provider.Calls())

		b.addModel(t, b.other, "fake/", "sk-beta", b.provider.URL, "gpt-4o")
		resp, err := b.gw.Forward(ctx, b.other, gateway.Call{Endpoint: gateway.EndpointChat,
			Body: chat(t, "fake/gpt-4o", "")})
		require.NoError(t, err)
		require.Equal(t, "fake", resp.Header.Get("X-Provider"), "another org without the alias reaches its API model")
		resp.Body.Close()
		require.Len(t, b.runner.calls, 1)

		_, err = b.gw.Forward(ctx, b.other, gateway.Call{Endpoint: gateway.EndpointChat, Body: chat(t, "llama", "")})
		require.ErrorIs(t, err, apimodels.ErrModelNotFound, "acme's local alias is not beta's")
	})
}

func TestForwardLocalOllamaChat(t *testing.T) {
	b := newLocalBundle(t, newBundle(t, dbtest.SQLite, false))
	req, err := ollama.DecodeChatRequest([]byte(`{"model": "llama", "stream": true,
		"messages": [{"role": "user", "content": "Hi"}], "options": {"num_predict": 7}}`))
	require.NoError(t, err)
	converted, err := req.OpenAI()
	require.NoError(t, err)
	_, err = b.gw.Forward(context.Background(), b.org, gateway.Call{Endpoint: gateway.EndpointChat,
		Body: gateway.OllamaChat{Request: converted}})
	require.NoError(t, err)
	_, body := b.runner.last(t)
	require.Equal(t, "llama", body["model"])
	require.EqualValues(t, 7, body["max_completion_tokens"], "num_predict, not the alias's max_tokens")
	require.Equal(t, 0.2, body["temperature"], "the alias's default")
	require.Equal(t, true, body["stream"])
}

func TestForwardLocalFailures(t *testing.T) {
	b := newLocalBundle(t, newBundle(t, dbtest.SQLite, false))
	ctx := context.Background()
	startFailed := apperr.New(apperr.Internal, "llama_server_error-start_failed", "llama-server failed to start: x.")
	b.runner.err = startFailed
	_, err := b.gw.Forward(ctx, b.org, gateway.Call{Endpoint: gateway.EndpointChat, Body: chat(t, "llama", "")})
	require.ErrorIs(t, err, startFailed, "the runner's error, as it is")
	e, _ := apperr.As(err)
	require.Equal(t, "llama-server failed to start: x.", e.Message)

	scan := errors.New("read the cache: permission denied")
	b.models.err = scan
	_, err = b.gw.Forward(ctx, b.org, gateway.Call{Endpoint: gateway.EndpointChat, Body: chat(t, "fake/gpt-4o", "")})
	require.ErrorIs(t, err, scan)
	require.ErrorContains(t, err, "resolve the local model")
	require.Empty(t, b.provider.Calls(), "a failed lookup does not fall through to an API model")
}
