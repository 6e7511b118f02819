package app_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
)

func TestAPIModelsValidationAndCRUD(t *testing.T) {
	for _, hosted := range []bool{true, false} {
		t.Run(map[bool]string{true: "hosted", false: "standalone"}[hosted], func(t *testing.T) {
			t.Parallel()
			d := gatewayDeployment(t, hosted)
			p := apptest.StartProvider(t)
			carol := loggedIn(t, d, "acme", "carol") // power user: enough for PU-any
			base := map[string]any{"api_format": "openai", "base_url": p.URL, "models": []string{"gpt-4o"}}
			with := func(kv ...any) map[string]any {
				m := map[string]any{}
				for k, v := range base {
					m[k] = v
				}
				for i := 0; i < len(kv); i += 2 {
					m[kv[i].(string)] = kv[i+1]
				}
				return m
			}
			for _, c := range []struct {
				body map[string]any
				code string
			}{
				{with("base_url", "ftp://x"), "obj_validation_error-validation_errors"},
				{with("base_url", "not a url"), "obj_validation_error-validation_errors"},
				{with("models", []string{}), "obj_validation_error-validation_errors"},
				{with("forward_all_with_prefix", true), "obj_validation_error-forward_all_requires_prefix"},
				{with("forward_all_with_prefix", true, "prefix", "  "), "obj_validation_error-forward_all_requires_prefix"},
				{with("api_format", "anthropic"), "obj_validation_error-validation_errors"},
			} {
				r := carol.Do(http.MethodPost, "/bodhi/v1/api-models", c.body)
				require.Equal(t, http.StatusBadRequest, r.Status, "%v: %s", c.body, r.Body)
				require.Equal(t, c.code, r.ErrorCode(t))
			}

			r := carol.Do(http.MethodPost, "/bodhi/v1/api-models", with("prefix", ""))
			require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
			noPrefix := r.JSON(t)
			require.Nil(t, noPrefix["prefix"], "an empty prefix is stored as null")
			require.Nil(t, noPrefix["api_key_masked"], "no key stored")

			r = carol.Do(http.MethodPost, "/bodhi/v1/api-models", with("prefix", "p/", "api_key", "sk-1"))
			require.Equal(t, http.StatusCreated, r.Status)
			created := r.JSON(t)
			id := created["id"].(string)
			r = carol.Do(http.MethodPost, "/bodhi/v1/api-models", with("prefix", "p/"))
			require.Equal(t, "db_error-prefix_exists", r.ErrorCode(t))

			// Update keeps the key unless told otherwise; {"action":"set","value":null} clears it.
			r = carol.Do(http.MethodPut, "/bodhi/v1/api-models/"+id, with("prefix", "p/", "models", []string{"gpt-4o-mini"}))
			require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
			require.Equal(t, "***", r.JSON(t)["api_key_masked"])
			require.Equal(t, []any{"gpt-4o-mini"}, r.JSON(t)["models"])
			r = carol.Do(http.MethodPut, "/bodhi/v1/api-models/"+id, with("prefix", "p/",
				"api_key", map[string]any{"action": "set", "value": nil}))
			require.Nil(t, r.JSON(t)["api_key_masked"])
			r = carol.Do(http.MethodPut, "/bodhi/v1/api-models/"+id, with("api_key", map[string]any{"action": "reset"}))
			require.Equal(t, "json_rejection_error", r.ErrorCode(t))

			r = carol.Do(http.MethodGet, "/bodhi/v1/api-models?page_size=1", nil)
			list := r.JSON(t)
			require.EqualValues(t, 2, list["total"])
			require.Len(t, list["data"], 1)
			require.Equal(t, id, list["data"].([]any)[0].(map[string]any)["id"], "newest first")
			r = carol.Do(http.MethodGet, "/bodhi/v1/models", nil)
			require.EqualValues(t, 2, r.JSON(t)["total"])
			require.Equal(t, "api", r.JSON(t)["data"].([]any)[0].(map[string]any)["source"])
			r = carol.Do(http.MethodGet, "/bodhi/v1/api-models/api-formats", nil)
			require.Equal(t, map[string]any{"data": []any{"openai"}}, r.JSON(t))

			r = carol.Do(http.MethodDelete, "/bodhi/v1/api-models/"+id, nil)
			require.Equal(t, http.StatusNoContent, r.Status)
			r = carol.Do(http.MethodGet, "/bodhi/v1/api-models/"+id, nil)
			require.Equal(t, "entity_error-not_found", r.ErrorCode(t))

			bob := loggedIn(t, d, "acme", "bob") // a user: below PU-any
			r = bob.Do(http.MethodGet, "/bodhi/v1/api-models", nil)
			require.Equal(t, http.StatusForbidden, r.Status)
		})
	}
}

