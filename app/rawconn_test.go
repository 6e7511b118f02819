package app_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Helpers of the tests of the HTTP server's limits (README "Limits and timeouts"), run through a real Bodhi on both
// deployments. Every assertion on a closed connection is "closed within a generous bound", never a speed.

// forEachLimitsDeployment runs fn on both deployments with extra settings; hosted may call a loopback provider.
func forEachLimitsDeployment(t *testing.T, fn func(t *testing.T, d deployment), extraEnv ...string) {
	for _, hosted := range []bool{true, false} {
		t.Run(map[bool]string{true: "hosted", false: "standalone"}[hosted], func(t *testing.T) {
			t.Parallel()
			fn(t, startDeployment(t, hosted, 0, append([]string{"BODHI_ALLOW_PRIVATE_UPSTREAMS=true"}, extraEnv...)...))
		})
	}
}

// rawConn is a TCP connection to Bodhi on which a test writes the bytes of HTTP itself.
type rawConn struct {
	net.Conn
	r *bufio.Reader
}

func dialBodhi(t *testing.T, d deployment) *rawConn {
	t.Helper()
	c, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(d.bodhi.Port)))
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	return &rawConn{Conn: c, r: bufio.NewReader(c)}
}

func (c *rawConn) send(t *testing.T, format string, args ...any) {
	t.Helper()
	_, err := fmt.Fprintf(c, format, args...)
	require.NoError(t, err)
}

// response reads one response and its body.
func (c *rawConn) response(t *testing.T) (*http.Response, []byte) {
	t.Helper()
	require.NoError(t, c.SetReadDeadline(time.Now().Add(10*time.Second)))
	resp, err := http.ReadResponse(c.r, nil)
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, body
}

// closedWithin waits for the server to close the connection (whatever it writes first is read and dropped) and
// fails when it is still open after bound.
func (c *rawConn) closedWithin(t *testing.T, bound time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	require.NoError(t, c.SetReadDeadline(start.Add(bound)))
	_, err := io.Copy(io.Discard, c.r)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the connection is still open after %s", bound)
	}
	return time.Since(start)
}

// dribble writes a byte every 200 ms until the connection fails (a slowloris client).
func (c *rawConn) dribble() {
	go func() {
		for {
			if _, err := c.Write([]byte("x")); err != nil {
				return
			}
			time.Sleep(200 * time.Millisecond)
		}
	}()
}
