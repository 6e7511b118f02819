package server

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"
)

func TestHeaderHygiene(t *testing.T) {
	trusted := NewTrustedProxies([]netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")})
	tests := []struct {
		name, peer  string
		wantCapture string
	}{
		{"untrusted peer", "192.0.2.7:4000", ""},
		{"trusted IPv4 peer", "10.9.8.7:4000", "acme"},
		{"trusted IPv6 peer", "[::1]:4000", "acme"},
		{"IPv4-mapped IPv6 peer", "[::ffff:10.0.0.1]:4000", "acme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen http.Header
			var captured string
			gin.SetMode(gin.ReleaseMode)
			e := gin.New()
			e.Use(headerHygiene(trusted))
			e.GET("/x", func(c *gin.Context) {
				seen = c.Request.Header.Clone()
				captured = c.GetString(trustedOrgKey)
			})
			req := httptest.NewRequest(http.MethodGet, "/x", nil)
			req.RemoteAddr = tt.peer
			req.Header.Set("X-BodhiApp-Org", "ACME")
			req.Header.Set("x-bodhiapp-user-id", "admin")
			req.Header["X-BODHIAPP-ROLE"] = []string{"resource_admin"}
			req.Header.Set("X-Other", "kept")
			e.ServeHTTP(httptest.NewRecorder(), req)

			require.Equal(t, tt.wantCapture, captured)
			require.Equal(t, "kept", seen.Get("X-Other"))
			for name := range seen {
				require.NotContains(t, http.CanonicalHeaderKey(name), "X-Bodhiapp-", "every X-BodhiApp-* header is removed")
			}
		})
	}
}

func TestTrustedProxies(t *testing.T) {
	tp := NewTrustedProxies([]netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")})
	require.True(t, tp.Contains("127.0.0.1:80"))
	require.True(t, tp.Contains("127.0.0.1"))
	require.False(t, tp.Contains("127.0.0.2:80"))
	require.False(t, tp.Contains("garbage"))
	require.False(t, NewTrustedProxies(nil).Contains("127.0.0.1:80"), "empty means no proxy is trusted")
}
