package apimodels_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apimodels"
	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/outbound"
)

// bundle is one service over a fresh database of one dialect, with two orgs and a fake provider.
type bundle struct {
	store      *db.DbServiceImpl
	svc        *apimodels.Service
	org, other *auth.OrgContext
	provider   *apptest.Provider
}

func forEachDialect(t *testing.T, fn func(t *testing.T, b bundle)) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) { fn(t, newBundle(t, d)) })
}

func newBundle(t *testing.T, d dbtest.Dialect) bundle {
	t.Helper()
	ctx := context.Background()
	store := dbtest.Store(t, d)
	// The service's background refreshes end with the test, before the store closes.
	bg, cancel := context.WithCancel(ctx)
	t.Cleanup(cancel)
	svc := apimodels.New(bg, store, cache.NewMemory(time.Now), outbound.NewClient(false, 30*time.Second), time.Now,
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	return bundle{store: store, svc: svc, org: apptest.NewOrg(t, store, "acme"), other: apptest.NewOrg(t, store, "beta"),
		provider: apptest.StartProvider(t)}
}

// input is a valid provider of the fake: gpt-4o under the prefix, with a key.
func (b bundle) input(prefix string) apimodels.Input {
	return apimodels.Input{APIFormat: "openai", BaseURL: b.provider.URL + "/",
		APIKey: apimodels.KeyChange{Value: ptr("sk-test")}, Models: []string{"gpt-4o"}, Prefix: ptr(prefix)}
}

// requireRefusal checks that err is the apperr.Error of kind and code (whatever its message and cause).
func requireRefusal(t *testing.T, err error, kind apperr.Kind, code string, msgAndArgs ...any) *apperr.Error {
	t.Helper()
	e, ok := apperr.As(err)
	require.True(t, ok, "want %s, got %v", code, err)
	require.Equal(t, code, e.Code, msgAndArgs...)
	require.Equal(t, kind, e.Kind, msgAndArgs...)
	return e
}

func ptr[T any](v T) *T { return &v }

func TestInputRefusals(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		const validation = "obj_validation_error-validation_errors"
		for name, c := range map[string]struct {
			mod  func(*apimodels.Input)
			code string
		}{
			"format":             {func(in *apimodels.Input) { in.APIFormat = "anthropic" }, validation},
			"ftp base url":       {func(in *apimodels.Input) { in.BaseURL = "ftp://x" }, validation},
			"relative base url":  {func(in *apimodels.Input) { in.BaseURL = "not a url" }, validation},
			"no models":          {func(in *apimodels.Input) { in.Models = nil }, validation},
			"blank model":        {func(in *apimodels.Input) { in.Models = []string{" "} }, validation},
			"empty key":          {func(in *apimodels.Input) { in.APIKey.Value = ptr("") }, validation},
			"forward-all, blank": {func(in *apimodels.Input) { in.ForwardAll, in.Prefix = true, ptr("  ") }, "obj_validation_error-forward_all_requires_prefix"},
		} {
			in := b.input("p/")
			c.mod(&in)
			_, err := b.svc.Create(ctx, b.org, in)
			requireRefusal(t, err, apperr.Invalid, c.code, name)
		}

		row, err := b.svc.Create(ctx, b.org, b.input("p/"))
		require.NoError(t, err)
		require.Equal(t, b.provider.URL, row.BaseURL, "trailing slashes are dropped")
		_, err = b.svc.Create(ctx, b.org, b.input("p/"))
		requireRefusal(t, err, apperr.Invalid, "db_error-prefix_exists")
		require.ErrorIs(t, err, apimodels.ErrPrefixExists)
		_, err = b.svc.Create(ctx, b.other, b.input("p/"))
		require.NoError(t, err, "prefixes are unique per org")
		second, err := b.svc.Create(ctx, b.org, b.input("q/"))
		require.NoError(t, err)
		_, err = b.svc.Update(ctx, b.org, second.ID, b.input("p/"))
		requireRefusal(t, err, apperr.Invalid, "db_error-prefix_exists", "update too")
	})
}

func TestNotFoundInTheOrg(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		row, err := b.svc.Create(ctx, b.org, b.input("p/"))
		require.NoError(t, err)
		for _, id := range []string{"00000000-0000-0000-0000-000000000000", row.ID} {
			_, err := b.svc.Get(ctx, b.other.OrgID, id)
			requireRefusal(t, err, apperr.NotFound, "entity_error-not_found")
			_, err = b.svc.Update(ctx, b.other, id, b.input("p/"))
			requireRefusal(t, err, apperr.NotFound, "entity_error-not_found")
			_, err = b.svc.Sync(ctx, b.other, id)
			requireRefusal(t, err, apperr.NotFound, "entity_error-not_found")
			requireRefusal(t, b.svc.Delete(ctx, b.other.OrgID, id), apperr.NotFound, "entity_error-not_found")
		}
		require.NoError(t, b.svc.Delete(ctx, b.org.OrgID, row.ID))
		require.ErrorIs(t, b.svc.Delete(ctx, b.org.OrgID, row.ID), apimodels.ErrNotFound)
	})
}

