package httpserve

import (
	"io"
	"log/slog"
	"net"
	"strconv"
	"sync/atomic"
	"time"
)

// busyRetryAfter is the Retry-After of a connection refused at the cap: idle keep-alive connections hold their
// slots for up to the idle timeout, so an immediate retry would mostly be refused again.
const busyRetryAfter = "5"

// busyBody is the standard error body (http-api.md §1.3) of a connection past the cap.
const busyBody = `{"error":{"message":"The server has too many open connections. Retry shortly.",` +
	`"type":"service_unavailable","code":"server_busy"}}`

// busyResponse is written as is to a connection past the cap: no handler runs for it.
var busyResponse = []byte("HTTP/1.1 503 Service Unavailable\r\n" +
	"Content-Type: application/json\r\n" +
	"Retry-After: " + busyRetryAfter + "\r\n" +
	"Connection: close\r\n" +
	"Content-Length: " + strconv.Itoa(len(busyBody)) + "\r\n" +
	"\r\n" + busyBody)

// refuseLinger bounds the life of a refused connection: writing the answer, then reading what the client had sent
// until it hangs up. Closing a socket that still holds unread bytes makes the kernel send a reset, which can
// destroy the answer before the client reads it; a client that does not hang up is cut after this.
const refuseLinger = 500 * time.Millisecond

// busyWarnEvery spaces the warnings about refused connections.
const busyWarnEvery = time.Minute

// Listener accepts at most max open client connections. A connection past the cap is still accepted (so the
// client is never left waiting in the kernel's backlog, and accepting never stops), answered 503 server_busy with
// Connection: close, and closed.
type Listener struct {
	net.Listener
	max      int64
	open     atomic.Int64
	refused  atomic.Int64
	lastWarn atomic.Int64 // unix nanoseconds of the last warning
	log      *slog.Logger
}

// CapConnections wraps ln so that at most limit connections are open at once (limit < 1 is taken as 1). log
// receives a warning, at most once a minute, while connections are being refused.
func CapConnections(ln net.Listener, limit int, log *slog.Logger) *Listener {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Listener{Listener: ln, max: int64(max(limit, 1)), log: log}
}

// Accept returns the next connection within the cap, answering and closing those past it meanwhile.
func (l *Listener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if l.open.Add(1) <= l.max {
			return &countedConn{Conn: c, l: l}, nil
		}
		l.open.Add(-1)
		l.refused.Add(1)
		l.warnBusy()
		go refuse(c)
	}
}

// Open is the number of connections open now (accepted within the cap and not yet closed).
func (l *Listener) Open() int { return int(l.open.Load()) }

// Refused is the number of connections answered 503 server_busy so far.
func (l *Listener) Refused() int64 { return l.refused.Load() }

func (l *Listener) warnBusy() {
	now := time.Now().UnixNano()
	last := l.lastWarn.Load()
	if now-last < int64(busyWarnEvery) || !l.lastWarn.CompareAndSwap(last, now) {
		return
	}
	l.log.Warn("connection cap reached: new connections are answered 503 server_busy",
		"max_connections", l.max, "refused_so_far", l.refused.Load())
}

// refuse answers a connection past the cap and closes it.
func refuse(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(refuseLinger))
	if _, err := c.Write(busyResponse); err != nil {
		return
	}
	if cw, ok := c.(interface{ CloseWrite() error }); ok {
		_ = cw.CloseWrite()
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(c, 64<<10))
}

// countedConn gives its slot back exactly once, on the first Close, whoever closes it: the server, or a handler
// that hijacked the connection.
type countedConn struct {
	net.Conn
	l      *Listener
	closed atomic.Bool
}

func (c *countedConn) Close() error {
	if c.closed.CompareAndSwap(false, true) {
		c.l.open.Add(-1)
	}
	return c.Conn.Close()
}

// CloseWrite keeps the half-close of TCP connections that net/http uses before closing a connection whose
// request body it did not read (so the client can read the answer before a reset).
func (c *countedConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}
