package config

import (
	"fmt"
	"maps"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/dburl"
	"github.com/bodhiapp/bodhi/shellwords"
)

// Purpose selects which checks apply: each command validates only the configuration it uses (runtime.md §4.1).
type Purpose int

const (
	// ForServe checks everything the server needs in its mode.
	ForServe Purpose = iota
	// ForMigrate checks the database URLs only.
	ForMigrate
	// ForOrgAdmin checks DATABASE_URL, and REDIS_URL when set (org list, show, set-status).
	ForOrgAdmin
	// ForOrgCreate adds the master key to ForOrgAdmin.
	ForOrgCreate
)

// ValidationError lists every configuration problem found, one per line.
type ValidationError struct {
	Problems []string
}

func (e *ValidationError) Error() string { return strings.Join(e.Problems, "\n") }

var dnsName = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$`)

// Validate reports all problems of c for purpose together (runtime.md §2.3); nil when there are none.
func (c *Config) Validate(purpose Purpose) error {
	var p []string
	add := func(format string, args ...any) { p = append(p, fmt.Sprintf(format, args...)) }
	p = append(p, c.parseErrors...)
	serve := purpose == ForServe

	if c.LogLevel != "" && !oneOf(c.LogLevel, "error", "warn", "info", "debug", "trace") {
		add("BODHI_LOG_LEVEL must be error, warn, info or debug; got %q", c.LogLevel)
	}
	if c.LogFormat != "" && !oneOf(c.LogFormat, "text", "json") {
		add("BODHI_LOG_FORMAT must be text or json; got %q", c.LogFormat)
	}

	appDialect, err := urlDialect("DATABASE_URL", c.DatabaseURL)
	if err != nil {
		add("%v", err)
	} else if c.MultiTenant && appDialect != dburl.Postgres {
		add("BODHI_MULTI_TENANT=true requires DATABASE_URL to be a PostgreSQL URL (postgres://…); got %s",
			dburl.Redact(c.DatabaseURL))
	}
	if serve || purpose == ForMigrate {
		sessionDialect, err := urlDialect("SESSION_DB_URL", c.SessionDBURL)
		if err != nil {
			add("%v", err)
		} else if c.MultiTenant && sessionDialect != dburl.Postgres {
			add("BODHI_MULTI_TENANT=true requires SESSION_DB_URL to be a PostgreSQL URL (postgres://…), or unset to "+
				"use DATABASE_URL; got %s", dburl.Redact(c.SessionDBURL))
		}
		if c.SessionDBSchema != "" {
			if err == nil && sessionDialect != dburl.Postgres {
				add("SESSION_DB_SCHEMA can only be used with a PostgreSQL SESSION_DB_URL; unset it for SQLite")
			}
			if !dburl.ValidSchemaName(c.SessionDBSchema) {
				add("SESSION_DB_SCHEMA must be a plain identifier (letters, digits, _); got %q", c.SessionDBSchema)
			}
		}
	}

	switch {
	case c.RedisURL != "":
		if !strings.HasPrefix(c.RedisURL, "redis://") && !strings.HasPrefix(c.RedisURL, "rediss://") {
			add("REDIS_URL must start with redis:// or rediss://; got %s", dburl.Redact(c.RedisURL))
		} else if _, err := url.Parse(c.RedisURL); err != nil {
			add("REDIS_URL does not parse: %v", err)
		}
	case serve && c.MultiTenant:
		add("BODHI_MULTI_TENANT=true requires REDIS_URL (redis://host:6379/0) for the shared cache and locks")
	}

	if serve || purpose == ForOrgCreate {
		switch {
		case c.EncryptionKey != "":
			if err := crypto.ValidateMasterKeySource(c.EncryptionKey); err != nil {
				add("%v", err)
			}
		case c.MultiTenant:
			add("BODHI_MULTI_TENANT=true requires BODHI_ENCRYPTION_KEY (at least %d characters, e.g. `openssl rand -hex 32`)",
				crypto.MinMasterKeyLength)
		}
	}

	if serve {
		if c.MultiTenant {
			switch {
			case c.OrgDomain == "":
				add("BODHI_MULTI_TENANT=true requires BODHI_ORG_DOMAIN (e.g. getbodhi.app; localhost for tests)")
			case !dnsName.MatchString(c.OrgDomain):
				add("BODHI_ORG_DOMAIN must be a DNS name such as getbodhi.app; got %q", c.OrgDomain)
			}
		} else {
			if c.KeepAliveSecs < 300 || c.KeepAliveSecs > 86400 {
				add("BODHI_KEEP_ALIVE_SECS must be within 300..86400; got %d", c.KeepAliveSecs)
			}
			if u, err := url.Parse(c.HFBaseURL); err != nil || !oneOf(u.Scheme, "http", "https") || u.Host == "" {
				add("BODHI_HF_BASE_URL must be an absolute http(s) URL; got %q", c.HFBaseURL)
			}
			if _, err := shellwords.Split(c.LlamaCppArgs); err != nil {
				add("BODHI_LLAMACPP_ARGS cannot be split like a shell command line: %v", err)
			}
		}
		if c.ShutdownDelaySecs < 0 || c.ShutdownDelaySecs > 60 {
			add("BODHI_SHUTDOWN_DELAY_SECS must be within 0..60; got %d", c.ShutdownDelaySecs)
		}
		values := limitValues(c)
		for _, key := range slices.Sorted(maps.Keys(limitBounds)) {
			if b, v := limitBounds[key], values[key]; v < b[0] || v > b[1] {
				add("%s must be within %d..%d; got %d", key, b[0], b[1], v)
			}
		}
		if u, err := url.Parse(c.AuthURL); err != nil || !oneOf(u.Scheme, "http", "https") || u.Host == "" {
			add("BODHI_AUTH_URL must be an absolute http(s) URL; got %q", c.AuthURL)
		}
		if !oneOf(c.PublicScheme, "http", "https") {
			add("BODHI_PUBLIC_SCHEME must be http or https; got %q", c.PublicScheme)
		}
		if c.Port < 1 || c.Port > 65535 {
			add("BODHI_PORT must be within 1..65535; got %d", c.Port)
		}
		if c.PublicPort < 1 || c.PublicPort > 65535 {
			add("BODHI_PUBLIC_PORT must be within 1..65535; got %d", c.PublicPort)
		}
		if c.MetricsAddr != "" {
			if err := validListenAddr(c.MetricsAddr); err != nil {
				add("BODHI_METRICS_ADDR must be host:port, e.g. 127.0.0.1:9090 or :9090 (%v); got %q", err, c.MetricsAddr)
			} else if port := portOf(c.MetricsAddr); port != 0 && port == c.Port && samePublicHost(c.Host, c.MetricsAddr) {
				add("BODHI_METRICS_ADDR must not be the public listener (BODHI_HOST:BODHI_PORT); got %q", c.MetricsAddr)
			}
		}
	}
	if len(p) == 0 {
		return nil
	}
	return &ValidationError{Problems: p}
}

func urlDialect(name, value string) (dburl.Dialect, error) {
	if value == "" {
		return "", fmt.Errorf("%s is empty: use sqlite:<path> or postgres://…", name)
	}
	d, _, err := dburl.Parse(value)
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	return d, nil
}

// validListenAddr accepts host:port with a port number (0 picks a free one) and an empty host, an IP address or a
// DNS name.
func validListenAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("the port must be a number within 0..65535")
	}
	if host != "" && net.ParseIP(host) == nil && !dnsName.MatchString(strings.ToLower(host)) {
		return fmt.Errorf("the host must be empty, an IP address or a DNS name")
	}
	return nil
}

func portOf(addr string) int {
	_, port, _ := net.SplitHostPort(addr)
	n, _ := strconv.Atoi(port)
	return n
}

// samePublicHost reports whether the metrics address could collide with the public listener's: the same host, or
// either of them every interface.
func samePublicHost(publicHost, metricsAddr string) bool {
	host, _, _ := net.SplitHostPort(metricsAddr)
	wildcard := func(h string) bool { return h == "" || h == "0.0.0.0" || h == "::" }
	return wildcard(host) || wildcard(publicHost) || strings.EqualFold(host, publicHost)
}

func oneOf(v string, options ...string) bool {
	for _, o := range options {
		if v == o {
			return true
		}
	}
	return false
}

// limitBounds are the bounds of the hardening settings (README "Limits and timeouts").
var limitBounds = map[string][2]int{
	"BODHI_DB_TIMEOUT_MS":            {50, 60_000},
	"BODHI_CACHE_STALE_SECS":         {0, 3600},
	"BODHI_HTTP_HEADER_TIMEOUT_SECS": {1, 300},
	"BODHI_HTTP_BODY_TIMEOUT_SECS":   {1, 3600},
	"BODHI_HTTP_IDLE_TIMEOUT_SECS":   {1, 3600},
	"BODHI_HTTP_WRITE_TIMEOUT_SECS":  {1, 3600},
	"BODHI_MAX_CONNECTIONS":          {0, 1_000_000},
	"BODHI_BODY_MEMORY_MB":           {1, 65_536},
	"BODHI_AUTH_FAIL_LIMIT_ADDR":     {1, 1_000_000},
	"BODHI_AUTH_FAIL_LIMIT_ORG":      {1, 1_000_000},
	"BODHI_USAGE_RETENTION_DAYS":     {0, 36_500},
	"BODHI_USAGE_FLUSH_MS":           {50, 60_000},
	"BODHI_USAGE_BUFFER":             {100, 10_000_000},
}

// limitValues pairs each hardening setting with its field.
func limitValues(c *Config) map[string]int {
	return map[string]int{
		"BODHI_DB_TIMEOUT_MS": c.DBTimeoutMS, "BODHI_CACHE_STALE_SECS": c.CacheStaleSecs,
		"BODHI_HTTP_HEADER_TIMEOUT_SECS": c.HeaderTimeoutSecs, "BODHI_HTTP_BODY_TIMEOUT_SECS": c.BodyTimeoutSecs,
		"BODHI_HTTP_IDLE_TIMEOUT_SECS": c.IdleTimeoutSecs, "BODHI_HTTP_WRITE_TIMEOUT_SECS": c.WriteTimeoutSecs,
		"BODHI_MAX_CONNECTIONS": c.MaxConnections, "BODHI_BODY_MEMORY_MB": c.BodyMemoryMB,
		"BODHI_AUTH_FAIL_LIMIT_ADDR": c.AuthFailLimitAddr, "BODHI_AUTH_FAIL_LIMIT_ORG": c.AuthFailLimitOrg,
		"BODHI_USAGE_RETENTION_DAYS": c.UsageRetentionDays, "BODHI_USAGE_FLUSH_MS": c.UsageFlushMS,
		"BODHI_USAGE_BUFFER": c.UsageBuffer,
	}
}
