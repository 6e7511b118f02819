package localmodels_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/localmodels"
	"github.com/bodhiapp/bodhi/localmodels/hfcache/hfcachetest"
)

const (
	phiRepo = "TheBloke/phi-2-GGUF"
	phiFile = "phi-2-Q4_K_M.gguf"
)

func TestCreateUserAliasStoresTheResolvedSnapshot(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		old := b.download(t, phiRepo, "old", phiFile)
		main := b.download(t, phiRepo, "main", phiFile) // refs/main now names main
		b.hub.SetRef(t, phiRepo, "v1", old)

		seed := int64(9007199254740993)
		in := localmodels.AliasInput{Alias: "phi", Repo: phiRepo, Filename: phiFile,
			RequestParams: &localmodels.RequestParams{Temperature: ptr(0.7), MaxTokens: ptr(int64(256)), Seed: &seed,
				Stop: []string{"</s>"}},
			ContextParams: []string{"--ctx-size 2048", "--threads  4"}}
		a, err := b.svc.CreateUserAlias(ctx, b.org.OrgID, in)
		require.NoError(t, err)
		require.NotEmpty(t, a.ID)
		require.Equal(t, "phi", a.Alias)
		require.Equal(t, main, a.Snapshot, "no snapshot given: refs/main, resolved to its commit")
		require.Equal(t, *in.RequestParams, a.RequestParams)
		require.Equal(t, []string{"--ctx-size 2048", "--threads  4"}, a.ContextParams, "context params as given")
		require.Nil(t, a.Metadata, "no metadata extracted yet")
		require.True(t, a.CreatedAt.Equal(start))

		for _, c := range []struct{ alias, snapshot, want string }{
			{"phi-v1", "v1", old}, {"phi-main", "main", main}, {"phi-old", old, old},
		} {
			in := localmodels.AliasInput{Alias: c.alias, Repo: phiRepo, Filename: phiFile, Snapshot: c.snapshot}
			a, err := b.svc.CreateUserAlias(ctx, b.org.OrgID, in)
			require.NoError(t, err)
			require.Equal(t, c.want, a.Snapshot, "snapshot %q", c.snapshot)
			require.Equal(t, localmodels.RequestParams{}, a.RequestParams)
			require.Equal(t, []string{}, a.ContextParams)
		}

		got, err := b.svc.UserAlias(ctx, b.org.OrgID, a.ID)
		require.NoError(t, err)
		require.Equal(t, a, got, "read back as created")
		_, err = b.svc.UserAlias(ctx, b.other.OrgID, a.ID)
		requireCode(t, err, "data_service_error-alias_not_found", "another org's alias is not found")
	})
}

