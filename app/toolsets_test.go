package app_test

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
)

const exaType = "builtin-exa-search"

// lastExaCall is the latest call the fake Exa received.
func lastExaCall(t *testing.T, exa *apptest.Exa) apptest.ExaCall {
	t.Helper()
	calls := exa.Calls()
	require.NotEmpty(t, calls)
	return calls[len(calls)-1]
}

// toolsetDeployment is a deployment whose Exa base URL is a stub on loopback (hosted servers may call it).
func toolsetDeployment(t *testing.T, hosted bool) (deployment, *apptest.Exa) {
	t.Helper()
	exa := apptest.StartExa(t)
	l := apptest.Listen(t)
	idp := apptest.StartIdP(t, apptest.TwoOrgSeed(hosted, l.Port), 0)
	env := []string{"BODHI_EXA_BASE_URL=" + exa.URL + "/"}
	if hosted {
		b := l.Start(t, idp, dbtest.Dialect{Name: "postgres", URL: dbtest.PostgresURL}, true,
			[]apptest.Org{apptest.Acme, apptest.Globex}, append(env, "BODHI_ALLOW_PRIVATE_UPSTREAMS=true")...)
		return deployment{name: "hosted", idp: idp, bodhi: b}, exa
	}
	acme := apptest.Acme
	aliceID, _ := idp.UserID("alice")
	acme.FirstAdmin = &aliceID
	b := l.Start(t, idp, dbtest.Dialect{Name: "sqlite", URL: dbtest.SQLiteURL}, false, []apptest.Org{acme}, env...)
	return deployment{name: "standalone", idp: idp, bodhi: b}, exa
}

func forEachToolsetDeployment(t *testing.T, fn func(t *testing.T, d deployment, exa *apptest.Exa)) {
	for _, hosted := range []bool{true, false} {
		t.Run(map[bool]string{true: "hosted", false: "standalone"}[hosted], func(t *testing.T) {
			t.Parallel()
			d, exa := toolsetDeployment(t, hosted)
			fn(t, d, exa)
		})
	}
}

func requireError(t *testing.T, r apptest.Response, status int, code string, msgAndArgs ...any) {
	t.Helper()
	require.Equal(t, status, r.Status, "%s", r.Body)
	require.Equal(t, code, r.ErrorCode(t), msgAndArgs...)
}

