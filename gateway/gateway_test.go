package gateway_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
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
	"github.com/bodhiapp/bodhi/gateway"
	"github.com/bodhiapp/bodhi/ollama"
	"github.com/bodhiapp/bodhi/outbound"
)

// bundle is the gateway over a fresh database of one dialect: two orgs, and in acme an API model of the fake
// provider offering gpt-4o under the prefix fake/ with the key sk-acme.
type bundle struct {
	store      *db.DbServiceImpl
	models     *apimodels.Service
	gw         *gateway.Service
	org, other *auth.OrgContext
	provider   *apptest.Provider
	alias      db.APIModelAlias
}

func forEachDialect(t *testing.T, fn func(t *testing.T, b bundle)) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) { fn(t, newBundle(t, d, false)) })
}

// newBundle builds the bundle; blockPrivate applies the hosted outbound address rule to relayed calls.
func newBundle(t *testing.T, d dbtest.Dialect, blockPrivate bool) bundle {
	t.Helper()
	ctx := context.Background()
	store := dbtest.Store(t, d)
	bg, cancel := context.WithCancel(ctx)
	t.Cleanup(cancel)
	models := apimodels.New(bg, store, cache.NewMemory(time.Now), outbound.NewClient(false, 30*time.Second),
		time.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
	b := bundle{store: store, models: models, gw: gateway.New(models, outbound.NewClient(blockPrivate, 0), gateway.Local{}),
		org: apptest.NewOrg(t, store, "acme"), other: apptest.NewOrg(t, store, "beta"), provider: apptest.StartProvider(t)}
	b.alias = b.addModel(t, b.org, "fake/", "sk-acme", b.provider.URL, "gpt-4o")
	return b
}

func (b bundle) addModel(t *testing.T, org *auth.OrgContext, prefix, key, baseURL string,
	models ...string) db.APIModelAlias {
	t.Helper()
	row, err := b.models.Create(context.Background(), org, apimodels.Input{APIFormat: "openai", BaseURL: baseURL,
		APIKey: apimodels.KeyChange{Value: &key}, Models: models, Prefix: &prefix})
	require.NoError(t, err)
	return row
}

// chat is an OpenAI chat request for model, as the routes build it from the client's bytes.
func chat(t *testing.T, model string, extra string) gateway.OpenAIRequest {
	t.Helper()
	raw := []byte(`{"model": "` + model + `", "messages": [{"role": "user", "content": "Hi"}]` + extra + `}`)
	var fields map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(raw, &fields))
	return gateway.OpenAIRequest{Raw: raw, Fields: fields, Name: model}
}

func readAll(t *testing.T, resp *http.Response) map[string]any {
	t.Helper()
	defer resp.Body.Close()
	var out map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return out
}

func TestForwardOpensTheProviderCall(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		resp, err := b.gw.Forward(ctx, b.org, gateway.Call{Endpoint: gateway.EndpointChat, Accept: "application/json",
			Body: chat(t, "fake/gpt-4o", `, "temperature": 0.5`)})
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.Equal(t, "fake", resp.Header.Get("X-Provider"), "the provider's answer, for the route to relay")
		require.Equal(t, "chat.completion", readAll(t, resp)["object"])
		call := b.provider.Calls()[0]
		require.Equal(t, "/v1/chat/completions", call.Path)
		require.Equal(t, "Bearer sk-acme", call.Authorization, "the org's key, opened")
		require.Equal(t, "gpt-4o", call.Model, "the provider's name for the model: the prefix is stripped")
		require.Equal(t, "application/json", call.Header.Get("Accept"))
		require.Equal(t, 0.5, call.Body["temperature"], "the other fields go as they came")

		resp, err = b.gw.Forward(ctx, b.org, gateway.Call{Endpoint: gateway.EndpointEmbeddings,
			Body: chat(t, "fake/gpt-4o", "")})
		require.NoError(t, err)
		require.Equal(t, "list", readAll(t, resp)["object"])
		require.Equal(t, "/v1/embeddings", b.provider.Calls()[1].Path)

		req, err := ollama.DecodeChatRequest([]byte(`{"model": "fake/gpt-4o", "stream": false,
			"messages": [{"role": "user", "content": "Hi"}], "options": {"num_predict": 7}}`))
		require.NoError(t, err)
		converted, err := req.OpenAI()
		require.NoError(t, err)
		resp, err = b.gw.Forward(ctx, b.org, gateway.Call{Endpoint: gateway.EndpointChat,
			Body: gateway.OllamaChat{Request: converted}})
		require.NoError(t, err)
		require.Equal(t, "chat.completion", readAll(t, resp)["object"])
		call = b.provider.Calls()[2]
		require.Equal(t, "gpt-4o", call.Model)
		require.EqualValues(t, 7, call.Body["max_completion_tokens"], "the converted request is what goes")
	})
}