func TestCreateUserAliasRefusals(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		b.download(t, phiRepo, "main", phiFile)
		_, err := b.svc.CreateUserAlias(ctx, b.org.OrgID, localmodels.AliasInput{Alias: "taken", Repo: phiRepo,
			Filename: phiFile})
		require.NoError(t, err)

		ok := localmodels.AliasInput{Alias: "fresh", Repo: phiRepo, Filename: phiFile}
		with := func(f func(in *localmodels.AliasInput)) localmodels.AliasInput {
			in := ok
			f(&in)
			return in
		}
		params := func(p localmodels.RequestParams) localmodels.AliasInput {
			return with(func(in *localmodels.AliasInput) { in.RequestParams = &p })
		}
		for _, c := range []struct {
			name string
			in   localmodels.AliasInput
			code string
		}{
			{"empty alias", with(func(in *localmodels.AliasInput) { in.Alias = "" }), "obj_validation_error-validation_errors"},
			{"blank alias", with(func(in *localmodels.AliasInput) { in.Alias = "  " }), "obj_validation_error-validation_errors"},
			{"a user alias's name", with(func(in *localmodels.AliasInput) { in.Alias = "taken" }), "data_service_error-alias_exists"},
			{"a model alias's name", with(func(in *localmodels.AliasInput) { in.Alias = phiRepo + ":Q4_K_M" }), "data_service_error-alias_exists"},
			{"repo without owner", with(func(in *localmodels.AliasInput) { in.Repo = "phi-2-GGUF" }), "obj_validation_error-file_pattern_mismatch"},
			{"repo with empty owner", with(func(in *localmodels.AliasInput) { in.Repo = "/phi" }), "obj_validation_error-file_pattern_mismatch"},
			{"repo with empty name", with(func(in *localmodels.AliasInput) { in.Repo = "TheBloke/" }), "obj_validation_error-file_pattern_mismatch"},
			{"repo with three parts", with(func(in *localmodels.AliasInput) { in.Repo = "a/b/c" }), "obj_validation_error-file_pattern_mismatch"},
			{"repo with whitespace", with(func(in *localmodels.AliasInput) { in.Repo = "The Bloke/phi" }), "obj_validation_error-file_pattern_mismatch"},
			{"empty filename", with(func(in *localmodels.AliasInput) { in.Filename = "" }), "obj_validation_error-validation_errors"},
			{"file absent", with(func(in *localmodels.AliasInput) { in.Filename = "phi-2-Q8_0.gguf" }), "hub_service_error-file_not_found"},
			{"repo absent", with(func(in *localmodels.AliasInput) { in.Repo = "owner/none" }), "hub_service_error-file_not_found"},
			{"snapshot absent", with(func(in *localmodels.AliasInput) { in.Snapshot = hfcachetest.Commit("none") }), "hub_service_error-file_not_found"},
			{"filename outside the snapshot", with(func(in *localmodels.AliasInput) { in.Filename = "../../refs/main" }), "hub_service_error-file_not_found"},
			{"temperature above 2", params(localmodels.RequestParams{Temperature: ptr(2.01)}), "obj_validation_error-validation_errors"},
			{"temperature below 0", params(localmodels.RequestParams{Temperature: ptr(-0.1)}), "obj_validation_error-validation_errors"},
			{"top_p above 1", params(localmodels.RequestParams{TopP: ptr(1.5)}), "obj_validation_error-validation_errors"},
			{"frequency_penalty below -2", params(localmodels.RequestParams{FrequencyPenalty: ptr(-2.5)}), "obj_validation_error-validation_errors"},
			{"presence_penalty above 2", params(localmodels.RequestParams{PresencePenalty: ptr(3.0)}), "obj_validation_error-validation_errors"},
			{"max_tokens 0", params(localmodels.RequestParams{MaxTokens: ptr(int64(0))}), "obj_validation_error-validation_errors"},
		} {
			_, err := b.svc.CreateUserAlias(ctx, b.org.OrgID, c.in)
			requireCode(t, err, c.code, c.name)
		}

		_, err = b.svc.CreateUserAlias(ctx, b.org.OrgID, params(localmodels.RequestParams{Temperature: ptr(3.0), TopP: ptr(-1.0)}))
		require.EqualError(t, err, "obj_validation_error-validation_errors: request_params.temperature must be within "+
			"0..2; got 3; request_params.top_p must be within 0..1; got -1.", "every problem at once")
		a, err := b.svc.CreateUserAlias(ctx, b.org.OrgID, params(localmodels.RequestParams{Temperature: ptr(2.0),
			TopP: ptr(0.0), FrequencyPenalty: ptr(-2.0), PresencePenalty: ptr(2.0), MaxTokens: ptr(int64(1))}))
		require.NoError(t, err, "the bounds are inside the ranges")

		_, err = b.svc.CreateUserAlias(ctx, b.other.OrgID, localmodels.AliasInput{Alias: "taken", Repo: phiRepo,
			Filename: phiFile})
		require.NoError(t, err, "names are per org")
		require.NoError(t, b.svc.DeleteUserAlias(ctx, b.org.OrgID, a.ID))
	})
}