func setExa(t *testing.T, admin *apptest.Browser, enabled bool) map[string]any {
	t.Helper()
	method := map[bool]string{true: http.MethodPut, false: http.MethodDelete}[enabled]
	r := admin.Do(method, "/bodhi/v1/toolset_types/"+exaType+"/app-config", nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	return r.JSON(t)
}

func createToolset(t *testing.T, b *apptest.Browser, body map[string]any) map[string]any {
	t.Helper()
	r := b.Do(http.MethodPost, "/bodhi/v1/toolsets", body)
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	return r.JSON(t)
}

func keysOf(m map[string]any) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func requireUTC(t *testing.T, v any) {
	t.Helper()
	s, ok := v.(string)
	require.True(t, ok, "%v", v)
	require.True(t, strings.HasSuffix(s, "Z"), s)
	_, err := time.Parse(time.RFC3339Nano, s)
	require.NoError(t, err)
}

// TestToolsetTypesAndAppConfig: the types are readable by every user with a role, the switch is admin-only, and
// no instance can be created while the type is off.
func TestToolsetTypesAndAppConfig(t *testing.T) {
	forEachToolsetDeployment(t, func(t *testing.T, d deployment, _ *apptest.Exa) {
		bob := loggedIn(t, d, "acme", "bob")
		r := bob.Do(http.MethodGet, "/bodhi/v1/toolset_types", nil)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		types := r.JSON(t)["types"].([]any)
		require.Len(t, types, 1)
		exa := types[0].(map[string]any)
		require.Equal(t, []string{"description", "name", "tools", "toolset_type"}, keysOf(exa))
		require.Equal(t, exaType, exa["toolset_type"])
		require.Equal(t, "Exa Web Search", exa["name"])
		require.Equal(t, "Search and analyze web content using Exa AI", exa["description"])
		var methods []string
		for _, tool := range exa["tools"].([]any) {
			tool := tool.(map[string]any)
			require.Equal(t, "function", tool["type"])
			fn := tool["function"].(map[string]any)
			require.Equal(t, "object", fn["parameters"].(map[string]any)["type"])
			methods = append(methods, fn["name"].(string))
		}
		require.Equal(t, []string{"search", "findSimilar", "contents", "answer"}, methods)

		requireError(t, d.browser(t, "acme").Do(http.MethodGet, "/bodhi/v1/toolset_types", nil),
			http.StatusUnauthorized, "auth_error-invalid_access")
		requireError(t, loggedIn(t, d, "acme", "erin").Do(http.MethodGet, "/bodhi/v1/toolset_types", nil),
			http.StatusUnauthorized, "api_auth_error-missing_auth", "a user without a role")

		// The seeded switch is off.
		r = bob.Do(http.MethodGet, "/bodhi/v1/toolsets", nil)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		list := r.JSON(t)
		require.Equal(t, []any{}, list["toolsets"])
		configs := list["toolset_types"].([]any)
		require.Len(t, configs, 1)
		cfg := configs[0].(map[string]any)
		require.Equal(t, []string{"created_at", "description", "enabled", "name", "toolset_type", "updated_at",
			"updated_by"}, keysOf(cfg))
		require.Equal(t, false, cfg["enabled"])
		require.Equal(t, "system", cfg["updated_by"])
		require.Equal(t, "Exa Web Search", cfg["name"])
		requireUTC(t, cfg["created_at"])

		create := map[string]any{"toolset_type": exaType, "slug": "exa", "api_key": "k"}
		requireError(t, bob.Do(http.MethodPost, "/bodhi/v1/toolsets", create), http.StatusBadRequest,
			"toolset_error-toolset_app_disabled")

		for _, user := range []string{"bob", "carol", "dave"} {
			b := bob
			if user != "bob" {
				b = loggedIn(t, d, "acme", user)
			}
			for _, method := range []string{http.MethodPut, http.MethodDelete} {
				requireError(t, b.Do(method, "/bodhi/v1/toolset_types/"+exaType+"/app-config", nil),
					http.StatusForbidden, "api_auth_error-forbidden", "%s %s", user, method)
			}
		}

		alice := loggedIn(t, d, "acme", "alice")
		aliceID, _ := d.idp.UserID("alice")
		enabled := setExa(t, alice, true)
		require.Equal(t, true, enabled["enabled"])
		require.Equal(t, aliceID, enabled["updated_by"])
		require.Equal(t, "Exa Web Search", enabled["name"])
		requireUTC(t, enabled["updated_at"])
		requireError(t, alice.Do(http.MethodPut, "/bodhi/v1/toolset_types/builtin-nope/app-config", nil),
			http.StatusNotFound, "toolset_error-invalid_toolset_type")
		requireError(t, alice.Do(http.MethodDelete, "/bodhi/v1/toolset_types/builtin-nope/app-config", nil),
			http.StatusNotFound, "toolset_error-invalid_toolset_type")

		created := createToolset(t, bob, create)
		require.Equal(t, true, created["enabled"])
		cfg = bob.Do(http.MethodGet, "/bodhi/v1/toolsets", nil).JSON(t)["toolset_types"].([]any)[0].(map[string]any)
		require.Equal(t, true, cfg["enabled"])

		disabled := setExa(t, alice, false)
		require.Equal(t, false, disabled["enabled"])
		requireError(t, bob.Do(http.MethodPost, "/bodhi/v1/toolsets", map[string]any{"toolset_type": exaType,
			"slug": "exa-2", "api_key": "k"}), http.StatusBadRequest, "toolset_error-toolset_app_disabled")
	})
}

// TestToolsetCRUD: shapes, every validation code, key actions, ownership, and a sealed key at rest.
func TestToolsetCRUD(t *testing.T) {
	forEachToolsetDeployment(t, func(t *testing.T, d deployment, _ *apptest.Exa) {
		alice, bob := loggedIn(t, d, "acme", "alice"), loggedIn(t, d, "acme", "bob")
		setExa(t, alice, true)

		first := createToolset(t, bob, map[string]any{"toolset_type": exaType, "slug": "My-Exa",
			"description": "web search", "api_key": "exa-secret-key-1"})
		require.Equal(t, []string{"created_at", "description", "enabled", "has_api_key", "id", "slug", "tools",
			"toolset_type", "updated_at"}, keysOf(first))
		require.Equal(t, "My-Exa", first["slug"])
		require.Equal(t, exaType, first["toolset_type"])
		require.Equal(t, "web search", first["description"])
		require.Equal(t, true, first["enabled"], "enabled defaults to true")
		require.Equal(t, true, first["has_api_key"])
		require.Len(t, first["tools"], 4)
		requireUTC(t, first["created_at"])
		requireUTC(t, first["updated_at"])
		id := first["id"].(string)
		require.Len(t, id, 36)

		second := createToolset(t, bob, map[string]any{"toolset_type": exaType, "slug": "second", "enabled": false,
			"api_key": "k2"})
		require.Equal(t, false, second["enabled"])
		require.NotContains(t, second, "description", "an unset description is omitted")

		valid := func(mod func(m map[string]any)) map[string]any {
			m := map[string]any{"toolset_type": exaType, "slug": "third", "api_key": "k"}
			mod(m)
			return m
		}
		for name, c := range map[string]struct {
			body   any
			status int
			code   string
		}{
			"slug with space":   {valid(func(m map[string]any) { m["slug"] = "my exa" }), 400, "toolset_validation_error-validation"},
			"slug too long":     {valid(func(m map[string]any) { m["slug"] = strings.Repeat("s", 25) }), 400, "toolset_validation_error-validation"},
			"empty slug":        {valid(func(m map[string]any) { m["slug"] = "" }), 400, "toolset_validation_error-validation"},
			"long description":  {valid(func(m map[string]any) { m["description"] = strings.Repeat("d", 256) }), 400, "toolset_validation_error-validation"},
			"missing api_key":   {valid(func(m map[string]any) { delete(m, "api_key") }), 400, "toolset_validation_error-validation"},
			"empty api_key":     {valid(func(m map[string]any) { m["api_key"] = "" }), 400, "toolset_validation_error-validation"},
			"unknown type":      {valid(func(m map[string]any) { m["toolset_type"] = "builtin-nope" }), 404, "toolset_error-invalid_toolset_type"},
			"duplicate slug":    {valid(func(m map[string]any) { m["slug"] = "my-exa" }), 409, "toolset_error-slug_exists"},
			"missing type":      {valid(func(m map[string]any) { delete(m, "toolset_type") }), 400, "json_rejection_error"},
			"enabled as string": {valid(func(m map[string]any) { m["enabled"] = "yes" }), 400, "json_rejection_error"},
			"malformed JSON":    {rawJSON(`{"slug": `), 400, "json_rejection_error"},
		} {
			var r apptest.Response
			if raw, ok := c.body.(rawJSON); ok {
				r = bob.DoRaw(http.MethodPost, "/bodhi/v1/toolsets", []byte(raw))
			} else {
				r = bob.Do(http.MethodPost, "/bodhi/v1/toolsets", c.body)
			}
			requireError(t, r, c.status, c.code, name)
		}
		createToolset(t, alice, map[string]any{"toolset_type": exaType, "slug": "my-exa", "api_key": "k"}) // per user

		// Reads: the owner's own, in creation order; someone else's instance does not exist.
		r := bob.Do(http.MethodGet, "/bodhi/v1/toolsets/"+id, nil)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		require.Equal(t, first, r.JSON(t))
		list := bob.Do(http.MethodGet, "/bodhi/v1/toolsets", nil).JSON(t)["toolsets"].([]any)
		require.Len(t, list, 2)
		require.Equal(t, id, list[0].(map[string]any)["id"])
		require.Equal(t, second["id"], list[1].(map[string]any)["id"])
		requireError(t, alice.Do(http.MethodGet, "/bodhi/v1/toolsets/"+id, nil), http.StatusNotFound, "entity_error-not_found")
		requireError(t, bob.Do(http.MethodGet, "/bodhi/v1/toolsets/"+uuid.NewString(), nil), http.StatusNotFound,
			"entity_error-not_found")

		// Updates.
		update := func(b *apptest.Browser, body map[string]any) apptest.Response {
			return b.Do(http.MethodPut, "/bodhi/v1/toolsets/"+id, body)
		}
		r = update(bob, map[string]any{"slug": "my-EXA", "description": "renamed", "enabled": true})
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		updated := r.JSON(t)
		require.Equal(t, "my-EXA", updated["slug"], "its own slug in another case is allowed")
		require.Equal(t, "renamed", updated["description"])
		require.Equal(t, true, updated["has_api_key"], "no api_key keeps the key")

		r = update(bob, map[string]any{"slug": "my-exa", "enabled": true, "api_key": map[string]any{"action": "Keep"}})
		require.Equal(t, true, r.JSON(t)["has_api_key"])
		require.NotContains(t, r.JSON(t), "description", "an update without description clears it")
		r = update(bob, map[string]any{"slug": "my-exa", "enabled": true, "api_key": map[string]any{"action": "Set", "value": nil}})
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		require.Equal(t, false, r.JSON(t)["has_api_key"])
		r = update(bob, map[string]any{"slug": "my-exa", "enabled": true,
			"api_key": map[string]any{"action": "Set", "value": "exa-secret-key-2"}})
		require.Equal(t, true, r.JSON(t)["has_api_key"])

		for name, c := range map[string]struct {
			body   map[string]any
			status int
			code   string
		}{
			"bad slug":         {map[string]any{"slug": "no/slash", "enabled": true}, 400, "toolset_validation_error-validation"},
			"long description": {map[string]any{"slug": "x", "description": strings.Repeat("d", 256), "enabled": true}, 400, "toolset_validation_error-validation"},
			"taken slug":       {map[string]any{"slug": "SECOND", "enabled": true}, 409, "toolset_error-slug_exists"},
			"missing enabled":  {map[string]any{"slug": "x"}, 400, "json_rejection_error"},
			"unknown action":   {map[string]any{"slug": "x", "enabled": true, "api_key": map[string]any{"action": "Rotate"}}, 400, "json_rejection_error"},
			"value not string": {map[string]any{"slug": "x", "enabled": true, "api_key": map[string]any{"action": "Set", "value": 5}}, 400, "json_rejection_error"},
		} {
			requireError(t, update(bob, c.body), c.status, c.code, name)
		}
		requireError(t, update(alice, map[string]any{"slug": "stolen", "enabled": true}), http.StatusNotFound,
			"entity_error-not_found", "another user's instance")

		// With the type off: enabling is refused, disabling and deleting are not.
		setExa(t, alice, false)
		requireError(t, update(bob, map[string]any{"slug": "my-exa", "enabled": true}), http.StatusBadRequest,
			"toolset_error-toolset_app_disabled")
		r = update(bob, map[string]any{"slug": "my-exa", "enabled": false})
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		require.Equal(t, false, r.JSON(t)["enabled"])

		// At rest the key is sealed under the org's data key, bound to the row.
		ctx := context.Background()
		store := d.bodhi.Store(t)
		acme, err := store.GetOrgBySlug(ctx, "acme")
		require.NoError(t, err)
		bobID, _ := d.idp.UserID("bob")
		row, err := store.GetToolset(ctx, acme.ID, bobID, id)
		require.NoError(t, err)
		require.Len(t, row.Nonce, crypto.NonceSize)
		require.NotEmpty(t, row.EncryptedAPIKey)
		require.NotContains(t, string(row.EncryptedAPIKey), "exa-secret-key")
		require.NotContains(t, string(row.Nonce), "exa-secret-key")

		requireError(t, alice.Do(http.MethodDelete, "/bodhi/v1/toolsets/"+id, nil), http.StatusNotFound, "entity_error-not_found")
		r = bob.Do(http.MethodDelete, "/bodhi/v1/toolsets/"+id, nil)
		require.Equal(t, http.StatusNoContent, r.Status, "%s", r.Body)
		require.Empty(t, r.Body)
		requireError(t, bob.Do(http.MethodDelete, "/bodhi/v1/toolsets/"+id, nil), http.StatusNotFound, "entity_error-not_found")
		requireError(t, bob.Do(http.MethodGet, "/bodhi/v1/toolsets/"+id, nil), http.StatusNotFound, "entity_error-not_found")

		// Route groups: API tokens never reach toolsets; instance routes are for sessions only.
		carol := loggedIn(t, d, "acme", "carol")
		r = carol.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]string{"name": "ci", "scope": "scope_token_power_user"})
		require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
		api := d.browser(t, "acme")
		api.Headers.Set("Authorization", "Bearer "+r.JSON(t)["token"].(string))
		for _, c := range []struct{ method, path string }{
			{http.MethodGet, "/bodhi/v1/toolsets"}, {http.MethodPost, "/bodhi/v1/toolsets"},
			{http.MethodGet, "/bodhi/v1/toolset_types"}, {http.MethodPost, "/bodhi/v1/toolsets/" + id + "/execute/search"},
		} {
			requireError(t, api.Do(c.method, c.path, map[string]any{}), http.StatusUnauthorized,
				"api_auth_error-missing_auth", "%s %s", c.method, c.path)
		}
		requireError(t, bob.Do(http.MethodPatch, "/bodhi/v1/toolsets/"+id, nil), http.StatusMethodNotAllowed,
			"route_error-method_not_allowed")
	})
}

