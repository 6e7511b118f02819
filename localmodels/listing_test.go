package localmodels_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/localmodels"
	"github.com/bodhiapp/bodhi/localmodels/hfcache/hfcachetest"
)

func TestModelAliasName(t *testing.T) {
	for _, c := range []struct{ repo, filename, want string }{
		{"TheBloke/phi-2-GGUF", "phi-2-Q4_K_M.gguf", "TheBloke/phi-2-GGUF:Q4_K_M"},
		{"TheBloke/phi-2-GGUF", "phi-2.Q4_K_M.gguf", "TheBloke/phi-2-GGUF:2.Q4_K_M"}, // after the last '-', as the spec says
		{"bartowski/Llama-3-GGUF", "Q8_0/Llama-3-Q8_0-00001-of-00002.gguf", "bartowski/Llama-3-GGUF:00002"},
		{"owner/repo", "sub-dir/model.gguf", "owner/repo:model"}, // only the file's own name counts
		{"owner/repo", "model.gguf", "owner/repo:model"},
		{"owner/repo", "model-.gguf", "owner/repo:model-"},
	} {
		require.Equal(t, c.want, localmodels.ModelAliasName(c.repo, c.filename), "%s", c.filename)
	}
}

// metadata stores extracted metadata for a file in org, as the metadata queue does.
func (b bundle) metadata(t *testing.T, orgID, repo, filename, snapshot, family string) localmodels.Metadata {
	t.Helper()
	m := localmodels.Metadata{Architecture: localmodels.Architecture{Family: &family, Format: "gguf"}}
	_, err := b.store.UpsertModelMetadata(context.Background(), orgID, m.Row(repo, filename, snapshot))
	require.NoError(t, err)
	return m
}

func TestModelFilePage(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		c1 := b.download(t, "zeta/z-GGUF", "1", "z-Q4_0.gguf")
		c2 := b.download(t, "alpha/a-GGUF", "2", "b-Q8_0.gguf")
		b.download(t, "alpha/a-GGUF", "2", "a-Q4_0.gguf")
		meta := b.metadata(t, b.org.OrgID, "alpha/a-GGUF", "b-Q8_0.gguf", c2, "llama")

		files, total, err := b.svc.ModelFilePage(ctx, b.org.OrgID, db.Page{Limit: 2})
		require.NoError(t, err)
		require.Equal(t, int64(3), total)
		require.Len(t, files, 2)
		require.Equal(t, []string{"a-Q4_0.gguf", "b-Q8_0.gguf"}, []string{files[0].Filename, files[1].Filename},
			"sorted by repo, then filename")
		require.Nil(t, files[0].Metadata)
		require.Equal(t, &meta, files[1].Metadata)
		require.Equal(t, int64(len("alpha/a-GGUF/b-Q8_0.gguf@2")), files[1].Size)

		files, total, err = b.svc.ModelFilePage(ctx, b.org.OrgID, db.Page{Limit: 2, Offset: 2})
		require.NoError(t, err)
		require.Equal(t, int64(3), total)
		require.Len(t, files, 1)
		require.Equal(t, "zeta/z-GGUF", files[0].Repo)
		require.Equal(t, c1, files[0].Snapshot)

		files, _, err = b.svc.ModelFilePage(ctx, b.other.OrgID, db.Page{Limit: 10})
		require.NoError(t, err)
		require.Len(t, files, 3, "the files are the machine's")
		require.Nil(t, files[1].Metadata, "metadata is per org")
	})
}

func TestModelAliasesNewestSnapshotWins(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		repo := "owner/repo"
		older := b.download(t, repo, "older", "m-Q4_0.gguf")
		newer := b.download(t, repo, "newer", "m-Q4_0.gguf")
		b.hub.TouchSnapshot(t, repo, older, start.Add(time.Hour)) // the directory times decide, not the names
		b.hub.TouchSnapshot(t, repo, newer, start)
		b.files.Invalidate()

		aliases, err := b.svc.LocalAliases(ctx, b.org.OrgID)
		require.NoError(t, err)
		require.Len(t, aliases, 1, "one name for both snapshots")
		require.Equal(t, "owner/repo:Q4_0", aliases[0].Name)
		require.Equal(t, older, aliases[0].File.Snapshot)

		b.hub.TouchSnapshot(t, repo, newer, start.Add(2*time.Hour))
		b.files.Invalidate()
		target, found, err := b.svc.Target(ctx, b.org.OrgID, "owner/repo:Q4_0")
		require.NoError(t, err)
		require.True(t, found)
		require.Equal(t, b.files.Path(repo, newer, "m-Q4_0.gguf"), target.ModelPath)
	})
}

// names are the aliases' names and sources, as the listing tests compare them.
func names(aliases []localmodels.Alias) []string {
	out := []string{}
	for _, a := range aliases {
		switch {
		case a.User != nil:
			out = append(out, "user:"+a.User.Alias)
		case a.Model != nil:
			out = append(out, "model:"+a.Model.Alias)
		default:
			out = append(out, "api:"+*a.API.Prefix)
		}
	}
	return out
}

