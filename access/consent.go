package access

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/toolsets"
)

// Third-party app consent: an app asks for access to an org, a signed-in user of the org reviews the request and
// approves or denies it (http-api.md §11).

// The two ways an app hands its user to the consent page and back.
const (
	FlowRedirect = "redirect"
	FlowPopup    = "popup"
)

const (
	// consentLifetime is how long a draft waits for its review.
	consentLifetime = 10 * time.Minute
	// appInfoTimeout bounds each identity-provider lookup of an app: the review and the redirect check wait on it.
	appInfoTimeout = 2 * time.Second
)

// Requested is what an app asks for, as the request's requested column and the review show it.
type Requested struct {
	ToolsetTypes []ToolsetTypeRef `json:"toolset_types"`
}

// ToolsetTypeRef names one requested toolset type.
type ToolsetTypeRef struct {
	ToolsetType string `json:"toolset_type"`
}

// AppRequest is an app's access request (http-api.md §11.1). An empty RedirectURL means none was sent.
type AppRequest struct {
	AppClientID string
	FlowType    string
	RedirectURL string
	Requested   Requested
}

// RequestAppAccess files an app's access request in org. A request for no toolsets is approved at once with the
// org's service account; any other waits, as a draft, for a user's review on the consent page. It returns the
// stored request.
func (s *Service) RequestAppAccess(ctx context.Context, org *auth.OrgContext, in AppRequest) (db.AppAccessRequest, error) {
	if err := s.checkAppRequest(ctx, org, in); err != nil {
		return db.AppAccessRequest{}, err
	}
	if in.Requested.ToolsetTypes == nil {
		in.Requested.ToolsetTypes = []ToolsetTypeRef{}
	}
	requested, err := json.Marshal(in.Requested)
	if err != nil {
		return db.AppAccessRequest{}, fmt.Errorf("encode the requested toolsets: %w", err)
	}
	row := db.AppAccessRequest{ID: uuid.NewString(), AppClientID: in.AppClientID, FlowType: in.FlowType,
		Status: db.AppAccessDraft, Requested: string(requested), ExpiresAt: s.now().Add(consentLifetime)}
	if in.FlowType == FlowRedirect {
		redirect := withRequestID(in.RedirectURL, row.ID)
		row.RedirectURI = &redirect
	}
	if len(in.Requested.ToolsetTypes) == 0 {
		scope, err := s.grantAppAccess(ctx, org, in.AppClientID)
		if err != nil {
			return db.AppAccessRequest{}, err
		}
		row.Status, row.ResourceScope = db.AppAccessApproved, &scope
	}
	stored, err := s.store.CreateAppAccessRequest(ctx, org.OrgID, row)
	if err != nil {
		return db.AppAccessRequest{}, storeFailure("store app access request", err)
	}
	return stored, nil
}

// checkAppRequest applies http-api.md §11.1's rules to in, the redirect URL's registration last (it asks the
// identity provider).
func (s *Service) checkAppRequest(ctx context.Context, org *auth.OrgContext, in AppRequest) error {
	if in.FlowType != FlowRedirect && in.FlowType != FlowPopup {
		return ErrInvalidFlowType
	}
	if in.FlowType == FlowRedirect {
		if in.RedirectURL == "" {
			return ErrMissingRedirectURL
		}
		if _, ok := webRedirectURL(in.RedirectURL); !ok {
			return ErrInvalidRedirectURL
		}
	}
	for _, t := range in.Requested.ToolsetTypes {
		if _, ok := toolsets.Lookup(t.ToolsetType); !ok {
			return unknownToolsetType(t.ToolsetType)
		}
	}
	if in.FlowType == FlowRedirect {
		return s.checkRegisteredRedirect(ctx, org, in.AppClientID, in.RedirectURL)
	}
	return nil
}

// checkRegisteredRedirect applies the app client's registered redirect URIs to redirect, where the identity
// provider lists them (asked with the org's service account: a public request has no user). A provider that does
// not know the app, or will not say, leaves the web-URL rule alone in force; an unreachable one fails the request.
func (s *Service) checkRegisteredRedirect(ctx context.Context, org *auth.OrgContext, appClientID, redirect string) error {
	sa, err := s.idp.ServiceAccountToken(ctx, org.KCClientID, org.ClientSecret)
	if err != nil {
		return idpFailure(ErrIdentityProvider, "service-account token to look up app "+appClientID, err)
	}
	info, err := s.idp.AppInfo(ctx, sa, appClientID, appInfoTimeout)
	switch {
	case err == nil:
		if len(info.RedirectURIs) > 0 && !registeredRedirect(redirect, info.RedirectURIs) {
			return ErrInvalidRedirectURL
		}
		return nil
	case auth.Withheld(err):
		return nil
	default:
		return idpFailure(ErrIdentityProvider, "look up the redirect URIs of app "+appClientID, err)
	}
}

// grantAppAccess records at the identity provider, with the org's service account, that the app may target the
// org's client, and returns the resource scope to grant (the auto-approval of §11.1).
func (s *Service) grantAppAccess(ctx context.Context, org *auth.OrgContext, appClientID string) (string, error) {
	sa, err := s.idp.ServiceAccountToken(ctx, org.KCClientID, org.ClientSecret)
	if err != nil {
		return "", idpFailure(ErrIdentityProvider, "service-account token to auto-approve app "+appClientID, err)
	}
	scope, err := s.idp.AppsRequestAccess(ctx, sa, appClientID)
	if err != nil {
		return "", idpFailure(ErrIdentityProvider, "auto-approve app "+appClientID, err)
	}
	return scope, nil
}

// AppRequestStatus is the app's poll of its request id in orgID: only the app that filed it (appClientID) sees it.
func (s *Service) AppRequestStatus(ctx context.Context, orgID, id, appClientID string) (db.AppAccessRequest, error) {
	r, err := s.loadAppRequest(ctx, orgID, id)
	if err != nil {
		return r, err
	}
	if r.AppClientID != appClientID {
		return db.AppAccessRequest{}, ErrRequestNotFound
	}
	return r, nil
}

// loadAppRequest loads request id of orgID; a draft past its time is expired.
func (s *Service) loadAppRequest(ctx context.Context, orgID, id string) (db.AppAccessRequest, error) {
	r, err := s.store.GetAppAccessRequest(ctx, orgID, id)
	switch {
	case errors.Is(err, db.ErrNotFound):
		return r, ErrRequestNotFound
	case err != nil:
		return r, storeFailure("load app access request", err)
	case r.Status == db.AppAccessDraft && !s.now().Before(r.ExpiresAt):
		return r, ErrExpired
	}
	return r, nil
}

// loadDraft is loadAppRequest for a decision: the request must still be a draft.
func (s *Service) loadDraft(ctx context.Context, orgID, id string) (db.AppAccessRequest, error) {
	r, err := s.loadAppRequest(ctx, orgID, id)
	if err == nil && r.Status != db.AppAccessDraft {
		return r, ErrAlreadyProcessed
	}
	return r, err
}
