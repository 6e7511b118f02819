package toolsets_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/orgs"
	"github.com/bodhiapp/bodhi/outbound"
	"github.com/bodhiapp/bodhi/toolsets"
)

// bundle is one service over a fresh database of one dialect, with an org whose Exa type is disabled (as seeded).
type bundle struct {
	store *db.DbServiceImpl
	svc   *toolsets.Service
	org   *auth.OrgContext
	exa   *fakeExa
}

func forEachDialect(t *testing.T, fn func(t *testing.T, b bundle)) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, newBundle(t, d.URL(t)))
		})
	}
}

func newBundle(t *testing.T, url string) bundle {
	t.Helper()
	ctx := context.Background()
	store, err := db.Open(ctx, url)
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	require.NoError(t, store.Migrate(ctx))
	master, err := crypto.NewKey()
	require.NoError(t, err)
	org, err := orgs.Create(ctx, store, master, orgs.CreateParams{Slug: "acme", DisplayName: "Acme",
		ClientID: "bodhi-acme", ClientSecret: "secret"})
	require.NoError(t, err)
	dataKey, err := crypto.NewKey()
	require.NoError(t, err)
	f := newFakeExa(t)
	svc := toolsets.NewService(store, toolsets.NewExa(f.URL, outbound.NewClient(false, 30*time.Second)))
	return bundle{store: store, svc: svc, org: &auth.OrgContext{OrgID: org.ID, Slug: org.Slug, DataKey: dataKey}, exa: f}
}

func (b bundle) enable(t *testing.T, on bool) {
	t.Helper()
	_, err := b.svc.SetTypeEnabled(context.Background(), b.org.OrgID, toolsets.ExaSearch, on, "admin-sub")
	require.NoError(t, err)
}

func (b bundle) create(t *testing.T, user, slug, key string) db.Toolset {
	t.Helper()
	row, err := b.svc.Create(context.Background(), b.org, user, toolsets.CreateInput{ToolsetType: toolsets.ExaSearch,
		Slug: slug, Enabled: true, APIKey: key})
	require.NoError(t, err)
	return row
}

func requireCode(t *testing.T, err error, code string, msgAndArgs ...any) {
	t.Helper()
	e, ok := apperr.As(err)
	require.True(t, ok, "want %s, got %v", code, err)
	require.Equal(t, code, e.Code, msgAndArgs...)
}

func ptr[T any](v T) *T { return &v }

func TestCreateValidation(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		in := func(mod func(*toolsets.CreateInput)) toolsets.CreateInput {
			i := toolsets.CreateInput{ToolsetType: toolsets.ExaSearch, Slug: "exa", Enabled: true, APIKey: "k"}
			mod(&i)
			return i
		}
		_, err := b.svc.Create(ctx, b.org, "alice", in(func(*toolsets.CreateInput) {}))
		requireCode(t, err, "toolset_error-toolset_app_disabled", "the seeded type is disabled")
		b.enable(t, true)

		cases := map[string]struct {
			mod  func(*toolsets.CreateInput)
			code string
		}{
			"unknown type":     {func(i *toolsets.CreateInput) { i.ToolsetType = "builtin-nope" }, "toolset_error-invalid_toolset_type"},
			"empty slug":       {func(i *toolsets.CreateInput) { i.Slug = "" }, "toolset_validation_error-validation"},
			"slug with space":  {func(i *toolsets.CreateInput) { i.Slug = "my exa" }, "toolset_validation_error-validation"},
			"slug underscore":  {func(i *toolsets.CreateInput) { i.Slug = "my_exa" }, "toolset_validation_error-validation"},
			"slug 25 chars":    {func(i *toolsets.CreateInput) { i.Slug = strings.Repeat("a", 25) }, "toolset_validation_error-validation"},
			"slug non-ascii":   {func(i *toolsets.CreateInput) { i.Slug = "exä" }, "toolset_validation_error-validation"},
			"description 256":  {func(i *toolsets.CreateInput) { i.Description = ptr(strings.Repeat("d", 256)) }, "toolset_validation_error-validation"},
			"missing api key":  {func(i *toolsets.CreateInput) { i.APIKey = "" }, "toolset_validation_error-validation"},
			"unknown + no key": {func(i *toolsets.CreateInput) { i.ToolsetType, i.APIKey = "x", "" }, "toolset_error-invalid_toolset_type"},
		}
		for name, c := range cases {
			_, err := b.svc.Create(ctx, b.org, "alice", in(c.mod))
			requireCode(t, err, c.code, name)
		}

		row, err := b.svc.Create(ctx, b.org, "alice", in(func(i *toolsets.CreateInput) {
			i.Slug, i.Description = strings.Repeat("A-9", 8), ptr(strings.Repeat("é", 255))
		}))
		require.NoError(t, err, "24-character slug and 255-character description are the limits")
		require.Equal(t, strings.Repeat("A-9", 8), row.Slug)

		b.create(t, "alice", "Exa", "key-1")
		_, err = b.svc.Create(ctx, b.org, "alice", in(func(i *toolsets.CreateInput) { i.Slug = "eXA" }))
		requireCode(t, err, "toolset_error-slug_exists", "slugs are unique per user, case-insensitively")
		b.create(t, "bob", "exa", "key-2") // another user may reuse it
	})
}

