package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/db"
)

// Resolution errors. ErrOrgSecrets wraps crypto.ErrDecrypt.
var (
	ErrOrgNotFound      = errors.New("organization not found")
	ErrOrgNotConfigured = errors.New("no organization is set up yet")
	ErrOrgSecrets       = errors.New("organization secrets could not be decrypted")
)

// Lifetimes of the two cache tiers (auth.md §2.4).
const (
	localTTL         = 60 * time.Second
	notFoundTTL      = 10 * time.Second
	sharedTTLRedis   = 300 * time.Second
	sharedTTLMemory  = 60 * time.Second
	standaloneReread = 5 * time.Second
	cacheWarnEvery   = 10 * time.Second
	// While a reload fails, a caller holding an org past its lifetime waits at most stalePatience for it, and a
	// failed reload is retried at most every staleRetry (the same policy as cache.Near).
	stalePatience = 100 * time.Millisecond
	staleRetry    = time.Second
)

// OrgKey and OrgIDKey are the shared-cache keys of an org (runtime.md §6.6).
func OrgKey(slug string) string { return "org:" + slug }

// OrgIDKey is the shared-cache key of an org by id.
func OrgIDKey(id string) string { return "org:id:" + id }

// OrgStore is what the resolver reads from the database.
type OrgStore interface {
	GetOrgBySlug(ctx context.Context, slug string) (db.Organization, error)
	ListOrgs(ctx context.Context, status string) ([]db.Organization, error)
}

type localEntry struct {
	org     *OrgContext // nil: a "not found" marker
	expires time.Time
}

// OrgResolver finds orgs by slug through an in-process map of unsealed OrgContexts, then the shared cache (which
// holds rows sealed, as stored), then the database. Invalidations from any replica drop the in-process entries.
type OrgResolver struct {
	store     OrgStore
	cache     cache.Cache
	obs       cache.Observer
	master    crypto.Key
	now       func() time.Time
	log       *slog.Logger
	sharedTTL time.Duration

	mu    sync.RWMutex
	local map[string]localEntry

	flight       singleflight.Group
	lastCacheErr atomic.Int64 // unix nanos of the last logged shared-cache error

	// stale is how long past its lifetime a resolved org may still be served while reloading it fails (a stalled
	// database); failed holds, per slug, when its last reload failed.
	stale  time.Duration
	failed sync.Map

	// standalone: the single org's slug once known, and when the table was last read without finding one
	standaloneSlug atomic.Pointer[string]
	lastEmptyRead  atomic.Int64
}

// NewOrgResolver builds the resolver and subscribes it to cache invalidations. stale is how long past its lifetime
// a resolved org may still be served while reloading it fails (0: never; BODHI_CACHE_STALE_SECS).
func NewOrgResolver(store OrgStore, c cache.Cache, master crypto.Key, now func() time.Time, log *slog.Logger, stale time.Duration) *OrgResolver {
	r := &OrgResolver{store: store, cache: c, obs: cache.ObserverOf(c), master: master, now: now, log: log, local: map[string]localEntry{},
		sharedTTL: sharedTTLMemory, stale: stale}
	if c.Backend() == "redis" {
		r.sharedTTL = sharedTTLRedis
	}
	c.OnInvalidate(r.onInvalidate)
	return r
}

