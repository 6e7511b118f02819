package publicurl_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/config"
	"github.com/bodhiapp/bodhi/publicurl"
)

func TestOrgBase(t *testing.T) {
	hosted := &config.Config{MultiTenant: true, PublicScheme: "https", PublicPort: 443, OrgDomain: "getbodhi.app"}
	standalone := &config.Config{PublicScheme: "http", PublicPort: 1135, Host: "0.0.0.0"}
	for _, tt := range []struct {
		cfg         *config.Config
		requestHost string
		want        string
	}{
		{hosted, "acme.getbodhi.app", "https://acme.getbodhi.app"},
		{hosted, "", "https://acme.getbodhi.app"},
		{&config.Config{MultiTenant: true, PublicScheme: "http", PublicPort: 8080, OrgDomain: "localhost"}, "",
			"http://acme.localhost:8080"},
		{standalone, "myhost:1135", "http://myhost:1135"},
		{standalone, "", "http://localhost:1135"},
		{standalone, "[::1]:1135", "http://[::1]:1135"},
		{standalone, "bad host!:1135", "http://localhost:1135"},
		{&config.Config{PublicScheme: "https", PublicPort: 443, PublicHost: "bodhi.example"}, "other:1", "https://bodhi.example"},
	} {
		require.Equal(t, tt.want, publicurl.OrgBase(tt.cfg, tt.requestHost, "acme"), "%q", tt.requestHost)
	}
	require.Equal(t, "https://acme.getbodhi.app/ui/auth/callback", publicurl.Callback(hosted, "", "acme"))
}

func TestStandaloneCallbacks(t *testing.T) {
	cfg := &config.Config{PublicScheme: "http", PublicPort: 1135}
	got := publicurl.StandaloneCallbacks(cfg, "studio.local:1135")
	require.Equal(t, []string{"http://localhost:1135/ui/auth/callback", "http://127.0.0.1:1135/ui/auth/callback",
		"http://0.0.0.0:1135/ui/auth/callback", "http://studio.local:1135/ui/auth/callback"}, got[:4])
	for _, loopback := range []string{"localhost:1135", "127.0.0.1:1135", "app.localhost:1135", "[::1]:1135"} {
		require.NotContains(t, publicurl.StandaloneCallbacks(cfg, loopback)[3:], "http://"+loopback+"/ui/auth/callback")
	}
	cfg.PublicHost = "bodhi.example"
	require.Equal(t, []string{"http://bodhi.example:1135/ui/auth/callback"}, publicurl.StandaloneCallbacks(cfg, "x:1"))
}
