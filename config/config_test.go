package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/config"
)

const goodKey = "0123456789abcdef0123456789abcdef-test-key"

func load(t *testing.T, cmdline map[string]string, env ...string) *config.Config {
	t.Helper()
	c, err := config.Load(cmdline, env, map[string]string{"BODHI_VERSION": "1.2.3"})
	require.NoError(t, err)
	return c
}

func TestDefaultsStandalone(t *testing.T) {
	home := t.TempDir()
	c := load(t, nil, "BODHI_HOME="+home, "HOME=/home/u")
	require.False(t, c.MultiTenant)
	require.Equal(t, "sqlite:"+filepath.Join(home, "bodhi.sqlite"), c.DatabaseURL)
	require.Equal(t, "sqlite:"+filepath.Join(home, "session.sqlite"), c.SessionDBURL)
	require.Equal(t, 1135, c.Port)
	require.Equal(t, 1135, c.PublicPort)
	require.Equal(t, "http", c.PublicScheme)
	require.Equal(t, "warn", c.LogLevel)
	require.False(t, c.CookieSecure)
	require.Equal(t, "/home/u/.cache/huggingface", c.HFHome)
	require.Equal(t, "1.2.3", c.Version)
	require.Equal(t, "unknown", c.CommitSHA)
	require.Equal(t, config.FromSystem, c.Values["BODHI_VERSION"].Source)
	require.Equal(t, config.FromEnvironment, c.Values["BODHI_HOME"].Source)
	require.Equal(t, config.FromDefault, c.Values["BODHI_PORT"].Source)
	require.NoError(t, c.Validate(config.ForServe))
}

func TestDefaultHome(t *testing.T) {
	c := load(t, nil, "HOME=/home/u")
	require.Equal(t, "/home/u/.cache/bodhi", c.Home)
	require.Equal(t, config.FromDefault, c.Values["BODHI_HOME"].Source)
}

func TestDefaultsHosted(t *testing.T) {
	c := load(t, nil, "BODHI_HOME="+t.TempDir(), "BODHI_MULTI_TENANT=true",
		"DATABASE_URL=postgres://db/bodhi", "REDIS_URL=redis://r:6379/0", "BODHI_ENCRYPTION_KEY="+goodKey,
		"BODHI_ORG_DOMAIN=Example.COM.")
	require.True(t, c.MultiTenant)
	require.Equal(t, "postgres://db/bodhi", c.SessionDBURL, "hosted sessions default to DATABASE_URL")
	require.Equal(t, "https", c.PublicScheme)
	require.Equal(t, 443, c.PublicPort)
	require.Equal(t, "info", c.LogLevel)
	require.True(t, c.CookieSecure)
	require.Equal(t, "example.com", c.OrgDomain)
	require.NoError(t, c.Validate(config.ForServe))
}

func TestPrecedence(t *testing.T) {
	home := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(home, "settings.yaml"),
		[]byte("BODHI_PORT: 2000\nBODHI_HOST: 10.0.0.1\nBODHI_LOG_LEVEL: info\nUNKNOWN_KEY: 1\nBODHI_ENCRYPTION_KEY: nope\n"), 0o600))
	c := load(t, map[string]string{"BODHI_PORT": "3000", "BODHI_HOME": home},
		"BODHI_PORT=4000", "BODHI_HOST=127.0.0.2")
	require.Equal(t, 3000, c.Port, "flag beats env and file")
	require.Equal(t, config.FromCommandLine, c.Values["BODHI_PORT"].Source)
	require.Equal(t, "127.0.0.2", c.Host, "env beats file")
	require.Equal(t, config.FromEnvironment, c.Values["BODHI_HOST"].Source)
	require.Equal(t, "info", c.LogLevel, "file beats default")
	require.Equal(t, config.FromSettingsFile, c.Values["BODHI_LOG_LEVEL"].Source)
	require.Empty(t, c.EncryptionKey, "secrets are never read from settings.yaml")
	require.Len(t, c.Warnings, 2)
	require.Contains(t, c.Warnings[0], "BODHI_ENCRYPTION_KEY")
	require.Contains(t, c.Warnings[1], "UNKNOWN_KEY")
}

