package apptest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/orgs"
)

// NewOrg provisions an org with slug in store and returns it as a request would carry it: with a data key of its
// own, for service tests that seal and open secrets without a running server.
func NewOrg(t testing.TB, store db.DbService, slug string) *auth.OrgContext {
	t.Helper()
	master, err := crypto.NewKey()
	require.NoError(t, err)
	org, err := orgs.Create(context.Background(), store, master, orgs.CreateParams{Slug: slug, DisplayName: slug,
		ClientID: "bodhi-" + slug, ClientSecret: "secret"})
	require.NoError(t, err)
	dataKey, err := crypto.NewKey()
	require.NoError(t, err)
	return &auth.OrgContext{OrgID: org.ID, Slug: org.Slug, DataKey: dataKey}
}