func TestForwardPassesTheProviderErrorOn(t *testing.T) {
	b := newBundle(t, dbtest.SQLite, false)
	b.addModel(t, b.org, "missing/", "sk", b.provider.URL+"/missing", "gpt-4o")
	resp, err := b.gw.Forward(context.Background(), b.org, gateway.Call{Endpoint: gateway.EndpointChat,
		Body: chat(t, "missing/gpt-4o", "")})
	require.NoError(t, err, "a provider's error status is its answer, relayed as it is")
	defer resp.Body.Close()
	require.Equal(t, http.StatusNotFound, resp.StatusCode)
}

func TestForwardRefusals(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		closed := httptest.NewServer(http.NotFoundHandler())
		closed.Close()
		b.addModel(t, b.org, "down/", "sk", closed.URL+"/v1", "gpt-4o")
		sealed := b.addModel(t, b.org, "sealed/", "sk", b.provider.URL, "gpt-4o")
		sealed.EncryptedAPIKey, sealed.Nonce = b.alias.EncryptedAPIKey, b.alias.Nonce // sealed for another row
		_, err := b.store.UpdateAPIModelAlias(ctx, b.org.OrgID, sealed)
		require.NoError(t, err)
		b.addModel(t, b.other, "beta/", "sk-beta", b.provider.URL, "gpt-4o")

		for _, c := range []struct {
			model string
			kind  apperr.Kind
			code  string
			is    error
		}{
			{"gpt-4o", apperr.NotFound, "model_router_error-api_model_not_found", apimodels.ErrModelNotFound},
			{"beta/gpt-4o", apperr.NotFound, "model_router_error-api_model_not_found", apimodels.ErrModelNotFound},
			{"sealed/gpt-4o", apperr.Internal, "encryption_error-decrypt_failed", apimodels.ErrDecrypt},
			{"down/gpt-4o", apperr.BadGateway, "ai_api_service_error-bad_gateway", gateway.ErrProviderUnreachable},
		} {
			before := len(b.provider.Calls())
			_, err := b.gw.Forward(ctx, b.org, gateway.Call{Endpoint: gateway.EndpointChat, Body: chat(t, c.model, "")})
			e, ok := apperr.As(err)
			require.True(t, ok, "%s: %v", c.model, err)
			require.Equal(t, c.code, e.Code, c.model)
			require.Equal(t, c.kind, e.Kind, c.model)
			require.ErrorIs(t, err, c.is, c.model)
			require.Len(t, b.provider.Calls(), before, "%s: nothing reaches the provider", c.model)
		}
		_, err = b.gw.Forward(ctx, b.org, gateway.Call{Endpoint: gateway.EndpointChat, Body: chat(t, "nope", "")})
		e, _ := apperr.As(err)
		require.Equal(t, "Model 'nope' not found.", e.Message)
	})
}

func TestForwardHonoursTheOutboundRule(t *testing.T) {
	b := newBundle(t, dbtest.SQLite, true)
	_, err := b.gw.Forward(context.Background(), b.org, gateway.Call{Endpoint: gateway.EndpointChat,
		Body: chat(t, "fake/gpt-4o", "")})
	e, ok := apperr.As(err)
	require.True(t, ok, "%v", err)
	require.Equal(t, apperr.Invalid, e.Kind)
	require.Equal(t, "ai_api_service_error-blocked_address", e.Code)
	require.Empty(t, b.provider.Calls(), "a loopback provider is never called in hosted mode")
}

func TestForwardStopsWithTheClient(t *testing.T) {
	b := newBundle(t, dbtest.SQLite, false)
	b.provider.ResponseDelay = time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := b.gw.Forward(ctx, b.org, gateway.Call{Endpoint: gateway.EndpointChat, Body: chat(t, "fake/gpt-4o", "")})
	require.ErrorIs(t, err, gateway.ErrProviderUnreachable)
	require.ErrorIs(t, err, context.DeadlineExceeded, "the cause stays reachable for the log")
	require.Less(t, time.Since(start), 10*time.Second)
}

func TestOpenAIRequestBody(t *testing.T) {
	req := chat(t, "fake/gpt-4o", `,  "z": [1,  2]`)
	same, err := req.For("fake/gpt-4o")
	require.NoError(t, err)
	require.Equal(t, req.Raw, same, "the client's bytes, untouched, when the provider knows the model by its name")
	renamed, err := req.For("gpt-4o")
	require.NoError(t, err)
	require.JSONEq(t, `{"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}], "z": [1, 2]}`,
		string(renamed))
}

