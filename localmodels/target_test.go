package localmodels_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/gateway"
	"github.com/bodhiapp/bodhi/localmodels"
)

func TestTarget(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		snap := b.download(t, phiRepo, "main", phiFile)
		b.download(t, phiRepo, "main", "phi-2-Q8_0.gguf")
		seed := int64(9007199254740993) // above 2^53: a float64 would change it
		_, err := b.svc.CreateUserAlias(ctx, b.org.OrgID, localmodels.AliasInput{Alias: "phi", Repo: phiRepo,
			Filename: phiFile, RequestParams: &localmodels.RequestParams{Temperature: ptr(0.5), Seed: &seed,
				Stop: []string{"\n\n"}}, ContextParams: []string{"--ctx-size 2048", " --threads\t4 ", "--jinja"}})
		require.NoError(t, err)
		// A user alias named like a model alias (made before the file arrived) wins over it.
		_, err = b.store.CreateUserAlias(ctx, b.org.OrgID, db.UserAlias{Alias: phiRepo + ":Q8_0", Repo: phiRepo,
			Filename: phiFile, Snapshot: snap, ContextParamsJSON: `["-c 512"]`})
		require.NoError(t, err)

		target, found, err := b.svc.Target(ctx, b.org.OrgID, "phi")
		require.NoError(t, err)
		require.True(t, found)
		require.Equal(t, "phi", target.Alias)
		require.Equal(t, filepath.Join(b.hub.RepoDir(phiRepo), "snapshots", snap, phiFile), target.ModelPath)
		require.True(t, filepath.IsAbs(target.ModelPath))
		require.Equal(t, []string{"--ctx-size", "2048", "--threads", "4", "--jinja"}, target.ContextParams,
			"each entry split on whitespace")
		body, err := json.Marshal(target.RequestParams)
		require.NoError(t, err)
		require.JSONEq(t, `{"temperature": 0.5, "seed": 9007199254740993, "stop": ["\n\n"]}`, string(body))
		require.Contains(t, string(body), "9007199254740993", "the seed stays exact")

		target, found, err = b.svc.Target(ctx, b.org.OrgID, phiRepo+":Q8_0")
		require.NoError(t, err)
		require.True(t, found)
		require.Equal(t, []string{"-c", "512"}, target.ContextParams, "the user alias, not the model alias")
		require.Equal(t, phiFile, filepath.Base(target.ModelPath))

		target, found, err = b.svc.Target(ctx, b.org.OrgID, phiRepo+":Q4_K_M")
		require.NoError(t, err)
		require.True(t, found)
		require.Equal(t, gateway.LocalTarget{Alias: phiRepo + ":Q4_K_M", ModelPath: b.files.Path(phiRepo, snap, phiFile),
			RequestParams: map[string]any{}}, target, "a model alias: its file, no parameters")

		for _, c := range []struct{ org, model string }{
			{b.org.OrgID, "gpt-4o"}, {b.org.OrgID, ""}, {b.other.OrgID, "phi"},
		} {
			_, found, err := b.svc.Target(ctx, c.org, c.model)
			require.NoError(t, err)
			require.False(t, found, "%+v", c)
		}
		_, found, err = b.svc.Target(ctx, b.other.OrgID, phiRepo+":Q4_K_M")
		require.NoError(t, err)
		require.True(t, found, "model aliases are every org's")

		require.NoError(t, os.RemoveAll(b.hub.RepoDir(phiRepo)))
		_, _, err = b.svc.Target(ctx, b.org.OrgID, "phi")
		requireCode(t, err, "hub_service_error-file_not_found", "a user alias whose file left the cache")
	})
}

// countingAliases counts the listings of user aliases that reach the database.
type countingAliases struct {
	*db.DbServiceImpl
	lists atomic.Int64
}

func (c *countingAliases) ListUserAliases(ctx context.Context, orgID string) ([]db.UserAlias, error) {
	c.lists.Add(1)
	return c.DbServiceImpl.ListUserAliases(ctx, orgID)
}

// Routing a chat to a local alias, and listing /v1/models, read the org's user aliases from process memory once
// warm (no query per request, as for API models); every change of a user alias is seen at once.
func TestRoutingReadsUserAliasesFromMemory(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		counted := &countingAliases{DbServiceImpl: b.store}
		svc := localmodels.New(counted, b.files, b.api, cache.NewMemory(nil))
		b.download(t, "TheBloke/phi-2-GGUF", "one", "phi-2-Q4_K_M.gguf")
		_, found, err := svc.Target(ctx, b.org.OrgID, "my-phi")
		require.NoError(t, err)
		require.False(t, found)
		for i := 0; i < 5; i++ {
			_, _, err := svc.Target(ctx, b.org.OrgID, "my-phi")
			require.NoError(t, err)
			_, err = svc.LocalListing(ctx, b.org.OrgID)
			require.NoError(t, err)
		}
		require.EqualValues(t, 1, counted.lists.Load(), "one query, then memory")

		created, err := svc.CreateUserAlias(ctx, b.org.OrgID, localmodels.AliasInput{Alias: "my-phi",
			Repo: "TheBloke/phi-2-GGUF", Filename: "phi-2-Q4_K_M.gguf"})
		require.NoError(t, err)
		target, found, err := svc.Target(ctx, b.org.OrgID, "my-phi")
		require.NoError(t, err)
		require.True(t, found, "a new alias routes at once")
		require.Equal(t, "my-phi", target.Alias)

		require.NoError(t, svc.DeleteUserAlias(ctx, b.org.OrgID, created.ID))
		_, found, err = svc.Target(ctx, b.org.OrgID, "my-phi")
		require.NoError(t, err)
		require.False(t, found, "a deleted alias stops routing at once")
		require.EqualValues(t, 3, counted.lists.Load(), "one reload after each change")
	})
}
