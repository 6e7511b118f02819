package access_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/access"
	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/toolsets"
)

var exa = access.Requested{ToolsetTypes: []access.ToolsetTypeRef{{ToolsetType: toolsets.ExaSearch}}}

// draft files demo-app's redirect-flow request for the Exa toolset in acme.
func draft(t *testing.T, b *bundle) db.AppAccessRequest {
	t.Helper()
	r, err := b.svc.RequestAppAccess(context.Background(), b.acme, access.AppRequest{AppClientID: apptest.AppClientID,
		FlowType: access.FlowRedirect, RedirectURL: "http://localhost:9999/cb?x=1", Requested: exa})
	require.NoError(t, err)
	require.Equal(t, db.AppAccessDraft, r.Status)
	return r
}

func TestRequestAppAccess(t *testing.T) {
	forEachDialect(t, false, func(t *testing.T, b *bundle) {
		ctx := context.Background()
		redirect := func(app, url string) access.AppRequest {
			return access.AppRequest{AppClientID: app, FlowType: access.FlowRedirect, RedirectURL: url, Requested: exa}
		}
		for _, tt := range []struct {
			name string
			in   access.AppRequest
			want error
		}{
			{"unknown flow", access.AppRequest{AppClientID: apptest.AppClientID, FlowType: "sideways"}, access.ErrInvalidFlowType},
			{"no flow", access.AppRequest{AppClientID: apptest.AppClientID}, access.ErrInvalidFlowType},
			{"redirect flow without URL", redirect(apptest.AppClientID, ""), access.ErrMissingRedirectURL},
			{"script URL", redirect(apptest.AppClientID, "javascript:alert(1)"), access.ErrInvalidRedirectURL},
			{"URL with userinfo", redirect(apptest.AppClientID, "http://localhost@evil.example/cb"), access.ErrInvalidRedirectURL},
			{"URL not registered for the app", redirect(apptest.AppClientID, "https://evil.example/cb"), access.ErrInvalidRedirectURL},
			{"unknown toolset type", access.AppRequest{AppClientID: apptest.AppClientID, FlowType: access.FlowPopup,
				Requested: access.Requested{ToolsetTypes: []access.ToolsetTypeRef{{ToolsetType: "builtin-nope"}}}},
				access.ErrInvalidToolsetType},
			{"registered URL", redirect(apptest.AppClientID, "http://localhost:9999/cb"), nil},
			{"any web URL of an app that registered none", redirect(apptest.BareAppClientID, "https://bare.example/r"), nil},
			{"any web URL of an app the provider does not know", redirect("unknown-app", "https://x.example/r"), nil},
			{"popup", access.AppRequest{AppClientID: apptest.AppClientID, FlowType: access.FlowPopup, Requested: exa}, nil},
		} {
			_, err := b.svc.RequestAppAccess(ctx, b.acme, tt.in)
			requireOutcome(t, tt.want, err, tt.name)
		}
		_, err := b.svc.RequestAppAccess(ctx, b.acme, access.AppRequest{AppClientID: "a", FlowType: access.FlowPopup,
			Requested: access.Requested{ToolsetTypes: []access.ToolsetTypeRef{{ToolsetType: "builtin-nope"}}}})
		require.ErrorContains(t, err, "Unknown toolset type 'builtin-nope'.")

		r := draft(t, b)
		require.Equal(t, "http://localhost:9999/cb?x=1&id="+r.ID, *r.RedirectURI, "the id is appended to the app's URL")
		require.Nil(t, r.ResourceScope)
		require.JSONEq(t, `{"toolset_types":[{"toolset_type":"builtin-exa-search"}]}`, r.Requested)
		require.WithinDuration(t, b.clock.Now().Add(10*time.Minute), r.ExpiresAt, time.Minute)
	})
}

