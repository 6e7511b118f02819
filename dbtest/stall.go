package dbtest

import (
	"net"
	neturl "net/url"
	"sync"
	"testing"
)

// Stall is a loopback TCP relay in front of a server that can stop passing bytes, which is how a paused
// (SIGSTOPped) database or a dead network path looks to its clients: connections stay open and nothing answers.
// New connections are accepted but not passed on while it is paused, as a stopped server's kernel would.
type Stall struct {
	ln     net.Listener
	target string

	mu     sync.Mutex
	paused bool
	resume chan struct{}
	conns  map[net.Conn]struct{}
	closed bool
}

// NewStall relays 127.0.0.1:<port> to target ("host:port") until t ends.
func NewStall(t testing.TB, target string) *Stall {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("stall relay: %v", err)
	}
	s := &Stall{ln: ln, target: target, conns: map[net.Conn]struct{}{}}
	go s.accept()
	t.Cleanup(s.close)
	return s
}

// StalledPostgres is the PostgreSQL dialect reached through s: each URL is a fresh test database.
func (s *Stall) StalledPostgres() Dialect {
	return Dialect{Name: "postgres-through-stall", URL: func(t testing.TB) string {
		t.Helper()
		return s.Wrap(t, PostgresURL(t))
	}}
}

// PostgresTarget is the host:port of the test PostgreSQL server.
func PostgresTarget(t testing.TB) string {
	t.Helper()
	u, err := neturl.Parse(postgresAdminURL())
	if err != nil {
		t.Fatalf("parse BODHI_TEST_DATABASE_URL: %v", err)
	}
	return u.Host
}

// Wrap rewrites url to reach its server through the relay.
func (s *Stall) Wrap(t testing.TB, url string) string {
	t.Helper()
	u, err := neturl.Parse(url)
	if err != nil {
		t.Fatalf("stall relay: parse %q: %v", url, err)
	}
	u.Host = s.ln.Addr().String()
	return u.String()
}

// Pause stops every byte in both directions, and every new connection, until Resume.
func (s *Stall) Pause() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.paused {
		s.paused, s.resume = true, make(chan struct{})
	}
}

// Resume lets everything held pass again.
func (s *Stall) Resume() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.paused {
		s.paused = false
		close(s.resume)
	}
}

// wait blocks while the relay is paused.
func (s *Stall) wait() {
	s.mu.Lock()
	paused, resume := s.paused, s.resume
	s.mu.Unlock()
	if paused {
		<-resume
	}
}

func (s *Stall) accept() {
	for {
		client, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.relay(client)
	}
}

func (s *Stall) relay(client net.Conn) {
	if !s.track(client) {
		return
	}
	s.wait()
	server, err := net.Dial("tcp", s.target)
	if err != nil || !s.track(server) {
		client.Close()
		return
	}
	go s.pipe(server, client)
	s.pipe(client, server)
}

// pipe copies src to dst, holding each chunk while paused; the first error closes both ends.
func (s *Stall) pipe(dst, src net.Conn) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			s.wait()
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (s *Stall) track(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		c.Close()
		return false
	}
	s.conns[c] = struct{}{}
	return true
}

func (s *Stall) close() {
	s.ln.Close()
	s.Resume()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for c := range s.conns {
		c.Close()
	}
}

// Cut closes every connection through the relay, both ends, as a database server that is killed and restarted
// looks to its clients; new connections pass as before.
func (s *Stall) Cut() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.Close()
	}
	clear(s.conns)
}