func TestAPIModelsUpstreamCalls(t *testing.T) {
	d := gatewayDeployment(t, true)
	p := apptest.StartProvider(t)
	carol := loggedIn(t, d, "acme", "carol")

	r := carol.Do(http.MethodPost, "/bodhi/v1/api-models/fetch-models", map[string]any{"base_url": p.URL,
		"creds": map[string]any{"type": "api_key", "value": "sk-x"}})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.Equal(t, map[string]any{"models": []any{"gpt-4o", "gpt-4o-mini"}}, r.JSON(t))
	calls := p.Calls()
	require.Equal(t, "Bearer sk-x", calls[len(calls)-1].Authorization)

	r = carol.Do(http.MethodPost, "/bodhi/v1/api-models/test", map[string]any{"base_url": p.URL, "model": "gpt-4o",
		"prompt": "say hi"})
	require.Equal(t, map[string]any{"success": true, "response": "Hello from gpt-4o"}, r.JSON(t))
	r = carol.Do(http.MethodPost, "/bodhi/v1/api-models/test", map[string]any{"base_url": p.URL + "/missing",
		"model": "gpt-4o", "prompt": "say hi"})
	require.Equal(t, http.StatusOK, r.Status)
	require.Equal(t, false, r.JSON(t)["success"], "upstream failures are success: false with 200")
	r = carol.Do(http.MethodPost, "/bodhi/v1/api-models/fetch-models", map[string]any{"base_url": p.URL + "/missing"})
	require.Equal(t, http.StatusNotFound, r.Status)
	require.Equal(t, "ai_api_service_error-not_found", r.ErrorCode(t))

	// The stored key of a row, by id.
	r = carol.Do(http.MethodPost, "/bodhi/v1/api-models", map[string]any{"api_format": "openai", "base_url": p.URL,
		"api_key": "sk-stored", "prefix": "all/", "forward_all_with_prefix": true})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	id := r.JSON(t)["id"].(string)
	r = carol.Do(http.MethodPost, "/bodhi/v1/api-models/fetch-models", map[string]any{"base_url": p.URL,
		"creds": map[string]any{"type": "id", "value": id}})
	require.Equal(t, http.StatusOK, r.Status)
	calls = p.Calls()
	require.Equal(t, "Bearer sk-stored", calls[len(calls)-1].Authorization)
	r = carol.Do(http.MethodPost, "/bodhi/v1/api-models/fetch-models", map[string]any{"base_url": p.URL,
		"creds": map[string]any{"type": "id", "value": "no-such-id"}})
	require.Equal(t, "entity_error-not_found", r.ErrorCode(t))

	// Forward-all: the background refresh fills the model list, and every upstream model routes with the prefix.
	require.Eventually(t, func() bool {
		r := carol.Do(http.MethodGet, "/bodhi/v1/api-models/"+id, nil)
		return len(r.JSON(t)["models"].([]any)) == 2
	}, 5*time.Second, 20*time.Millisecond)
	p.SetModels("gpt-4o", "gpt-4o-mini", "o3")
	r = carol.Do(http.MethodPost, "/bodhi/v1/api-models/"+id+"/sync-models", nil)
	require.Equal(t, []any{"gpt-4o", "gpt-4o-mini", "o3"}, r.JSON(t)["models"])
	r = carol.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]string{"scope": "scope_token_user"})
	api := bearer(t, d, "acme", r.JSON(t)["token"].(string))
	r = api.Do(http.MethodPost, "/v1/chat/completions", map[string]any{"model": "all/any-model-name",
		"messages": []any{map[string]string{"role": "user", "content": "hi"}}})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	calls = p.Calls()
	require.Equal(t, "any-model-name", calls[len(calls)-1].Model, "forward-all strips the prefix of any model")
	r = api.Do(http.MethodGet, "/v1/models/all/o3", nil)
	require.Equal(t, http.StatusOK, r.Status, "ids may contain '/'")
	require.Equal(t, "all/o3", r.JSON(t)["id"])
}

func TestUserAliasByID(t *testing.T) {
	d := gatewayDeployment(t, false)
	b := loggedIn(t, d, "acme", "bob")
	r := b.Do(http.MethodGet, "/bodhi/v1/models/00000000-0000-0000-0000-000000000000", nil)
	require.Equal(t, http.StatusNotFound, r.Status)
	require.Equal(t, "data_service_error-alias_not_found", r.ErrorCode(t))
}
