package access

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/toolsets"
)

// The reviewer's side of app consent (http-api.md §11.3 to §11.5).

// Review is what the consent page shows its reviewer.
type Review struct {
	Request   db.AppAccessRequest
	Requested Requested
	Tools     []ToolInfo
}

// ToolInfo is one requested toolset type: its registry name and description, and the reviewer's instances of it
// in the org.
type ToolInfo struct {
	ToolsetType string
	Name        string
	Description string
	Instances   []db.Toolset
}

// ReviewAppRequest loads request id of orgID for reviewer. The app's name and description are asked of the
// identity provider once, best effort, and kept on the request.
func (s *Service) ReviewAppRequest(ctx context.Context, orgID, id string, reviewer auth.Identity) (Review, error) {
	r, err := s.loadAppRequest(ctx, orgID, id)
	if err != nil {
		return Review{}, err
	}
	if r.AppName == nil {
		r = s.describeApp(ctx, orgID, r, reviewer.AccessToken)
	}
	var requested Requested
	_ = json.Unmarshal([]byte(r.Requested), &requested) // written by RequestAppAccess; a bad row shows no toolsets
	if requested.ToolsetTypes == nil {
		requested.ToolsetTypes = []ToolsetTypeRef{}
	}
	tools := make([]ToolInfo, 0, len(requested.ToolsetTypes))
	for _, t := range requested.ToolsetTypes {
		instances, err := s.store.ListToolsetsByType(ctx, orgID, reviewer.UserID, t.ToolsetType)
		if err != nil {
			return Review{}, storeFailure("list toolset instances", err)
		}
		def, _ := toolsets.Lookup(t.ToolsetType)
		tools = append(tools, ToolInfo{ToolsetType: t.ToolsetType, Name: def.Name, Description: def.Description,
			Instances: instances})
	}
	return Review{Request: r, Requested: requested, Tools: tools}, nil
}

// describeApp fills in the app's name and description from the identity provider and stores them. Failures leave
// r as it was: the page shows the client id instead.
func (s *Service) describeApp(ctx context.Context, orgID string, r db.AppAccessRequest, token string) db.AppAccessRequest {
	infoCtx, cancel := context.WithTimeout(ctx, appInfoTimeout)
	info, err := s.idp.AppInfo(infoCtx, token, r.AppClientID, appInfoTimeout)
	cancel()
	if err != nil {
		return r
	}
	r.AppName, r.AppDescription = &info.Name, &info.Description
	if updated, err := s.store.UpdateAppAccessRequest(ctx, orgID, r); err == nil {
		return updated
	}
	return r
}

// toolApproved is the status of an approved entry of toolsets.Approved.
const toolApproved = "approved"

// Decision is a reviewed request and where the consent page sends the browser back.
type Decision struct {
	Request db.AppAccessRequest
	// RedirectURL is the stored return address of a redirect flow, only when it is a web URL: a row from before
	// the rule existed may hold a script URL, which is never handed to the browser. Empty otherwise.
	RedirectURL string
}

func decisionOn(r db.AppAccessRequest) Decision {
	d := Decision{Request: r}
	if r.FlowType == FlowRedirect && r.RedirectURI != nil {
		if _, ok := webRedirectURL(*r.RedirectURI); ok {
			d.RedirectURL = *r.RedirectURI
		}
	}
	return d
}

