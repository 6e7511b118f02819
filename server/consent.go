package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/bodhiapp/bodhi/audit"
	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/publicurl"
	"github.com/bodhiapp/bodhi/toolsets"
)

// Third-party app consent (http-api.md §11).

const (
	consentLifetime = 10 * time.Minute
	appInfoTimeout  = 2 * time.Second
	flowRedirect    = "redirect"
	flowPopup       = "popup"
)

var (
	errAppRequestNotFound = NewError(TypeNotFound, "access_request_error-request_not_found", "The access request was not found.")
	errAppRequestExpired  = NewError(TypeNotFound, "access_request_error-expired", "The access request has expired.")
)

type toolsetTypeRef struct {
	ToolsetType string `json:"toolset_type"`
}

type requestedTools struct {
	ToolsetTypes []toolsetTypeRef `json:"toolset_types"`
}

func knownToolsetType(t string) bool {
	_, ok := toolsets.Lookup(t)
	return ok
}

// appRequestAccess files an app's access request; with no toolsets requested it is approved at once.
func (s *Server) appRequestAccess(c *gin.Context) {
	var body struct {
		AppClientID *string         `json:"app_client_id"`
		FlowType    *string         `json:"flow_type"`
		RedirectURL *string         `json:"redirect_url"`
		Requested   *requestedTools `json:"requested"`
	}
	if !s.bindJSON(c, &body, false) {
		return
	}
	if body.AppClientID == nil || *body.AppClientID == "" {
		WriteError(c, jsonRejection("missing field 'app_client_id'"))
		return
	}
	if body.FlowType == nil || (*body.FlowType != flowRedirect && *body.FlowType != flowPopup) {
		WriteError(c, NewError(TypeInvalidRequest, "app_access_request_error-invalid_flow_type",
			"flow_type must be redirect or popup."))
		return
	}
	var redirect *string
	if *body.FlowType == flowRedirect {
		if body.RedirectURL == nil || *body.RedirectURL == "" {
			WriteError(c, NewError(TypeInvalidRequest, "app_access_request_error-missing_redirect_url",
				"redirect_url is required for the redirect flow."))
			return
		}
		if _, ok := webRedirectURL(*body.RedirectURL); !ok {
			WriteError(c, errInvalidRedirectURL)
			return
		}
		redirect = body.RedirectURL
	}
	requested := requestedTools{ToolsetTypes: []toolsetTypeRef{}}
	if body.Requested != nil && body.Requested.ToolsetTypes != nil {
		requested = *body.Requested
	}
	for _, t := range requested.ToolsetTypes {
		if !knownToolsetType(t.ToolsetType) {
			WriteError(c, NewError(TypeInvalidRequest, "app_access_request_error-invalid_toolset_type",
				"Unknown toolset type '"+t.ToolsetType+"'."))
			return
		}
	}
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	if redirect != nil {
		if apiErr := s.checkRegisteredRedirect(ctx, org, *body.AppClientID, *redirect); apiErr != nil {
			WriteError(c, apiErr)
			return
		}
	}
	id := uuid.NewString()
	if redirect != nil {
		withID := withRequestID(*redirect, id)
		redirect = &withID
	}
	requestedJSON, _ := json.Marshal(requested)
	row := db.AppAccessRequest{ID: id, AppClientID: *body.AppClientID, FlowType: *body.FlowType, RedirectURI: redirect,
		Status: db.AppAccessDraft, Requested: string(requestedJSON), ExpiresAt: time.Now().Add(consentLifetime)}

	if len(requested.ToolsetTypes) == 0 {
		sa, err := s.deps.Auth.IdP.ServiceAccountToken(ctx, org.KCClientID, org.ClientSecret)
		var scope string
		if err == nil {
			scope, err = s.deps.Auth.IdP.AppsRequestAccess(ctx, sa, *body.AppClientID)
		}
		if err != nil {
			s.deps.Logger.Error("auto-approve app access", "app", *body.AppClientID, "err", err)
			WriteError(c, errIdP)
			return
		}
		row.Status, row.ResourceScope = db.AppAccessApproved, &scope
		if _, err := s.deps.Store.CreateAppAccessRequest(ctx, org.OrgID, row); err != nil {
			s.dbFailure(c, "store app access request", err)
			return
		}
		c.JSON(http.StatusCreated, gin.H{"status": db.AppAccessApproved, "id": id, "resource_scope": scope})
		return
	}
	if _, err := s.deps.Store.CreateAppAccessRequest(ctx, org.OrgID, row); err != nil {
		s.dbFailure(c, "store app access request", err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"status": db.AppAccessDraft, "id": id,
		"review_url": publicurl.OrgBase(s.deps.Config, c.Request.Host, org.Slug) + "/ui/apps/access-requests/review?id=" + id})
}

