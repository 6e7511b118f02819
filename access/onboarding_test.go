package access_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/access"
	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/db"
)

// requireOutcome checks err against want: no error, or the refusal with want's code and kind.
func requireOutcome(t *testing.T, want, err error, msgAndArgs ...any) {
	t.Helper()
	if want == nil {
		require.NoError(t, err, msgAndArgs...)
		return
	}
	require.ErrorIs(t, err, want, msgAndArgs...)
}

func TestRequestAccess(t *testing.T) {
	forEachDialect(t, false, func(t *testing.T, b *bundle) {
		ctx := context.Background()
		erin := b.session(t, "erin")
		for _, tt := range []struct {
			name   string
			caller auth.Identity
			want   error
		}{
			{"anonymous", auth.Anonymous, access.ErrMissingUser},
			{"API token", auth.Identity{Kind: auth.KindAPIToken, TokenOwnerID: erin.UserID, TokenScope: auth.LevelUser},
				access.ErrMissingUser},
			{"session without a username", auth.Identity{Kind: auth.KindSession, UserID: erin.UserID}, access.ErrMissingUser},
			{"user with a role", b.session(t, "bob"), access.ErrAlreadyHasAccess},
			{"user without a role", erin, nil},
			{"again while pending", erin, access.ErrAlreadyPending},
		} {
			requireOutcome(t, tt.want, b.svc.RequestAccess(ctx, b.acme.OrgID, tt.caller), tt.name)
		}
		require.NoError(t, b.svc.RequestAccess(ctx, b.globex.OrgID, erin), "a request pends per org")
	})
}

func TestRequestStatus(t *testing.T) {
	forEachDialect(t, false, func(t *testing.T, b *bundle) {
		ctx := context.Background()
		erin := b.session(t, "erin")
		_, err := b.svc.RequestStatus(ctx, b.acme.OrgID, auth.Anonymous)
		requireOutcome(t, access.ErrMissingUser, err)
		_, err = b.svc.RequestStatus(ctx, b.acme.OrgID, erin)
		requireOutcome(t, access.ErrNoRequest, err)

		require.NoError(t, b.svc.RequestAccess(ctx, b.acme.OrgID, erin))
		r, err := b.svc.RequestStatus(ctx, b.acme.OrgID, erin)
		require.NoError(t, err)
		require.Equal(t, "erin", r.Username)
		require.Equal(t, db.AccessRequestPending, r.Status)
		_, err = b.svc.RequestStatus(ctx, b.globex.OrgID, erin)
		requireOutcome(t, access.ErrNoRequest, err, "another org has none")
	})
}

// pendingID files erin's request in orgID and returns its id, as the reviewers' list shows it.
func pendingID(t *testing.T, b *bundle, orgID string) int64 {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, b.svc.RequestAccess(ctx, orgID, b.session(t, "erin")))
	rows, total, err := b.svc.ListRequests(ctx, orgID, true, db.Page{Limit: 10})
	require.NoError(t, err)
	require.EqualValues(t, 1, total)
	return rows[0].ID
}

