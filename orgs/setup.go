package orgs

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/db"
)

// Setup refusals (auth.md §12.1).
var (
	ErrAlreadySetUp = apperr.New(apperr.Invalid, "app_service_error-already_setup", "Bodhi is already set up.")
	ErrHostedSetup  = apperr.New(apperr.Invalid, "app_service_error-already_setup",
		"Organizations are provisioned by the platform in hosted mode.")
	ErrNameTooShort = apperr.New(apperr.Invalid, "app_service_error-server_name_too_short",
		"The server name must be at least 10 characters long.")
	// ErrIdentityProvider: the client could not be registered; the message names the provider and what to do,
	// since on a first run it is most often a machine without network or a wrong BODHI_AUTH_URL.
	ErrIdentityProvider = apperr.New(apperr.BadGateway, "app_service_error-identity_provider_failed",
		"The identity provider could not register this server.")
)

const (
	minServerName    = 10
	maxDisplayName   = 100
	defaultSetupSlug = "default"
	maxSlugLength    = 63
)

// Registrar registers the standalone server's client at the identity provider (auth.IdP).
type Registrar interface {
	RegisterResource(ctx context.Context, name, description string, redirectURIs []string) (clientID, secret string, err error)
	RealmURL() string
}

// Resolver is what setup tells about the org it created (auth.OrgResolver): it is the standalone org from now on,
// and any "no org yet" remembered anywhere is stale.
type Resolver interface {
	SetStandalone(slug string)
	Invalidate(ctx context.Context, orgID, slug string)
}

// Setup creates a standalone server's one org, with a client registered at the identity provider.
type Setup struct {
	store  db.DbService
	master crypto.Key
	idp    Registrar
	orgs   Resolver
	hosted bool
}

// NewSetup wires the standalone setup; hosted servers refuse it (their orgs come from `bodhi org create`).
func NewSetup(store db.DbService, master crypto.Key, idp Registrar, orgs Resolver, hosted bool) *Setup {
	return &Setup{store: store, master: master, idp: idp, orgs: orgs, hosted: hosted}
}

// Run names the server, registers its client with callbacks as redirect URIs, and creates the org.
func (s *Setup) Run(ctx context.Context, name, description string, callbacks []string) (db.Organization, error) {
	if s.hosted {
		return db.Organization{}, ErrHostedSetup
	}
	if utf8.RuneCountInString(name) < minServerName {
		return db.Organization{}, ErrNameTooShort
	}
	n, err := s.store.CountOrgs(ctx)
	if err != nil {
		return db.Organization{}, fmt.Errorf("count organizations: %w", err)
	}
	if n > 0 {
		return db.Organization{}, ErrAlreadySetUp // before registering a client nobody would use
	}
	clientID, secret, err := s.idp.RegisterResource(ctx, name, description, callbacks)
	if err != nil {
		return db.Organization{}, registrationFailed(s.idp.RealmURL(), err)
	}
	org, err := Create(ctx, s.store, s.master, CreateParams{Slug: SetupSlug(name),
		DisplayName: truncateRunes(name, maxDisplayName), ClientID: clientID, ClientSecret: secret, SingleOrg: true})
	if errors.Is(err, ErrStandaloneHasOrg) || errors.Is(err, ErrSlugExists) {
		return db.Organization{}, ErrAlreadySetUp.Because(err) // another setup won the race
	}
	if err != nil {
		return db.Organization{}, fmt.Errorf("create the standalone org: %w", err)
	}
	s.orgs.SetStandalone(org.Slug)
	s.orgs.Invalidate(ctx, org.ID, org.Slug)
	return org, nil
}

// registrationFailed is ErrIdentityProvider saying which provider failed, how, and what the user can do.
func registrationFailed(realmURL string, err error) *apperr.Error {
	var answer *auth.IdPError
	var msg string
	switch {
	case errors.As(err, &answer) && answer.Status < 500:
		msg = fmt.Sprintf("The identity provider at %s refused to register this server (%s). "+
			"Check BODHI_AUTH_URL and BODHI_AUTH_REALM", realmURL, answerText(answer))
	case answer != nil:
		msg = fmt.Sprintf("The identity provider at %s failed (%s). Try again in a moment, or check BODHI_AUTH_URL",
			realmURL, answerText(answer))
	default:
		cause := strings.TrimPrefix(err.Error(), auth.ErrIdentityProvider.Error()+": ")
		msg = fmt.Sprintf("The identity provider at %s could not be reached (%s). "+
			"Check this machine's network connection, or set BODHI_AUTH_URL to an identity provider it can reach",
			realmURL, cause)
	}
	msg += "; to try Bodhi without one, run `bodhi dev` (`make dev` in a checkout), which brings its own."
	return apperr.New(ErrIdentityProvider.Kind, ErrIdentityProvider.Code, msg).Because(err)
}

// answerText is the provider's error answer in a few words: its status, and its OAuth error when it sent one.
func answerText(e *auth.IdPError) string {
	text := fmt.Sprintf("HTTP %d", e.Status)
	if e.Code != "" {
		text += " " + e.Code
	}
	if e.Description != "" {
		text += ": " + e.Description
	}
	return text
}

var nonAlnumRun = regexp.MustCompile(`[^a-z0-9]+`)

// SetupSlug derives the org slug from the server name (auth.md §12.1 step 6).
func SetupSlug(name string) string {
	slug := strings.Trim(nonAlnumRun.ReplaceAllString(strings.ToLower(name), "-"), "-")
	if len(slug) > maxSlugLength {
		slug = strings.TrimRight(slug[:maxSlugLength], "-")
	}
	if ValidateSlug(slug) != nil {
		return defaultSetupSlug
	}
	return slug
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
