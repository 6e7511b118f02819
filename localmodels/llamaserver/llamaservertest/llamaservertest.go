// Package llamaservertest helps tests run Bodhi against the fake llama-server (package fakellama): it builds the
// fake once per test binary, writes model files it accepts, reads what it recorded, and checks the process table.
package llamaservertest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const fakePackage = "github.com/bodhiapp/bodhi/localmodels/llamaserver/fakellama"

// goTool is found when the test binary starts, before a test changes PATH.
var goTool = func() string {
	if path, err := exec.LookPath("go"); err == nil {
		return path
	}
	return "go"
}()

var build struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// Main runs a package's tests, then removes the fake built for them: func TestMain(m *testing.M) {
// os.Exit(llamaservertest.Main(m)) }.
func Main(m *testing.M) int {
	code := m.Run()
	if build.dir != "" {
		_ = os.RemoveAll(build.dir)
	}
	return code
}

// Binary is the fake built as "llama-server" in a directory of its own (so that a test may put it on PATH),
// built on first use.
func Binary(t testing.TB) string {
	t.Helper()
	build.once.Do(func() {
		build.dir, build.err = os.MkdirTemp("", "fakellama-")
		if build.err != nil {
			return
		}
		build.path = filepath.Join(build.dir, "llama-server")
		cmd := exec.Command(goTool, "build", "-o", build.path, fakePackage)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			build.err = fmt.Errorf("build the fake llama-server: %v\n%s", err, out.String())
		}
	})
	require.NoError(t, build.err)
	return build.path
}

// ModelFile writes a file the fake loads (it checks the GGUF magic only) at dir/name and returns its absolute
// path.
func ModelFile(t testing.TB, dir, name string) string {
	t.Helper()
	path, err := filepath.Abs(filepath.Join(dir, name))
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, append([]byte("GGUF"), make([]byte, 60)...), 0o644))
	return path
}

// Event is one line of the fake's record (--fake-record FILE).
type Event struct {
	Event  string          `json:"event"` // start, request, cancelled, exit
	PID    int             `json:"pid"`
	Args   []string        `json:"args"`
	Env    []string        `json:"env"` // names only
	Method string          `json:"method"`
	Path   string          `json:"path"`
	Accept string          `json:"accept"`
	Body   json.RawMessage `json:"body"`
	Signal string          `json:"signal"`
}

// Decoded is the request body as a map.
func (e Event) Decoded(t testing.TB) map[string]any {
	t.Helper()
	var out map[string]any
	require.NoError(t, json.Unmarshal(e.Body, &out))
	return out
}

// Events reads the record file; a missing file is no events.
func Events(t testing.TB, path string) []Event {
	t.Helper()
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(t, err)
	defer f.Close()
	var out []Event
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var e Event
		require.NoError(t, json.Unmarshal(sc.Bytes(), &e), "%s", sc.Text())
		out = append(out, e)
	}
	require.NoError(t, sc.Err())
	return out
}

// Only keeps the events of one kind.
func Only(events []Event, kind string) []Event {
	var out []Event
	for _, e := range events {
		if e.Event == kind {
			out = append(out, e)
		}
	}
	return out
}

// Alive reports whether pid is a live process: in the process table and not a zombie (Linux's /proc).
func Alive(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// The state follows the command name, which is in parentheses and may hold spaces.
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	return i >= 0 && i+2 < len(s) && s[i+2] != 'Z' && s[i+2] != 'X'
}

// RequireGone waits up to within for pid to leave the process table (or become a zombie).
func RequireGone(t testing.TB, pid int, within time.Duration) {
	t.Helper()
	require.Eventually(t, func() bool { return !Alive(pid) }, within, 20*time.Millisecond,
		"process %d is still running", pid)
}
