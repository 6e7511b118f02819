package auth_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/clocktest"
)

// The refetch window under test (auth.md §9): a kid the cached key set does not know refetches the JWKS at most
// once per 30 s, or once per 2 s while no key set was ever fetched.
const (
	refetchWindow = 30 * time.Second
	retryWindow   = 2 * time.Second
)

// newFakeClock is a hand-moved clock at an arbitrary instant.
func newFakeClock() *clocktest.Clock { return clocktest.New(time.Unix(1_800_000_000, 0)) }

// testKey is an RSA signing key with its kid.
type testKey struct {
	kid     string
	private *rsa.PrivateKey
}

// testKeys are generated once: RSA key generation is slow under the race detector.
var testKeys = sync.OnceValue(func() map[string]testKey {
	keys := map[string]testKey{}
	for _, kid := range []string{"current", "rotated", "forger"} {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		keys[kid] = testKey{kid: kid, private: k}
	}
	return keys
})

func keyNamed(kid string) testKey { return testKeys()[kid] }

// public is the key's JWKS entry.
func (k testKey) public() jose.JSONWebKey {
	return jose.JSONWebKey{Key: &k.private.PublicKey, KeyID: k.kid, Algorithm: string(jose.RS256), Use: "sig"}
}

// sign returns an RS256 JWT of claims; kid "" leaves the header without one.
func (k testKey) sign(t testing.TB, kid string, claims map[string]any) string {
	t.Helper()
	payload, err := json.Marshal(claims)
	require.NoError(t, err)
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256,
		Key: jose.JSONWebKey{Key: k.private, KeyID: kid}}, (&jose.SignerOptions{}).WithType("JWT"))
	require.NoError(t, err)
	jws, err := signer.Sign(payload)
	require.NoError(t, err)
	raw, err := jws.CompactSerialize()
	require.NoError(t, err)
	return raw
}

// accessClaims are the claims of a valid access token from issuer, with a fresh jti.
func accessClaims(issuer string) map[string]any {
	now := time.Now().Unix()
	return map[string]any{"iss": issuer, "sub": "user-1", "azp": "bodhi-acme", "jti": uuid.NewString(),
		"typ": "Bearer", "exp": now + 300, "iat": now, "scope": "openid", "preferred_username": "alice"}
}

// realm serves one realm's JWKS and counts the fetches.
type realm struct {
	srv     *httptest.Server
	issuer  string
	fetches atomic.Int32
	down    atomic.Bool

	mu   sync.Mutex
	keys []jose.JSONWebKey
}

func startRealm(t *testing.T, keys ...testKey) *realm {
	t.Helper()
	r := &realm{}
	r.publish(keys...)
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.URL.Path != "/realms/test/protocol/openid-connect/certs" {
			http.NotFound(w, req)
			return
		}
		r.fetches.Add(1)
		if r.down.Load() {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		r.mu.Lock()
		set := jose.JSONWebKeySet{Keys: r.keys}
		r.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(set)
	}))
	t.Cleanup(r.srv.Close)
	r.issuer = r.srv.URL + "/realms/test"
	return r
}

// publish replaces the served key set.
func (r *realm) publish(keys ...testKey) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.keys = nil
	for _, k := range keys {
		r.keys = append(r.keys, k.public())
	}
}

func (r *realm) verifier(clock *clocktest.Clock) *auth.Verifier {
	return auth.NewVerifier(r.issuer, nil, clock.Now)
}

// token signs a valid access token of this realm with key, naming kid in its header.
func (r *realm) token(t testing.TB, key testKey, kid string) string {
	return key.sign(t, kid, accessClaims(r.issuer))
}

