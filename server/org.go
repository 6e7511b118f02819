package server

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/db"
)

// internalHeaderPrefix marks headers that only Bodhi's trusted proxy may set (auth.md §1 step 4).
const internalHeaderPrefix = "X-Bodhiapp-"

// trustedOrgKey holds the X-BodhiApp-Org value captured from a trusted proxy, before every such header is dropped.
const trustedOrgKey = "bodhi.trusted_org"

type orgContextKey struct{}

// Org returns the request's resolved org, if any.
func Org(ctx context.Context) (*auth.OrgContext, bool) {
	org, ok := ctx.Value(orgContextKey{}).(*auth.OrgContext)
	return org, ok && org != nil
}

// OrgID returns the request's org id. On an org-scoped route it is always set: an empty id is a programming
// error, and callers answer 500 rather than query without an org.
func OrgID(ctx context.Context) string {
	if org, ok := Org(ctx); ok {
		return org.OrgID
	}
	return ""
}

// WithOrg returns ctx carrying org.
func WithOrg(ctx context.Context, org *auth.OrgContext) context.Context {
	return context.WithValue(ctx, orgContextKey{}, org)
}

// headerHygiene captures X-BodhiApp-Org from a trusted proxy, then removes every X-BodhiApp-* header, so no
// client-supplied value can pass for server-computed data, here or upstream.
func headerHygiene(trusted *TrustedProxies) gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Request.Header
		if v := strings.TrimSpace(h.Get("X-BodhiApp-Org")); v != "" && trusted.Contains(c.Request.RemoteAddr) {
			c.Set(trustedOrgKey, strings.ToLower(v))
		}
		for name := range h {
			if strings.HasPrefix(http.CanonicalHeaderKey(name), internalHeaderPrefix) {
				delete(h, name)
			}
		}
		c.Next()
	}
}

// Org errors (auth.md §2.5).
var (
	errOrgMissing = NewError(TypeInvalidRequest, "org_error-missing",
		"No organization could be determined from the request host.")
	errOrgNotConfigured = NewError(TypeInvalidAppState, "org_error-not_configured",
		"Bodhi is not set up yet. Complete setup first.")
	errOrgSecrets = NewError(TypeInternal, "encryption_error-decrypt_failed",
		"Organization secrets could not be decrypted.")
)

func orgNotFound(slug string) *APIError {
	if slug == "" {
		return NewError(TypeNotFound, "org_error-not_found", "Organization not found.")
	}
	return NewError(TypeNotFound, "org_error-not_found", "Organization '"+slug+"' not found.")
}

func orgSuspended(slug string) *APIError {
	return NewError(TypeForbidden, "org_error-suspended", "Organization '"+slug+"' is suspended.")
}

// resolveOrg attaches the request's OrgContext, or answers with an org error (auth.md §1 step 6). With soft set, a
// standalone server that has no org yet lets the request through without one.
func (s *Server) resolveOrg(soft bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		org, apiErr := s.lookupOrg(c)
		switch {
		case apiErr == errOrgNotConfigured && soft:
			c.Next()
			return
		case apiErr != nil:
			WriteError(c, apiErr)
			return
		}
		c.Request = c.Request.WithContext(WithOrg(c.Request.Context(), org))
		c.Next()
	}
}

func (s *Server) lookupOrg(c *gin.Context) (*auth.OrgContext, *APIError) {
	ctx := c.Request.Context()
	var org *auth.OrgContext
	var err error
	slug := ""
	if !s.deps.Config.MultiTenant {
		org, err = s.deps.Orgs.Standalone(ctx)
	} else {
		candidate := c.GetString(trustedOrgKey)
		if candidate == "" {
			var ok bool
			if candidate, ok = auth.SlugFromHost(c.Request.Host, s.deps.Config.OrgDomain); !ok {
				return nil, errOrgMissing
			}
		}
		if !auth.ValidSlug(candidate) {
			// Never a lookup, a cache key or an echo with attacker-chosen text.
			return nil, orgNotFound("")
		}
		slug = candidate
		org, err = s.deps.Orgs.Resolve(ctx, slug)
	}
	switch {
	case errors.Is(err, auth.ErrOrgNotConfigured):
		return nil, errOrgNotConfigured
	case errors.Is(err, auth.ErrOrgNotFound):
		return nil, orgNotFound(slug)
	case errors.Is(err, auth.ErrOrgSecrets), errors.Is(err, crypto.ErrDecrypt):
		return nil, errOrgSecrets
	case err != nil:
		s.deps.Logger.Error("org resolution failed", "slug", slug, "err", err)
		return nil, unexpected(err, ErrInternal)
	}
	switch org.Status {
	case db.OrgActive:
		return org, nil
	case db.OrgSuspended:
		return nil, orgSuspended(org.Slug)
	default: // deleted: exactly as unknown
		return nil, orgNotFound(org.Slug)
	}
}

// currentOrg serves GET /bodhi/v1/orgs/current and /api/orgs/current (http-api.md §3.1): public fields only.
func (s *Server) currentOrg(c *gin.Context) {
	org, ok := Org(c.Request.Context())
	if !ok {
		WriteError(c, ErrInternal)
		return
	}
	c.JSON(http.StatusOK, gin.H{"org_id": org.OrgID, "slug": org.Slug, "display_name": org.DisplayName,
		"status": org.Status})
}
