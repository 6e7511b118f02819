package auth

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-jose/go-jose/v4"
	"golang.org/x/sync/singleflight"
)

// The realm's signing keys (auth.md §9). Anyone can send a JWT with the realm's issuer, so a token must never be
// able to make Bodhi call the identity provider at will: go-oidc's remote key set refetches the JWKS for every
// token it cannot verify, which turns forged tokens into a flood of fetches. This key set refetches only for a
// kid it does not know, at most once per keyRefetchInterval, with one fetch in flight shared by every caller.
const (
	// keyRefetchInterval is the least time between two fetches once a key set is cached. A key the realm starts
	// signing with is picked up by the first token that names it after the interval.
	keyRefetchInterval = 30 * time.Second
	// keyRetryInterval replaces it while no fetch ever succeeded: a provider blip at start-up then shuts JWTs out
	// for 2 s rather than 30 s, and a provider that stays down still gets at most one fetch per 2 s.
	keyRetryInterval = 2 * time.Second
	// maxJWKSBytes bounds the JWKS document; a realm publishes a handful of keys.
	maxJWKSBytes = 1 << 20
)

// signingKey is one RS256 public key of the realm.
type signingKey struct {
	kid    string
	public *rsa.PublicKey
}

// remoteKeySet verifies RS256 JWTs against a JWKS fetched lazily from url. It implements go-oidc's KeySet.
type remoteKeySet struct {
	url    string
	client *http.Client
	now    func() time.Time
	flight singleflight.Group

	mu        sync.Mutex
	keys      []signingKey // the last key set fetched; nil until a fetch succeeds
	attempted time.Time    // when the last fetch started, whether or not it succeeded
	fetching  bool         // a fetch is in flight
	failure   error        // the last fetch's error, nil once a fetch succeeds
}

var _ oidc.KeySet = (*remoteKeySet)(nil)

func newRemoteKeySet(url string, client *http.Client, now func() time.Time) *remoteKeySet {
	return &remoteKeySet{url: url, client: client, now: now}
}

// VerifySignature checks raw's RS256 signature and returns its payload. The payload's claims are the caller's
// business. A *keyFetchError in the chain means the keys needed could not be fetched.
func (s *remoteKeySet) VerifySignature(ctx context.Context, raw string) ([]byte, error) {
	jws, err := jose.ParseSignedCompact(raw, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return nil, fmt.Errorf("parse JWT: %w", err)
	}
	if len(jws.Signatures) != 1 {
		return nil, errors.New("parse JWT: want exactly one signature")
	}
	kid := jws.Signatures[0].Header.KeyID
	keys, err := s.keysFor(ctx, kid)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		if kid == "" || k.kid == kid {
			if payload, err := jws.Verify(k.public); err == nil {
				return payload, nil
			}
		}
	}
	return nil, errors.New("no key of the realm verifies the signature")
}

// keysFor returns the keys to verify a token naming kid with (any key when kid is empty). A known kid is answered
// from the cache; an unknown kid waits for the fetch in flight, or starts one when due, or else is answered from
// the cache too (and fails to verify).
func (s *remoteKeySet) keysFor(ctx context.Context, kid string) ([]signingKey, error) {
	keys, wait, err := s.cached(kid)
	if !wait {
		return keys, err
	}
	done := s.flight.DoChan("jwks", func() (any, error) {
		// A fetch detached from this request: the callers sharing it must not fail because the first one left.
		s.refresh(context.WithoutCancel(ctx))
		return nil, nil
	})
	select {
	case <-done:
	case <-ctx.Done():
		return nil, &keyFetchError{err: fmt.Errorf("wait for the JWKS: %w", ctx.Err())}
	}
	keys, _, err = s.cached(kid)
	return keys, err
}

// cached returns the cached keys for kid, or the last fetch's failure when that fetch left kid unknown, and
// whether the caller should wait for a fetch (one is in flight, or one is due) before answering.
func (s *remoteKeySet) cached(kid string) (keys []signingKey, wait bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keys != nil && knows(s.keys, kid) {
		return s.keys, false, nil
	}
	return s.keys, s.fetching || s.fetchDueLocked(), s.failure
}

// fetchDueLocked reports whether the rate limit lets a fetch start now. The caller holds s.mu.
func (s *remoteKeySet) fetchDueLocked() bool {
	interval := keyRefetchInterval
	if s.keys == nil {
		interval = keyRetryInterval
	}
	return s.attempted.IsZero() || s.now().Sub(s.attempted) >= interval
}

// refresh fetches the JWKS if a fetch is still due. A caller that saw a fetch due (or in flight) just as another
// one finished starts a flight of its own after it, and must not fetch again.
func (s *remoteKeySet) refresh(ctx context.Context) {
	s.mu.Lock()
	if !s.fetchDueLocked() {
		s.mu.Unlock()
		return
	}
	s.attempted, s.fetching = s.now(), true
	s.mu.Unlock()

	keys, err := s.fetch(ctx)

	s.mu.Lock()
	defer s.mu.Unlock()
	s.fetching = false
	if err != nil {
		s.failure = err // the previous keys, if any, stay in use
		return
	}
	s.keys, s.failure = keys, nil
}

// fetch downloads and parses the JWKS. Every failure is a *keyFetchError: the provider's fault, not the token's.
func (s *remoteKeySet) fetch(ctx context.Context) ([]signingKey, error) {
	fail := func(format string, args ...any) error {
		return &keyFetchError{err: fmt.Errorf("fetch JWKS %s: "+format, append([]any{s.url}, args...)...)}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return nil, fail("%w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, fail("%w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return nil, fail("%s", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxJWKSBytes))
	if err != nil {
		return nil, fail("read: %w", err)
	}
	keys, err := parseJWKS(body)
	if err != nil {
		return nil, fail("%w", err)
	}
	return keys, nil
}

// parseJWKS keeps the RSA keys meant for RS256 signatures. Keys of other kinds or uses (a realm also publishes
// encryption keys) are skipped, as RFC 7517 §5 asks of keys a reader does not understand.
func parseJWKS(body []byte) ([]signingKey, error) {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(body, &set); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	var keys []signingKey
	for _, raw := range set.Keys {
		var jwk jose.JSONWebKey
		if err := jwk.UnmarshalJSON(raw); err != nil {
			continue
		}
		public, ok := jwk.Key.(*rsa.PublicKey)
		if !ok || (jwk.Use != "" && jwk.Use != "sig") || (jwk.Algorithm != "" && jwk.Algorithm != string(jose.RS256)) {
			continue
		}
		keys = append(keys, signingKey{kid: jwk.KeyID, public: public})
	}
	if len(keys) == 0 {
		return nil, errors.New("no RS256 signing key in the set")
	}
	return keys, nil
}

// knows reports whether keys can answer for kid: a token without kid is tried against every key.
func knows(keys []signingKey, kid string) bool {
	return kid == "" || slices.ContainsFunc(keys, func(k signingKey) bool { return k.kid == kid })
}

// keyFetchError marks a failure to get the JWKS (network, non-2xx, unreadable set), which is the provider's
// fault, not the token's: Verify reports it as ErrIdentityProvider.
type keyFetchError struct{ err error }

func (e *keyFetchError) Error() string { return e.err.Error() }
func (e *keyFetchError) Unwrap() error { return e.err }
