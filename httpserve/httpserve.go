// Package httpserve builds Bodhi's HTTP server with its limits (README "Limits and timeouts"): the request-header,
// request-body, idle and write timeouts, and a listener that caps the open client connections. `bodhi serve`,
// `bodhi dev` and the test harness (apptest) all serve through it, so the tests meet the production settings.
package httpserve

import (
	"net/http"
	"time"

	"github.com/bodhiapp/bodhi/config"
)

// Limits are the HTTP server's limits, resolved from the configuration.
type Limits struct {
	// HeaderTimeout bounds the arrival of a request's headers (http.Server.ReadHeaderTimeout).
	HeaderTimeout time.Duration
	// BodyTimeout bounds the arrival of a request's body: the whole request must be in within HeaderTimeout +
	// BodyTimeout of its start.
	BodyTimeout time.Duration
	// IdleTimeout closes a keep-alive connection that waits this long for its next request.
	IdleTimeout time.Duration
	// WriteTimeout bounds writing a response, counted from the end of the request headers. The handlers lift it
	// for responses that wait on a model provider or a tool (server.liftWriteDeadline).
	WriteTimeout time.Duration
	// MaxConnections caps the open client connections of the process (CapConnections).
	MaxConnections int
}

// FromConfig resolves the limits of cfg; BODHI_MAX_CONNECTIONS=0 derives the cap from the open-file limit.
func FromConfig(cfg *config.Config) Limits {
	maxConns := cfg.MaxConnections
	if maxConns == 0 {
		maxConns = AutoMaxConnections(openFileLimit())
	}
	return Limits{
		HeaderTimeout:  time.Duration(cfg.HeaderTimeoutSecs) * time.Second,
		BodyTimeout:    time.Duration(cfg.BodyTimeoutSecs) * time.Second,
		IdleTimeout:    time.Duration(cfg.IdleTimeoutSecs) * time.Second,
		WriteTimeout:   time.Duration(cfg.WriteTimeoutSecs) * time.Second,
		MaxConnections: maxConns,
	}
}

// New returns a server for h with l's timeouts. Serve it on CapConnections(listener, l.MaxConnections, …).
func New(h http.Handler, l Limits) *http.Server {
	srv := &http.Server{}
	Configure(srv, h, l)
	return srv
}

// Configure gives srv the handler h and l's timeouts (for a server built elsewhere, e.g. by httptest).
//
// The body timeout is net/http's ReadTimeout, which counts from the start of the request: the headers have
// HeaderTimeout, and the whole request, body included, HeaderTimeout + BodyTimeout. A stream or a slow provider
// answer that outlasts it is not cut: net/http clears the connection's read deadline when it starts its
// background read (connReader.startBackgroundRead), which it does once the body has been read to its end (at once
// for a request without a body). Only a read deadline set from a handler after that point would cancel the
// request's context (golang/go#70834), so no handler sets one; httpserve's tests pin both behaviours.
func Configure(srv *http.Server, h http.Handler, l Limits) {
	srv.Handler = h
	srv.ReadHeaderTimeout = l.HeaderTimeout
	srv.ReadTimeout = l.HeaderTimeout + l.BodyTimeout
	srv.IdleTimeout = l.IdleTimeout
	srv.WriteTimeout = l.WriteTimeout
}