// Resolve returns the org with slug, whatever its status (callers check it). Errors: ErrOrgNotFound, ErrOrgSecrets,
// or a database error.
func (r *OrgResolver) Resolve(ctx context.Context, slug string) (*OrgContext, error) {
	now := r.now()
	r.mu.RLock()
	e, ok := r.local[slug]
	r.mu.RUnlock()
	// While invalidations cannot arrive (Redis down), a remembered org could hide a suspension: read through.
	coherent := ok && r.cache.Coherent()
	if coherent && now.Before(e.expires) {
		r.obs.Lookup(cache.TierNear, "org", true)
		if e.org == nil {
			return nil, ErrOrgNotFound
		}
		return e.org, nil
	}
	// An org past its lifetime stands in while its reload fails or hangs, within the stale window; an
	// invalidation removes the entry, so this never serves across one.
	var stale *OrgContext
	if coherent && e.org != nil && now.Before(e.expires.Add(r.stale)) {
		if at, failed := r.failed.Load(slug); failed && now.Sub(at.(time.Time)) < staleRetry {
			r.obs.Lookup(cache.TierNear, "org", true)
			return e.org, nil
		}
		stale = e.org
	}
	r.obs.Lookup(cache.TierNear, "org", false)
	// Concurrent misses for one slug share a single lookup.
	results := r.flight.DoChan(slug, func() (any, error) {
		org, err := r.load(context.WithoutCancel(ctx), slug)
		if err != nil && !errors.Is(err, ErrOrgNotFound) {
			r.failed.Store(slug, r.now())
		} else {
			r.failed.Delete(slug)
		}
		return org, err
	})
	var res singleflight.Result
	if stale == nil {
		res = <-results
	} else {
		patience := time.NewTimer(stalePatience)
		defer patience.Stop()
		select {
		case res = <-results:
		case <-patience.C: // the reload goes on; its result is kept when it comes
			return stale, nil
		}
		if res.Err != nil && !errors.Is(res.Err, ErrOrgNotFound) {
			return stale, nil
		}
	}
	if res.Err != nil {
		return nil, res.Err
	}
	return res.Val.(*OrgContext), nil
}

func (r *OrgResolver) load(ctx context.Context, slug string) (*OrgContext, error) {
	rec, found, err := cache.GetJSON[sealedOrg](ctx, r.cache, OrgKey(slug))
	if err != nil {
		r.warnCache("read", err)
	}
	if !found {
		row, err := r.store.GetOrgBySlug(ctx, slug)
		if errors.Is(err, db.ErrNotFound) {
			r.remember(slug, nil, notFoundTTL)
			return nil, ErrOrgNotFound
		}
		if err != nil {
			return nil, fmt.Errorf("load org %q: %w", slug, err)
		}
		rec = sealRecord(row)
		for _, key := range []string{OrgKey(row.Slug), OrgIDKey(row.ID)} {
			if err := cache.SetJSON(ctx, r.cache, key, rec, r.sharedTTL); err != nil {
				r.warnCache("write", err)
			}
		}
	}
	org, err := rec.unseal(r.master)
	if err != nil {
		r.log.Error("organization secrets cannot be decrypted", "org", slug, "err", err)
		return nil, fmt.Errorf("%w: %w", ErrOrgSecrets, err)
	}
	r.remember(slug, org, localTTL)
	return org, nil
}

func (r *OrgResolver) remember(slug string, org *OrgContext, ttl time.Duration) {
	r.mu.Lock()
	r.local[slug] = localEntry{org: org, expires: r.now().Add(ttl)}
	r.mu.Unlock()
}

// onInvalidate drops in-process entries covered by an invalidation: org:<slug>, org:id:<id>, a prefix, or "*".
func (r *OrgResolver) onInvalidate(pattern string) {
	base, isPrefix := strings.CutSuffix(pattern, "*")
	if !strings.HasPrefix(base, "org:") && !(isPrefix && strings.HasPrefix("org:", base)) {
		return // cannot cover an org key
	}
	r.mu.Lock()
	for slug, e := range r.local {
		if cache.Matches(pattern, OrgKey(slug)) || (e.org != nil && cache.Matches(pattern, OrgIDKey(e.org.OrgID))) {
			delete(r.local, slug)
		}
	}
	r.mu.Unlock()
	r.lastEmptyRead.Store(0) // an org may have just been created: let Standalone look again
}

