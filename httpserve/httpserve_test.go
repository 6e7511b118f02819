package httpserve_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/httpserve"
)

func TestAutoMaxConnections(t *testing.T) {
	for _, tt := range []struct {
		nofile uint64
		want   int
	}{
		{0, 16},
		{256, 16},
		{300, 22},          // (300 − 256) / 2
		{1024, 384},        // (1024 − 256) / 2
		{1200, 450},        // the limit of the measured overload: (1200 − 1200/4) / 2
		{20_000, 7_500},    // (20000 − 5000) / 2
		{1 << 20, 393_216}, // (1048576 − 262144) / 2
		{^uint64(0), 6_291_456},
	} {
		require.Equal(t, tt.want, httpserve.AutoMaxConnections(tt.nofile), "nofile %d", tt.nofile)
	}
}

// serve runs h with limits on a loopback port until the test ends.
func serve(t *testing.T, h http.Handler, l httpserve.Limits) (*httpserve.Listener, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	capped := httpserve.CapConnections(ln, l.MaxConnections, nil)
	srv := httpserve.New(h, l)
	go func() { _ = srv.Serve(capped) }()
	t.Cleanup(func() { _ = srv.Close() })
	return capped, ln.Addr().String()
}

func limits() httpserve.Limits {
	return httpserve.Limits{HeaderTimeout: 10 * time.Second, BodyTimeout: 10 * time.Second,
		IdleTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second, MaxConnections: 100}
}

// closedWithin reads c until the server closes it, failing when it is still open after bound.
func closedWithin(t *testing.T, c net.Conn, bound time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	require.NoError(t, c.SetReadDeadline(start.Add(bound)))
	_, err := io.Copy(io.Discard, c)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the connection is still open after %s", bound)
	}
	return time.Since(start)
}

func TestConnectionCap(t *testing.T) {
	hijacked := make(chan struct{}, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/hijack" {
			c, _, err := http.NewResponseController(w).Hijack()
			require.NoError(t, err)
			_ = c.Close()
			_ = c.Close() // a second Close must not give the slot back twice
			hijacked <- struct{}{}
			return
		}
		_, _ = io.WriteString(w, "ok")
	})
	l := limits()
	l.MaxConnections = 2
	capped, addr := serve(t, h, l)

	held := []net.Conn{dialGet(t, addr, "/"), dialGet(t, addr, "/")}
	require.Equal(t, 2, capped.Open())

	busy := dial(t, addr)
	_, err := io.WriteString(busy, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(busy), nil)
	require.NoError(t, err)
	require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	require.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	require.Equal(t, "5", resp.Header.Get("Retry-After"))
	require.True(t, resp.Close, "Connection: close")
	var body struct {
		Error struct{ Message, Type, Code string }
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&body))
	require.Equal(t, "service_unavailable", body.Error.Type)
	require.Equal(t, "server_busy", body.Error.Code)
	closedWithin(t, busy, 3*time.Second)
	require.EqualValues(t, 1, capped.Refused())

	require.NoError(t, held[0].Close())
	require.Eventually(t, func() bool { return capped.Open() == 1 }, 5*time.Second, 10*time.Millisecond)
	c := dial(t, addr)
	_, err = io.WriteString(c, "GET /hijack HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	<-hijacked
	require.Eventually(t, func() bool { return capped.Open() == 1 }, 5*time.Second, 10*time.Millisecond,
		"a hijacked connection gives its slot back once")
	held[1].Close()
	require.Eventually(t, func() bool { return capped.Open() == 0 }, 5*time.Second, 10*time.Millisecond)
}

func TestBodyTimeout(t *testing.T) {
	l := limits()
	l.HeaderTimeout, l.BodyTimeout = time.Second, time.Second
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			http.Error(w, "slow body", http.StatusBadRequest)
			return
		}
		// The body is in: a long answer (a stream) must outlive the read timeout, its context intact.
		for i := 0; i < 6; i++ {
			if r.Context().Err() != nil {
				return
			}
			_, _ = io.WriteString(w, "chunk\n")
			http.NewResponseController(w).Flush()
			time.Sleep(500 * time.Millisecond)
		}
		_, _ = io.WriteString(w, "done\n")
	})
	_, addr := serve(t, h, l)

	t.Run("a dribbled body is cut", func(t *testing.T) {
		c := dial(t, addr)
		_, err := io.WriteString(c, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
		require.NoError(t, err)
		go dribble(c)
		took := closedWithin(t, c, l.HeaderTimeout+l.BodyTimeout+3*time.Second)
		t.Logf("closed after %s", took)
	})
	for _, body := range []io.Reader{strings.NewReader("hello"), nil} {
		t.Run(fmt.Sprintf("an answer longer than the read timeout is not (body %v)", body != nil), func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/", body)
			require.NoError(t, err)
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			defer resp.Body.Close()
			raw, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			require.Equal(t, strings.Repeat("chunk\n", 6)+"done\n", string(raw))
		})
	}
}

func TestWriteTimeout(t *testing.T) {
	l := limits()
	l.WriteTimeout = time.Second
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/lifted" {
			require.NoError(t, http.NewResponseController(w).SetWriteDeadline(time.Time{}))
		}
		time.Sleep(2 * time.Second)
		_, _ = io.WriteString(w, "late")
	})
	_, addr := serve(t, h, l)
	_, err := http.Get("http://" + addr + "/slow")
	require.Error(t, err, "an answer written after the write timeout never arrives")
	resp, err := http.Get("http://" + addr + "/lifted")
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	require.Equal(t, "late", string(raw))
}

func TestHeaderAndIdleTimeouts(t *testing.T) {
	l := limits()
	l.HeaderTimeout, l.IdleTimeout = time.Second, time.Second
	_, addr := serve(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}), l)

	c := dial(t, addr)
	_, err := io.WriteString(c, "GET / HTTP/1.1\r\n")
	require.NoError(t, err)
	closedWithin(t, c, l.HeaderTimeout+3*time.Second)

	c = dialGet(t, addr, "/")
	closedWithin(t, c, l.IdleTimeout+3*time.Second)
}

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return c
}

// dialGet opens a connection and completes one keep-alive request on it, so the server has surely accepted it.
func dialGet(t *testing.T, addr, path string) net.Conn {
	t.Helper()
	c := dial(t, addr)
	_, err := io.WriteString(c, "GET "+path+" HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	return c
}

// dribble sends a byte every 200 ms until the connection fails.
func dribble(c net.Conn) {
	for {
		if _, err := c.Write([]byte("x")); err != nil {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
}
