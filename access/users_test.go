package access_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/access"
	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/auth"
)

func TestListUsers(t *testing.T) {
	forEachDialect(t, false, func(t *testing.T, b *bundle) {
		ctx := context.Background()
		raw, err := b.svc.ListUsers(ctx, b.acme.OrgID, b.session(t, "dave"), 1, 2)
		require.NoError(t, err)
		var page map[string]any
		require.NoError(t, json.Unmarshal(raw, &page))
		require.Equal(t, apptest.Acme.ClientID, page["client_id"])
		require.Len(t, page["users"], 2, "the page size is passed on")

		_, err = b.svc.ListUsers(ctx, b.acme.OrgID, b.session(t, "bob"), 1, 10)
		requireOutcome(t, access.ErrListUsersFailed, err, "the identity provider refuses a user")
		dave := b.session(t, "dave")
		b.idp.SetDown(true)
		_, err = b.svc.ListUsers(ctx, b.acme.OrgID, dave, 1, 10)
		b.idp.SetDown(false)
		requireOutcome(t, access.ErrListUsersFailed, err)
	})
}

func TestChangeRole(t *testing.T) {
	forEachDialect(t, false, func(t *testing.T, b *bundle) {
		ctx := context.Background()
		dave, bob := b.session(t, "dave"), b.userID(t, "bob")
		for _, tt := range []struct {
			name string
			role auth.Level
			want error
		}{
			{"to power user", auth.LevelPowerUser, nil},
			{"above the manager", auth.LevelAdmin, access.ErrRoleChangeFailed},
		} {
			requireOutcome(t, tt.want, b.svc.ChangeRole(ctx, b.acme.OrgID, dave, bob, tt.role), tt.name)
		}
		require.Equal(t, "resource_power_user", b.roleOf(t, "bob"))
		require.Equal(t, []string{b.acme.OrgID + "/" + bob}, b.sessions.list(), "only the change ends sessions")

		b.idp.SetDown(true)
		err := b.svc.ChangeRole(ctx, b.acme.OrgID, dave, bob, auth.LevelUser)
		b.idp.SetDown(false)
		requireOutcome(t, access.ErrRoleChangeFailed, err)
	})
}

// Removal takes the user out at the identity provider, ends their sessions and deactivates their API tokens on
// every replica; a refused removal changes nothing.
func TestRemoveUser(t *testing.T) {
	forEachDialect(t, false, func(t *testing.T, b *bundle) {
		ctx := context.Background()
		carol := b.userID(t, "carol")
		token, _, err := b.tokens.Create(ctx, b.acme.OrgID, carol, "ci", auth.LevelUser)
		require.NoError(t, err)
		_, err = b.tokens.Verify(ctx, b.acme.OrgID, token) // cached
		require.NoError(t, err)
		bob, dave := b.session(t, "bob"), b.session(t, "dave")

		requireOutcome(t, access.ErrRemoveFailed, b.svc.RemoveUser(ctx, b.acme.OrgID, bob, carol),
			"a user cannot remove anyone")
		b.idp.SetDown(true)
		err = b.svc.RemoveUser(ctx, b.acme.OrgID, dave, carol)
		b.idp.SetDown(false)
		requireOutcome(t, access.ErrRemoveFailed, err)
		_, err = b.tokens.Verify(ctx, b.acme.OrgID, token)
		require.NoError(t, err, "a refused removal leaves the tokens alone")
		require.Empty(t, b.sessions.list())

		require.NoError(t, b.svc.RemoveUser(ctx, b.acme.OrgID, dave, carol))
		require.Empty(t, b.roleOf(t, "carol"))
		require.Equal(t, []string{b.acme.OrgID + "/" + carol}, b.sessions.list())
		_, err = b.tokens.Verify(ctx, b.acme.OrgID, token)
		require.ErrorIs(t, err, auth.ErrTokenInactive)
	})
}