func TestKeySealing(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		b.enable(t, true)
		row := b.create(t, "alice", "exa", "plain-secret-key")
		require.Len(t, row.Nonce, crypto.NonceSize)
		require.NotContains(t, string(row.EncryptedAPIKey), "plain-secret-key")
		key, err := crypto.OpenOptional(b.org.DataKey, row.EncryptedAPIKey, row.Nonce, crypto.ToolsetKeyAAD(row.ID))
		require.NoError(t, err)
		require.Equal(t, "plain-secret-key", *key)
		_, err = crypto.OpenOptional(b.org.DataKey, row.EncryptedAPIKey, row.Nonce, crypto.ToolsetKeyAAD("other-row"))
		require.Error(t, err, "the key is bound to its row")

		update := func(change toolsets.KeyChange) db.Toolset {
			t.Helper()
			r, err := b.svc.Update(ctx, b.org, "alice", row.ID, toolsets.UpdateInput{Slug: "exa", Enabled: true,
				APIKey: change})
			require.NoError(t, err)
			return r
		}
		kept := update(toolsets.KeyChange{Keep: true})
		require.Equal(t, row.EncryptedAPIKey, kept.EncryptedAPIKey)
		require.Equal(t, row.Nonce, kept.Nonce)

		set := update(toolsets.KeyChange{Value: ptr("plain-secret-key")})
		require.NotEqual(t, row.Nonce, set.Nonce, "a fresh nonce on every write, even of the same value")
		key, err = crypto.OpenOptional(b.org.DataKey, set.EncryptedAPIKey, set.Nonce, crypto.ToolsetKeyAAD(row.ID))
		require.NoError(t, err)
		require.Equal(t, "plain-secret-key", *key)

		cleared := update(toolsets.KeyChange{})
		require.Nil(t, cleared.EncryptedAPIKey)
		require.Nil(t, cleared.Nonce)

		_, err = b.svc.Update(ctx, b.org, "alice", row.ID, toolsets.UpdateInput{Slug: "exa", Enabled: true,
			APIKey: toolsets.KeyChange{Value: ptr("")}})
		requireCode(t, err, "toolset_validation_error-validation")
	})
}

