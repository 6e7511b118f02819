package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
)

func TestAccessRequestRepository(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		org := mkOrg(t, s, "acme")
		first, err := s.CreateAccessRequest(ctx, org.ID, "alice@example.com", "alice")
		require.NoError(t, err)
		require.Positive(t, first.ID)
		require.Equal(t, db.AccessRequestPending, first.Status)
		require.Nil(t, first.Reviewer)

		_, err = s.CreateAccessRequest(ctx, org.ID, "alice@example.com", "alice")
		requireConflict(t, err, db.UqAccessRequestsPending)

		got, err := s.GetAccessRequest(ctx, org.ID, first.ID)
		require.NoError(t, err)
		require.Equal(t, first, got)
		got, err = s.GetPendingAccessRequest(ctx, org.ID, "alice")
		require.NoError(t, err)
		require.Equal(t, first.ID, got.ID)

		bob, err := s.CreateAccessRequest(ctx, org.ID, "bob@example.com", "bob")
		require.NoError(t, err)
		pending, total, err := s.ListPendingAccessRequests(ctx, org.ID, db.Page{})
		require.NoError(t, err)
		require.EqualValues(t, 2, total)
		require.Equal(t, []int64{first.ID, bob.ID}, requestIDs(pending), "oldest first")

		rejected, err := s.UpdateAccessRequestStatus(ctx, org.ID, first.ID, db.AccessRequestRejected, "manager")
		require.NoError(t, err)
		require.Equal(t, db.AccessRequestRejected, rejected.Status)
		require.Equal(t, "manager", *rejected.Reviewer)
		_, err = s.GetPendingAccessRequest(ctx, org.ID, "alice")
		requireNotFound(t, err)

		again, err := s.CreateAccessRequest(ctx, org.ID, "alice@example.com", "alice")
		require.NoError(t, err, "a new request is allowed once the previous one is no longer pending")
		latest, err := s.GetLatestAccessRequest(ctx, org.ID, "alice")
		require.NoError(t, err)
		require.Equal(t, again.ID, latest.ID)

		pending, total, err = s.ListPendingAccessRequests(ctx, org.ID, db.Page{Limit: 1})
		require.NoError(t, err)
		require.EqualValues(t, 2, total)
		require.Equal(t, []int64{bob.ID}, requestIDs(pending))
		all, total, err := s.ListAccessRequests(ctx, org.ID, db.Page{Limit: 10, Offset: 1})
		require.NoError(t, err)
		require.EqualValues(t, 3, total)
		require.Equal(t, []int64{bob.ID, again.ID}, requestIDs(all))
		_, err = s.UpdateAccessRequestStatus(ctx, org.ID, 999999, db.AccessRequestApproved, "x")
		requireNotFound(t, err)
	})
}

func TestAccessRequestOrgIsolation(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		a, b := mkOrg(t, s, "acme"), mkOrg(t, s, "globex")
		reqA, err := s.CreateAccessRequest(ctx, a.ID, "alice", "alice")
		require.NoError(t, err)
		_, err = s.CreateAccessRequest(ctx, b.ID, "alice", "alice")
		require.NoError(t, err, "the same user may have a pending request in each org")

		_, err = s.GetAccessRequest(ctx, b.ID, reqA.ID)
		requireNotFound(t, err)
		_, err = s.UpdateAccessRequestStatus(ctx, b.ID, reqA.ID, db.AccessRequestApproved, "mallory")
		requireNotFound(t, err)
		list, total, err := s.ListAccessRequests(ctx, b.ID, db.Page{})
		require.NoError(t, err)
		require.EqualValues(t, 1, total)
		require.NotEqual(t, reqA.ID, list[0].ID)
		still, err := s.GetAccessRequest(ctx, a.ID, reqA.ID)
		require.NoError(t, err)
		require.Equal(t, reqA, still)
	})
}

