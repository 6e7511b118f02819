package app_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/dbtest"
)

// gatewayDeployment is a deployment whose hosted servers may call a provider on loopback.
func gatewayDeployment(t *testing.T, hosted bool) deployment {
	t.Helper()
	l := apptest.Listen(t)
	idp := apptest.StartIdP(t, apptest.TwoOrgSeed(hosted, l.Port), 0)
	if hosted {
		b := l.Start(t, idp, dbtest.Dialect{Name: "postgres", URL: dbtest.PostgresURL}, true,
			[]apptest.Org{apptest.Acme, apptest.Globex}, "BODHI_ALLOW_PRIVATE_UPSTREAMS=true")
		return deployment{name: "hosted", idp: idp, bodhi: b}
	}
	acme := apptest.Acme
	aliceID, _ := idp.UserID("alice")
	acme.FirstAdmin = &aliceID
	b := l.Start(t, idp, dbtest.Dialect{Name: "sqlite", URL: dbtest.SQLiteURL}, false, []apptest.Org{acme})
	return deployment{name: "standalone", idp: idp, bodhi: b}
}

// setupModel logs user in, registers the provider with key and prefix, and returns an API token and the model id.
func setupModel(t *testing.T, d deployment, slug, user string, p *apptest.Provider, key, prefix string) (*apptest.Browser, string, string) {
	t.Helper()
	b := loggedIn(t, d, slug, user)
	r := b.Do(http.MethodPost, "/bodhi/v1/api-models", map[string]any{"api_format": "openai", "base_url": p.URL + "/",
		"api_key": key, "models": []string{"gpt-4o", "gpt-4o-mini"}, "prefix": prefix})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	model := r.JSON(t)
	require.Equal(t, "***", model["api_key_masked"])
	require.Equal(t, p.URL, model["base_url"], "stored without the trailing slash")
	r = b.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]string{"scope": "scope_token_user"})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	return b, r.JSON(t)["token"].(string), model["id"].(string)
}

func sdk(d deployment, slug, token string) openai.Client {
	return openai.NewClient(option.WithBaseURL("http://"+d.bodhi.Host(slug)+"/v1/"), option.WithAPIKey(token),
		option.WithHTTPClient(apptest.HTTPClient()), option.WithMaxRetries(0))
}

