package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/db"
)

// API token format (auth.md §7.1): "bodhiapp_" + base64url(32 random bytes), 52 characters; the first 17 are the
// stored, indexed prefix.
const (
	APITokenPrefix       = "bodhiapp_"
	apiTokenLength       = 52
	apiTokenPrefixLength = 17
	apiTokenCacheTTL     = 60 * time.Second
	createAttempts       = 3
)

// IsAPIToken reports whether a bearer value is meant as a Bodhi API token (else it is an external JWT).
func IsAPIToken(bearer string) bool { return strings.HasPrefix(bearer, APITokenPrefix) }

// HashToken is the stored form of a token: lowercase hex SHA-256 of the whole string.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func newAPIToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generate API token: %w", err)
	}
	return APITokenPrefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// APITokenKey is the cache key of a token row (runtime.md §6.6).
func APITokenKey(orgID, prefix string) string { return "apitoken:" + orgID + ":" + prefix }

// APITokens creates and verifies personal API tokens. Verified rows are cached, so a warm authenticated request
// needs no database query; every status change invalidates the row on every replica.
type APITokens struct {
	store db.TokenRepository
	cache cache.Cache
	rows  *cache.Near[cachedToken]
}

// NewAPITokens wires the token repository and the shared cache; opts tune the in-process copy of the rows
// (cache.ServeStale).
func NewAPITokens(store db.TokenRepository, c cache.Cache, now func() time.Time, opts ...cache.NearOption) *APITokens {
	return &APITokens{store: store, cache: c, rows: cache.NewNear[cachedToken](c, apiTokenCacheTTL, now, opts...)}
}

// Create inserts a new active token for userID in orgID and returns the full token, which is never stored.
func (a *APITokens) Create(ctx context.Context, orgID, userID, name string, scope Level) (string, db.APIToken, error) {
	for attempt := 0; attempt < createAttempts; attempt++ {
		token, err := newAPIToken()
		if err != nil {
			return "", db.APIToken{}, err
		}
		row, err := a.store.CreateAPIToken(ctx, orgID, db.APIToken{
			UserID: userID, Name: name, TokenPrefix: token[:apiTokenPrefixLength], TokenHash: HashToken(token),
			Scopes: scope.TokenScope(), Status: db.TokenActive,
		})
		if db.IsConflict(err, db.UqAPITokensOrgPrefix) {
			continue // a prefix collision in this org: draw another token
		}
		if err != nil {
			return "", db.APIToken{}, fmt.Errorf("create API token: %w", err)
		}
		return token, row, nil
	}
	return "", db.APIToken{}, fmt.Errorf("create API token: %d prefix collisions", createAttempts)
}

// Update changes a token's name and status and invalidates its cached row everywhere.
func (a *APITokens) Update(ctx context.Context, orgID, userID, id, name, status string) (db.APIToken, error) {
	row, err := a.store.UpdateAPIToken(ctx, orgID, userID, id, name, status)
	if err != nil {
		return db.APIToken{}, err
	}
	// The write has committed; a failed broadcast leaves the 60 s TTL as the bound.
	_ = a.cache.Invalidate(ctx, APITokenKey(orgID, row.TokenPrefix))
	return row, nil
}

// List returns a page of userID's tokens in orgID, newest first, and their total.
func (a *APITokens) List(ctx context.Context, orgID, userID string, page db.Page) ([]db.APIToken, int64, error) {
	rows, total, err := a.store.ListAPITokens(ctx, orgID, userID, page)
	if err != nil {
		return nil, 0, fmt.Errorf("list API tokens: %w", err)
	}
	return rows, total, nil
}

// DeactivateUser sets every active token of userID in orgID inactive (a user removed from the org) and drops the
// org's cached token rows on every replica, so none of them authenticates anywhere once this returns. An error after
// the deactivation committed is the failed broadcast: the 60 s TTL is then the bound.
func (a *APITokens) DeactivateUser(ctx context.Context, orgID, userID string) (int64, error) {
	n, err := a.store.DeactivateUserAPITokens(ctx, orgID, userID)
	if err != nil {
		return 0, fmt.Errorf("deactivate the API tokens of user %s: %w", userID, err)
	}
	// The rows are cached by prefix, which this update does not return: drop the org's whole token namespace.
	if err := a.cache.InvalidatePrefix(ctx, APITokenKey(orgID, "")); err != nil {
		return n, fmt.Errorf("invalidate the cached tokens of org %s: %w", orgID, err)
	}
	return n, nil
}

// cachedToken is a token row as cached: what verification needs, nothing more.
type cachedToken struct {
	ID     string `json:"id"`
	UserID string `json:"user_id"`
	Hash   string `json:"token_hash"`
	Scopes string `json:"scopes"`
	Status string `json:"status"`
}

// Verify authenticates token in orgID (auth.md §7.2). The lookup is by (org, prefix), so a token of one org never
// authenticates in another.
func (a *APITokens) Verify(ctx context.Context, orgID, token string) (Identity, error) {
	if !wellFormed(token) {
		return Identity{}, ErrTokenInvalid
	}
	prefix := token[:apiTokenPrefixLength]
	row, found, err := a.rows.Get(ctx, APITokenKey(orgID, prefix), func(ctx context.Context) (cachedToken, bool, error) {
		dbRow, err := a.store.GetAPITokenByPrefix(ctx, orgID, prefix)
		if errors.Is(err, db.ErrNotFound) {
			return cachedToken{}, false, nil // not cached: a new token works on every replica at once
		}
		if err != nil {
			return cachedToken{}, false, fmt.Errorf("load API token: %w", err)
		}
		return cachedToken{ID: dbRow.ID, UserID: dbRow.UserID, Hash: dbRow.TokenHash, Scopes: dbRow.Scopes,
			Status: dbRow.Status}, true, nil
	})
	if err != nil {
		return Identity{}, err
	}
	if !found {
		return Identity{}, ErrTokenInvalid
	}
	return row.verify(token)
}

// VerifyCached authenticates token from process memory alone: ok only when its row is held in the near cache and
// the token is valid against it. It never reads the shared cache or the database, so the failed-authentication
// limit can let such a token through without consulting its (shared) counters. ok=false proves nothing: the
// caller goes on with Verify.
func (a *APITokens) VerifyCached(orgID, token string) (Identity, bool) {
	if !wellFormed(token) {
		return Identity{}, false
	}
	row, found := a.rows.Peek(APITokenKey(orgID, token[:apiTokenPrefixLength]))
	if !found {
		return Identity{}, false
	}
	id, err := row.verify(token)
	return id, err == nil
}

func wellFormed(token string) bool { return len(token) >= apiTokenPrefixLength && len(token) <= 256 }

// verify checks token against its row (auth.md §7.2 steps 3 to 6).
func (row cachedToken) verify(token string) (Identity, error) {
	if subtle.ConstantTimeCompare([]byte(HashToken(token)), []byte(row.Hash)) != 1 {
		return Identity{}, ErrTokenInvalid
	}
	if row.Status != db.TokenActive {
		return Identity{}, ErrTokenInactive
	}
	scope := ParseTokenScope(row.Scopes)
	if scope == LevelNone {
		return Identity{}, ErrTokenInvalid
	}
	return Identity{Kind: KindAPIToken, TokenScope: scope, AccessToken: token, TokenID: row.ID,
		TokenOwnerID: row.UserID}, nil
}