// ApproveAppRequest records approver's consent to draft id of orgID, approval being the answer per requested toolset
// type (stored as sent): it checks each approved instance, claims the
// draft, registers the consent at the identity provider with approver's token and stores the scopes it mints. A
// request the provider already knows ends failed (a 200 with status failed); any other provider failure releases
// the claim, so the request can be approved again.
func (s *Service) ApproveAppRequest(ctx context.Context, orgID, id string, approval toolsets.Approved, approver auth.Identity) (Decision, error) {
	r, err := s.loadDraft(ctx, orgID, id)
	if err != nil {
		return Decision{}, err
	}
	var lines []string
	for _, t := range approval.ToolsetTypes {
		if t.Status != toolApproved {
			continue
		}
		if err := s.checkApprovedInstance(ctx, orgID, approver.UserID, t); err != nil {
			return Decision{}, err
		}
		lines = append(lines, "- "+t.ToolsetType)
	}
	approved, err := json.Marshal(approval)
	if err != nil {
		return Decision{}, fmt.Errorf("encode the approval: %w", err)
	}
	won, err := s.store.ClaimAppAccessRequest(ctx, orgID, r.ID, string(approved), approver.UserID)
	if err != nil {
		return Decision{}, storeFailure("approve app access request", err)
	}
	if !won {
		return Decision{}, ErrAlreadyProcessed
	}
	scopes, err := s.idp.UsersRequestAccess(ctx, approver.AccessToken, r.AppClientID, r.ID, strings.Join(lines, "\n"))
	switch {
	case auth.Conflicted(err):
		return s.failClaimed(ctx, orgID, r.ID)
	case err != nil:
		s.undo(ctx, "release app access request "+r.ID, func(ctx context.Context) error {
			return s.store.ReleaseAppAccessRequest(ctx, orgID, r.ID)
		})
		return Decision{}, idpFailure(ErrRegistrationFailed, "register the consent to app access request "+r.ID, err)
	}
	r, err = s.store.GetAppAccessRequest(ctx, orgID, r.ID)
	if err == nil {
		r.ResourceScope, r.AccessRequestScope = &scopes.Scope, &scopes.AccessRequestScope
		r, err = s.store.UpdateAppAccessRequest(ctx, orgID, r)
	}
	if err != nil {
		return Decision{}, storeFailure("store consent scopes", err)
	}
	return decisionOn(r), nil
}

// failClaimed ends a claimed request whose id the identity provider already knew (§11.4 rule 6): it cannot be
// registered again, and is not released for another try.
func (s *Service) failClaimed(ctx context.Context, orgID, id string) (Decision, error) {
	r, err := s.store.GetAppAccessRequest(ctx, orgID, id)
	if err == nil {
		msg := "the identity provider already knows this access request"
		r.Status, r.ErrorMessage = db.AppAccessFailed, &msg
		r, err = s.store.UpdateAppAccessRequest(ctx, orgID, r)
	}
	if err != nil {
		return Decision{}, storeFailure("mark app access request failed", err)
	}
	return decisionOn(r), nil
}

// checkApprovedInstance applies §11.4 rule 2 to one approved toolset entry: the instance is userID's in orgID, of
// the entry's type, enabled and with a key.
func (s *Service) checkApprovedInstance(ctx context.Context, orgID, userID string, t toolsets.ApprovedToolset) error {
	if t.InstanceID == nil || *t.InstanceID == "" {
		return ErrInstanceRequired
	}
	inst, err := s.store.GetToolset(ctx, orgID, userID, *t.InstanceID)
	switch {
	case errors.Is(err, db.ErrNotFound):
		return ErrInstanceNotOwned
	case err != nil:
		return storeFailure("load toolset instance", err)
	case inst.ToolsetType != t.ToolsetType:
		return ErrToolTypeMismatch
	case !inst.Enabled || inst.EncryptedAPIKey == nil:
		return ErrInstanceNotConfigured
	}
	return nil
}

// DenyAppRequest refuses draft id of orgID on reviewer's word.
func (s *Service) DenyAppRequest(ctx context.Context, orgID, id string, reviewer auth.Identity) (Decision, error) {
	r, err := s.loadDraft(ctx, orgID, id)
	if err != nil {
		return Decision{}, err
	}
	won, err := s.store.DenyAppAccessRequest(ctx, orgID, r.ID, reviewer.UserID)
	if err != nil {
		return Decision{}, storeFailure("deny app access request", err)
	}
	if !won {
		return Decision{}, ErrAlreadyProcessed
	}
	r.Status, r.UserID = db.AppAccessDenied, &reviewer.UserID
	return decisionOn(r), nil
}
