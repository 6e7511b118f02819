package server

import (
	"errors"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/orgs"
	"github.com/bodhiapp/bodhi/publicurl"
)

var errAlreadySetup = NewError(TypeInvalidRequest, "app_service_error-already_setup", "Bodhi is already set up.")

var nonAlnumRun = regexp.MustCompile(`[^a-z0-9]+`)

// setupSlug derives the org slug from the server name (auth.md §12.1 step 6).
func setupSlug(name string) string {
	slug := strings.Trim(nonAlnumRun.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if len(slug) > 63 {
		slug = strings.TrimRight(slug[:63], "-")
	}
	if orgs.ValidateSlug(slug) != nil {
		return "default"
	}
	return slug
}

// setup creates the standalone org with a client registered at the identity provider (auth.md §12.1).
func (s *Server) setup(c *gin.Context) {
	if s.deps.Config.MultiTenant {
		WriteError(c, NewError(TypeInvalidRequest, "app_service_error-already_setup",
			"Organizations are provisioned by the platform in hosted mode."))
		return
	}
	ctx := c.Request.Context()
	if _, ok := Org(ctx); ok {
		WriteError(c, errAlreadySetup)
		return
	}
	var body struct {
		Name        *string `json:"name"`
		Description *string `json:"description"`
	}
	if !s.bindJSON(c, &body, false) {
		return
	}
	if body.Name == nil {
		WriteError(c, jsonRejection("missing field 'name'"))
		return
	}
	if utf8.RuneCountInString(*body.Name) < 10 {
		WriteError(c, NewError(TypeInvalidRequest, "app_service_error-server_name_too_short",
			"The server name must be at least 10 characters long."))
		return
	}
	description := ""
	if body.Description != nil {
		description = *body.Description
	}
	clientID, secret, err := s.deps.Auth.IdP.RegisterResource(ctx, *body.Name, description,
		publicurl.StandaloneCallbacks(s.deps.Config, c.Request.Host))
	if err != nil {
		s.deps.Logger.Error("register the resource client", "err", err)
		WriteError(c, errIdP)
		return
	}
	org, err := orgs.Create(ctx, s.deps.Store, s.deps.MasterKey, orgs.CreateParams{
		Slug: setupSlug(*body.Name), DisplayName: truncateRunes(*body.Name, 100), ClientID: clientID,
		ClientSecret: secret, SingleOrg: true,
	})
	if errors.Is(err, orgs.ErrStandaloneHasOrg) || errors.Is(err, orgs.ErrSlugExists) {
		WriteError(c, errAlreadySetup)
		return
	}
	if err != nil {
		s.internal(c, "create the standalone org", err)
		return
	}
	s.deps.Orgs.SetStandalone(org.Slug)
	s.deps.Orgs.Invalidate(ctx, org.ID, org.Slug)
	c.JSON(http.StatusOK, gin.H{"status": AppStatusResourceAdmin})
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
