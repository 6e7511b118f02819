package server

import (
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/publicurl"
)

type membership struct {
	OrgID       string  `json:"org_id"`
	Slug        string  `json:"slug"`
	DisplayName string  `json:"display_name"`
	Role        *string `json:"role"`
	URL         string  `json:"url"`
}

// userMemberships lists the orgs the logged-in user can switch to (auth.md §13).
func (s *Server) userMemberships(c *gin.Context) {
	ctx := c.Request.Context()
	current, _ := Org(ctx)
	id := Identity(ctx)
	// The session token was verified by this request's authentication step.
	claims, err := auth.VerifiedClaims(id.AccessToken)
	if err != nil {
		s.internal(c, "read session claims", err)
		return
	}
	entry := func(org *auth.OrgContext) membership {
		m := membership{OrgID: org.OrgID, Slug: org.Slug, DisplayName: org.DisplayName,
			URL: publicurl.OrgBase(s.deps.Config, c.Request.Host, org.Slug) + "/ui/chat"}
		if level, _, _ := claims.RoleFor(org.KCClientID); level != auth.LevelNone {
			role := level.Role()
			m.Role = &role
		}
		return m
	}
	out := []membership{entry(current)}
	if s.deps.Config.MultiTenant {
		seen := map[string]bool{current.Slug: true}
		for _, slug := range claims.Organizations() {
			if seen[slug] || !auth.ValidSlug(slug) {
				continue
			}
			seen[slug] = true
			org, err := s.deps.Orgs.Resolve(ctx, slug) // the org cache: no query once warm
			if err != nil || org.Status != db.OrgActive {
				continue
			}
			out = append(out, entry(org))
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return strings.ToLower(out[i].DisplayName) < strings.ToLower(out[j].DisplayName)
	})
	c.JSON(http.StatusOK, out)
}