func TestGatewayWithOpenAISDK(t *testing.T) {
	for _, hosted := range []bool{true, false} {
		t.Run(map[bool]string{true: "hosted", false: "standalone"}[hosted], func(t *testing.T) {
			t.Parallel()
			d := gatewayDeployment(t, hosted)
			p := apptest.StartProvider(t)
			_, token, _ := setupModel(t, d, "acme", "alice", p, "sk-acme", "fake/")
			client := sdk(d, "acme", token)
			ctx := context.Background()

			page, err := client.Models.List(ctx)
			require.NoError(t, err)
			var ids []string
			for _, m := range page.Data {
				ids = append(ids, m.ID)
				require.Equal(t, p.URL, m.OwnedBy)
			}
			require.ElementsMatch(t, []string{"fake/gpt-4o", "fake/gpt-4o-mini"}, ids)
			m, err := client.Models.Get(ctx, "fake/gpt-4o")
			require.NoError(t, err)
			require.Equal(t, "fake/gpt-4o", m.ID)

			resp, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
				Model: "fake/gpt-4o", Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")}})
			require.NoError(t, err)
			require.Equal(t, "Hello from gpt-4o", resp.Choices[0].Message.Content)
			calls := p.Calls()
			last := calls[len(calls)-1]
			require.Equal(t, "Bearer sk-acme", last.Authorization, "the provider sees the org's decrypted key")
			require.Equal(t, "gpt-4o", last.Model, "and the model without the prefix")
			require.Empty(t, last.Header.Get("Cookie"))
			require.Empty(t, last.Header.Get("X-Bodhiapp-Org"))

			stream := client.Chat.Completions.NewStreaming(ctx, openai.ChatCompletionNewParams{
				Model: "fake/gpt-4o-mini", Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")}})
			var text strings.Builder
			for stream.Next() {
				for _, ch := range stream.Current().Choices {
					text.WriteString(ch.Delta.Content)
				}
			}
			require.NoError(t, stream.Err())
			require.Equal(t, "part0 part1 part2 ", text.String(), "chunks arrive in order")

			emb, err := client.Embeddings.New(ctx, openai.EmbeddingNewParams{Model: "fake/gpt-4o",
				Input: openai.EmbeddingNewParamsInputUnion{OfString: openai.String("text")}})
			require.NoError(t, err)
			require.Len(t, emb.Data[0].Embedding, 3)

			_, err = client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
				Model: "unknown", Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")}})
			var apiErr *openai.Error
			require.ErrorAs(t, err, &apiErr)
			require.Equal(t, http.StatusNotFound, apiErr.StatusCode)
			require.Equal(t, "model_router_error-api_model_not_found", apiErr.Code)
		})
	}
}

func TestTwoOrgsSamePrefixDifferentKeys(t *testing.T) {
	d := gatewayDeployment(t, true)
	p := apptest.StartProvider(t)
	acmeBrowser, acmeToken, acmeModel := setupModel(t, d, "acme", "alice", p, "sk-acme", "fake/")
	// bob is only a user at globex: promote him at the dev provider for this test.
	globexAdmin := promote(t, d, "globex", "bob")
	r := globexAdmin.Do(http.MethodPost, "/bodhi/v1/api-models", map[string]any{"api_format": "openai",
		"base_url": p.URL, "api_key": "sk-globex", "models": []string{"gpt-4o"}, "prefix": "fake/"})
	require.Equal(t, http.StatusCreated, r.Status, "the same prefix in another org: %s", r.Body)
	r = globexAdmin.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]string{"scope": "scope_token_user"})
	globexToken := r.JSON(t)["token"].(string)

	ctx := context.Background()
	for token, want := range map[string]struct{ slug, key string }{acmeToken: {"acme", "sk-acme"}, globexToken: {"globex", "sk-globex"}} {
		client := sdk(d, want.slug, token)
		_, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
			Model: "fake/gpt-4o", Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")}})
		require.NoError(t, err)
		calls := p.Calls()
		require.Equal(t, "Bearer "+want.key, calls[len(calls)-1].Authorization, want.slug)
	}

	for _, c := range []struct{ method, path string }{
		{http.MethodGet, "/bodhi/v1/api-models/" + acmeModel},
		{http.MethodPut, "/bodhi/v1/api-models/" + acmeModel},
		{http.MethodDelete, "/bodhi/v1/api-models/" + acmeModel},
		{http.MethodPost, "/bodhi/v1/api-models/" + acmeModel + "/sync-models"},
	} {
		var body any
		if c.method == http.MethodPut {
			body = map[string]any{"api_format": "openai", "base_url": p.URL, "models": []string{"x"}}
		}
		r := globexAdmin.Do(c.method, c.path, body)
		require.Equal(t, http.StatusNotFound, r.Status, "%s %s: %s", c.method, c.path, r.Body)
		require.Equal(t, "entity_error-not_found", r.ErrorCode(t))
	}
	r = globexAdmin.Do(http.MethodGet, "/bodhi/v1/api-models", nil)
	require.EqualValues(t, 1, r.JSON(t)["total"], "globex lists only its own model")
	r = acmeBrowser.Do(http.MethodGet, "/bodhi/v1/api-models/"+acmeModel, nil)
	require.Equal(t, http.StatusOK, r.Status, "acme's model is untouched")

	// The raw row holds no plain-text key.
	store := d.bodhi.Store(t)
	acme, _ := store.GetOrgBySlug(ctx, "acme")
	row, err := store.GetAPIModelAlias(ctx, acme.ID, acmeModel)
	require.NoError(t, err)
	require.False(t, bytes.Contains(row.EncryptedAPIKey, []byte("sk-acme")))
	require.Len(t, row.Nonce, 12)
}