func TestModels(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		newer := b.addModel(t, b.org, "", "sk", "http://127.0.0.1:9/v1", "fake/gpt-4o", "m2", "m2")
		b.addModel(t, b.other, "", "sk", b.provider.URL, "beta-only")

		models, err := b.gw.Models(ctx, b.org)
		require.NoError(t, err)
		ids := make([]string, len(models))
		for i, m := range models {
			ids[i] = m.ID
		}
		require.Equal(t, []string{"fake/gpt-4o", "m2"}, ids, "newest API model first, each id once")
		require.Equal(t, newer.BaseURL, models[0].OwnedBy, "the id is the newest API model's")
		require.Equal(t, newer.CreatedAt.Unix(), models[0].Created.Unix())

		m, err := b.gw.Model(ctx, b.org, "m2")
		require.NoError(t, err)
		require.Equal(t, "m2", m.ID)
		for _, id := range []string{"beta-only", "gpt-4o", ""} {
			_, err := b.gw.Model(ctx, b.org, id)
			e, ok := apperr.As(err)
			require.True(t, ok, "%q: %v", id, err)
			require.Equal(t, apperr.NotFound, e.Kind)
			require.Equal(t, "data_service_error-alias_not_found", e.Code)
			require.Equal(t, "Model '"+id+"' not found.", e.Message)
		}
	})
}

// fakeLocal is a standalone server's local models: names only, or with LocalListing's times too.
type fakeLocal struct {
	names   map[string][]string // by org id
	listing []gateway.Model     // nil: no LocalListing
}

func (f fakeLocal) Target(context.Context, string, string) (gateway.LocalTarget, bool, error) {
	return gateway.LocalTarget{}, false, nil
}

func (f fakeLocal) Names(_ context.Context, orgID string) ([]string, error) {
	return f.names[orgID], nil
}

type fakeLocalListing struct{ fakeLocal }

func (f fakeLocalListing) LocalListing(context.Context, string) ([]gateway.Model, error) {
	return f.listing, nil
}

func TestModelsListLocalAliasesFirst(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		created := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
		names := map[string][]string{b.org.OrgID: {"my-llama", "owner/repo:Q4_K_M", "fake/gpt-4o"}}
		for _, c := range []struct {
			name  string
			local gateway.LocalModels
			want  []gateway.Model
		}{
			{"names only: created at the epoch", fakeLocal{names: names}, []gateway.Model{
				{ID: "my-llama", Created: time.Unix(0, 0), OwnedBy: "system", Format: "gguf"},
				{ID: "owner/repo:Q4_K_M", Created: time.Unix(0, 0), OwnedBy: "system", Format: "gguf"},
				{ID: "fake/gpt-4o", Created: time.Unix(0, 0), OwnedBy: "system", Format: "gguf"},
			}},
			{"with their times", fakeLocalListing{fakeLocal{listing: []gateway.Model{
				{ID: "my-llama", Created: created, OwnedBy: "system", Format: "gguf"},
				{ID: "fake/gpt-4o", Created: created, OwnedBy: "system", Format: "gguf"},
			}}}, []gateway.Model{
				{ID: "my-llama", Created: created, OwnedBy: "system", Format: "gguf"},
				{ID: "fake/gpt-4o", Created: created, OwnedBy: "system", Format: "gguf"},
			}},
		} {
			t.Run(c.name, func(t *testing.T) {
				gw := gateway.New(b.models, outbound.NewClient(false, 0), gateway.Local{Models: c.local})
				models, err := gw.Models(ctx, b.org)
				require.NoError(t, err)
				require.Equal(t, c.want, models, "local aliases first; an API model id a local alias has is not listed again")
				m, err := gw.Model(ctx, b.org, "my-llama")
				require.NoError(t, err)
				require.Equal(t, c.want[0], m)
			})
		}
		models, err := gateway.New(b.models, outbound.NewClient(false, 0), gateway.Local{Models: fakeLocal{names: names}}).Models(ctx, b.other)
		require.NoError(t, err)
		require.Empty(t, models, "another org's local aliases are its own")
	})
}

// TestRefusalKinds pins the gateway's own refusals: their kinds give the routes' statuses (http-api.md §7).
func TestRefusalKinds(t *testing.T) {
	for _, c := range []struct {
		err  *apperr.Error
		kind apperr.Kind
		code string
	}{
		{gateway.ErrAliasNotFound, apperr.NotFound, "data_service_error-alias_not_found"},
		{gateway.ErrProviderUnreachable, apperr.BadGateway, "ai_api_service_error-bad_gateway"},
		{gateway.ErrBody, apperr.Invalid, "json_rejection_error"},
	} {
		require.Equal(t, c.code, c.err.Code)
		require.Equal(t, c.kind, c.err.Kind, c.code)
	}
}