func TestAliasPageOrderAndPaging(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		b.download(t, "owner/m", "1", "m-Q4_0.gguf") // model alias owner/m:Q4_0
		snap := b.download(t, "owner/m", "1", "m-Q8_0.gguf")
		for _, alias := range []string{"zed", "Alpha", "owner/m:Q8_0"} { // the last hides the model alias
			_, err := b.svc.CreateUserAlias(ctx, b.org.OrgID, localmodels.AliasInput{Alias: alias, Repo: "owner/m",
				Filename: "m-Q8_0.gguf"})
			if alias == "owner/m:Q8_0" {
				requireCode(t, err, "data_service_error-alias_exists")
				_, err = b.store.CreateUserAlias(ctx, b.org.OrgID, db.UserAlias{Alias: alias, Repo: "owner/m",
					Filename: "m-Q8_0.gguf", Snapshot: snap}) // as if made before the file was downloaded
			}
			require.NoError(t, err)
		}
		b.addAPIModel(t, b.org, "old/", "gpt")
		b.clock.Advance(time.Second)
		b.addAPIModel(t, b.org, "new/", "gpt")
		b.addAPIModel(t, b.other, "beta/", "gpt")
		b.metadata(t, b.org.OrgID, "owner/m", "m-Q4_0.gguf", snap, "phi2")

		all, total, err := b.svc.AliasPage(ctx, b.org.OrgID, db.Page{Limit: 100}, false)
		require.NoError(t, err)
		require.Equal(t, int64(6), total)
		require.Equal(t, []string{"user:Alpha", "model:owner/m:Q4_0", "user:owner/m:Q8_0", "user:zed", "api:new/",
			"api:old/"}, names(all), "local aliases by name (byte order), then API models newest first")
		require.Equal(t, "phi2", *all[1].Model.Metadata.Architecture.Family)
		require.Nil(t, all[2].User.Metadata)

		desc, _, err := b.svc.AliasPage(ctx, b.org.OrgID, db.Page{Limit: 100}, true)
		require.NoError(t, err)
		require.Equal(t, []string{"user:zed", "user:owner/m:Q8_0", "model:owner/m:Q4_0", "user:Alpha", "api:new/",
			"api:old/"}, names(desc), "sort_order reverses the local part only")

		for _, c := range []struct {
			page db.Page
			want []string
		}{
			{db.Page{Limit: 3}, []string{"user:Alpha", "model:owner/m:Q4_0", "user:owner/m:Q8_0"}},
			{db.Page{Limit: 3, Offset: 3}, []string{"user:zed", "api:new/", "api:old/"}},
			{db.Page{Limit: 2, Offset: 3}, []string{"user:zed", "api:new/"}},
			{db.Page{Limit: 4, Offset: 4}, []string{"api:new/", "api:old/"}},
			{db.Page{Limit: 1, Offset: 5}, []string{"api:old/"}},
			{db.Page{Limit: 5, Offset: 6}, []string{}},
		} {
			page, total, err := b.svc.AliasPage(ctx, b.org.OrgID, c.page, false)
			require.NoError(t, err)
			require.Equal(t, int64(6), total, "%+v", c.page)
			require.Equal(t, c.want, names(page), "%+v", c.page)
		}

		other, total, err := b.svc.AliasPage(ctx, b.other.OrgID, db.Page{Limit: 10}, false)
		require.NoError(t, err)
		require.Equal(t, int64(3), total)
		require.Equal(t, []string{"model:owner/m:Q4_0", "model:owner/m:Q8_0", "api:beta/"}, names(other),
			"another org: the model aliases, its own API model, none of acme's user aliases")
	})
}

func TestLocalAliasesNamesAndListing(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		snap := b.download(t, "owner/m", "1", "m-Q4_0.gguf")
		path := b.files.Path("owner/m", snap, "m-Q4_0.gguf")
		info, err := os.Stat(path)
		require.NoError(t, err)
		b.clock.Advance(time.Hour)
		u, err := b.svc.CreateUserAlias(ctx, b.org.OrgID, localmodels.AliasInput{Alias: "zz-mine", Repo: "owner/m",
			Filename: "m-Q4_0.gguf"})
		require.NoError(t, err)
		b.hub.Download(t, "owner/gone", hfcachetest.Commit("g"), "g-Q2_K.gguf", []byte("g"))
		_, err = b.svc.CreateUserAlias(ctx, b.org.OrgID, localmodels.AliasInput{Alias: "gone", Repo: "owner/gone",
			Filename: "g-Q2_K.gguf"})
		require.NoError(t, err)
		require.NoError(t, os.RemoveAll(b.hub.RepoDir("owner/gone")))
		b.files.Invalidate()

		aliases, err := b.svc.LocalAliases(ctx, b.org.OrgID)
		require.NoError(t, err)
		require.Len(t, aliases, 3)
		require.Equal(t, []string{"gone", "zz-mine", "owner/m:Q4_0"},
			[]string{aliases[0].Name, aliases[1].Name, aliases[2].Name}, "user aliases first, then model aliases")
		require.Nil(t, aliases[0].File, "a user alias whose file left the cache")
		require.Equal(t, int64(len("owner/m/m-Q4_0.gguf@1")), aliases[1].File.Size)
		require.True(t, aliases[1].Created.Equal(u.CreatedAt))
		require.Equal(t, "model", aliases[2].Source)
		require.True(t, aliases[2].Created.Equal(info.ModTime()), "a model alias is as old as its file")

		got, err := b.svc.Names(ctx, b.org.OrgID)
		require.NoError(t, err)
		require.Equal(t, []string{"gone", "zz-mine", "owner/m:Q4_0"}, got)
		got, err = b.svc.Names(ctx, b.other.OrgID)
		require.NoError(t, err)
		require.Equal(t, []string{"owner/m:Q4_0"}, got)

		listing, err := b.svc.LocalListing(ctx, b.org.OrgID)
		require.NoError(t, err)
		require.Len(t, listing, 3)
		require.Equal(t, "zz-mine", listing[1].ID)
		require.Equal(t, "system", listing[1].OwnedBy)
		require.Equal(t, start.Add(time.Hour).Unix(), listing[1].Created.Unix())
		require.Equal(t, info.ModTime().Unix(), listing[2].Created.Unix())
	})
}
