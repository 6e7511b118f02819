package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Claims are the access-token claims Bodhi reads (auth.md §9, §16.6).
type Claims struct {
	Issuer            string                    `json:"iss"`
	Subject           string                    `json:"sub"`
	Audience          audience                  `json:"aud"`
	Azp               string                    `json:"azp"`
	Expiry            int64                     `json:"exp"`
	IssuedAt          int64                     `json:"iat"`
	JTI               string                    `json:"jti"`
	Typ               string                    `json:"typ"`
	Scope             string                    `json:"scope"`
	PreferredUsername string                    `json:"preferred_username"`
	GivenName         string                    `json:"given_name"`
	FamilyName        string                    `json:"family_name"`
	Email             string                    `json:"email"`
	ResourceAccess    map[string]resourceAccess `json:"resource_access"`
	Organization      json.RawMessage           `json:"organization"`
	AccessRequestID   *string                   `json:"access_request_id"`
}

type resourceAccess struct {
	Roles []string `json:"roles"`
}

// audience accepts the aud claim as a string or an array of strings.
type audience []string

func (a *audience) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*a = audience{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*a = many
	return nil
}

// HasAudience reports whether aud contains clientID.
func (c *Claims) HasAudience(clientID string) bool {
	for _, a := range c.Audience {
		if a == clientID {
			return true
		}
	}
	return false
}

// ExpiresAt is the exp claim as a time.
func (c *Claims) ExpiresAt() time.Time { return time.Unix(c.Expiry, 0) }

// Scopes splits the scope claim.
func (c *Claims) Scopes() []string { return strings.Fields(c.Scope) }

// RoleFor returns the caller's level on clientID from resource_access (auth.md §10.1): ok is false when the client
// key is absent (a role-less user); a present key without a recognised role is ErrInvalidRoleName.
func (c *Claims) RoleFor(clientID string) (Level, bool, error) {
	ra, ok := c.ResourceAccess[clientID]
	if !ok {
		return LevelNone, false, nil
	}
	if l := HighestRole(ra.Roles); l != LevelNone {
		return l, true, nil
	}
	return LevelNone, true, ErrInvalidRoleName
}

// Organizations reads the organization claim: an array of names, or an object whose keys are the names.
func (c *Claims) Organizations() []string {
	var list []string
	if json.Unmarshal(c.Organization, &list) == nil {
		return list
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(c.Organization, &obj) == nil {
		for k := range obj {
			list = append(list, k)
		}
	}
	return list
}

// Verifier checks JWTs against the realm's JWKS (RS256), its issuer and the token type (auth.md §9). Expiry is
// left to callers, which must tell "expired" from "invalid"; the client binding (azp or aud) too.
//
// It calls its key set directly rather than through go-oidc's IDTokenVerifier: that verifier formats the key
// set's error with %v, which loses the key-fetch failure that must become ErrIdentityProvider. The checks it would
// add are made anyway: one RS256 signature by the key set, the issuer by Verify.
type Verifier struct {
	issuer string
	keys   *remoteKeySet
}

// NewVerifier builds a verifier for the realm at issuer (BODHI_AUTH_URL/realms/REALM). Keys are fetched lazily
// and cached; an unknown kid refetches them at most once per 30 s (keyset.go). client supplies the transport
// (nil: the default one); now is the clock of that rate limit.
func NewVerifier(issuer string, client *http.Client, now func() time.Time) *Verifier {
	var transport http.RoundTripper
	if client != nil {
		transport = client.Transport
	}
	client = &http.Client{Transport: transport, Timeout: 10 * time.Second}
	return &Verifier{issuer: issuer, keys: newRemoteKeySet(issuer+"/protocol/openid-connect/certs", client, now)}
}

// Issuer is the expected iss.
func (v *Verifier) Issuer() string { return v.issuer }

// Verify checks raw and returns its claims. Errors: ErrInvalidIssuer, ErrIdentityProvider (the keys could not be
// fetched), ErrTokenInvalid (anything else). A token with another issuer is refused before any key is looked up.
func (v *Verifier) Verify(ctx context.Context, raw string) (*Claims, error) {
	unverified, err := peekClaims(raw)
	if err != nil {
		return nil, ErrTokenInvalid
	}
	if unverified.Issuer != v.issuer {
		return nil, ErrInvalidIssuer
	}
	payload, err := v.keys.VerifySignature(ctx, raw)
	if err != nil {
		var fe *keyFetchError
		if errors.As(err, &fe) {
			return nil, fmt.Errorf("%w: %v", ErrIdentityProvider, fe)
		}
		return nil, ErrTokenInvalid
	}
	var c Claims
	if err := json.Unmarshal(payload, &c); err != nil {
		return nil, ErrTokenInvalid
	}
	if c.Issuer != v.issuer || !strings.EqualFold(c.Typ, "Bearer") || c.Subject == "" || c.Azp == "" ||
		c.JTI == "" || c.Expiry == 0 || c.IssuedAt == 0 {
		return nil, ErrTokenInvalid
	}
	return &c, nil
}

// peekClaims decodes a JWT payload without verifying it (only to route issuer errors).
func peekClaims(raw string) (*Claims, error) {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return nil, errors.New("not a JWT")
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, err
	}
	var c Claims
	if err := json.Unmarshal(payload, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// VerifiedClaims decodes a token that the caller verified earlier in the same request (e.g. the session token
// after authentication). It does not verify anything: never use it on a token from a client.
func VerifiedClaims(raw string) (*Claims, error) { return peekClaims(raw) }