func requestIDs(rs []db.AccessRequest) []int64 {
	out := make([]int64, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}

func TestAppAccessRequestRepository(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		a, b := mkOrg(t, s, "acme"), mkOrg(t, s, "globex")
		expires := time.Date(2026, 3, 4, 6, 0, 0, 999, time.UTC)
		req, err := s.CreateAppAccessRequest(ctx, a.ID, db.AppAccessRequest{
			AppClientID: "app-1", FlowType: "redirect", RedirectURI: ptr("https://app.example/cb?id=x"),
			Requested: `{"toolset_types":[{"toolset_type":"builtin-exa-search"}]}`, ExpiresAt: expires,
		})
		require.NoError(t, err)
		require.Equal(t, db.AppAccessDraft, req.Status)
		require.True(t, req.ExpiresAt.Equal(db.Timestamp(expires)))
		requireMicros(t, req.ExpiresAt)

		got, err := s.GetAppAccessRequest(ctx, a.ID, req.ID)
		require.NoError(t, err)
		require.Equal(t, req, got)

		req.Status, req.UserID = db.AppAccessApproved, ptr("alice")
		req.Approved = ptr(`{"toolset_types":[]}`)
		req.AccessRequestScope, req.ResourceScope = ptr("scope_access_request:1111"), ptr("scope_resource-x")
		req.AppName = ptr("App One")
		upd, err := s.UpdateAppAccessRequest(ctx, a.ID, req)
		require.NoError(t, err)
		require.Equal(t, db.AppAccessApproved, upd.Status)
		require.Equal(t, "App One", *upd.AppName)

		byScope, err := s.GetAppAccessRequestByScope(ctx, a.ID, "scope_access_request:1111")
		require.NoError(t, err)
		require.Equal(t, upd, byScope)
		_, err = s.GetAppAccessRequestByScope(ctx, b.ID, "scope_access_request:1111")
		requireNotFound(t, err, "the scope lookup is org-scoped too")
		_, err = s.GetAppAccessRequest(ctx, b.ID, req.ID)
		requireNotFound(t, err)
		req.Status = db.AppAccessDenied
		_, err = s.UpdateAppAccessRequest(ctx, b.ID, req)
		requireNotFound(t, err)

		// access_request_scope is globally unique: the identity provider mints it.
		other, err := s.CreateAppAccessRequest(ctx, b.ID, db.AppAccessRequest{
			AppClientID: "app-1", FlowType: "popup", Requested: "{}", ExpiresAt: expires,
		})
		require.NoError(t, err)
		other.AccessRequestScope, other.Status = ptr("scope_access_request:1111"), db.AppAccessApproved
		_, err = s.UpdateAppAccessRequest(ctx, b.ID, other)
		requireConflict(t, err, db.UqAppAccessRequestsScope)
		_, err = s.CreateAppAccessRequest(ctx, a.ID, db.AppAccessRequest{
			AppClientID: "app", FlowType: "sideways", Requested: "{}", ExpiresAt: expires,
		})
		require.Error(t, err, "flow_type CHECK")
	})
}

func TestDecideAccessRequest(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		a, b := mkOrg(t, s, "acme"), mkOrg(t, s, "globex")
		req, err := s.CreateAccessRequest(ctx, a.ID, "alice", "alice")
		require.NoError(t, err)

		won, err := s.DecideAccessRequest(ctx, b.ID, req.ID, db.AccessRequestApproved, "mallory")
		require.NoError(t, err)
		require.False(t, won, "another org cannot decide it")

		won, err = s.DecideAccessRequest(ctx, a.ID, req.ID, db.AccessRequestApproved, "manager")
		require.NoError(t, err)
		require.True(t, won)
		won, err = s.DecideAccessRequest(ctx, a.ID, req.ID, db.AccessRequestRejected, "other")
		require.NoError(t, err)
		require.False(t, won, "only a pending request can be decided")
		got, _ := s.GetAccessRequest(ctx, a.ID, req.ID)
		require.Equal(t, db.AccessRequestApproved, got.Status)
		require.Equal(t, "manager", *got.Reviewer)

		requireNotFound(t, s.ReopenAccessRequest(ctx, b.ID, req.ID))
		require.NoError(t, s.ReopenAccessRequest(ctx, a.ID, req.ID))
		got, _ = s.GetAccessRequest(ctx, a.ID, req.ID)
		require.Equal(t, db.AccessRequestPending, got.Status)
		require.Nil(t, got.Reviewer)
		requireNotFound(t, s.ReopenAccessRequest(ctx, a.ID, req.ID), "only an approved request reopens")
	})
}