func TestInvalidSettingsFile(t *testing.T) {
	home := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(home, "settings.yaml"), []byte("a: [unclosed\n"), 0o600))
	_, err := config.Load(nil, []string{"BODHI_HOME=" + home}, nil)
	require.ErrorContains(t, err, "invalid YAML")
}

func TestUnknownFlagKey(t *testing.T) {
	_, err := config.Load(map[string]string{"NOPE": "1"}, nil, nil)
	require.ErrorContains(t, err, `unknown configuration key "NOPE"`)
}

func TestValidation(t *testing.T) {
	hosted := []string{"BODHI_MULTI_TENANT=true", "DATABASE_URL=postgres://db/bodhi", "REDIS_URL=redis://r:6379/0",
		"BODHI_ENCRYPTION_KEY=" + goodKey, "BODHI_ORG_DOMAIN=example.com"}
	tests := []struct {
		name    string
		env     []string
		purpose config.Purpose
		want    []string // substrings, one per expected problem, in order
	}{
		{"hosted refuses sqlite", replace(hosted, "DATABASE_URL=sqlite:/tmp/x.db"), config.ForServe,
			[]string{"requires DATABASE_URL to be a PostgreSQL URL", "requires SESSION_DB_URL to be a PostgreSQL URL"}},
		{"hosted needs redis", drop(hosted, "REDIS_URL"), config.ForServe, []string{"requires REDIS_URL"}},
		{"hosted needs key", drop(hosted, "BODHI_ENCRYPTION_KEY"), config.ForServe, []string{"requires BODHI_ENCRYPTION_KEY"}},
		{"hosted needs domain", drop(hosted, "BODHI_ORG_DOMAIN"), config.ForServe, []string{"requires BODHI_ORG_DOMAIN"}},
		{"placeholder key", replace(hosted, "BODHI_ENCRYPTION_KEY=generate-a-secure-key"), config.ForServe,
			[]string{"placeholder"}},
		{"short key in standalone", []string{"BODHI_ENCRYPTION_KEY=short"}, config.ForServe, []string{"at least 32"}},
		{"migrate ignores redis and key", drop(drop(hosted, "REDIS_URL"), "BODHI_ENCRYPTION_KEY"), config.ForMigrate, nil},
		{"org admin ignores key", drop(hosted, "BODHI_ENCRYPTION_KEY"), config.ForOrgAdmin, nil},
		{"org create needs key", drop(hosted, "BODHI_ENCRYPTION_KEY"), config.ForOrgCreate, []string{"requires BODHI_ENCRYPTION_KEY"}},
		{"org admin checks a set redis url", append(drop(hosted, "REDIS_URL"), "REDIS_URL=http://x"), config.ForOrgAdmin,
			[]string{"REDIS_URL must start with redis://"}},
		{"bad scheme", []string{"DATABASE_URL=mysql://x"}, config.ForMigrate, []string{"DATABASE_URL: unsupported database URL"}},
		{"schema with sqlite", []string{"SESSION_DB_SCHEMA=sessions"}, config.ForServe,
			[]string{"SESSION_DB_SCHEMA can only be used with a PostgreSQL"}},
		{"bad schema name", append(replace(hosted, "SESSION_DB_URL=postgres://db/s"), "SESSION_DB_SCHEMA=a;drop"),
			config.ForServe, []string{"SESSION_DB_SCHEMA must be a plain identifier"}},
		{"several problems at once", []string{"BODHI_PORT=abc", "BODHI_TRUSTED_PROXIES=10.0.0.0/8,nope",
			"BODHI_KEEP_ALIVE_SECS=5", "BODHI_AUTH_URL=ftp://x", "BODHI_PUBLIC_SCHEME=gopher", "BODHI_PUBLIC_PORT=70000"},
			config.ForServe, []string{"BODHI_PORT must be an integer", `BODHI_TRUSTED_PROXIES entry "nope"`,
				"BODHI_KEEP_ALIVE_SECS must be within 300..86400", "BODHI_AUTH_URL must be an absolute http(s) URL",
				"BODHI_PUBLIC_SCHEME must be http or https", "BODHI_PUBLIC_PORT must be within 1..65535"}},
		{"bad log level", []string{"BODHI_LOG_LEVEL=loud"}, config.ForMigrate, []string{"BODHI_LOG_LEVEL"}},
		{"bad hub url", []string{"BODHI_HF_BASE_URL=huggingface.co"}, config.ForServe,
			[]string{`BODHI_HF_BASE_URL must be an absolute http(s) URL; got "huggingface.co"`}},
		{"hosted ignores the hub url", append(hosted, "BODHI_HF_BASE_URL=nope"), config.ForServe, nil},
		{"metrics address", []string{"BODHI_METRICS_ADDR=127.0.0.1:9090"}, config.ForServe, nil},
		{"metrics on every interface", []string{"BODHI_METRICS_ADDR=:9090"}, config.ForServe, nil},
		{"metrics on a free port", []string{"BODHI_METRICS_ADDR=localhost:0"}, config.ForServe, nil},
		{"metrics without a port", []string{"BODHI_METRICS_ADDR=127.0.0.1"}, config.ForServe,
			[]string{`BODHI_METRICS_ADDR must be host:port, e.g. 127.0.0.1:9090 or :9090 (address 127.0.0.1: missing port in address); got "127.0.0.1"`}},
		{"metrics port out of range", []string{"BODHI_METRICS_ADDR=127.0.0.1:99999"}, config.ForServe,
			[]string{"the port must be a number within 0..65535"}},
		{"metrics host not a name", []string{"BODHI_METRICS_ADDR=bad_host!:9090"}, config.ForServe,
			[]string{"the host must be empty, an IP address or a DNS name"}},
		{"metrics on the public listener", []string{"BODHI_PORT=8080", "BODHI_METRICS_ADDR=:8080"}, config.ForServe,
			[]string{"BODHI_METRICS_ADDR must not be the public listener"}},
		{"metrics beside the public listener", []string{"BODHI_HOST=127.0.0.1", "BODHI_PORT=8080",
			"BODHI_METRICS_ADDR=10.0.0.5:8080"}, config.ForServe, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := load(t, nil, append([]string{"BODHI_HOME=" + t.TempDir()}, tt.env...)...)
			err := c.Validate(tt.purpose)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			var verr *config.ValidationError
			require.ErrorAs(t, err, &verr)
			require.Len(t, verr.Problems, len(tt.want), "problems: %s", strings.Join(verr.Problems, " | "))
			for i, w := range tt.want {
				require.Contains(t, verr.Problems[i], w)
			}
		})
	}
}