func TestUpdateUserAlias(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		main := b.download(t, phiRepo, "main", phiFile)
		b.download(t, phiRepo, "main", "phi-2-Q8_0.gguf")
		a, err := b.svc.CreateUserAlias(ctx, b.org.OrgID, localmodels.AliasInput{Alias: "phi", Repo: phiRepo,
			Filename: phiFile, ContextParams: []string{"--ctx-size 2048"}})
		require.NoError(t, err)

		b.clock.Advance(time.Minute)
		up, err := b.svc.UpdateUserAlias(ctx, b.org.OrgID, a.ID, localmodels.AliasInput{Alias: "renamed?",
			Repo: phiRepo, Filename: "phi-2-Q8_0.gguf", RequestParams: &localmodels.RequestParams{TopP: ptr(0.9)}})
		require.NoError(t, err)
		require.Equal(t, a.ID, up.ID)
		require.Equal(t, "phi", up.Alias, "the name never changes")
		require.Equal(t, "phi-2-Q8_0.gguf", up.Filename)
		require.Equal(t, main, up.Snapshot)
		require.Equal(t, localmodels.RequestParams{TopP: ptr(0.9)}, up.RequestParams)
		require.Equal(t, []string{}, up.ContextParams, "an update replaces the parameters")
		require.True(t, up.CreatedAt.Equal(start))
		require.True(t, up.UpdatedAt.Equal(start.Add(time.Minute)))

		for _, c := range []struct {
			name, org, id string
			in            localmodels.AliasInput
			code          string
		}{
			{"unknown id", b.org.OrgID, "nope", localmodels.AliasInput{Repo: phiRepo, Filename: phiFile}, "data_service_error-alias_not_found"},
			{"another org", b.other.OrgID, a.ID, localmodels.AliasInput{Repo: phiRepo, Filename: phiFile}, "data_service_error-alias_not_found"},
			{"bad repo", b.org.OrgID, a.ID, localmodels.AliasInput{Repo: "bad", Filename: phiFile}, "obj_validation_error-file_pattern_mismatch"},
			{"file absent", b.org.OrgID, a.ID, localmodels.AliasInput{Repo: phiRepo, Filename: "x.gguf"}, "hub_service_error-file_not_found"},
			{"bad params", b.org.OrgID, a.ID, localmodels.AliasInput{Repo: phiRepo, Filename: phiFile,
				RequestParams: &localmodels.RequestParams{TopP: ptr(2.0)}}, "obj_validation_error-validation_errors"},
		} {
			_, err := b.svc.UpdateUserAlias(ctx, c.org, c.id, c.in)
			requireCode(t, err, c.code, c.name)
		}
		got, err := b.svc.UserAlias(ctx, b.org.OrgID, a.ID)
		require.NoError(t, err)
		require.Equal(t, up, got, "refused updates change nothing")
	})
}

func TestDeleteAndCopyUserAlias(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		b.download(t, phiRepo, "main", phiFile)
		a, err := b.svc.CreateUserAlias(ctx, b.org.OrgID, localmodels.AliasInput{Alias: "phi", Repo: phiRepo,
			Filename: phiFile, RequestParams: &localmodels.RequestParams{Temperature: ptr(0.2)},
			ContextParams: []string{"--ctx-size 4096"}})
		require.NoError(t, err)

		b.clock.Advance(time.Minute)
		c, err := b.svc.CopyUserAlias(ctx, b.org.OrgID, a.ID, "phi-copy")
		require.NoError(t, err)
		require.NotEqual(t, a.ID, c.ID, "a new id")
		require.Equal(t, "phi-copy", c.Alias)
		require.Equal(t, []any{a.Repo, a.Filename, a.Snapshot, a.RequestParams, a.ContextParams},
			[]any{c.Repo, c.Filename, c.Snapshot, c.RequestParams, c.ContextParams}, "the same settings")
		require.True(t, c.CreatedAt.Equal(start.Add(time.Minute)))

		for _, cc := range []struct{ name, org, id, alias, code string }{
			{"a taken name", b.org.OrgID, a.ID, "phi-copy", "data_service_error-alias_exists"},
			{"a model alias's name", b.org.OrgID, a.ID, phiRepo + ":Q4_K_M", "data_service_error-alias_exists"},
			{"an empty name", b.org.OrgID, a.ID, "", "obj_validation_error-validation_errors"},
			{"an unknown source", b.org.OrgID, "nope", "x", "data_service_error-alias_not_found"},
			{"another org's source", b.other.OrgID, a.ID, "x", "data_service_error-alias_not_found"},
		} {
			_, err := b.svc.CopyUserAlias(ctx, cc.org, cc.id, cc.alias)
			requireCode(t, err, cc.code, cc.name)
		}

		requireCode(t, b.svc.DeleteUserAlias(ctx, b.other.OrgID, a.ID), "data_service_error-alias_not_found",
			"another org cannot delete it")
		require.NoError(t, b.svc.DeleteUserAlias(ctx, b.org.OrgID, a.ID))
		requireCode(t, b.svc.DeleteUserAlias(ctx, b.org.OrgID, a.ID), "data_service_error-alias_not_found")
		_, err = b.svc.UserAlias(ctx, b.org.OrgID, a.ID)
		requireCode(t, err, "data_service_error-alias_not_found")
		_, err = b.svc.UserAlias(ctx, b.org.OrgID, c.ID)
		require.NoError(t, err, "the copy stands alone")
	})
}
