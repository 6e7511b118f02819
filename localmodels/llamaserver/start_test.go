package llamaserver_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/gateway"
	"github.com/bodhiapp/bodhi/localmodels/llamaserver"
	"github.com/bodhiapp/bodhi/localmodels/llamaserver/llamaservertest"
)

func TestStartThenReuse(t *testing.T) {
	t.Parallel()
	b := newBundle(t)
	target := b.target(t, "o/r:Q4_K_M")
	require.False(t, b.m.Status().Running, "nothing starts before a request needs it")

	require.Equal(t, "Hello from o_r-Q4_K_M.gguf", b.chat(t, target))
	pid := b.pid(t)
	require.True(t, llamaservertest.Alive(pid))
	require.Equal(t, "Hello from o_r-Q4_K_M.gguf", b.chat(t, target))
	require.Equal(t, pid, b.pid(t), "the same alias shares the running child")

	starts := b.events(t, "start")
	require.Len(t, starts, 1, "started once")
	require.Equal(t, pid, starts[0].PID)
	requests := b.events(t, "request")
	require.Len(t, requests, 2)
	for _, r := range requests {
		require.Equal(t, "/v1/chat/completions", r.Path)
		require.Equal(t, "application/json", r.Accept)
		require.Equal(t, "o/r:Q4_K_M", r.Decoded(t)["model"], "the body goes as it came")
	}
	s := b.m.Status()
	require.Equal(t, "o/r:Q4_K_M", s.Alias)
	require.Equal(t, target.ModelPath, s.ModelPath)
	require.Zero(t, s.InFlight)
	require.WithinDuration(t, time.Now().Add(time.Hour), s.IdleStop, time.Minute, "idle: stopped after the keep-alive")
}

// TestArgumentsInOrder checks what the child got: the model, the loopback address and a free port, then
// BODHI_LLAMACPP_ARGS split like a shell, then the alias's context parameters split on whitespace (runtime.md §9.4).
func TestArgumentsInOrder(t *testing.T) {
	t.Parallel()
	b := newBundle(t, func(o *llamaserver.Options) { o.Args += ` --jinja  --no-webui --alias 'my model'` })
	target := b.target(t, "o/r:Q8_0", "--ctx-size 2048", " --parallel\t2 ", "-ngl 0")
	b.chat(t, target)

	starts := b.events(t, "start")
	require.Len(t, starts, 1)
	args := starts[0].Args
	require.Len(t, args, 18, "%q", args)
	port, err := strconv.Atoi(args[5])
	require.NoError(t, err)
	require.Positive(t, port)
	require.True(t, filepath.IsAbs(args[1]))
	require.Equal(t, []string{"--model", target.ModelPath, "--host", "127.0.0.1", "--port", args[5],
		"--fake-record", b.record, "--jinja", "--no-webui", "--alias", "my model",
		"--ctx-size", "2048", "--parallel", "2", "-ngl", "0"}, args)
	require.Equal(t, args, b.m.Status().Args)
}

func TestChildOutputGoesToTheDebugLog(t *testing.T) {
	t.Parallel()
	b := newBundle(t)
	b.chat(t, b.target(t, "o/r:Q4_0"))
	require.Eventually(t, func() bool { return len(b.logs.lines(t, "llama-server: main: server is listening")) == 1 },
		5*time.Second, 10*time.Millisecond, "stdout line: %s", b.logs)
	stdout := b.logs.lines(t, "llama-server: main: server is listening")[0]
	require.Equal(t, "DEBUG", stdout["level"])
	require.Equal(t, "stdout", stdout["stream"])
	require.Equal(t, "o/r:Q4_0", stdout["alias"])
	stderr := b.logs.lines(t, "llama-server: build: 0 (fake)")
	require.Len(t, stderr, 1)
	require.Equal(t, "stderr", stderr[0]["stream"])
}