// TestToolsetExecute: the four methods against a stub Exa, its failures, and the refusals of §9.3 and §14.
func TestToolsetExecute(t *testing.T) {
	forEachToolsetDeployment(t, func(t *testing.T, d deployment, exa *apptest.Exa) {
		alice, bob := loggedIn(t, d, "acme", "alice"), loggedIn(t, d, "acme", "bob")
		setExa(t, alice, true)
		id := createToolset(t, bob, map[string]any{"toolset_type": exaType, "slug": "exa", "api_key": "bob-exa-key"})["id"].(string)
		exec := func(b *apptest.Browser, toolset, method string, body any) apptest.Response {
			return b.Do(http.MethodPost, "/bodhi/v1/toolsets/"+toolset+"/execute/"+method, body)
		}
		ok := func(method string, params map[string]any) map[string]any {
			t.Helper()
			r := exec(bob, id, method, map[string]any{"params": params})
			require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
			body := r.JSON(t)
			require.NotContains(t, body, "error", "%s", r.Body)
			return body
		}
		upstream := func(path string) map[string]any {
			t.Helper()
			call := lastExaCall(t, exa)
			require.Equal(t, path, call.Path)
			require.Equal(t, "bob-exa-key", call.Header.Get("x-api-key"), "the stored key, decrypted")
			require.Empty(t, call.Header.Get("Authorization"))
			require.Empty(t, call.Header.Get("Cookie"))
			return call.Body
		}

		body := ok("search", map[string]any{"query": "rust"})
		require.Equal(t, map[string]any{"query": "rust", "type": "neural", "useAutoprompt": true, "numResults": 5.0,
			"contents": map[string]any{"text": true, "highlights": true}}, upstream("/search"))
		require.Equal(t, map[string]any{"result": map[string]any{"query_used": "rust lang", "results": []any{
			map[string]any{"title": apptest.ExaResultTitle, "url": "https://rust-lang.org", "snippet": "fast ... safe",
				"published_date": "2024-01-15", "score": 0.9}}}}, body)
		ok("search", map[string]any{"query": "rust", "num_results": 50})
		require.Equal(t, 10.0, upstream("/search")["numResults"], "at most 10")

		body = ok("findSimilar", map[string]any{"url": "https://rust-lang.org", "num_results": 3})
		require.Equal(t, map[string]any{"url": "https://rust-lang.org", "numResults": 3.0,
			"contents": map[string]any{"text": true, "highlights": true}}, upstream("/findSimilar"))
		require.Equal(t, map[string]any{"result": map[string]any{"results": []any{map[string]any{"title": "Go",
			"url": "https://go.dev", "snippet": "simple", "published_date": nil, "score": 0.7}}}}, body)

		body = ok("contents", map[string]any{"urls": []string{"https://go.dev"}})
		require.Equal(t, map[string]any{"urls": []any{"https://go.dev"}, "text": true}, upstream("/contents"))
		require.Equal(t, map[string]any{"result": map[string]any{"results": []any{map[string]any{
			"url": "https://go.dev", "title": "Go", "text": "Build simple software"}}}}, body)
		ok("contents", map[string]any{"urls": []string{"https://go.dev"}, "text": false})
		require.Equal(t, false, upstream("/contents")["text"])

		body = ok("answer", map[string]any{"query": "which language?", "text": false})
		require.Equal(t, map[string]any{"query": "which language?", "text": false}, upstream("/answer"))
		require.Equal(t, map[string]any{"result": map[string]any{"answer": "Use Rust.", "sources": []any{
			map[string]any{"title": "Rust", "url": "https://rust-lang.org", "snippet": "memory safety"}}}}, body)

		// Exa failures are 200 {error}.
		for status, msg := range map[int]string{
			http.StatusUnauthorized:        "Search API key is invalid or missing.",
			http.StatusTooManyRequests:     "Search API rate limit exceeded. Please try again later.",
			http.StatusInternalServerError: "Search request failed: 500",
		} {
			exa.Fail("/search", status)
			r := exec(bob, id, "search", map[string]any{"params": map[string]any{"query": "rust"}})
			require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
			require.Equal(t, map[string]any{"error": msg}, r.JSON(t))
		}
		exa.Fail("/search", 0)

		// Refusals; none reaches Exa.
		calls := len(exa.Calls())
		query := map[string]any{"params": map[string]any{"query": "rust"}}
		requireError(t, exec(bob, id, "crawl", query), http.StatusNotFound, "toolset_error-method_not_found")
		requireError(t, exec(bob, id, "search", map[string]any{"params": map[string]any{}}),
			http.StatusInternalServerError, "toolset_error-execution_failed", "a required parameter is missing")
		requireError(t, exec(bob, id, "contents", map[string]any{"params": map[string]any{"urls": "one"}}),
			http.StatusInternalServerError, "toolset_error-execution_failed")
		requireError(t, exec(bob, id, "search", map[string]any{}), http.StatusBadRequest, "json_rejection_error")
		requireError(t, exec(bob, id, "search", map[string]any{"params": "rust"}), http.StatusBadRequest,
			"json_rejection_error")
		requireError(t, exec(alice, id, "search", query), http.StatusNotFound, "toolset_auth_error-toolset_not_found",
			"another user's instance")
		requireError(t, exec(bob, uuid.NewString(), "search", query), http.StatusNotFound,
			"toolset_auth_error-toolset_not_found")
		requireError(t, exec(bob, "not-a-uuid", "search", query), http.StatusNotFound,
			"toolset_auth_error-toolset_not_found")
		requireError(t, exec(d.browser(t, "acme"), id, "search", query), http.StatusUnauthorized,
			"auth_error-invalid_access")

		put := func(body map[string]any) {
			t.Helper()
			r := bob.Do(http.MethodPut, "/bodhi/v1/toolsets/"+id, body)
			require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		}
		put(map[string]any{"slug": "exa", "enabled": true, "api_key": map[string]any{"action": "Set", "value": nil}})
		requireError(t, exec(bob, id, "search", query), http.StatusBadRequest, "toolset_error-toolset_not_configured")
		put(map[string]any{"slug": "exa", "enabled": false})
		requireError(t, exec(bob, id, "search", query), http.StatusBadRequest, "toolset_error-toolset_disabled")
		setExa(t, alice, false)
		requireError(t, exec(bob, id, "search", query), http.StatusBadRequest, "toolset_error-toolset_app_disabled")
		require.Equal(t, calls, len(exa.Calls()))
	})
}