// A request for no toolsets is approved at once with the org's service account.
func TestRequestAppAccessAutoApproval(t *testing.T) {
	forEachDialect(t, false, func(t *testing.T, b *bundle) {
		ctx := context.Background()
		popup := access.AppRequest{AppClientID: apptest.AppClientID, FlowType: access.FlowPopup}
		r, err := b.svc.RequestAppAccess(ctx, b.acme, popup)
		require.NoError(t, err)
		require.Equal(t, db.AppAccessApproved, r.Status)
		require.Equal(t, "scope_resource-bodhi-acme", *r.ResourceScope)
		require.Nil(t, r.RedirectURI)
		require.JSONEq(t, `{"toolset_types":[]}`, r.Requested)
		stored, err := b.svc.AppRequestStatus(ctx, b.acme.OrgID, r.ID, apptest.AppClientID)
		require.NoError(t, err)
		require.Equal(t, db.AppAccessApproved, stored.Status)

		b.idp.SetDown(true)
		defer b.idp.SetDown(false)
		for name, in := range map[string]access.AppRequest{
			"auto-approval":  popup,
			"redirect check": {AppClientID: apptest.AppClientID, FlowType: access.FlowRedirect, RedirectURL: "http://localhost:9/cb", Requested: exa},
		} {
			_, err := b.svc.RequestAppAccess(ctx, b.acme, in)
			requireOutcome(t, access.ErrIdentityProvider, err, name)
		}
	})
}

func TestAppRequestStatus(t *testing.T) {
	forEachDialect(t, false, func(t *testing.T, b *bundle) {
		ctx := context.Background()
		r := draft(t, b)
		for _, tt := range []struct {
			name, orgID, id, app string
			want                 error
		}{
			{"the app's own request", b.acme.OrgID, r.ID, apptest.AppClientID, nil},
			{"another app", b.acme.OrgID, r.ID, "other-app", access.ErrRequestNotFound},
			{"unknown id", b.acme.OrgID, uuid.NewString(), apptest.AppClientID, access.ErrRequestNotFound},
			{"another org", b.globex.OrgID, r.ID, apptest.AppClientID, access.ErrRequestNotFound},
		} {
			_, err := b.svc.AppRequestStatus(ctx, tt.orgID, tt.id, tt.app)
			requireOutcome(t, tt.want, err, tt.name)
		}
		b.clock.Advance(10 * time.Minute)
		_, err := b.svc.AppRequestStatus(ctx, b.acme.OrgID, r.ID, apptest.AppClientID)
		requireOutcome(t, access.ErrExpired, err, "a draft past its time")
	})
}

// instance stores a toolset instance of userID in acme.
func instance(t *testing.T, b *bundle, userID, typ string, enabled, keyed bool) string {
	t.Helper()
	row := db.Toolset{UserID: userID, ToolsetType: typ, Slug: "i-" + uuid.NewString()[:8], Enabled: enabled}
	if keyed {
		row.EncryptedAPIKey, row.Nonce = []byte("sealed"), make([]byte, 12)
	}
	stored, err := b.store.CreateToolset(context.Background(), b.acme.OrgID, row)
	require.NoError(t, err)
	return stored.ID
}

func TestReviewAppRequest(t *testing.T) {
	forEachDialect(t, false, func(t *testing.T, b *bundle) {
		ctx := context.Background()
		bob := b.session(t, "bob")
		mine := instance(t, b, bob.UserID, toolsets.ExaSearch, true, true)
		instance(t, b, b.userID(t, "carol"), toolsets.ExaSearch, true, true)

		unnamed := draft(t, b)
		b.idp.SetDown(true)
		review, err := b.svc.ReviewAppRequest(ctx, b.acme.OrgID, unnamed.ID, bob)
		b.idp.SetDown(false)
		require.NoError(t, err, "the app's name is best effort")
		require.Nil(t, review.Request.AppName)

		review, err = b.svc.ReviewAppRequest(ctx, b.acme.OrgID, unnamed.ID, bob)
		require.NoError(t, err)
		require.Equal(t, "Demo App", *review.Request.AppName)
		stored, err := b.store.GetAppAccessRequest(ctx, b.acme.OrgID, unnamed.ID)
		require.NoError(t, err)
		require.Equal(t, "Demo App", *stored.AppName, "kept on the request")
		require.Equal(t, exa, review.Requested)
		require.Len(t, review.Tools, 1)
		require.Equal(t, "Exa Web Search", review.Tools[0].Name)
		require.Len(t, review.Tools[0].Instances, 1, "only the reviewer's instances")
		require.Equal(t, mine, review.Tools[0].Instances[0].ID)

		for _, tt := range []struct {
			name, orgID, id string
			want            error
		}{
			{"unknown id", b.acme.OrgID, uuid.NewString(), access.ErrRequestNotFound},
			{"another org", b.globex.OrgID, unnamed.ID, access.ErrRequestNotFound},
		} {
			_, err := b.svc.ReviewAppRequest(ctx, tt.orgID, tt.id, bob)
			requireOutcome(t, tt.want, err, tt.name)
		}
		b.clock.Advance(11 * time.Minute)
		_, err = b.svc.ReviewAppRequest(ctx, b.acme.OrgID, unnamed.ID, bob)
		requireOutcome(t, access.ErrExpired, err)
	})
}

