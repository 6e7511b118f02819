package server

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// requestIDHeader carries a request id, echoed in every response.
const requestIDHeader = "X-Request-Id"

type requestIDKey struct{}

// recovery turns a panic into 500 internal_error and logs the stack.
func recovery(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if p := recover(); p != nil {
				log.Error("panic while serving request", "request_id", c.GetString("request_id"),
					"path", c.Request.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if !c.Writer.Written() {
					WriteError(c, ErrInternal)
				} else {
					c.Abort()
				}
			}
		}()
		c.Next()
	}
}

// requestLog assigns the request id (a trusted proxy's, else a new one) and writes one log line per request.
// Liveness and readiness probes log at debug so they do not drown the log.
func requestLog(log *slog.Logger, trusted *TrustedProxies) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		id := ""
		fromProxy := trusted.Contains(c.Request.RemoteAddr)
		if fromProxy {
			id = c.GetHeader(requestIDHeader)
		}
		if id == "" || len(id) > 128 {
			id = newRequestID()
		}
		c.Set("request_id", id)
		c.Header(requestIDHeader, id)
		c.Next()

		level := slog.LevelInfo
		if p := c.Request.URL.Path; p == "/ping" || p == "/health" {
			level = slog.LevelDebug
		}
		attrs := []slog.Attr{
			slog.String("request_id", id),
			slog.String("method", c.Request.Method),
			slog.String("path", c.Request.URL.Path),
			slog.Int("status", c.Writer.Status()),
			slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
			slog.Int("bytes", max(c.Writer.Size(), 0)),
			slog.String("client_ip", clientIP(c, fromProxy)),
		}
		if org, ok := Org(c.Request.Context()); ok {
			attrs = append(attrs, slog.String("org", org.Slug), slog.String("org_id", org.OrgID))
		}
		if id := Identity(c.Request.Context()); id.UserID != "" {
			attrs = append(attrs, slog.String("user_id", id.UserID))
		}
		log.LogAttrs(c.Request.Context(), level, "request", attrs...)
	}
}

// securityHeaders sets the headers every response carries (auth.md §11.2).
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	c.Next()
}

func newRequestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// clientIP is the socket peer, or the left-most X-Forwarded-For entry when the peer is a trusted proxy.
func clientIP(c *gin.Context, fromProxy bool) string {
	if fromProxy {
		if xff := c.GetHeader("X-Forwarded-For"); xff != "" {
			first, _, _ := strings.Cut(xff, ",")
			if addr, err := netip.ParseAddr(strings.TrimSpace(first)); err == nil {
				return addr.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(c.Request.RemoteAddr)
	if err != nil {
		return c.Request.RemoteAddr
	}
	return host
}

// TrustedProxies decides trust from the TCP peer address only (auth.md §2.3), never from forwarded headers.
type TrustedProxies struct {
	prefixes []netip.Prefix
}

// NewTrustedProxies wraps the configured BODHI_TRUSTED_PROXIES ranges.
func NewTrustedProxies(prefixes []netip.Prefix) *TrustedProxies {
	return &TrustedProxies{prefixes: prefixes}
}

// Contains reports whether remoteAddr ("ip:port" or "ip") is a trusted proxy.
func (t *TrustedProxies) Contains(remoteAddr string) bool {
	if t == nil || len(t.prefixes) == 0 {
		return false
	}
	addrPort, err := netip.ParseAddrPort(remoteAddr)
	var addr netip.Addr
	if err == nil {
		addr = addrPort.Addr()
	} else if addr, err = netip.ParseAddr(remoteAddr); err != nil {
		return false
	}
	addr = addr.Unmap()
	for _, p := range t.prefixes {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}
