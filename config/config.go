// Package config loads Bodhi's configuration once, from command-line flags, the environment,
// $BODHI_HOME/settings.yaml and built-in defaults, in that order of precedence (runtime.md §2), and validates it.
// No other package reads the environment: the resulting Config is passed down as a value.
package config

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Source tells where a configuration value came from (shown by the settings API).
type Source string

const (
	FromCommandLine  Source = "command_line"
	FromEnvironment  Source = "environment"
	FromSettingsFile Source = "settings_file"
	FromDefault      Source = "default"
	FromSystem       Source = "system"
)

// Value is one resolved key.
type Value struct {
	Raw    string
	Source Source
}

// SettingsFileName is the optional settings file under BODHI_HOME.
const SettingsFileName = "settings.yaml"

// Config is the typed configuration. Build it with Load, or directly in tests.
type Config struct {
	Home              string
	Host              string
	Port              int
	PublicScheme      string
	PublicHost        string // "" when not set explicitly
	PublicPort        int
	CanonicalRedirect bool
	MultiTenant       bool
	DatabaseURL       string
	SessionDBURL      string
	SessionDBSchema   string
	RedisURL          string
	RedisPrefix       string
	OrgDomain         string
	TrustedProxies    []netip.Prefix
	AuthURL           string
	AuthRealm         string
	EncryptionKey     string
	LogLevel          string
	LogFormat         string
	CookieSecure      bool
	HFHome            string
	HFToken           string
	LlamaServer       string
	LlamaCppArgs      string
	KeepAliveSecs     int
	// ShutdownDelaySecs keeps a stopping server serving, with /health at 503, so a proxy's health check moves
	// traffic away before the listener closes (a rolling restart with no failed request).
	ShutdownDelaySecs     int
	HFBaseURL             string
	ExaBaseURL            string
	AllowPrivateUpstreams bool

	// Hardening limits (README "Limits and timeouts").
	// DBTimeoutMS is the deadline of every database call.
	DBTimeoutMS int
	// CacheStaleSecs is how long past its lifetime a cached value may still be served while reloading it fails.
	CacheStaleSecs int
	// HTTP server timeouts: request headers, request body, idle keep-alive, and writing a response (streamed and
	// relayed provider responses excepted).
	HeaderTimeoutSecs int
	BodyTimeoutSecs   int
	IdleTimeoutSecs   int
	WriteTimeoutSecs  int
	// MaxConnections caps open client connections per process; 0 derives it from the open-file limit.
	MaxConnections int
	// BodyMemoryMB bounds the request bodies buffered in memory at once, process-wide.
	BodyMemoryMB int
	// AuthFailLimitAddr and AuthFailLimitOrg are the failed bearer authentications allowed per minute from one
	// client address and against one org, cluster-wide.
	AuthFailLimitAddr int
	AuthFailLimitOrg  int

	// MetricsAddr is the host:port of the separate listener serving GET /metrics (README "Metrics"); "" serves
	// none. It is never the public listener.
	MetricsAddr string
	// Usage accounting (README "Usage"): days of usage events kept (0 keeps them all), the longest an event waits
	// in the buffer before it is written, and the buffer's size in events.
	UsageRetentionDays int
	UsageFlushMS       int
	UsageBuffer        int

	Version   string
	CommitSHA string

	// Values records the raw value and source of every key that has one.
	Values map[string]Value
	// Warnings are non-fatal findings of Load (e.g. unknown settings-file keys), for the caller to log once a
	// logger exists.
	Warnings []string

	parseErrors []string
}

// Keys that only the environment or a flag may set: secrets never live in settings.yaml.
var envOrFlagOnly = map[string]bool{"BODHI_HOME": true, "BODHI_ENCRYPTION_KEY": true, "HF_TOKEN": true}

