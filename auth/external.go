package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/db"
)

// freshFor is how long a token must still be valid to be used as is (auth.md §6, §8).
const freshFor = 10 * time.Second

// ExternalTokenKey is the cache key of an exchanged external token: bound to the org and the whole token.
func ExternalTokenKey(orgID, token string) string {
	sum := sha256.Sum256([]byte(orgID + ":" + token))
	return "token:" + hex.EncodeToString(sum[:])
}

// exchangedEntry is what the cache keeps for an exchanged token (auth.md §8 step 11).
type exchangedEntry struct {
	OrgID           string  `json:"org_id"`
	ExchangedToken  string  `json:"exchanged_token"`
	Expires         int64   `json:"exp"`
	Azp             string  `json:"azp"`
	UserScope       Level   `json:"user_scope"`
	UserID          string  `json:"user_id"`
	Username        string  `json:"username"`
	FirstName       string  `json:"first_name"`
	LastName        string  `json:"last_name"`
	AccessRequestID *string `json:"access_request_id"`
}

func (e exchangedEntry) identity() Identity {
	return Identity{Kind: KindExternalApp, UserID: e.UserID, Username: e.Username, FirstName: e.FirstName,
		LastName: e.LastName, UserScope: e.UserScope, AccessToken: e.ExchangedToken, Azp: e.Azp,
		AccessRequestID: e.AccessRequestID}
}

// ExternalTokens authenticates third-party app tokens: verified, checked against the org's client, exchanged at
// the identity provider with the org's credentials, and cached by digest until the exchanged token expires.
type ExternalTokens struct {
	verifier *Verifier
	idp      *IdP
	cache    cache.Cache
	requests db.AppAccessRequestRepository
	now      func() time.Time
}

// NewExternalTokens wires the flow.
func NewExternalTokens(v *Verifier, idp *IdP, c cache.Cache, requests db.AppAccessRequestRepository, now func() time.Time) *ExternalTokens {
	return &ExternalTokens{verifier: v, idp: idp, cache: c, requests: requests, now: now}
}

// Authenticate runs auth.md §8 for raw in org.
func (x *ExternalTokens) Authenticate(ctx context.Context, org *OrgContext, raw string) (Identity, error) {
	claims, err := x.verifier.Verify(ctx, raw)
	if err != nil {
		return Identity{}, err
	}
	if !x.now().Before(claims.ExpiresAt()) {
		return Identity{}, ErrTokenExpired
	}
	if len(claims.Audience) == 0 {
		return Identity{}, ErrTokenInvalid
	}
	if !claims.HasAudience(org.KCClientID) {
		return Identity{}, ErrInvalidAudience
	}

	key := ExternalTokenKey(org.OrgID, raw)
	if e, ok, err := cache.GetJSON[exchangedEntry](ctx, x.cache, key); err == nil && ok && e.OrgID == org.OrgID &&
		x.now().Add(freshFor).Before(time.Unix(e.Expires, 0)) {
		return e.identity(), nil
	}

	var kept []string
	accessScope := ""
	hasUserScope := false
	for _, s := range claims.Scopes() {
		switch {
		case strings.HasPrefix(s, "scope_user_"):
			kept, hasUserScope = append(kept, s), true
		case strings.HasPrefix(s, "scope_access_request:"):
			kept, accessScope = append(kept, s), s
		}
	}
	if !hasUserScope {
		return Identity{}, ErrScopeEmpty
	}
	var request *db.AppAccessRequest
	if accessScope != "" {
		r, err := x.checkAccessRequest(ctx, org.OrgID, accessScope, claims)
		if err != nil {
			return Identity{}, err
		}
		request = &r
	}

	resp, err := x.idp.ExchangeToken(ctx, org.KCClientID, org.ClientSecret, raw,
		append(kept, "openid", "email", "profile", "roles"))
	if ClientError(err) {
		return Identity{}, ErrTokenInvalid
	}
	if err != nil {
		return Identity{}, err
	}
	exchanged, err := x.verifier.Verify(ctx, resp.AccessToken)
	if err != nil {
		return Identity{}, fmt.Errorf("verify exchanged token: %w", err)
	}
	if exchanged.Azp != org.KCClientID || !x.now().Before(exchanged.ExpiresAt()) {
		return Identity{}, ErrTokenInvalid
	}
	if request != nil && (exchanged.AccessRequestID == nil || *exchanged.AccessRequestID != request.ID) {
		return Identity{}, accessRequestRefusal("access_request_validation_error-access_request_id_mismatch")
	}
	scope := LevelNone
	for _, s := range exchanged.Scopes() {
		scope = max(scope, ParseUserScope(s))
	}
	if scope == LevelNone {
		return Identity{}, ErrScopeEmpty
	}
	entry := exchangedEntry{
		OrgID: org.OrgID, ExchangedToken: resp.AccessToken, Expires: exchanged.Expiry, Azp: claims.Azp,
		UserScope: scope, UserID: exchanged.Subject, Username: exchanged.PreferredUsername,
		FirstName: exchanged.GivenName, LastName: exchanged.FamilyName, AccessRequestID: exchanged.AccessRequestID,
	}
	if ttl := exchanged.ExpiresAt().Sub(x.now()); ttl > 0 {
		_ = cache.SetJSON(ctx, x.cache, key, entry, ttl)
	}
	return entry.identity(), nil
}

func (x *ExternalTokens) checkAccessRequest(ctx context.Context, orgID, scope string, claims *Claims) (db.AppAccessRequest, error) {
	r, err := x.requests.GetAppAccessRequestByScope(ctx, orgID, scope)
	switch {
	case errors.Is(err, db.ErrNotFound):
		return r, accessRequestRefusal("access_request_validation_error-scope_not_found")
	case err != nil:
		return r, fmt.Errorf("load app access request: %w", err)
	case r.Status != db.AppAccessApproved:
		return r, accessRequestRefusal("access_request_validation_error-not_approved")
	case r.AppClientID != claims.Azp:
		return r, accessRequestRefusal("access_request_validation_error-app_client_mismatch")
	case r.UserID == nil || *r.UserID != claims.Subject:
		return r, accessRequestRefusal("access_request_validation_error-user_mismatch")
	}
	return r, nil
}