// TestToolsetExternalApp: a third-party app executes only the instances its approved access request names.
func TestToolsetExternalApp(t *testing.T) {
	d, exa := toolsetDeployment(t, true)
	ctx := context.Background()
	store := d.bodhi.Store(t)
	acme, err := store.GetOrgBySlug(ctx, "acme")
	require.NoError(t, err)
	bobID, _ := d.idp.UserID("bob")

	alice, bob := loggedIn(t, d, "acme", "alice"), loggedIn(t, d, "acme", "bob")
	setExa(t, alice, true)
	granted := createToolset(t, bob, map[string]any{"toolset_type": exaType, "slug": "granted", "api_key": "granted-key"})["id"].(string)
	other := createToolset(t, bob, map[string]any{"toolset_type": exaType, "slug": "other", "api_key": "other-key"})["id"].(string)

	requestID := uuid.NewString()
	scope := consent(t, d.idp, requestID)
	approved := `{"toolset_types":[{"toolset_type":"` + exaType + `","status":"approved","instance_id":"` + granted + `"}]}`
	request, err := store.CreateAppAccessRequest(ctx, acme.ID, db.AppAccessRequest{ID: requestID,
		AppClientID: apptest.AppClientID, FlowType: "popup", Status: db.AppAccessApproved,
		Requested: `{"toolset_types":[{"toolset_type":"` + exaType + `"}]}`, Approved: &approved, UserID: &bobID,
		AccessRequestScope: &scope, ExpiresAt: time.Now().Add(10 * time.Minute)})
	require.NoError(t, err)

	app := bearer(t, d, "acme", appToken(t, d.idp, "bob",
		"openid profile scope_user_user scope_resource-bodhi-acme "+scope))
	query := map[string]any{"params": map[string]any{"query": "rust"}}
	r := app.Do(http.MethodPost, "/bodhi/v1/toolsets/"+granted+"/execute/search", query)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.Contains(t, r.JSON(t), "result")
	require.Equal(t, "granted-key", lastExaCall(t, exa).Header.Get("x-api-key"))

	requireError(t, app.Do(http.MethodPost, "/bodhi/v1/toolsets/"+other+"/execute/search", query),
		http.StatusForbidden, "toolset_auth_error-toolset_not_approved")

	// U-oauth: the app lists the user's instances, but cannot manage them.
	r = app.Do(http.MethodGet, "/bodhi/v1/toolsets", nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.Len(t, r.JSON(t)["toolsets"], 2)
	requireError(t, app.Do(http.MethodGet, "/bodhi/v1/toolsets/"+granted, nil), http.StatusUnauthorized,
		"api_auth_error-missing_auth")

	// An app token without an access request may not execute anything.
	plain := bearer(t, d, "acme", appToken(t, d.idp, "bob", "openid profile scope_user_user scope_resource-bodhi-acme"))
	requireError(t, plain.Do(http.MethodPost, "/bodhi/v1/toolsets/"+granted+"/execute/search", query),
		http.StatusUnauthorized, "toolset_auth_error-missing_auth")

	// The request is checked again on every execution: once no longer approved, the (cached) token stops working.
	request.Status = db.AppAccessDenied
	_, err = store.UpdateAppAccessRequest(ctx, acme.ID, request)
	require.NoError(t, err)
	requireError(t, app.Do(http.MethodPost, "/bodhi/v1/toolsets/"+granted+"/execute/search", query),
		http.StatusForbidden, "toolset_auth_error-access_request_not_approved")
}

// TestToolsetsAcrossOrgs: an instance of one org is invisible from another, for the same user and the same id.
func TestToolsetsAcrossOrgs(t *testing.T) {
	d, exa := toolsetDeployment(t, true)
	ctx := context.Background()
	store := d.bodhi.Store(t)
	globex, err := store.GetOrgBySlug(ctx, "globex")
	require.NoError(t, err)

	setExa(t, loggedIn(t, d, "acme", "alice"), true)
	bobAcme, bobGlobex := loggedIn(t, d, "acme", "bob"), loggedIn(t, d, "globex", "bob")
	id := createToolset(t, bobAcme, map[string]any{"toolset_type": exaType, "slug": "exa", "api_key": "acme-key"})["id"].(string)

	list := bobGlobex.Do(http.MethodGet, "/bodhi/v1/toolsets", nil).JSON(t)
	require.Equal(t, []any{}, list["toolsets"])
	require.Equal(t, false, list["toolset_types"].([]any)[0].(map[string]any)["enabled"], "globex's own switch")
	requireError(t, bobGlobex.Do(http.MethodGet, "/bodhi/v1/toolsets/"+id, nil), http.StatusNotFound, "entity_error-not_found")
	requireError(t, bobGlobex.Do(http.MethodPut, "/bodhi/v1/toolsets/"+id, map[string]any{"slug": "x", "enabled": false}),
		http.StatusNotFound, "entity_error-not_found")
	requireError(t, bobGlobex.Do(http.MethodDelete, "/bodhi/v1/toolsets/"+id, nil), http.StatusNotFound, "entity_error-not_found")
	requireError(t, bobGlobex.Do(http.MethodPost, "/bodhi/v1/toolsets/"+id+"/execute/search",
		map[string]any{"params": map[string]any{"query": "q"}}), http.StatusNotFound, "toolset_auth_error-toolset_not_found")

	// The same slug in globex is another instance, with its own key.
	_, err = store.UpsertAppToolsetConfig(ctx, globex.ID, exaType, true, "system")
	require.NoError(t, err)
	globexID := createToolset(t, bobGlobex, map[string]any{"toolset_type": exaType, "slug": "exa", "api_key": "globex-key"})["id"].(string)
	r := bobGlobex.Do(http.MethodPost, "/bodhi/v1/toolsets/"+globexID+"/execute/search",
		map[string]any{"params": map[string]any{"query": "q"}})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.Equal(t, "globex-key", lastExaCall(t, exa).Header.Get("x-api-key"))
	r = bobAcme.Do(http.MethodPost, "/bodhi/v1/toolsets/"+id+"/execute/search", map[string]any{"params": map[string]any{"query": "q"}})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.Equal(t, "acme-key", lastExaCall(t, exa).Header.Get("x-api-key"))

	r = bobAcme.Do(http.MethodGet, "/bodhi/v1/toolsets/"+id, nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.Equal(t, "exa", r.JSON(t)["slug"], "nothing globex did touched acme's instance")
}