// Keys lists every configuration key Bodhi knows (runtime.md §2.2).
var Keys = []string{
	"BODHI_HOME", "BODHI_HOST", "BODHI_PORT", "BODHI_PUBLIC_SCHEME", "BODHI_PUBLIC_HOST", "BODHI_PUBLIC_PORT",
	"BODHI_CANONICAL_REDIRECT", "BODHI_MULTI_TENANT", "DATABASE_URL", "SESSION_DB_URL", "SESSION_DB_SCHEMA",
	"REDIS_URL", "BODHI_REDIS_PREFIX", "BODHI_ORG_DOMAIN", "BODHI_TRUSTED_PROXIES", "BODHI_AUTH_URL",
	"BODHI_AUTH_REALM", "BODHI_ENCRYPTION_KEY", "BODHI_LOG_LEVEL", "BODHI_LOG_FORMAT", "BODHI_COOKIE_SECURE",
	"HF_HOME", "HF_TOKEN", "BODHI_LLAMA_SERVER", "BODHI_LLAMACPP_ARGS", "BODHI_KEEP_ALIVE_SECS",
	"BODHI_HF_BASE_URL", "BODHI_EXA_BASE_URL", "BODHI_ALLOW_PRIVATE_UPSTREAMS", "BODHI_SHUTDOWN_DELAY_SECS",
	"BODHI_DB_TIMEOUT_MS", "BODHI_CACHE_STALE_SECS", "BODHI_HTTP_HEADER_TIMEOUT_SECS", "BODHI_HTTP_BODY_TIMEOUT_SECS",
	"BODHI_HTTP_IDLE_TIMEOUT_SECS", "BODHI_HTTP_WRITE_TIMEOUT_SECS", "BODHI_MAX_CONNECTIONS", "BODHI_BODY_MEMORY_MB",
	"BODHI_AUTH_FAIL_LIMIT_ADDR", "BODHI_AUTH_FAIL_LIMIT_ORG", "BODHI_METRICS_ADDR",
	"BODHI_USAGE_RETENTION_DAYS", "BODHI_USAGE_FLUSH_MS", "BODHI_USAGE_BUFFER", "BODHI_VERSION", "BODHI_COMMIT_SHA",
}

func knownKey(k string) bool {
	for _, key := range Keys {
		if key == k {
			return true
		}
	}
	return false
}

// Load resolves every key. cmdline holds flag values by key (--home is BODHI_HOME, --set K=V is K); environ is
// os.Environ()-shaped; system holds build values (BODHI_VERSION, BODHI_COMMIT_SHA). Only an unreadable or invalid
// settings file is an error here: bad values are collected and reported by Validate.
func Load(cmdline map[string]string, environ []string, system map[string]string) (*Config, error) {
	return load(cmdline, environ, system, true)
}

// Defaults are the built-in default values of every key for a mode (what a key reverts to with no other source).
func Defaults(home string, multiTenant bool) map[string]string {
	c, err := load(map[string]string{"BODHI_HOME": home, "BODHI_MULTI_TENANT": fmt.Sprint(multiTenant)}, nil, nil, false)
	out := map[string]string{}
	if err != nil {
		return out
	}
	for k, v := range c.Values {
		out[k] = v.Raw
	}
	return out
}