func TestUpdateAndDelete(t *testing.T) {
	forEachDialect(t, func(t *testing.T, b bundle) {
		ctx := context.Background()
		b.enable(t, true)
		first := b.create(t, "alice", "first", "k")
		second := b.create(t, "alice", "second", "k")
		keep := toolsets.KeyChange{Keep: true}

		r, err := b.svc.Update(ctx, b.org, "alice", first.ID, toolsets.UpdateInput{Slug: "FIRST", Enabled: true,
			Description: ptr("mine"), APIKey: keep})
		require.NoError(t, err, "renaming to its own slug in another case is allowed")
		require.Equal(t, "FIRST", r.Slug)
		require.Equal(t, "mine", *r.Description)

		_, err = b.svc.Update(ctx, b.org, "alice", first.ID, toolsets.UpdateInput{Slug: "Second", Enabled: true, APIKey: keep})
		requireCode(t, err, "toolset_error-slug_exists")
		_, err = b.svc.Update(ctx, b.org, "alice", first.ID, toolsets.UpdateInput{Slug: "bad slug", Enabled: true, APIKey: keep})
		requireCode(t, err, "toolset_validation_error-validation")
		_, err = b.svc.Update(ctx, b.org, "bob", first.ID, toolsets.UpdateInput{Slug: "x", Enabled: true, APIKey: keep})
		requireCode(t, err, "entity_error-not_found", "another user's instance does not exist for bob")

		b.enable(t, false)
		_, err = b.svc.Update(ctx, b.org, "alice", first.ID, toolsets.UpdateInput{Slug: "first", Enabled: true, APIKey: keep})
		requireCode(t, err, "toolset_error-toolset_app_disabled", "enabling needs the type enabled")
		r, err = b.svc.Update(ctx, b.org, "alice", first.ID, toolsets.UpdateInput{Slug: "first", Enabled: false, APIKey: keep})
		require.NoError(t, err, "disabling does not")
		require.False(t, r.Enabled)

		rows, configs, err := b.svc.List(ctx, b.org.OrgID, "alice")
		require.NoError(t, err)
		require.Equal(t, []string{first.ID, second.ID}, []string{rows[0].ID, rows[1].ID})
		require.Len(t, configs, 1)
		require.False(t, configs[0].Config.Enabled)
		require.Equal(t, "admin-sub", configs[0].Config.UpdatedBy)
		require.Equal(t, "Exa Web Search", configs[0].Name)

		require.NoError(t, b.svc.Delete(ctx, b.org.OrgID, "alice", second.ID), "delete works with the type disabled")
		requireCode(t, b.svc.Delete(ctx, b.org.OrgID, "alice", second.ID), "entity_error-not_found")
		requireCode(t, b.svc.Delete(ctx, b.org.OrgID, "bob", first.ID), "entity_error-not_found")
		_, err = b.svc.Get(ctx, b.org.OrgID, "alice", second.ID)
		requireCode(t, err, "entity_error-not_found")

		_, err = b.svc.SetTypeEnabled(ctx, b.org.OrgID, "builtin-nope", true, "admin-sub")
		requireCode(t, err, "toolset_error-invalid_toolset_type")
	})
}