// verifyAll verifies every token concurrently and returns the errors.
func verifyAll(v *auth.Verifier, tokens []string) []error {
	errs := make([]error, len(tokens))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = v.Verify(context.Background(), tok)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

func TestVerifierFetchesTheKeysOnceAndCachesThem(t *testing.T) {
	r := startRealm(t, keyNamed("current"))
	v := r.verifier(newFakeClock())
	require.Zero(t, r.fetches.Load(), "keys are fetched lazily")

	for range 5 {
		c, err := v.Verify(context.Background(), r.token(t, keyNamed("current"), "current"))
		require.NoError(t, err)
		require.Equal(t, "user-1", c.Subject)
	}
	c, err := v.Verify(context.Background(), r.token(t, keyNamed("current"), ""))
	require.NoError(t, err, "a token without kid is tried against each key")
	require.Equal(t, "alice", c.PreferredUsername)
	require.EqualValues(t, 1, r.fetches.Load())
}

// forgery builds a token that must be refused: right issuer, wrong signature.
type forgery struct {
	name string
	make func(t testing.TB, r *realm) string
	// refetches: whether, once the window has passed, the forgery may cause one more fetch (its kid is unknown).
	refetches bool
}

var forgeries = []forgery{
	{"unknown kid", func(t testing.TB, r *realm) string {
		return r.token(t, keyNamed("forger"), "forged-"+uuid.NewString())
	}, true},
	{"known kid, bad signature", func(t testing.TB, r *realm) string {
		return r.token(t, keyNamed("forger"), "current")
	}, false},
	{"known kid, tampered payload", func(t testing.TB, r *realm) string {
		parts := strings.Split(r.token(t, keyNamed("current"), "current"), ".")
		claims := accessClaims(r.issuer)
		claims["sub"] = "admin"
		payload, _ := json.Marshal(claims)
		return parts[0] + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + parts[2]
	}, false},
	{"no kid, bad signature", func(t testing.TB, r *realm) string {
		return r.token(t, keyNamed("forger"), "")
	}, false},
}

// TestForgedTokensDoNotHammerTheProvider: 200 concurrent forgeries cost at most one JWKS fetch, cold or warm; a
// bad signature under a known kid never refetches; and a genuine token still verifies.
func TestForgedTokensDoNotHammerTheProvider(t *testing.T) {
	for _, f := range forgeries {
		t.Run(f.name, func(t *testing.T) {
			t.Parallel()
			r := startRealm(t, keyNamed("current"))
			clock := newFakeClock()
			v := r.verifier(clock)
			forged := func() []string {
				tokens := make([]string, 200)
				for i := range tokens {
					tokens[i] = f.make(t, r)
				}
				return tokens
			}

			for _, err := range verifyAll(v, forged()) {
				require.ErrorIs(t, err, auth.ErrTokenInvalid)
			}
			require.EqualValues(t, 1, r.fetches.Load(), "cold cache: one fetch for 200 forgeries")

			for _, err := range verifyAll(v, forged()) {
				require.ErrorIs(t, err, auth.ErrTokenInvalid)
			}
			require.EqualValues(t, 1, r.fetches.Load(), "within the window: no fetch")
			for range 20 { // one after another, so no fetch is in flight to share
				_, err := v.Verify(context.Background(), f.make(t, r))
				require.ErrorIs(t, err, auth.ErrTokenInvalid)
			}
			require.EqualValues(t, 1, r.fetches.Load(), "within the window: no fetch, even one forgery at a time")

			clock.Advance(refetchWindow)
			for _, err := range verifyAll(v, forged()) {
				require.ErrorIs(t, err, auth.ErrTokenInvalid)
			}
			want := int32(1)
			if f.refetches {
				want = 2
			}
			require.Equal(t, want, r.fetches.Load(), "after the window: one fetch for an unknown kid, none otherwise")

			_, err := v.Verify(context.Background(), r.token(t, keyNamed("current"), "current"))
			require.NoError(t, err, "a genuine token still verifies")
			require.Equal(t, want, r.fetches.Load())
		})
	}
}

// TestRotatedKeyIsPickedUpAfterTheWindow: a token signed by a newly published key is refused until 30 s have
// passed since the last fetch, then accepted after exactly one more fetch.
func TestRotatedKeyIsPickedUpAfterTheWindow(t *testing.T) {
	r := startRealm(t, keyNamed("current"))
	clock := newFakeClock()
	v := r.verifier(clock)
	_, err := v.Verify(context.Background(), r.token(t, keyNamed("current"), "current"))
	require.NoError(t, err)
	require.EqualValues(t, 1, r.fetches.Load())

	r.publish(keyNamed("current"), keyNamed("rotated"))
	rotated := r.token(t, keyNamed("rotated"), "rotated")
	clock.Advance(refetchWindow - time.Second)
	_, err = v.Verify(context.Background(), rotated)
	require.ErrorIs(t, err, auth.ErrTokenInvalid, "within the window the new kid is unknown")
	require.EqualValues(t, 1, r.fetches.Load(), "and no fetch was made")

	clock.Advance(time.Second)
	_, err = v.Verify(context.Background(), rotated)
	require.NoError(t, err, "30 s after the last fetch, the new kid is fetched")
	require.EqualValues(t, 2, r.fetches.Load())

	for _, kid := range []string{"rotated", "current"} {
		_, err = v.Verify(context.Background(), r.token(t, keyNamed(kid), kid))
		require.NoError(t, err, kid)
	}
	_, err = v.Verify(context.Background(), r.token(t, keyNamed("forger"), "another-new-kid"))
	require.ErrorIs(t, err, auth.ErrTokenInvalid)
	require.EqualValues(t, 2, r.fetches.Load(), "the window restarted with the last fetch")
}

// TestKeyFetchFailureIsTheProvidersFault: keys that cannot be fetched give ErrIdentityProvider, not an invalid
// token; retries are rate-limited too, every 2 s until a first key set arrives.
func TestKeyFetchFailureIsTheProvidersFault(t *testing.T) {
	t.Run("provider answers an error", func(t *testing.T) {
		r := startRealm(t, keyNamed("current"))
		r.down.Store(true)
		clock := newFakeClock()
		v := r.verifier(clock)
		tokens := make([]string, 200)
		for i := range tokens {
			tokens[i] = r.token(t, keyNamed("current"), "current")
		}
		for _, err := range verifyAll(v, tokens) {
			require.ErrorIs(t, err, auth.ErrIdentityProvider)
			require.NotErrorIs(t, err, auth.ErrTokenInvalid)
		}
		require.EqualValues(t, 1, r.fetches.Load(), "one fetch for 200 requests")

		r.down.Store(false)
		clock.Advance(retryWindow - time.Second)
		_, err := v.Verify(context.Background(), tokens[0])
		require.ErrorIs(t, err, auth.ErrIdentityProvider, "no retry within 2 s")
		require.EqualValues(t, 1, r.fetches.Load())

		clock.Advance(time.Second)
		_, err = v.Verify(context.Background(), tokens[0])
		require.NoError(t, err, "retried 2 s after the failure: a start-up blip does not lock JWTs out for 30 s")
		require.EqualValues(t, 2, r.fetches.Load())
	})

	t.Run("provider unreachable", func(t *testing.T) {
		r := startRealm(t, keyNamed("current"))
		token := r.token(t, keyNamed("current"), "current")
		v := r.verifier(newFakeClock())
		r.srv.Close() // connection refused on loopback
		_, err := v.Verify(context.Background(), token)
		require.ErrorIs(t, err, auth.ErrIdentityProvider)
	})

	t.Run("refetch fails after a success", func(t *testing.T) {
		r := startRealm(t, keyNamed("current"))
		clock := newFakeClock()
		v := r.verifier(clock)
		_, err := v.Verify(context.Background(), r.token(t, keyNamed("current"), "current"))
		require.NoError(t, err)

		r.down.Store(true)
		clock.Advance(refetchWindow)
		_, err = v.Verify(context.Background(), r.token(t, keyNamed("rotated"), "rotated"))
		require.ErrorIs(t, err, auth.ErrIdentityProvider, "the new kid could not be looked up")
		_, err = v.Verify(context.Background(), r.token(t, keyNamed("current"), "current"))
		require.NoError(t, err, "known keys keep working through the outage")
		require.EqualValues(t, 2, r.fetches.Load())
	})
}

// TestVerifierRefusesWithoutFetching: tokens refused before any key is needed never reach the provider.
func TestVerifierRefusesWithoutFetching(t *testing.T) {
	r := startRealm(t, keyNamed("current"))
	v := r.verifier(newFakeClock())
	other := accessClaims("https://elsewhere.example/realms/test")
	hs256, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: []byte("0123456789abcdef0123456789abcdef")}, nil)
	require.NoError(t, err)
	payload, _ := json.Marshal(accessClaims(r.issuer))
	symmetric, err := hs256.Sign(payload)
	require.NoError(t, err)
	symmetricRaw, err := symmetric.CompactSerialize()
	require.NoError(t, err)
	unsigned := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." +
		base64.RawURLEncoding.EncodeToString(payload) + "."

	cases := []struct {
		name  string
		token string
		want  error
	}{
		{"wrong issuer", keyNamed("current").sign(t, "current", other), auth.ErrInvalidIssuer},
		{"not a JWT", "not.a.jwt", auth.ErrTokenInvalid},
		{"HS256", symmetricRaw, auth.ErrTokenInvalid},
		{"alg none", unsigned, auth.ErrTokenInvalid},
	}
	for _, c := range cases {
		_, err := v.Verify(context.Background(), c.token)
		require.ErrorIs(t, err, c.want, c.name)
	}
	require.Zero(t, r.fetches.Load())
}