// promote gives user the admin role on slug's client at the dev provider and logs them in again.
func promote(t *testing.T, d deployment, slug, user string) *apptest.Browser {
	t.Helper()
	d.idp.SetClientRoles(t, user, map[string][]string{"bodhi-" + slug: {"resource_admin"}})
	return loggedIn(t, d, slug, user)
}

func TestClientDisconnectCancelsUpstream(t *testing.T) {
	d := gatewayDeployment(t, true)
	p := apptest.StartProvider(t)
	p.StreamChunks, p.StreamDelay = 100, 100*time.Millisecond
	_, token, _ := setupModel(t, d, "acme", "alice", p, "sk-acme", "fake/")
	ctx, cancel := context.WithCancel(context.Background())
	client := sdk(d, "acme", token)
	stream := client.Chat.Completions.NewStreaming(ctx, openai.ChatCompletionNewParams{
		Model: "fake/gpt-4o", Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")}})
	require.True(t, stream.Next(), "the first chunk arrives while the stream is still running: %v", stream.Err())
	cancel()
	stream.Close()
	select {
	case <-p.Cancelled:
	case <-time.After(5 * time.Second):
		t.Fatal("the provider never saw the cancellation")
	}
}

func TestGatewayBadInput(t *testing.T) {
	d := gatewayDeployment(t, true)
	p := apptest.StartProvider(t)
	_, token, _ := setupModel(t, d, "acme", "alice", p, "sk-acme", "fake/")
	before := len(p.Calls())
	api := bearer(t, d, "acme", token)
	cases := []struct {
		body any
		code string
	}{
		{map[string]any{"messages": []any{}}, "oai_route_error-invalid_request"},
		{map[string]any{"model": 5, "messages": []any{}}, "oai_route_error-invalid_request"},
		{map[string]any{"model": "fake/gpt-4o", "messages": "hi"}, "oai_route_error-invalid_request"},
		{map[string]any{"model": "fake/gpt-4o", "messages": []any{}, "stream": "yes"}, "oai_route_error-invalid_request"},
		{rawJSON(`{"model": "fake/gpt-4o", `), "json_rejection_error"},
		{rawJSON(`{"model":"fake/gpt-4o","messages":[],"pad":"` + strings.Repeat("x", 33<<20) + `"}`), "json_rejection_error"},
	}
	for i, c := range cases {
		var r apptest.Response
		if raw, ok := c.body.(rawJSON); ok {
			r = api.DoRaw(http.MethodPost, "/v1/chat/completions", []byte(raw))
		} else {
			r = api.Do(http.MethodPost, "/v1/chat/completions", c.body)
		}
		require.Equal(t, http.StatusBadRequest, r.Status, "case %d: %s", i, r.Body)
		require.Equal(t, c.code, r.ErrorCode(t), "case %d", i)
	}
	require.Len(t, p.Calls(), before, "nothing was forwarded")
}

func TestOutboundAddressRule(t *testing.T) {
	l := apptest.Listen(t)
	idp := apptest.StartIdP(t, apptest.TwoOrgSeed(true, l.Port), 0)
	b := l.Start(t, idp, dbtest.Dialect{Name: "postgres", URL: dbtest.PostgresURL}, true, []apptest.Org{apptest.Acme})
	d := deployment{idp: idp, bodhi: b}
	p := apptest.StartProvider(t)
	_, token, _ := setupModel(t, d, "acme", "alice", p, "sk-acme", "fake/")
	r := bearer(t, d, "acme", token).Do(http.MethodPost, "/v1/chat/completions",
		map[string]any{"model": "fake/gpt-4o", "messages": []any{map[string]string{"role": "user", "content": "hi"}}})
	require.Equal(t, http.StatusBadRequest, r.Status, "%s", r.Body)
	require.Equal(t, "ai_api_service_error-blocked_address", r.ErrorCode(t))
	require.Empty(t, p.Calls(), "a loopback upstream is never reached in hosted mode")
}