func TestReviewAccessRequests(t *testing.T) {
	forEachDialect(t, false, func(t *testing.T, b *bundle) {
		ctx := context.Background()
		acmeID, globexID := pendingID(t, b, b.acme.OrgID), pendingID(t, b, b.globex.OrgID)
		alice, dave := b.session(t, "alice"), b.session(t, "dave")
		approve := func(orgID string, id int64, role auth.Level, by auth.Identity) error {
			_, err := b.svc.ApproveRequest(ctx, orgID, id, role, by)
			return err
		}
		for _, tt := range []struct {
			name   string
			decide func() error
			want   error
		}{
			{"a role above the approver's", func() error { return approve(b.acme.OrgID, acmeID, auth.LevelAdmin, dave) },
				access.ErrInsufficientPrivileges},
			{"unknown id", func() error { return approve(b.acme.OrgID, 999999, auth.LevelUser, dave) }, access.ErrRequestNotFound},
			{"another org's request", func() error { return approve(b.acme.OrgID, globexID, auth.LevelUser, dave) },
				access.ErrRequestNotFound},
			{"reject unknown id", func() error { return b.svc.RejectRequest(ctx, b.acme.OrgID, 999999, dave) },
				access.ErrRequestNotFound},
			{"approve", func() error { return approve(b.acme.OrgID, acmeID, auth.LevelUser, dave) }, nil},
			{"approve again", func() error { return approve(b.acme.OrgID, acmeID, auth.LevelUser, alice) },
				access.ErrAlreadyProcessed},
			{"reject the approved", func() error { return b.svc.RejectRequest(ctx, b.acme.OrgID, acmeID, dave) },
				access.ErrAlreadyProcessed},
			{"reject", func() error { return b.svc.RejectRequest(ctx, b.globex.OrgID, globexID, dave) }, nil},
			{"approve the rejected", func() error { return approve(b.globex.OrgID, globexID, auth.LevelUser, alice) },
				access.ErrAlreadyProcessed},
		} {
			requireOutcome(t, tt.want, tt.decide(), tt.name)
		}

		require.Equal(t, "resource_user", b.roleOf(t, "erin"), "the role is assigned at the identity provider")
		require.Equal(t, []string{b.acme.OrgID + "/" + b.userID(t, "erin")}, b.sessions.list(),
			"approval ends the user's sessions in the org, and only approval")
		rows, total, err := b.svc.ListRequests(ctx, b.acme.OrgID, false, db.Page{Limit: 10})
		require.NoError(t, err)
		require.EqualValues(t, 1, total)
		require.Equal(t, db.AccessRequestApproved, rows[0].Status)
		require.Equal(t, "dave", *rows[0].Reviewer)
		_, total, err = b.svc.ListRequests(ctx, b.acme.OrgID, true, db.Page{Limit: 10})
		require.NoError(t, err)
		require.Zero(t, total)
		r, err := b.svc.RequestStatus(ctx, b.globex.OrgID, b.session(t, "erin"))
		require.NoError(t, err)
		require.Equal(t, db.AccessRequestRejected, r.Status)
	})
}

// A failed role assignment reopens the claimed request: nothing was granted, so it can be approved again.
func TestApproveRequestReopensWhenTheIdentityProviderFails(t *testing.T) {
	forEachDialect(t, false, func(t *testing.T, b *bundle) {
		ctx := context.Background()
		id := pendingID(t, b, b.acme.OrgID)
		dave := b.session(t, "dave")

		b.idp.SetDown(true)
		_, err := b.svc.ApproveRequest(ctx, b.acme.OrgID, id, auth.LevelUser, dave)
		b.idp.SetDown(false)
		requireOutcome(t, access.ErrIdentityProvider, err)
		r, err := b.store.GetAccessRequest(ctx, b.acme.OrgID, id)
		require.NoError(t, err)
		require.Equal(t, db.AccessRequestPending, r.Status)
		require.Nil(t, r.Reviewer)
		require.Empty(t, b.sessions.list())

		req, err := b.svc.ApproveRequest(ctx, b.acme.OrgID, id, auth.LevelUser, dave)
		require.NoError(t, err)
		require.Equal(t, b.userID(t, "erin"), req.UserID)
	})
}

// Of two concurrent approvals exactly one claims the request; the other calls nothing.
func TestConcurrentApprovalsOfOneRequest(t *testing.T) {
	forEachDialect(t, false, func(t *testing.T, b *bundle) {
		id := pendingID(t, b, b.acme.OrgID)
		reviewers := []auth.Identity{b.session(t, "alice"), b.session(t, "dave")}
		errs := make([]error, len(reviewers))
		var wg sync.WaitGroup
		for i, by := range reviewers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = b.svc.ApproveRequest(context.Background(), b.acme.OrgID, id, auth.LevelUser, by)
			}()
		}
		wg.Wait()
		if errs[0] != nil {
			errs[0], errs[1] = errs[1], errs[0]
		}
		require.NoError(t, errs[0])
		requireOutcome(t, access.ErrAlreadyProcessed, errs[1])
		require.Len(t, b.sessions.list(), 1)
	})
}