func load(cmdline map[string]string, environ []string, system map[string]string, readFile bool) (*Config, error) {
	env := envMap(environ)
	for k := range cmdline {
		if !knownKey(k) {
			return nil, fmt.Errorf("unknown configuration key %q", k)
		}
	}
	r := resolver{values: map[string]Value{}}
	for k, v := range system {
		r.values[k] = Value{Raw: v, Source: FromSystem}
	}

	// BODHI_HOME locates settings.yaml, so it comes only from the command line or the environment.
	home := ""
	switch {
	case cmdline["BODHI_HOME"] != "":
		home, r.values["BODHI_HOME"] = cmdline["BODHI_HOME"], Value{cmdline["BODHI_HOME"], FromCommandLine}
	case env["BODHI_HOME"] != "":
		home, r.values["BODHI_HOME"] = env["BODHI_HOME"], Value{env["BODHI_HOME"], FromEnvironment}
	default:
		home = filepath.Join(userHome(env), ".cache", "bodhi")
		r.values["BODHI_HOME"] = Value{home, FromDefault}
	}
	home = expandHome(home, env)

	var file map[string]string
	var warnings []string
	if readFile {
		var err error
		if file, warnings, err = readSettingsFile(filepath.Join(home, SettingsFileName)); err != nil {
			return nil, err
		}
	}
	for _, k := range Keys {
		if k == "BODHI_HOME" || r.values[k].Source == FromSystem {
			continue
		}
		switch {
		case hasKey(cmdline, k):
			r.values[k] = Value{cmdline[k], FromCommandLine}
		case env[k] != "":
			r.values[k] = Value{env[k], FromEnvironment}
		case !envOrFlagOnly[k] && hasKey(file, k):
			r.values[k] = Value{file[k], FromSettingsFile}
		}
	}

	c := &Config{Home: home, Warnings: warnings}
	c.MultiTenant = r.boolean("BODHI_MULTI_TENANT", false)
	hosted := c.MultiTenant
	c.Host = r.str("BODHI_HOST", "0.0.0.0")
	c.Port = r.integer("BODHI_PORT", 1135)
	c.PublicScheme = r.str("BODHI_PUBLIC_SCHEME", pick(hosted, "https", "http"))
	c.PublicHost = r.str("BODHI_PUBLIC_HOST", "")
	defaultPublicPort := c.Port
	if hosted {
		defaultPublicPort = pick(c.PublicScheme == "http", 80, 443)
	}
	c.PublicPort = r.integer("BODHI_PUBLIC_PORT", defaultPublicPort)
	c.CanonicalRedirect = r.boolean("BODHI_CANONICAL_REDIRECT", true)
	c.DatabaseURL = r.str("DATABASE_URL", "sqlite:"+filepath.Join(home, "bodhi.sqlite"))
	c.SessionDBURL = r.str("SESSION_DB_URL", pick(hosted, c.DatabaseURL, "sqlite:"+filepath.Join(home, "session.sqlite")))
	c.SessionDBSchema = r.str("SESSION_DB_SCHEMA", "")
	c.RedisURL = r.str("REDIS_URL", "")
	c.RedisPrefix = r.str("BODHI_REDIS_PREFIX", "bodhi:")
	c.OrgDomain = strings.ToLower(strings.TrimSuffix(r.str("BODHI_ORG_DOMAIN", ""), "."))
	c.TrustedProxies = r.prefixes("BODHI_TRUSTED_PROXIES")
	c.AuthURL = strings.TrimSuffix(r.str("BODHI_AUTH_URL", "https://id.getbodhi.app"), "/")
	c.AuthRealm = r.str("BODHI_AUTH_REALM", "bodhi")
	c.EncryptionKey = r.str("BODHI_ENCRYPTION_KEY", "")
	c.LogLevel = strings.ToLower(r.str("BODHI_LOG_LEVEL", pick(hosted, "info", "warn")))
	c.LogFormat = strings.ToLower(r.str("BODHI_LOG_FORMAT", "text"))
	c.CookieSecure = r.boolean("BODHI_COOKIE_SECURE", hosted)
	c.HFHome = expandHome(r.str("HF_HOME", filepath.Join(userHome(env), ".cache", "huggingface")), env)
	c.HFToken = r.str("HF_TOKEN", "")
	c.LlamaServer = r.str("BODHI_LLAMA_SERVER", "")
	c.LlamaCppArgs = r.str("BODHI_LLAMACPP_ARGS", "--jinja --no-webui")
	c.KeepAliveSecs = r.integer("BODHI_KEEP_ALIVE_SECS", 300)
	c.HFBaseURL = strings.TrimSuffix(r.str("BODHI_HF_BASE_URL", "https://huggingface.co"), "/")
	c.ExaBaseURL = strings.TrimSuffix(r.str("BODHI_EXA_BASE_URL", "https://api.exa.ai"), "/")
	c.AllowPrivateUpstreams = r.boolean("BODHI_ALLOW_PRIVATE_UPSTREAMS", false)
	c.ShutdownDelaySecs = r.integer("BODHI_SHUTDOWN_DELAY_SECS", 0)
	c.DBTimeoutMS = r.integer("BODHI_DB_TIMEOUT_MS", 5000)
	c.CacheStaleSecs = r.integer("BODHI_CACHE_STALE_SECS", 300)
	c.HeaderTimeoutSecs = r.integer("BODHI_HTTP_HEADER_TIMEOUT_SECS", 10)
	c.BodyTimeoutSecs = r.integer("BODHI_HTTP_BODY_TIMEOUT_SECS", 60)
	c.IdleTimeoutSecs = r.integer("BODHI_HTTP_IDLE_TIMEOUT_SECS", 60)
	c.WriteTimeoutSecs = r.integer("BODHI_HTTP_WRITE_TIMEOUT_SECS", 60)
	c.MaxConnections = r.integer("BODHI_MAX_CONNECTIONS", 0)
	c.BodyMemoryMB = r.integer("BODHI_BODY_MEMORY_MB", 256)
	c.AuthFailLimitAddr = r.integer("BODHI_AUTH_FAIL_LIMIT_ADDR", 60)
	c.AuthFailLimitOrg = r.integer("BODHI_AUTH_FAIL_LIMIT_ORG", 1000)
	c.MetricsAddr = strings.TrimSpace(r.str("BODHI_METRICS_ADDR", ""))
	c.UsageRetentionDays = r.integer("BODHI_USAGE_RETENTION_DAYS", 90)
	c.UsageFlushMS = r.integer("BODHI_USAGE_FLUSH_MS", 1000)
	c.UsageBuffer = r.integer("BODHI_USAGE_BUFFER", 20_000)
	c.Version = r.str("BODHI_VERSION", "dev")
	c.CommitSHA = r.str("BODHI_COMMIT_SHA", "unknown")
	c.Values = r.values
	c.parseErrors = r.errs
	return c, nil
}

