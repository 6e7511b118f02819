package session

import (
	"context"
	"fmt"
	"maps"
	"net/http"

	"github.com/bodhiapp/bodhi/db"
)

// Session is one request's browser session for one org. It is not safe for concurrent use (neither is the
// request). Writes stay in memory until Save (or Rotate); Save before the response is written, as it may set the
// cookie. It is the auth.SessionState the refresh path works on.
type Session struct {
	svc    *Service
	w      http.ResponseWriter
	orgID  string
	id     string // the row id; "" while the session has no row
	values map[string]string
	dirty  bool
}

// Exists reports whether the session has a row (for its org).
func (h *Session) Exists() bool { return h.id != "" }

// RowID is the session's database id (the SHA-256 hex of its cookie), "" while it has no row. It names the
// refresh lock refresh:<org_id>:<row id> (auth.md §6).
func (h *Session) RowID() string { return h.id }

// Get returns the value of key, "" when unset.
func (h *Session) Get(key string) string { return h.values[key] }

// Set sets key to value.
func (h *Session) Set(key, value string) {
	h.values[key] = value
	h.dirty = true
}

// Delete removes key.
func (h *Session) Delete(key string) {
	if _, ok := h.values[key]; ok {
		delete(h.values, key)
		h.dirty = true
	}
}

// Save writes the changes, if any: an upsert of the row (expiry now + 14 days), or, for a session without a row
// that now holds data, a new row and a new cookie. A session without a row and without data stays without both.
func (h *Session) Save(ctx context.Context) error {
	if !h.dirty {
		return nil
	}
	if h.id == "" {
		if len(h.values) == 0 {
			h.dirty = false
			return nil
		}
		return h.Rotate(ctx)
	}
	if _, err := h.svc.store.Save(ctx, h.record(h.id)); err != nil {
		return err
	}
	h.dirty = false
	return nil
}

// Reload replaces the values with the row as stored now, discarding unsaved changes. The refresh path calls it
// under its lock (auth.md §6), as another request or replica may have refreshed the tokens. A row that has gone
// (logout elsewhere, expiry, "log out everywhere") leaves the session empty and without a row, so a later Save
// cannot bring the login back.
func (h *Session) Reload(ctx context.Context) error {
	if h.id == "" {
		return nil
	}
	rec, err := h.svc.read(ctx, h.orgID, h.id)
	if err != nil {
		return err
	}
	if rec == nil {
		h.reset()
		return nil
	}
	h.fill(rec)
	return nil
}

// Rotate stores the current values under a new cookie value and row id, sends the new cookie and deletes the old
// row (auth.md §4.2). Pending changes are saved with it.
func (h *Session) Rotate(ctx context.Context) error {
	if h.orgID == "" {
		return ErrNoOrg
	}
	value, id := newCookieValue()
	if _, err := h.svc.store.Save(ctx, h.record(id)); err != nil {
		return err
	}
	h.svc.cookie.set(h.w, value)
	old := h.id
	h.id, h.dirty = id, false
	if old != "" {
		if err := h.svc.store.Delete(ctx, old); err != nil {
			return fmt.Errorf("rotate session: delete the old row: %w", err)
		}
	}
	return nil
}

// Destroy deletes the row, if the session has one, and expires the cookie (Max-Age=0). The session is then new
// and empty.
func (h *Session) Destroy(ctx context.Context) error {
	if h.id != "" {
		if err := h.svc.store.Delete(ctx, h.id); err != nil {
			return err
		}
	}
	h.svc.cookie.expire(h.w)
	h.reset()
	return nil
}

func (h *Session) record(id string) db.SessionRecord {
	return db.SessionRecord{ID: id, OrgID: h.orgID, Data: maps.Clone(h.values)}
}

func (h *Session) fill(rec *db.SessionRecord) {
	h.id, h.dirty = rec.ID, false
	h.values = maps.Clone(rec.Data)
	if h.values == nil {
		h.values = map[string]string{}
	}
}

func (h *Session) reset() {
	h.id, h.dirty = "", false
	h.values = map[string]string{}
}