func TestResolve(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		listed, err := b.svc.Create(ctx, b.org, b.input("fake/"))
		require.NoError(t, err)
		all := b.input("all/")
		all.ForwardAll = true
		forwarded, err := b.svc.Create(ctx, b.org, all)
		require.NoError(t, err)

		for model, want := range map[string]struct{ id, upstream string }{
			"fake/gpt-4o":  {listed.ID, "gpt-4o"},
			"all/anything": {forwarded.ID, "anything"},
		} {
			target, err := b.svc.Resolve(ctx, b.org, model)
			require.NoError(t, err, model)
			require.Equal(t, want.id, target.Alias.ID, model)
			require.Equal(t, want.upstream, target.UpstreamModel, model)
		}
		for _, model := range []string{"gpt-4o", "fake/gpt-4o-mini", "all/", "other/gpt-4o"} {
			_, err := b.svc.Resolve(ctx, b.org, model)
			e := requireRefusal(t, err, apperr.NotFound, "model_router_error-api_model_not_found", model)
			require.Equal(t, "Model '"+model+"' not found.", e.Message)
			require.ErrorIs(t, err, apimodels.ErrModelNotFound)
		}
		_, err = b.svc.Resolve(ctx, b.other, "fake/gpt-4o")
		require.ErrorIs(t, err, apimodels.ErrModelNotFound, "another org's providers are not routed to")
	})
}

func TestOpenKey(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		row, err := b.svc.Create(ctx, b.org, b.input("p/"))
		require.NoError(t, err)
		key, err := apimodels.OpenKey(b.org, row)
		require.NoError(t, err)
		require.Equal(t, "sk-test", *key)

		_, err = apimodels.OpenKey(b.other, row)
		requireRefusal(t, err, apperr.Internal, "encryption_error-decrypt_failed", "another org's data key")
		moved := sealedElsewhere(t, b, row)
		_, err = apimodels.OpenKey(b.org, moved)
		require.ErrorIs(t, err, apimodels.ErrDecrypt, "a key sealed for another row")

		noKey := b.input("n/")
		noKey.APIKey.Value = nil
		row, err = b.svc.Create(ctx, b.org, noKey)
		require.NoError(t, err)
		key, err = apimodels.OpenKey(b.org, row)
		require.NoError(t, err)
		require.Nil(t, key, "no key stored is no key, not a failure")
	})
}

// sealedElsewhere stores a new provider of b.org that holds row's sealed key: its AAD names another row, so it
// cannot be opened.
func sealedElsewhere(t *testing.T, b bundle, row db.APIModelAlias) db.APIModelAlias {
	t.Helper()
	ctx := context.Background()
	other, err := b.svc.Create(ctx, b.org, b.input("moved-"+row.ID[:8]+"/"))
	require.NoError(t, err)
	other.EncryptedAPIKey, other.Nonce = row.EncryptedAPIKey, row.Nonce
	other, err = b.store.UpdateAPIModelAlias(ctx, b.org.OrgID, other)
	require.NoError(t, err)
	return other
}

// statusProvider answers every call with the status its path names (/v1/401/models → 401).
func statusProvider(t *testing.T) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var status int
		for _, part := range []string{"401", "404", "429", "500", "502"} {
			if len(r.URL.Path) > 8 && r.URL.Path[4:7] == part {
				status, _ = strconv.Atoi(part)
			}
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/v1"
}