func TestExecuteChecks(t *testing.T) {
	b := newBundle(t, dbtest.SQLiteURL(t))
	ctx := context.Background()
	b.enable(t, true)
	row := b.create(t, "alice", "exa", "exa-key")
	b.exa.answer("/search", http.StatusOK, `{"results": [], "autopromptString": "q"}`)
	exec := func(user, id, method string, params map[string]any) (any, error) {
		return b.svc.Execute(ctx, b.org, user, id, method, params)
	}
	query := map[string]any{"query": "q"}

	_, err := exec("alice", row.ID, "search", query)
	require.NoError(t, err)
	require.Equal(t, "exa-key", b.exa.last(t).Header.Get("x-api-key"))

	_, err = exec("bob", row.ID, "search", query)
	requireCode(t, err, "toolset_error-toolset_not_found")
	_, err = exec("alice", uuid.NewString(), "search", query)
	requireCode(t, err, "toolset_error-toolset_not_found")
	_, err = exec("alice", row.ID, "crawl", query)
	requireCode(t, err, "toolset_error-method_not_found")

	for name, c := range map[string]struct {
		method string
		params map[string]any
	}{
		"search without query":    {"search", map[string]any{}},
		"search with empty query": {"search", map[string]any{"query": ""}},
		"search query not string": {"search", map[string]any{"query": 5.0}},
		"fractional num_results":  {"search", map[string]any{"query": "q", "num_results": 2.5}},
		"num_results as string":   {"search", map[string]any{"query": "q", "num_results": "3"}},
		"findSimilar without url": {"findSimilar", map[string]any{"num_results": 3.0}},
		"contents without urls":   {"contents", map[string]any{"text": true}},
		"contents with no urls":   {"contents", map[string]any{"urls": []any{}}},
		"contents urls not array": {"contents", map[string]any{"urls": "https://a.example"}},
		"contents text not bool":  {"contents", map[string]any{"urls": []any{"u"}, "text": "yes"}},
		"answer without query":    {"answer", map[string]any{"text": false}},
	} {
		_, err := exec("alice", row.ID, c.method, c.params)
		requireCode(t, err, "toolset_error-execution_failed", name)
	}

	for given, want := range map[any]float64{nil: 5, 3.0: 3, 10.0: 10, 20.0: 10, 0.0: 1} {
		params := map[string]any{"query": "q"}
		if given != nil {
			params["num_results"] = given
		}
		_, err := exec("alice", row.ID, "search", params)
		require.NoError(t, err)
		require.Equal(t, want, b.exa.last(t).Body["numResults"], "num_results %v", given)
	}

	// The order of http-api.md §9.3: type switch, instance switch, key, decryption, method.
	noKey, err := b.svc.Update(ctx, b.org, "alice", b.create(t, "alice", "nokey", "k").ID,
		toolsets.UpdateInput{Slug: "nokey", Enabled: true, APIKey: toolsets.KeyChange{}})
	require.NoError(t, err)
	_, err = exec("alice", noKey.ID, "crawl", query)
	requireCode(t, err, "toolset_error-toolset_not_configured")

	moved := b.create(t, "alice", "moved", "k")
	moved.EncryptedAPIKey, moved.Nonce = row.EncryptedAPIKey, row.Nonce // another row's sealed key: wrong AAD
	_, err = b.store.UpdateToolset(ctx, b.org.OrgID, moved)
	require.NoError(t, err)
	_, err = exec("alice", moved.ID, "search", query)
	requireCode(t, err, "encryption_error-decrypt_failed")

	disabled, err := b.svc.Update(ctx, b.org, "alice", b.create(t, "alice", "off", "k").ID,
		toolsets.UpdateInput{Slug: "off", Enabled: false, APIKey: toolsets.KeyChange{}})
	require.NoError(t, err)
	_, err = exec("alice", disabled.ID, "crawl", query)
	requireCode(t, err, "toolset_error-toolset_disabled", "checked before the key and the method")

	b.enable(t, false)
	_, err = exec("alice", disabled.ID, "crawl", query)
	requireCode(t, err, "toolset_error-toolset_app_disabled", "checked first")
}