func approving(instanceID *string) toolsets.Approved {
	return toolsets.Approved{ToolsetTypes: []toolsets.ApprovedToolset{
		{ToolsetType: toolsets.ExaSearch, Status: "approved", InstanceID: instanceID}}}
}

func TestApproveAppRequest(t *testing.T) {
	forEachDialect(t, false, func(t *testing.T, b *bundle) {
		ctx := context.Background()
		bob := b.session(t, "bob")
		ref := func(id string) *string { return &id }
		ready := instance(t, b, bob.UserID, toolsets.ExaSearch, true, true)
		r := draft(t, b)
		approve := func(a toolsets.Approved) error {
			_, err := b.svc.ApproveAppRequest(ctx, b.acme.OrgID, r.ID, a, bob)
			return err
		}
		for _, tt := range []struct {
			name     string
			approval toolsets.Approved
			want     error
		}{
			{"no instance", approving(nil), access.ErrInstanceRequired},
			{"empty instance", approving(ref("")), access.ErrInstanceRequired},
			{"unknown instance", approving(ref(uuid.NewString())), access.ErrInstanceNotOwned},
			{"another user's instance", approving(ref(instance(t, b, b.userID(t, "carol"), toolsets.ExaSearch, true, true))),
				access.ErrInstanceNotOwned},
			{"another type", approving(ref(instance(t, b, bob.UserID, "builtin-other", true, true))), access.ErrToolTypeMismatch},
			{"disabled", approving(ref(instance(t, b, bob.UserID, toolsets.ExaSearch, false, true))), access.ErrInstanceNotConfigured},
			{"without a key", approving(ref(instance(t, b, bob.UserID, toolsets.ExaSearch, true, false))), access.ErrInstanceNotConfigured},
		} {
			requireOutcome(t, tt.want, approve(tt.approval), tt.name)
			stored, err := b.store.GetAppAccessRequest(ctx, b.acme.OrgID, r.ID)
			require.NoError(t, err)
			require.Equal(t, db.AppAccessDraft, stored.Status, "%s: a refusal leaves the draft", tt.name)
		}

		d, err := b.svc.ApproveAppRequest(ctx, b.acme.OrgID, r.ID, approving(&ready), bob)
		require.NoError(t, err)
		require.Equal(t, db.AppAccessApproved, d.Request.Status)
		require.Equal(t, *r.RedirectURI, d.RedirectURL)
		require.Equal(t, "scope_resource-bodhi-acme", *d.Request.ResourceScope)
		require.True(t, strings.HasPrefix(*d.Request.AccessRequestScope, "scope_access_request:"))
		require.Equal(t, bob.UserID, *d.Request.UserID)
		require.JSONEq(t, `{"toolset_types":[{"toolset_type":"builtin-exa-search","status":"approved","instance_id":"`+
			ready+`"}]}`, *d.Request.Approved)

		requireOutcome(t, access.ErrAlreadyProcessed, approve(approving(&ready)), "approve again")
		_, err = b.svc.DenyAppRequest(ctx, b.acme.OrgID, r.ID, bob)
		requireOutcome(t, access.ErrAlreadyProcessed, err, "deny the approved")
		b.clock.Advance(time.Hour)
		_, err = b.svc.AppRequestStatus(ctx, b.acme.OrgID, r.ID, apptest.AppClientID)
		require.NoError(t, err, "only drafts expire")
	})
}