// loadAppRequest loads a request of this org, answering not found, and expired for a draft past its time.
func (s *Server) loadAppRequest(c *gin.Context) (db.AppAccessRequest, bool) {
	ctx := c.Request.Context()
	r, err := s.deps.Store.GetAppAccessRequest(ctx, OrgID(ctx), c.Param("id"))
	if errors.Is(err, db.ErrNotFound) {
		WriteError(c, errAppRequestNotFound)
		return r, false
	}
	if err != nil {
		s.dbFailure(c, "load app access request", err)
		return r, false
	}
	if r.Status == db.AppAccessDraft && !time.Now().Before(r.ExpiresAt) {
		WriteError(c, errAppRequestExpired)
		return r, false
	}
	return r, true
}

// loadDraftAppRequest is loadAppRequest for a decision: the request must still be a draft.
func (s *Server) loadDraftAppRequest(c *gin.Context) (db.AppAccessRequest, bool) {
	r, ok := s.loadAppRequest(c)
	if ok && r.Status != db.AppAccessDraft {
		WriteError(c, errAlreadyProcessed)
		return r, false
	}
	return r, ok
}

// appRequestStatus is the app's poll (public): it must name its own client id.
func (s *Server) appRequestStatus(c *gin.Context) {
	r, ok := s.loadAppRequest(c)
	if !ok {
		return
	}
	if r.AppClientID != c.Query("app_client_id") {
		WriteError(c, errAppRequestNotFound)
		return
	}
	out := gin.H{"id": r.ID, "status": r.Status}
	if r.ResourceScope != nil {
		out["resource_scope"] = *r.ResourceScope
	}
	if r.AccessRequestScope != nil {
		out["access_request_scope"] = *r.AccessRequestScope
	}
	c.JSON(http.StatusOK, out)
}

// reviewAppRequest shows the consent page's data to the logged-in user.
func (s *Server) reviewAppRequest(c *gin.Context) {
	r, ok := s.loadAppRequest(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	caller := Identity(ctx)
	if r.AppName == nil {
		infoCtx, cancel := context.WithTimeout(ctx, appInfoTimeout)
		info, err := s.deps.Auth.IdP.AppInfo(infoCtx, caller.AccessToken, r.AppClientID, appInfoTimeout)
		cancel()
		if err == nil {
			r.AppName, r.AppDescription = &info.Name, &info.Description
			if updated, err := s.deps.Store.UpdateAppAccessRequest(ctx, OrgID(ctx), r); err == nil {
				r = updated
			}
		}
	}
	var requested requestedTools
	_ = json.Unmarshal([]byte(r.Requested), &requested)
	if requested.ToolsetTypes == nil {
		requested.ToolsetTypes = []toolsetTypeRef{}
	}
	info, ok := s.toolsInfo(c, caller.UserID, requested)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, gin.H{"id": r.ID, "app_client_id": r.AppClientID, "app_name": r.AppName,
		"app_description": r.AppDescription, "flow_type": r.FlowType, "status": r.Status, "requested": requested,
		"tools_info": info})
}

type approvedTool struct {
	ToolsetType string  `json:"toolset_type"`
	Status      string  `json:"status"`
	InstanceID  *string `json:"instance_id,omitempty"`
}

