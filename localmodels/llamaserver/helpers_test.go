package llamaserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/gateway"
	"github.com/bodhiapp/bodhi/localmodels/llamaserver"
	"github.com/bodhiapp/bodhi/localmodels/llamaserver/llamaservertest"
)

func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) != "" {
		runHelper() // the parent-death test's stand-in for Bodhi (pdeathsig_linux_test.go)
		return
	}
	os.Exit(llamaservertest.Main(m))
}

// bundle is a manager over the fake llama-server, which records what it gets in record.
type bundle struct {
	m      *llamaserver.Manager
	dir    string
	record string
	logs   *syncBuffer
}

// newBundle builds a manager running the fake with fast health polls; change adjusts its options (tests shorten
// the other waits).
func newBundle(t *testing.T, change ...func(*llamaserver.Options)) *bundle {
	t.Helper()
	dir := t.TempDir()
	b := &bundle{dir: dir, record: filepath.Join(dir, "record.jsonl"), logs: &syncBuffer{}}
	opts := llamaserver.Options{Binary: llamaservertest.Binary(t), Args: "--fake-record '" + b.record + "'",
		KeepAlive: time.Hour, Logger: slog.New(slog.NewJSONHandler(b.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Timing: llamaserver.Timing{HealthInterval: 20 * time.Millisecond}}
	for _, fn := range change {
		fn(&opts)
	}
	m, err := llamaserver.New(opts)
	require.NoError(t, err)
	b.m = m
	t.Cleanup(func() { require.NoError(t, m.Close(context.Background())) })
	return b
}

// target is a local alias over a model file of its own in the bundle's directory.
func (b *bundle) target(t *testing.T, alias string, contextParams ...string) gateway.LocalTarget {
	t.Helper()
	file := strings.NewReplacer("/", "_", ":", "-").Replace(alias) + ".gguf"
	return gateway.LocalTarget{Alias: alias, ModelPath: llamaservertest.ModelFile(t, b.dir, file),
		ContextParams: contextParams}
}

func (b *bundle) events(t *testing.T, kind string) []llamaservertest.Event {
	return llamaservertest.Only(llamaservertest.Events(t, b.record), kind)
}

func chatBody(alias string, stream bool) []byte {
	raw, _ := json.Marshal(map[string]any{"model": alias, "stream": stream,
		"messages": []map[string]any{{"role": "user", "content": "Hi"}}})
	return raw
}

// chat sends a whole chat completion for target and returns the answer's content.
func (b *bundle) chat(t *testing.T, target gateway.LocalTarget) string {
	t.Helper()
	resp, err := b.m.Forward(context.Background(), target, gateway.EndpointChat, "application/json",
		chatBody(target.Alias, false))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var out struct {
		Choices []struct {
			Message struct{ Content string } `json:"message"`
		} `json:"choices"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	require.Len(t, out.Choices, 1)
	return out.Choices[0].Message.Content
}

// pid is the running child's pid; it fails when none runs.
func (b *bundle) pid(t *testing.T) int {
	t.Helper()
	s := b.m.Status()
	require.True(t, s.Running, "a child runs")
	return s.PID
}

// syncBuffer is a log destination safe for the child's output goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// lines are the log records whose message starts with prefix.
func (s *syncBuffer) lines(t *testing.T, prefix string) []map[string]any {
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(s.String()), "\n") {
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec), line)
		if msg, _ := rec["msg"].(string); strings.HasPrefix(msg, prefix) {
			out = append(out, rec)
		}
	}
	return out
}

// readAll reads what remains of a body.
func readAll(t *testing.T, r io.Reader) string {
	t.Helper()
	raw, err := io.ReadAll(r)
	require.NoError(t, err)
	return string(raw)
}