// Standalone returns the single org of a standalone server (auth.md §2.2). While none exists it re-reads the table
// at most every 5 s, so an org created by `bodhi org create` is picked up without a restart.
func (r *OrgResolver) Standalone(ctx context.Context) (*OrgContext, error) {
	if slug := r.standaloneSlug.Load(); slug != nil {
		return r.Resolve(ctx, *slug)
	}
	now := r.now()
	if last := r.lastEmptyRead.Load(); last != 0 && now.Sub(time.Unix(0, last)) < standaloneReread {
		return nil, ErrOrgNotConfigured
	}
	all, err := r.store.ListOrgs(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("load the standalone org: %w", err)
	}
	if len(all) == 0 {
		r.lastEmptyRead.Store(now.UnixNano())
		return nil, ErrOrgNotConfigured
	}
	slug := all[0].Slug
	r.standaloneSlug.Store(&slug)
	return r.Resolve(ctx, slug)
}

// Invalidate drops the org's cached entries on every replica after its row changed (runtime.md §6.4): the shared
// cache's, and through the invalidation hook every resolver's in-process copy. It is best effort, for a change
// already committed: a failed broadcast is logged, and the copies left behind expire with their TTL.
func (r *OrgResolver) Invalidate(ctx context.Context, orgID, slug string) {
	if err := r.cache.Invalidate(ctx, OrgKey(slug), OrgIDKey(orgID)); err != nil {
		r.log.Warn("publish org invalidation", "org", slug, "err", err)
	}
}

// SetStandalone records the standalone org's slug once setup creates it.
func (r *OrgResolver) SetStandalone(slug string) { r.standaloneSlug.Store(&slug) }

func (r *OrgResolver) warnCache(op string, err error) {
	now := r.now().UnixNano()
	last := r.lastCacheErr.Load()
	if now-last < int64(cacheWarnEvery) || !r.lastCacheErr.CompareAndSwap(last, now) {
		return
	}
	r.log.Warn("shared cache unavailable; using the database", "op", op, "err", err)
}

// sealedOrg is an org row as the shared cache holds it: secrets still sealed by the master key (auth.md §2.4).
type sealedOrg struct {
	ID               string      `json:"id"`
	Slug             string      `json:"slug"`
	DisplayName      string      `json:"display_name"`
	KCClientID       string      `json:"kc_client_id"`
	Status           string      `json:"status"`
	FirstAdminUserID *string     `json:"first_admin_user_id"`
	UpdatedAt        time.Time   `json:"updated_at"`
	ClientSecret     sealedValue `json:"client_secret"`
	EncryptionKey    sealedValue `json:"encryption_key"`
}

type sealedValue struct {
	Ciphertext []byte `json:"ciphertext"` // base64 in JSON
	Nonce      []byte `json:"nonce"`
}

func sealRecord(o db.Organization) sealedOrg {
	return sealedOrg{
		ID: o.ID, Slug: o.Slug, DisplayName: o.DisplayName, KCClientID: o.KCClientID, Status: o.Status,
		FirstAdminUserID: o.FirstAdminUserID, UpdatedAt: o.UpdatedAt,
		ClientSecret:  sealedValue{Ciphertext: o.ClientSecret, Nonce: o.ClientSecretNonce},
		EncryptionKey: sealedValue{Ciphertext: o.EncryptionKey, Nonce: o.EncryptionKeyNonce},
	}
}

func (s sealedOrg) unseal(master crypto.Key) (*OrgContext, error) {
	secret, dataKey, err := crypto.OpenOrgSecrets(master, s.ID, s.ClientSecret.Ciphertext, s.ClientSecret.Nonce,
		s.EncryptionKey.Ciphertext, s.EncryptionKey.Nonce)
	if err != nil {
		return nil, fmt.Errorf("unseal org %q: %w", s.Slug, err)
	}
	return &OrgContext{
		OrgID: s.ID, Slug: s.Slug, DisplayName: s.DisplayName, KCClientID: s.KCClientID,
		ClientSecret: secret, DataKey: dataKey, Status: s.Status, FirstAdminUserID: s.FirstAdminUserID,
	}, nil
}