// approveAppRequest records the user's consent at the identity provider (http-api.md §11.4).
func (s *Server) approveAppRequest(c *gin.Context) {
	var body struct {
		Approved *struct {
			ToolsetTypes []approvedTool `json:"toolset_types"`
		} `json:"approved"`
	}
	if !s.bindJSON(c, &body, false) {
		return
	}
	if body.Approved == nil {
		WriteError(c, jsonRejection("missing field 'approved'"))
		return
	}
	r, ok := s.loadDraftAppRequest(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	caller, orgID := Identity(ctx), OrgID(ctx)
	var lines []string
	for _, t := range body.Approved.ToolsetTypes {
		if t.Status != "approved" {
			continue
		}
		if apiErr := s.checkApprovedInstance(ctx, orgID, caller.UserID, t); apiErr != nil {
			WriteError(c, apiErr)
			return
		}
		lines = append(lines, "- "+t.ToolsetType)
	}
	approvedJSON, _ := json.Marshal(body.Approved)
	won, err := s.deps.Store.ClaimAppAccessRequest(ctx, orgID, r.ID, string(approvedJSON), caller.UserID)
	if err != nil {
		s.dbFailure(c, "approve app access request", err)
		return
	}
	if !won {
		WriteError(c, errAlreadyProcessed)
		return
	}
	scopes, err := s.deps.Auth.IdP.UsersRequestAccess(ctx, caller.AccessToken, r.AppClientID, r.ID, strings.Join(lines, "\n"))
	switch {
	case auth.Status(err) == http.StatusConflict:
		r, _ = s.deps.Store.GetAppAccessRequest(ctx, orgID, r.ID)
		msg := "the identity provider already knows this access request"
		r.Status, r.ErrorMessage = db.AppAccessFailed, &msg
		if _, err := s.deps.Store.UpdateAppAccessRequest(ctx, orgID, r); err != nil {
			s.dbFailure(c, "mark app access request failed", err)
			return
		}
		c.JSON(http.StatusOK, consentOutcome(r))
		return
	case err != nil:
		s.deps.Logger.Error("register consent", "request", r.ID, "err", err)
		if rbErr := s.deps.Store.ReleaseAppAccessRequest(context.WithoutCancel(ctx), orgID, r.ID); rbErr != nil {
			s.deps.Logger.Error("release app access request", "request", r.ID, "err", rbErr)
		}
		WriteError(c, NewError(TypeInternal, "access_request_error-kc_registration_failed",
			"The consent could not be registered with the identity provider."))
		return
	}
	r, err = s.deps.Store.GetAppAccessRequest(ctx, orgID, r.ID)
	if err == nil {
		r.ResourceScope, r.AccessRequestScope = &scopes.Scope, &scopes.AccessRequestScope
		r, err = s.deps.Store.UpdateAppAccessRequest(ctx, orgID, r)
	}
	if err != nil {
		s.dbFailure(c, "store consent scopes", err)
		return
	}
	s.record(c, audit.AppAccessApprove, "app_access_request", r.ID, map[string]any{"app_client_id": r.AppClientID})
	c.JSON(http.StatusOK, consentOutcome(r))
}

// checkApprovedInstance applies §11.4 rule 2 to one approved toolset entry.
func (s *Server) checkApprovedInstance(ctx context.Context, orgID, userID string, t approvedTool) *APIError {
	if t.InstanceID == nil || *t.InstanceID == "" {
		return NewError(TypeInvalidRequest, "app_access_request_error-instance_required",
			"An approved toolset needs an instance_id.")
	}
	inst, err := s.deps.Store.GetToolset(ctx, orgID, userID, *t.InstanceID)
	if err != nil {
		return NewError(TypeForbidden, "app_access_request_error-tool_instance_not_owned",
			"The toolset instance is not yours.")
	}
	if inst.ToolsetType != t.ToolsetType {
		return NewError(TypeInvalidRequest, "app_access_request_error-tool_type_mismatch",
			"The instance is of another toolset type.")
	}
	if !inst.Enabled || inst.EncryptedAPIKey == nil {
		return NewError(TypeInvalidRequest, "app_access_request_error-tool_instance_not_configured",
			"The toolset instance is disabled or has no API key.")
	}
	return nil
}

func (s *Server) denyAppRequest(c *gin.Context) {
	r, ok := s.loadDraftAppRequest(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	won, err := s.deps.Store.DenyAppAccessRequest(ctx, OrgID(ctx), r.ID, Identity(ctx).UserID)
	if err != nil {
		s.dbFailure(c, "deny app access request", err)
		return
	}
	if !won {
		WriteError(c, errAlreadyProcessed)
		return
	}
	r.Status = db.AppAccessDenied
	s.record(c, audit.AppAccessDeny, "app_access_request", r.ID, map[string]any{"app_client_id": r.AppClientID})
	c.JSON(http.StatusOK, consentOutcome(r))
}

// consentOutcome is the answer to a decision. A stored redirect that is not a web URL (a row from before the rule
// existed) is never handed to the browser.
func consentOutcome(r db.AppAccessRequest) gin.H {
	out := gin.H{"status": r.Status, "flow_type": r.FlowType}
	if r.FlowType == flowRedirect && r.RedirectURI != nil {
		if _, ok := webRedirectURL(*r.RedirectURI); ok {
			out["redirect_url"] = *r.RedirectURI
		}
	}
	return out
}

// checkRegisteredRedirect applies the app client's registered redirect URIs to redirect_url, where the identity
// provider lists them (asked with the org's service account: a public request has no user). A provider that does
// not know the app, or will not say, leaves the web-URL rule alone in force; an unreachable one fails the request.
func (s *Server) checkRegisteredRedirect(ctx context.Context, org *auth.OrgContext, appClientID, redirect string) *APIError {
	sa, err := s.deps.Auth.IdP.ServiceAccountToken(ctx, org.KCClientID, org.ClientSecret)
	if err != nil {
		s.deps.Logger.Error("service-account token to look up an app", "app", appClientID, "err", err)
		return errIdP
	}
	info, err := s.deps.Auth.IdP.AppInfo(ctx, sa, appClientID, appInfoTimeout)
	switch status := auth.Status(err); {
	case err == nil:
		if len(info.RedirectURIs) > 0 && !registeredRedirect(redirect, info.RedirectURIs) {
			return errInvalidRedirectURL
		}
		return nil
	case status == http.StatusNotFound || status == http.StatusForbidden || status == http.StatusUnauthorized:
		return nil
	default:
		s.deps.Logger.Error("look up the app's redirect URIs", "app", appClientID, "err", err)
		return errIdP
	}
}