// A failed registration releases the claim: the request is a draft again and can be approved.
func TestApproveAppRequestReleasesWhenTheIdentityProviderFails(t *testing.T) {
	forEachDialect(t, false, func(t *testing.T, b *bundle) {
		ctx := context.Background()
		bob := b.session(t, "bob")
		r := draft(t, b)
		b.idp.SetDown(true)
		_, err := b.svc.ApproveAppRequest(ctx, b.acme.OrgID, r.ID, toolsets.Approved{}, bob)
		b.idp.SetDown(false)
		requireOutcome(t, access.ErrRegistrationFailed, err)
		stored, err := b.store.GetAppAccessRequest(ctx, b.acme.OrgID, r.ID)
		require.NoError(t, err)
		require.Equal(t, db.AppAccessDraft, stored.Status)
		require.Nil(t, stored.Approved)
		require.Nil(t, stored.UserID)

		d, err := b.svc.ApproveAppRequest(ctx, b.acme.OrgID, r.ID, toolsets.Approved{}, bob)
		require.NoError(t, err)
		require.Equal(t, db.AppAccessApproved, d.Request.Status)
	})
}

// An id the identity provider already knows cannot be registered again: the request ends failed.
func TestApproveAppRequestTheProviderAlreadyKnows(t *testing.T) {
	forEachDialect(t, false, func(t *testing.T, b *bundle) {
		ctx := context.Background()
		bob := b.session(t, "bob")
		r := draft(t, b)
		_, err := b.client.UsersRequestAccess(ctx, bob.AccessToken, apptest.AppClientID, r.ID, "")
		require.NoError(t, err)

		d, err := b.svc.ApproveAppRequest(ctx, b.acme.OrgID, r.ID, toolsets.Approved{}, bob)
		require.NoError(t, err)
		require.Equal(t, db.AppAccessFailed, d.Request.Status)
		require.NotNil(t, d.Request.ErrorMessage)
		requireOutcome(t, access.ErrAlreadyProcessed, func() error {
			_, err := b.svc.ApproveAppRequest(ctx, b.acme.OrgID, r.ID, toolsets.Approved{}, bob)
			return err
		}())
	})
}

func TestDenyAppRequest(t *testing.T) {
	forEachDialect(t, false, func(t *testing.T, b *bundle) {
		ctx := context.Background()
		bob := b.session(t, "bob")
		r := draft(t, b)
		deny := func(orgID, id string) (access.Decision, error) { return b.svc.DenyAppRequest(ctx, orgID, id, bob) }

		_, err := deny(b.globex.OrgID, r.ID)
		requireOutcome(t, access.ErrRequestNotFound, err, "another org")
		d, err := deny(b.acme.OrgID, r.ID)
		require.NoError(t, err)
		require.Equal(t, db.AppAccessDenied, d.Request.Status)
		require.Equal(t, *r.RedirectURI, d.RedirectURL)
		_, err = deny(b.acme.OrgID, r.ID)
		requireOutcome(t, access.ErrAlreadyProcessed, err, "deny again")
		_, err = b.svc.ApproveAppRequest(ctx, b.acme.OrgID, r.ID, toolsets.Approved{}, bob)
		requireOutcome(t, access.ErrAlreadyProcessed, err, "approve the denied")

		// A row stored before the redirect rule existed: its script URL is never handed back.
		id := uuid.NewString()
		script := "javascript:alert(1)//?id=" + id
		_, err = b.store.CreateAppAccessRequest(ctx, b.acme.OrgID, db.AppAccessRequest{ID: id,
			AppClientID: apptest.AppClientID, FlowType: access.FlowRedirect, RedirectURI: &script,
			Requested: `{"toolset_types":[]}`, ExpiresAt: b.clock.Now().Add(time.Minute)})
		require.NoError(t, err)
		d, err = deny(b.acme.OrgID, id)
		require.NoError(t, err)
		require.Empty(t, d.RedirectURL)

		expiring := draft(t, b)
		b.clock.Advance(11 * time.Minute)
		_, err = deny(b.acme.OrgID, expiring.ID)
		requireOutcome(t, access.ErrExpired, err)
	})
}
