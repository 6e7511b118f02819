package devidp

import (
	"crypto/rsa"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"
)

// Default token lifetimes (auth.md §16.2).
const (
	DefaultAccessTTL  = 300 * time.Second
	DefaultRefreshTTL = 1800 * time.Second
	DefaultRealm      = "bodhi"
)

// codeTTL is how long an authorization code stays valid (auth.md §16.4).
const codeTTL = 60 * time.Second

// Config configures a Server. Only IssuerBase is required.
type Config struct {
	// Realm overrides Seed.Realm; both empty means DefaultRealm.
	Realm string
	// IssuerBase is the public base URL, e.g. "http://localhost:1136"; iss is IssuerBase + "/realms/" + realm.
	IssuerBase string
	// Seed is the starting state. The zero Seed is an empty realm; DefaultSeed gives the built-in one.
	Seed Seed
	// SigningKey signs every token; nil generates a 2048-bit key (tokens then die with the process).
	SigningKey *rsa.PrivateKey
	// AccessTTL and RefreshTTL override the seed's lifetimes; zero means the seed's, else the defaults.
	AccessTTL, RefreshTTL time.Duration
	// Now is the clock, injectable so tests can expire codes and tokens; nil means time.Now.
	Now func() time.Time
	// Logger receives the start banner and request errors; nil means slog.Default().
	Logger *slog.Logger
}

// settings is Config resolved: every default applied and every value checked.
type settings struct {
	realm      string
	issuer     string // <issuer base>/realms/<realm>
	accessTTL  time.Duration
	refreshTTL time.Duration
	now        func() time.Time
	log        *slog.Logger
}

func resolve(cfg Config) (settings, error) {
	s := settings{realm: cfg.Realm, accessTTL: cfg.AccessTTL, refreshTTL: cfg.RefreshTTL, now: cfg.Now, log: cfg.Logger}
	if s.realm == "" {
		s.realm = cfg.Seed.Realm
	}
	if s.realm == "" {
		s.realm = DefaultRealm
	}
	if err := validateRealm(s.realm); err != nil {
		return settings{}, err
	}
	base := strings.TrimRight(cfg.IssuerBase, "/")
	if base == "" {
		return settings{}, errors.New("issuer base is required (e.g. http://localhost:1136)")
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
		return settings{}, fmt.Errorf("issuer base %q: want an http or https URL without query", cfg.IssuerBase)
	}
	s.issuer = base + "/realms/" + s.realm
	s.accessTTL = pickTTL(cfg.AccessTTL, cfg.Seed.AccessTokenTTLSecs, DefaultAccessTTL)
	s.refreshTTL = pickTTL(cfg.RefreshTTL, cfg.Seed.RefreshTokenTTLSecs, DefaultRefreshTTL)
	if s.accessTTL < time.Second || s.refreshTTL < time.Second {
		return settings{}, errors.New("token lifetimes must be at least one second")
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	return s, nil
}

// pickTTL applies the precedence flag > seed > default.
func pickTTL(flag time.Duration, seedSecs int, def time.Duration) time.Duration {
	switch {
	case flag != 0:
		return flag
	case seedSecs > 0:
		return time.Duration(seedSecs) * time.Second
	default:
		return def
	}
}