func TestEmbeddings(t *testing.T) {
	t.Parallel()
	b := newBundle(t)
	ctx := context.Background()
	body := []byte(`{"model": "o/e:F16", "input": ["a", "b"]}`)
	resp, err := b.m.Forward(ctx, b.target(t, "o/e:F16", "--embeddings"), gateway.EndpointEmbeddings, "", body)
	require.NoError(t, err)
	var out struct {
		Object string `json:"object"`
		Data   []struct {
			Index     int       `json:"index"`
			Embedding []float64 `json:"embedding"`
		} `json:"data"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "list", out.Object)
	require.Len(t, out.Data, 2)
	require.Equal(t, []float64{0.5, -0.25, 0.125, 1}, out.Data[1].Embedding)
	require.Equal(t, "/v1/embeddings", b.events(t, "request")[0].Path)

	// A chat model started without --embeddings answers llama-server's own 501: the answer is relayed as it is.
	resp, err = b.m.Forward(ctx, b.target(t, "o/c:Q4_0"), gateway.EndpointEmbeddings, "", body)
	require.NoError(t, err)
	require.Equal(t, http.StatusNotImplemented, resp.StatusCode)
	require.Contains(t, readAll(t, resp.Body), "Start it with `--embeddings`")
	resp.Body.Close()
}

func TestConcurrentRequestsShareOneStart(t *testing.T) {
	t.Parallel()
	b := newBundle(t)
	target := b.target(t, "o/r:Q4_K_M", "--fake-ready-after 300ms")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() { require.Equal(t, "Hello from o_r-Q4_K_M.gguf", b.chat(t, target)) })
	}
	wg.Wait()
	require.Len(t, b.events(t, "start"), 1)
	require.Len(t, b.events(t, "request"), 8)
}

func TestSlowStartIsAwaited(t *testing.T) {
	t.Parallel()
	b := newBundle(t)
	start := time.Now()
	b.chat(t, b.target(t, "o/r:Q4_K_M", "--fake-ready-after 1s"))
	require.GreaterOrEqual(t, time.Since(start), time.Second, "the request waited until /health said ok")
}

func TestStartFailures(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name     string
		params   []string
		model    string // a model path instead of the target's file
		contains []string
		lacks    []string
	}{
		{name: "exits at once", params: []string{"--fake-exit-at-start 2"},
			contains: []string{"llama-server failed to start: it exited (exit status 2) before it was ready.",
				"Its last output:\nfake startup error line 6\n", "fake startup error line 25"},
			lacks: []string{"fake startup error line 5\n"}},
		{name: "invalid argument", params: []string{"--no-such-flag 1"},
			contains: []string{"exit status 1", "error: invalid argument: --no-such-flag"}},
		{name: "missing model file", model: "/nonexistent/x.gguf",
			contains: []string{"failed to open GGUF file '/nonexistent/x.gguf'", "exiting due to model loading error"}},
		{name: "never ready", params: []string{"--fake-ready-after never"},
			contains: []string{"llama-server failed to start: it was not ready after 1s.", "build: 0 (fake)"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			b := newBundle(t, func(o *llamaserver.Options) { o.Timing.StartTimeout = time.Second })
			target := b.target(t, "o/r:Q4_K_M", c.params...)
			if c.model != "" {
				target.ModelPath = c.model
			}
			_, err := b.m.Forward(context.Background(), target, gateway.EndpointChat, "", chatBody("x", false))
			require.ErrorIs(t, err, llamaserver.ErrStartFailed)
			e, ok := apperr.As(err)
			require.True(t, ok)
			require.Equal(t, "llama_server_error-start_failed", e.Code)
			require.Equal(t, apperr.Internal, e.Kind)
			for _, s := range c.contains {
				require.Contains(t, e.Message, s)
			}
			for _, s := range c.lacks {
				require.NotContains(t, e.Message, s)
			}
			require.LessOrEqual(t, strings.Count(e.Message, "\n"), 20, "the last 20 stderr lines at most")
			require.False(t, b.m.Status().Running)
			require.Equal(t, llamaserver.Counts{StartFailures: 1}, b.m.Counts(), "a failed start is no crash")
			for _, s := range b.events(t, "start") {
				llamaservertest.RequireGone(t, s.PID, 5*time.Second) // a child that never became ready is killed
			}
		})
	}
}

func TestBinaryNotFound(t *testing.T) { // not parallel: it changes PATH
	t.Setenv("PATH", t.TempDir())
	b := newBundle(t, func(o *llamaserver.Options) { o.Binary = "/nonexistent/llama-server" })
	_, err := b.m.Forward(context.Background(), b.target(t, "o/r:Q4_K_M"), gateway.EndpointChat, "",
		chatBody("x", false))
	require.ErrorIs(t, err, llamaserver.ErrBinaryNotFound)
	e, _ := apperr.As(err)
	require.Equal(t, "llama_server_error-binary_not_found", e.Code)
	require.Equal(t, "llama-server not found; set BODHI_LLAMA_SERVER", e.Message)

	b = newBundle(t, func(o *llamaserver.Options) { o.Binary = "" })
	_, err = b.m.Forward(context.Background(), b.target(t, "o/r:Q4_K_M"), gateway.EndpointChat, "",
		chatBody("x", false))
	require.ErrorIs(t, err, llamaserver.ErrBinaryNotFound, "no BODHI_LLAMA_SERVER, nothing on PATH")
}

func TestBinaryFromPath(t *testing.T) { // not parallel: it changes PATH
	fake := llamaservertest.Binary(t)
	t.Setenv("PATH", filepath.Dir(fake)+string(os.PathListSeparator)+os.Getenv("PATH"))
	for _, binary := range []string{"", "/nonexistent/llama-server"} {
		b := newBundle(t, func(o *llamaserver.Options) { o.Binary = binary })
		require.Equal(t, "Hello from o_r-Q4_K_M.gguf", b.chat(t, b.target(t, "o/r:Q4_K_M")),
			"BODHI_LLAMA_SERVER %q: llama-server on PATH", binary)
	}
}

func TestUnsplittableArgs(t *testing.T) {
	_, err := llamaserver.New(llamaserver.Options{Args: `--chat-template 'unterminated`})
	require.ErrorContains(t, err, "BODHI_LLAMACPP_ARGS")
}

func TestChildEnvironmentLacksBodhiSecrets(t *testing.T) { // not parallel: it changes the environment
	t.Setenv("BODHI_ENCRYPTION_KEY", "0123456789abcdef0123456789abcdef")
	t.Setenv("DATABASE_URL", "postgres://bodhi:secret@db/bodhi")
	t.Setenv("HF_TOKEN", "hf_secret")
	t.Setenv("LLAMA_ARG_THREADS", "2")
	b := newBundle(t, func(o *llamaserver.Options) { o.Args += " --hf-token hf_flag_secret" })
	b.chat(t, b.target(t, "o/r:Q4_K_M"))
	env := b.events(t, "start")[0].Env
	require.Contains(t, env, "LLAMA_ARG_THREADS", "llama-server's own variables pass")
	require.Contains(t, env, "PATH")
	for _, name := range []string{"BODHI_ENCRYPTION_KEY", "DATABASE_URL", "HF_TOKEN"} {
		require.NotContains(t, env, name)
	}
	require.NotContains(t, b.logs.String(), "hf_flag_secret", "secret arguments are masked in the log")
	require.Contains(t, b.logs.String(), `"--hf-token","***"`)
}