// TestProviderCallFailures pins what a failed provider call of fetch-models (and test, and sync) is: the
// ai_api_service_error of http-api.md §6, whose kind gives the status.
func TestProviderCallFailures(t *testing.T) {
	ctx := context.Background()
	b := newBundle(t, dbtest.SQLite)
	statuses := statusProvider(t)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	for _, c := range []struct {
		base    string
		kind    apperr.Kind
		code    string
		message string
	}{
		{statuses + "/401", apperr.Unauthenticated, "ai_api_service_error-unauthorized", "The provider refused the API key."},
		{statuses + "/404", apperr.NotFound, "ai_api_service_error-not_found", "The provider answered 404 Not Found."},
		{statuses + "/429", apperr.Unavailable, "ai_api_service_error-rate_limit", "The provider is rate-limiting requests."},
		{statuses + "/502", apperr.BadGateway, "ai_api_service_error-api_error", "The provider answered 502."},
		{closed.URL, apperr.BadGateway, "ai_api_service_error-bad_gateway", ""},
	} {
		_, err := b.svc.FetchModels(ctx, b.org, apimodels.Probe{BaseURL: c.base})
		e := requireRefusal(t, err, c.kind, c.code, c.base)
		if c.message != "" {
			require.Equal(t, c.message, e.Message)
		} else {
			require.Contains(t, e.Message, "The provider could not be reached: ")
		}
	}

	blocking := apimodels.New(ctx, b.store, cache.NewMemory(time.Now), outbound.NewClient(true, 30*time.Second),
		time.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	_, err := blocking.FetchModels(ctx, b.org, apimodels.Probe{BaseURL: b.provider.URL})
	requireRefusal(t, err, apperr.Invalid, "ai_api_service_error-blocked_address", "loopback, in hosted mode")
	require.ErrorIs(t, err, apimodels.ErrProviderBlocked)
	require.Empty(t, b.provider.Calls(), "never sent")
}

func TestProbe(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		models, err := b.svc.FetchModels(ctx, b.org, apimodels.Probe{BaseURL: b.provider.URL, Key: ptr("sk-inline")})
		require.NoError(t, err)
		require.Equal(t, []string{"gpt-4o", "gpt-4o-mini"}, models)
		require.Equal(t, "Bearer sk-inline", b.provider.Calls()[0].Authorization)

		row, err := b.svc.Create(ctx, b.org, b.input("p/"))
		require.NoError(t, err)
		stored := apimodels.Probe{BaseURL: b.provider.URL, StoredKeyOf: &row.ID}
		result, err := b.svc.TestPrompt(ctx, b.org, stored, "gpt-4o", "Hello")
		require.NoError(t, err)
		require.Equal(t, apimodels.PromptResult{Success: true, Response: "Hello from gpt-4o"}, result)
		calls := b.provider.Calls()
		require.Equal(t, "Bearer sk-test", calls[len(calls)-1].Authorization, "the stored key of the row")

		result, err = b.svc.TestPrompt(ctx, b.org, apimodels.Probe{BaseURL: b.provider.URL + "/missing"}, "gpt-4o", "Hi")
		require.NoError(t, err, "a failed provider call is the test's result, not a refusal")
		require.Equal(t, apimodels.PromptResult{Error: "The provider answered 404 Not Found."}, result)

		for name, c := range map[string]struct {
			probe         apimodels.Probe
			model, prompt string
			kind          apperr.Kind
			code          string
		}{
			"bad base url":      {apimodels.Probe{BaseURL: "ftp://x"}, "gpt-4o", "Hi", apperr.Invalid, "obj_validation_error-validation_errors"},
			"no model":          {stored, "", "Hi", apperr.Invalid, "obj_validation_error-validation_errors"},
			"empty prompt":      {stored, "gpt-4o", "", apperr.Invalid, "obj_validation_error-validation_errors"},
			"31-char prompt":    {stored, "gpt-4o", "0123456789012345678901234567890", apperr.Invalid, "obj_validation_error-validation_errors"},
			"unknown stored id": {apimodels.Probe{BaseURL: b.provider.URL, StoredKeyOf: ptr("nope")}, "gpt-4o", "Hi", apperr.NotFound, "entity_error-not_found"},
			"another org's id":  {stored, "gpt-4o", "Hi", apperr.NotFound, "entity_error-not_found"},
			"unopenable key": {apimodels.Probe{BaseURL: b.provider.URL, StoredKeyOf: ptr(sealedElsewhere(t, b, row).ID)},
				"gpt-4o", "Hi", apperr.Internal, "encryption_error-decrypt_failed"},
		} {
			org := b.org
			if name == "another org's id" {
				org = b.other
			}
			_, err := b.svc.TestPrompt(ctx, org, c.probe, c.model, c.prompt)
			requireRefusal(t, err, c.kind, c.code, name)
			if c.model != "" && c.prompt == "Hi" { // the refusals of the probe itself, which fetch-models shares
				_, err = b.svc.FetchModels(ctx, org, c.probe)
				requireRefusal(t, err, c.kind, c.code, name+" (fetch)")
			}
		}
	})
}

func TestSyncFillsTheForwardAllCache(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		in := b.input("all/")
		in.ForwardAll = true
		row, err := b.svc.Create(ctx, b.org, in)
		require.NoError(t, err)
		b.provider.SetModels("m1", "m2")
		row, err = b.svc.Sync(ctx, b.org, row.ID)
		require.NoError(t, err)
		require.Equal(t, []string{"m1", "m2"}, apimodels.Models(row))
		require.NotNil(t, row.CacheFetchedAt)

		b.provider.SetModels()
		broken := b.input("broken/")
		broken.BaseURL = b.provider.URL + "/missing"
		bad, err := b.svc.Create(ctx, b.org, broken)
		require.NoError(t, err)
		_, err = b.svc.Sync(ctx, b.org, bad.ID)
		requireRefusal(t, err, apperr.NotFound, "ai_api_service_error-not_found")
		if errors.Is(err, apimodels.ErrNotFound) {
			t.Fatal("a provider's 404 is not the row's")
		}
	})
}
