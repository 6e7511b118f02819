package app_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/go-jose/go-jose/v4"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
)

// TestForgedJWTsDoNotHammerTheIdentityProvider: 200 bearer JWTs with the realm's issuer but a bad signature or an
// unknown kid, sent at once to an authenticated route of a running Bodhi, then 20 more one at a time, are all 401,
// and the identity provider sees at most 2 fetches of its keys in the whole test; a genuine session and a genuine
// app token keep working.
func TestForgedJWTsDoNotHammerTheIdentityProvider(t *testing.T) {
	forger, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	for _, hosted := range []bool{true, false} {
		t.Run(map[bool]string{true: "hosted", false: "standalone"}[hosted], func(t *testing.T) {
			t.Parallel()
			// The failed-authentication limits would answer 429 to a flood from one address: lift them, this
			// test is about the identity provider.
			d := startDeployment(t, hosted, 0, "BODHI_AUTH_FAIL_LIMIT_ADDR=1000000",
				"BODHI_AUTH_FAIL_LIMIT_ORG=1000000")
			alice := loggedIn(t, d, "acme", "alice")
			genuine := appToken(t, d.idp, "bob", "openid profile scope_user_user scope_resource-bodhi-acme")
			r := bearer(t, d, "acme", genuine).Do(http.MethodGet, "/v1/models", nil)
			require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)

			forged := make([]string, 200)
			for i := range forged {
				if i%2 == 0 {
					forged[i] = tamperedPayload(t, genuine)
				} else {
					forged[i] = signedByStranger(t, forger, genuine)
				}
			}
			statuses, codes := sendBearers(t, d.bodhi.Host("acme"), "/v1/models", forged)
			for i := range forged {
				require.Equal(t, http.StatusUnauthorized, statuses[i], "forgery %d", i)
				require.Equal(t, "token_error-invalid_token", codes[i], "forgery %d", i)
			}
			require.LessOrEqual(t, d.idp.Stats().JWKSFetches, 2, "JWKS fetches seen by the identity provider")

			// Then one at a time, so no fetch is in flight for a forgery to share.
			for i := range 20 {
				token := tamperedPayload(t, genuine)
				if i%2 == 1 {
					token = signedByStranger(t, forger, genuine)
				}
				r := bearer(t, d, "acme", token).Do(http.MethodGet, "/v1/models", nil)
				require.Equal(t, "token_error-invalid_token", r.ErrorCode(t))
			}
			require.LessOrEqual(t, d.idp.Stats().JWKSFetches, 2, "JWKS fetches after forgeries one at a time")

			r = alice.Do(http.MethodGet, "/bodhi/v1/user", nil)
			require.Equal(t, "logged_in", r.JSON(t)["auth_status"], "the session still works: %s", r.Body)
			r = bearer(t, d, "acme", genuine).Do(http.MethodGet, "/v1/models", nil)
			require.Equal(t, http.StatusOK, r.Status, "the app token still works: %s", r.Body)
			require.LessOrEqual(t, d.idp.Stats().JWKSFetches, 2)
		})
	}
}

// jwtParts splits a compact JWT and decodes its header and payload.
func jwtParts(t *testing.T, token string) (header, claims map[string]any, parts []string) {
	t.Helper()
	parts = strings.Split(token, ".")
	require.Len(t, parts, 3)
	require.NoError(t, json.Unmarshal(decodeSegment(t, parts[0]), &header))
	require.NoError(t, json.Unmarshal(decodeSegment(t, parts[1]), &claims))
	return header, claims, parts
}

// tamperedPayload keeps the genuine header (the realm's kid) and signature over a changed payload: a bad
// signature under a known kid.
func tamperedPayload(t *testing.T, genuine string) string {
	t.Helper()
	_, claims, parts := jwtParts(t, genuine)
	claims["jti"] = uuid.NewString()
	payload, err := json.Marshal(claims)
	require.NoError(t, err)
	return parts[0] + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + parts[2]
}

// signedByStranger signs the genuine claims with another key under a kid the realm never published.
func signedByStranger(t *testing.T, key *rsa.PrivateKey, genuine string) string {
	t.Helper()
	_, claims, _ := jwtParts(t, genuine)
	claims["jti"] = uuid.NewString()
	payload, err := json.Marshal(claims)
	require.NoError(t, err)
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256,
		Key: jose.JSONWebKey{Key: key, KeyID: "forged-" + uuid.NewString()}}, (&jose.SignerOptions{}).WithType("JWT"))
	require.NoError(t, err)
	jws, err := signer.Sign(payload)
	require.NoError(t, err)
	raw, err := jws.CompactSerialize()
	require.NoError(t, err)
	return raw
}

// sendBearers sends GET path with each token at once and returns each answer's status and error code. It does
// not call require off the test goroutine.
func sendBearers(t *testing.T, host, path string, tokens []string) (statuses []int, codes []string) {
	t.Helper()
	client := apptest.HTTPClient()
	statuses, codes = make([]int, len(tokens)), make([]string, len(tokens))
	errs := make([]error, len(tokens))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, token := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			statuses[i], codes[i], errs[i] = getWithBearer(client, "http://"+host+path, token)
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "request %d", i)
	}
	return statuses, codes
}

func getWithBearer(client *http.Client, url, token string) (status int, code string, err error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, "", err
	}
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &e); err != nil {
		return resp.StatusCode, "", fmt.Errorf("status %d, body %s: %w", resp.StatusCode, body, err)
	}
	return resp.StatusCode, e.Error.Code, nil
}