func TestTrustedProxies(t *testing.T) {
	c := load(t, nil, "BODHI_HOME="+t.TempDir(), "BODHI_TRUSTED_PROXIES= 127.0.0.1, 10.1.2.3/8 ,::1")
	require.NoError(t, c.Validate(config.ForServe))
	got := make([]string, len(c.TrustedProxies))
	for i, p := range c.TrustedProxies {
		got[i] = p.String()
	}
	require.Equal(t, []string{"127.0.0.1/32", "10.0.0.0/8", "::1/128"}, got)
}

func replace(env []string, kv string) []string {
	key, _, _ := strings.Cut(kv, "=")
	return append(drop(env, key), kv)
}

func drop(env []string, key string) []string {
	var out []string
	for _, e := range env {
		if !strings.HasPrefix(e, key+"=") {
			out = append(out, e)
		}
	}
	return out
}

func TestLlamaCppArgsMustSplit(t *testing.T) {
	cfg, err := config.Load(map[string]string{"BODHI_HOME": t.TempDir(), "BODHI_LLAMACPP_ARGS": `--chat-template 'open`}, nil, nil)
	require.NoError(t, err)
	err = cfg.Validate(config.ForServe)
	require.Error(t, err)
	require.Contains(t, err.Error(), "BODHI_LLAMACPP_ARGS cannot be split like a shell command line")
}