func TestAuthorizeExec(t *testing.T) {
	b := newBundle(t, dbtest.SQLiteURL(t))
	ctx := context.Background()
	b.enable(t, true)
	row := b.create(t, "alice", "exa", "k")
	other := b.create(t, "alice", "other", "k")

	session := func(user string, role auth.Level) auth.Identity {
		return auth.Identity{Kind: auth.KindSession, UserID: user, Role: role}
	}
	app := func(user string, requestID *string) auth.Identity {
		return auth.Identity{Kind: auth.KindExternalApp, UserID: user, UserScope: auth.LevelUser, Azp: "demo-app",
			AccessRequestID: requestID}
	}
	authorize := func(id auth.Identity, toolsetID string) error {
		return b.svc.AuthorizeExec(ctx, b.org.OrgID, id, toolsetID)
	}

	require.NoError(t, authorize(session("alice", auth.LevelUser), row.ID))
	requireCode(t, authorize(session("alice", auth.LevelUser), "not-a-uuid"), "toolset_auth_error-toolset_not_found")
	requireCode(t, authorize(session("alice", auth.LevelUser), strings.Repeat("a", 36)), "toolset_auth_error-toolset_not_found")
	requireCode(t, authorize(session("bob", auth.LevelAdmin), row.ID), "toolset_auth_error-toolset_not_found")
	requireCode(t, authorize(session("alice", auth.LevelNone), row.ID), "toolset_auth_error-missing_auth")
	requireCode(t, authorize(auth.Identity{Kind: auth.KindAPIToken, TokenScope: auth.LevelUser}, row.ID),
		"toolset_auth_error-missing_auth")
	requireCode(t, authorize(app("alice", nil), row.ID), "toolset_auth_error-missing_auth")

	request := func(status, appClient, user string, approved *string) *string {
		r, err := b.store.CreateAppAccessRequest(ctx, b.org.OrgID, db.AppAccessRequest{ID: uuid.NewString(),
			AppClientID: appClient, FlowType: "popup", Status: status, Requested: `{"toolset_types":[]}`,
			Approved: approved, UserID: &user, ExpiresAt: time.Now().Add(10 * time.Minute)})
		require.NoError(t, err)
		return &r.ID
	}
	approving := func(entries string) *string { return ptr(`{"toolset_types":[` + entries + `]}`) }
	grant := approving(`{"toolset_type":"builtin-exa-search","status":"approved","instance_id":"` + row.ID + `"}`)

	require.NoError(t, authorize(app("alice", request(db.AppAccessApproved, "demo-app", "alice", grant)), row.ID))
	requireCode(t, authorize(app("alice", request(db.AppAccessApproved, "demo-app", "alice", grant)), other.ID),
		"toolset_auth_error-toolset_not_approved", "the grant names another instance")
	requireCode(t, authorize(app("alice", ptr(uuid.NewString())), row.ID), "toolset_auth_error-access_request_not_found")
	requireCode(t, authorize(app("alice", request(db.AppAccessDraft, "demo-app", "alice", nil)), row.ID),
		"toolset_auth_error-access_request_not_approved")
	requireCode(t, authorize(app("alice", request(db.AppAccessDenied, "demo-app", "alice", grant)), row.ID),
		"toolset_auth_error-access_request_not_approved")
	requireCode(t, authorize(app("alice", request(db.AppAccessApproved, "other-app", "alice", grant)), row.ID),
		"toolset_auth_error-app_client_mismatch")
	requireCode(t, authorize(app("alice", request(db.AppAccessApproved, "demo-app", "carol", grant)), row.ID),
		"toolset_auth_error-user_mismatch")
	denied := approving(`{"toolset_type":"builtin-exa-search","status":"denied","instance_id":"` + row.ID + `"}`)
	requireCode(t, authorize(app("alice", request(db.AppAccessApproved, "demo-app", "alice", denied)), row.ID),
		"toolset_auth_error-toolset_not_approved", "a denied entry grants nothing")
	requireCode(t, authorize(app("alice", request(db.AppAccessApproved, "demo-app", "alice", nil)), row.ID),
		"toolset_auth_error-toolset_not_approved")
	requireCode(t, authorize(app("bob", request(db.AppAccessApproved, "demo-app", "bob", grant)), row.ID),
		"toolset_auth_error-toolset_not_found", "ownership is checked before the access request")
}

func TestApprovesInstance(t *testing.T) {
	require.False(t, toolsets.ApprovesInstance(nil, "x"))
	require.False(t, toolsets.ApprovesInstance(ptr("not json"), "x"))
	require.False(t, toolsets.ApprovesInstance(ptr(`{"toolset_types":[{"status":"approved"}]}`), "x"))
	require.True(t, toolsets.ApprovesInstance(ptr(`{"toolset_types":[{"status":"denied","instance_id":"y"},`+
		`{"status":"approved","instance_id":"x"}]}`), "x"))
}