// resolver turns resolved raw values into typed ones, recording defaults and parse errors.
type resolver struct {
	values map[string]Value
	errs   []string
}

func (r *resolver) str(key, def string) string {
	if v, ok := r.values[key]; ok {
		return v.Raw
	}
	if def != "" {
		r.values[key] = Value{def, FromDefault}
	}
	return def
}

func (r *resolver) integer(key string, def int) int {
	v, ok := r.values[key]
	if !ok {
		r.values[key] = Value{strconv.Itoa(def), FromDefault}
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(v.Raw))
	if err != nil {
		r.errs = append(r.errs, fmt.Sprintf("%s must be an integer; got %q", key, v.Raw))
		return def
	}
	return n
}

func (r *resolver) boolean(key string, def bool) bool {
	v, ok := r.values[key]
	if !ok {
		r.values[key] = Value{strconv.FormatBool(def), FromDefault}
		return def
	}
	switch strings.ToLower(strings.TrimSpace(v.Raw)) {
	case "true", "1", "yes", "on":
		return true
	case "false", "0", "no", "off", "":
		return false
	}
	r.errs = append(r.errs, fmt.Sprintf("%s must be true or false; got %q", key, v.Raw))
	return def
}

func (r *resolver) prefixes(key string) []netip.Prefix {
	v, ok := r.values[key]
	if !ok {
		return nil
	}
	var out []netip.Prefix
	for _, item := range strings.Split(v.Raw, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if p, err := netip.ParsePrefix(item); err == nil {
			out = append(out, p.Masked())
			continue
		}
		addr, err := netip.ParseAddr(item)
		if err != nil {
			r.errs = append(r.errs, fmt.Sprintf("%s entry %q is not an IP address or CIDR range", key, item))
			continue
		}
		out = append(out, netip.PrefixFrom(addr.Unmap(), addr.Unmap().BitLen()))
	}
	return out
}

func readSettingsFile(path string) (map[string]string, []string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", path, err)
	}
	var raw map[string]any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, nil, fmt.Errorf("invalid YAML in %s: %w", path, err)
	}
	out := map[string]string{}
	var warnings []string
	for k, v := range raw {
		switch {
		case !knownKey(k):
			warnings = append(warnings, fmt.Sprintf("%s: unknown key %q ignored", path, k))
		case envOrFlagOnly[k]:
			warnings = append(warnings, fmt.Sprintf("%s: %s can only be set in the environment or a flag; ignored", path, k))
		case v == nil:
		default:
			out[k] = fmt.Sprint(v)
		}
	}
	sort.Strings(warnings)
	return out, warnings, nil
}

func envMap(environ []string) map[string]string {
	m := make(map[string]string, len(environ))
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return m
}

func userHome(env map[string]string) string {
	if h := env["HOME"]; h != "" {
		return h
	}
	if h, err := os.UserHomeDir(); err == nil {
		return h
	}
	return "."
}

func expandHome(path string, env map[string]string) string {
	if path == "~" || strings.HasPrefix(path, "~/") {
		return filepath.Join(userHome(env), strings.TrimPrefix(path, "~"))
	}
	return path
}

func hasKey(m map[string]string, k string) bool {
	_, ok := m[k]
	return ok
}

func pick[T any](cond bool, yes, no T) T {
	if cond {
		return yes
	}
	return no
}

// BlockPrivateUpstreams tells whether outbound provider calls must refuse private, loopback and link-local
// addresses: hosted mode, unless BODHI_ALLOW_PRIVATE_UPSTREAMS (http-api.md §14.2).
func (c *Config) BlockPrivateUpstreams() bool { return c.MultiTenant && !c.AllowPrivateUpstreams }
