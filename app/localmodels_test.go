package app_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/localmodels"
	"github.com/bodhiapp/bodhi/localmodels/hfcache/hfcachetest"
)

// localDeployment starts Bodhi with HF_HOME at a directory of the test's that does not exist yet; hub writes the
// Hugging Face cache there as huggingface_hub would.
func localDeployment(t *testing.T, hosted bool) (deployment, *hfcachetest.Hub) {
	t.Helper()
	home := filepath.Join(t.TempDir(), "hf")
	return startDeployment(t, hosted, 0, "HF_HOME="+home), hfcachetest.New(home)
}

const (
	phiRepo = "TheBloke/phi-2-GGUF"
	phiQ4   = "phi-2-Q4_K_M.gguf"
	phiQ8   = "phi-2-Q8_0.gguf"
)

// storeMetadata records extracted metadata for a file of acme, as the metadata queue would.
func storeMetadata(t *testing.T, d deployment, repo, filename, snapshot, family string) {
	t.Helper()
	ctx := context.Background()
	store, err := db.Open(ctx, d.bodhi.Config.DatabaseURL)
	require.NoError(t, err)
	defer store.Close()
	org, err := store.GetOrgBySlug(ctx, "acme")
	require.NoError(t, err)
	quant := "Q4_K_M"
	m := localmodels.Metadata{Architecture: localmodels.Architecture{Family: &family, Quantization: &quant, Format: "gguf"}}
	_, err = store.UpsertModelMetadata(ctx, org.ID, m.Row(repo, filename, snapshot))
	require.NoError(t, err)
}

// withoutTimes drops the fields a test cannot know in advance.
func withoutTimes(m map[string]any) map[string]any {
	delete(m, "id")
	delete(m, "created_at")
	delete(m, "updated_at")
	return m
}

func TestUserAliasRoutes(t *testing.T) {
	t.Parallel()
	d, hub := localDeployment(t, false)
	main := hfcachetest.Commit("main")
	hub.Download(t, phiRepo, main, phiQ4, []byte("q4"))
	hub.Download(t, phiRepo, main, phiQ8, []byte("q8"))
	storeMetadata(t, d, phiRepo, phiQ8, main, "phi2")
	carol := loggedIn(t, d, "acme", "carol") // a power user

	r := carol.Do(http.MethodPost, "/bodhi/v1/models", map[string]any{"alias": "phi", "repo": phiRepo,
		"filename": phiQ4, "snapshot": "main", "request_params": map[string]any{"temperature": 0.7, "stop": []string{"</s>"}},
		"context_params": []string{"--ctx-size 2048"}})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	created := r.JSON(t)
	id := created["id"].(string)
	require.NotEmpty(t, id)
	require.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$`, created["created_at"])
	require.Equal(t, map[string]any{"alias": "phi", "repo": phiRepo, "filename": phiQ4, "snapshot": main,
		"source": "user", "model_params": map[string]any{}, "context_params": []any{"--ctx-size 2048"},
		"request_params": map[string]any{"temperature": 0.7, "stop": []any{"</s>"}}}, withoutTimes(created),
		"the snapshot stored resolved to its commit; no metadata yet")

	r = carol.Do(http.MethodPut, "/bodhi/v1/models/"+id, map[string]any{"alias": "ignored", "repo": phiRepo,
		"filename": phiQ8})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.Equal(t, map[string]any{"alias": "phi", "repo": phiRepo, "filename": phiQ8, "snapshot": main,
		"source": "user", "model_params": map[string]any{}, "context_params": []any{}, "request_params": map[string]any{},
		"metadata": map[string]any{"capabilities": map[string]any{"tools": map[string]any{}}, "context": map[string]any{},
			"architecture": map[string]any{"family": "phi2", "quantization": "Q4_K_M", "format": "gguf"}}},
		withoutTimes(r.JSON(t)), "the name stays; the new file's metadata comes along")

	bob := loggedIn(t, d, "acme", "bob") // a user: may read, not write
	r = bob.Do(http.MethodGet, "/bodhi/v1/models/"+id, nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.Equal(t, "phi2", r.JSON(t)["metadata"].(map[string]any)["architecture"].(map[string]any)["family"])
	r = bob.Do(http.MethodPost, "/bodhi/v1/models", map[string]any{"alias": "x", "repo": phiRepo, "filename": phiQ4})
	require.Equal(t, http.StatusForbidden, r.Status)

	r = carol.Do(http.MethodPost, "/bodhi/v1/models/"+id+"/copy", map[string]any{"alias": "phi-copy"})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	copied := r.JSON(t)
	require.NotEqual(t, id, copied["id"])
	require.Equal(t, "phi-copy", copied["alias"])
	require.Equal(t, phiQ8, copied["filename"])

	r = carol.Do(http.MethodDelete, "/bodhi/v1/models/"+id, nil)
	require.Equal(t, http.StatusOK, r.Status)
	require.Empty(t, r.Body)
	for _, c := range []struct{ method, path string }{
		{http.MethodDelete, "/bodhi/v1/models/" + id}, {http.MethodGet, "/bodhi/v1/models/" + id},
		{http.MethodPut, "/bodhi/v1/models/" + id}, {http.MethodPost, "/bodhi/v1/models/" + id + "/copy"},
	} {
		r = carol.Do(c.method, c.path, map[string]any{"alias": "y", "repo": phiRepo, "filename": phiQ4})
		require.Equal(t, http.StatusNotFound, r.Status, "%s %s: %s", c.method, c.path, r.Body)
		require.Equal(t, "data_service_error-alias_not_found", r.ErrorCode(t))
	}
}

func TestUserAliasRefusals(t *testing.T) {
	t.Parallel()
	d, hub := localDeployment(t, false)
	hub.Download(t, phiRepo, hfcachetest.Commit("main"), phiQ4, []byte("q4"))
	carol := loggedIn(t, d, "acme", "carol")
	r := carol.Do(http.MethodPost, "/bodhi/v1/models", map[string]any{"alias": "taken", "repo": phiRepo, "filename": phiQ4})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)

	body := func(kv ...any) map[string]any {
		m := map[string]any{"alias": "fresh", "repo": phiRepo, "filename": phiQ4}
		for i := 0; i < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(m, kv[i].(string))
			} else {
				m[kv[i].(string)] = kv[i+1]
			}
		}
		return m
	}
	for _, c := range []struct {
		name   string
		body   map[string]any
		status int
		code   string
	}{
		{"a user alias's name", body("alias", "taken"), 400, "data_service_error-alias_exists"},
		{"a model alias's name", body("alias", phiRepo+":Q4_K_M"), 400, "data_service_error-alias_exists"},
		{"an empty name", body("alias", ""), 400, "obj_validation_error-validation_errors"},
		{"a repo without owner", body("repo", "phi-2-GGUF"), 400, "obj_validation_error-file_pattern_mismatch"},
		{"a file not in the cache", body("filename", "phi-2-Q2_K.gguf"), 404, "hub_service_error-file_not_found"},
		{"a snapshot not in the cache", body("snapshot", "v9"), 404, "hub_service_error-file_not_found"},
		{"temperature out of range", body("request_params", map[string]any{"temperature": 2.5}), 400, "obj_validation_error-validation_errors"},
		{"top_p out of range", body("request_params", map[string]any{"top_p": -0.5}), 400, "obj_validation_error-validation_errors"},
		{"max_tokens of the wrong type", body("request_params", map[string]any{"max_tokens": "many"}), 400, "json_rejection_error"},
		{"no alias", body("alias", nil), 400, "json_rejection_error"},
		{"no filename", body("filename", nil), 400, "json_rejection_error"},
	} {
		r := carol.Do(http.MethodPost, "/bodhi/v1/models", c.body)
		require.Equal(t, c.status, r.Status, "%s: %s", c.name, r.Body)
		require.Equal(t, c.code, r.ErrorCode(t), c.name)
	}
}

func TestAliasActionsAreAudited(t *testing.T) {
	t.Parallel()
	logs := &lockedBuffer{}
	l := apptest.Listen(t)
	l.Logs = logs
	idp := apptest.StartIdP(t, apptest.TwoOrgSeed(false, l.Port), 0)
	acme := apptest.Acme
	aliceID, _ := idp.UserID("alice")
	acme.FirstAdmin = &aliceID
	hfHome := t.TempDir()
	hfcachetest.New(hfHome).Download(t, phiRepo, hfcachetest.Commit("main"), phiQ4, []byte("q4"))
	b := l.Start(t, idp, dbtest.Dialect{Name: "sqlite", URL: dbtest.SQLiteURL}, false, []apptest.Org{acme},
		"HF_HOME="+hfHome)
	alice := loggedIn(t, deployment{idp: idp, bodhi: b}, "acme", "alice")

	r := alice.Do(http.MethodPost, "/bodhi/v1/models", map[string]any{"alias": "phi", "repo": phiRepo, "filename": phiQ4})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	id := r.JSON(t)["id"].(string)
	r = alice.Do(http.MethodPut, "/bodhi/v1/models/"+id, map[string]any{"repo": phiRepo, "filename": phiQ4})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	r = alice.Do(http.MethodPost, "/bodhi/v1/models/"+id+"/copy", map[string]any{"alias": "phi-2"})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	copyID := r.JSON(t)["id"].(string)
	require.Equal(t, http.StatusOK, alice.Do(http.MethodDelete, "/bodhi/v1/models/"+id, nil).Status)
	r = alice.Do(http.MethodDelete, "/bodhi/v1/models/"+id, nil)
	require.Equal(t, http.StatusNotFound, r.Status, "a refused action is not audited")

	var got []string
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec), line)
		if rec["msg"] == "audit" && strings.HasPrefix(rec["action"].(string), "alias_") {
			require.Equal(t, aliceID, rec["user_id"])
			require.Equal(t, "alias", rec["resource_type"])
			got = append(got, rec["action"].(string)+" "+rec["resource_id"].(string))
		}
	}
	require.Equal(t, []string{"alias_create " + id, "alias_update " + id, "alias_create " + copyID,
		"alias_delete " + id}, got)
}

// names are the aliases of a page of GET /bodhi/v1/models, as source:name (API models by prefix).
func aliasNames(t *testing.T, page map[string]any) []string {
	t.Helper()
	out := []string{}
	for _, raw := range page["data"].([]any) {
		e := raw.(map[string]any)
		name, _ := e["alias"].(string)
		if e["source"] == "api" {
			name = e["prefix"].(string)
		}
		out = append(out, e["source"].(string)+":"+name)
	}
	return out
}

func TestModelListingsStandalone(t *testing.T) {
	t.Parallel()
	d, hub := localDeployment(t, false)
	c1, c2 := hfcachetest.Commit("1"), hfcachetest.Commit("2")
	hub.Download(t, phiRepo, c1, phiQ4, []byte("q4 bytes"))
	hub.Download(t, phiRepo, c1, phiQ8, []byte("q8"))
	hub.Download(t, "bartowski/Llama-3-GGUF", c2, "Llama-3-IQ4_XS.gguf", []byte("llama"))
	storeMetadata(t, d, phiRepo, phiQ4, c1, "phi2")
	p := apptest.StartProvider(t)
	alice, token, _ := setupModel(t, d, "acme", "alice", p, "sk-acme", "fake/")
	for _, alias := range []string{"zed", "Alpha"} {
		r := alice.Do(http.MethodPost, "/bodhi/v1/models", map[string]any{"alias": alias, "repo": phiRepo, "filename": phiQ8})
		require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	}

	r := alice.Do(http.MethodGet, "/bodhi/v1/models", nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	all := r.JSON(t)
	require.EqualValues(t, 6, all["total"])
	require.EqualValues(t, 1, all["page"])
	require.EqualValues(t, 30, all["page_size"])
	require.Equal(t, []string{"user:Alpha", "model:TheBloke/phi-2-GGUF:Q4_K_M", "model:TheBloke/phi-2-GGUF:Q8_0",
		"model:bartowski/Llama-3-GGUF:IQ4_XS", "user:zed", "api:fake/"}, aliasNames(t, all))
	require.Equal(t, map[string]any{"source": "model", "alias": phiRepo + ":Q4_K_M", "repo": phiRepo, "filename": phiQ4,
		"snapshot": c1, "metadata": map[string]any{"capabilities": map[string]any{"tools": map[string]any{}},
			"context": map[string]any{}, "architecture": map[string]any{"family": "phi2", "quantization": "Q4_K_M",
				"format": "gguf"}}}, all["data"].([]any)[1], "ModelAliasResponse")
	require.Equal(t, "***", all["data"].([]any)[5].(map[string]any)["api_key_masked"], "API aliases as before")

	r = alice.Do(http.MethodGet, "/bodhi/v1/models?sort_order=desc&page=2&page_size=2", nil)
	require.Equal(t, []string{"model:TheBloke/phi-2-GGUF:Q8_0", "model:TheBloke/phi-2-GGUF:Q4_K_M"}, aliasNames(t, r.JSON(t)))
	r = alice.Do(http.MethodGet, "/bodhi/v1/models?page=3&page_size=2", nil)
	require.Equal(t, []string{"user:zed", "api:fake/"}, aliasNames(t, r.JSON(t)), "the API models follow on the same page")
	require.EqualValues(t, 6, r.JSON(t)["total"])
	r = alice.Do(http.MethodGet, "/bodhi/v1/models?sort_order=sideways", nil)
	require.Equal(t, http.StatusBadRequest, r.Status)
	require.Equal(t, "query_rejection_error", r.ErrorCode(t))

	bob := loggedIn(t, d, "acme", "bob") // model files are for every user
	r = bob.Do(http.MethodGet, "/bodhi/v1/modelfiles?page_size=2", nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	files := r.JSON(t)
	require.EqualValues(t, 3, files["total"])
	require.Equal(t, []any{
		map[string]any{"repo": phiRepo, "filename": phiQ4, "snapshot": c1, "size": float64(len("q4 bytes")),
			"model_params": map[string]any{}, "metadata": map[string]any{"capabilities": map[string]any{"tools": map[string]any{}},
				"context": map[string]any{}, "architecture": map[string]any{"family": "phi2", "quantization": "Q4_K_M", "format": "gguf"}}},
		map[string]any{"repo": phiRepo, "filename": phiQ8, "snapshot": c1, "size": float64(2), "model_params": map[string]any{}},
	}, files["data"])
	r = bob.Do(http.MethodGet, "/bodhi/v1/modelfiles?page=2&page_size=2", nil)
	require.Equal(t, "bartowski/Llama-3-GGUF", r.JSON(t)["data"].([]any)[0].(map[string]any)["repo"])

	api := bearer(t, d, "acme", token)
	r = api.Do(http.MethodGet, "/api/tags", nil)
	require.Equal(t, http.StatusOK, r.Status)
	tags := r.JSON(t)["models"].([]any)
	require.Len(t, tags, 7, "user aliases, then model aliases, then the API models")
	for i, name := range []string{"fake/gpt-4o", "fake/gpt-4o-mini"} {
		api := tags[5+i].(map[string]any)
		require.Equal(t, name, api["name"])
		require.Equal(t, "openai", api["details"].(map[string]any)["format"], "the provider's format")
		require.Regexp(t, `^[0-9a-f]{64}$`, api["digest"])
	}
	sum := sha256.Sum256([]byte("q4 bytes"))
	q4 := tags[2].(map[string]any)
	require.Equal(t, phiRepo+":Q4_K_M", q4["name"])
	require.Equal(t, phiRepo+":Q4_K_M", q4["model"])
	require.Equal(t, float64(len("q4 bytes")), q4["size"])
	require.Equal(t, hex.EncodeToString(sum[:]), q4["digest"], "the blob's name: the file's SHA-256")
	require.Equal(t, map[string]any{"parent_model": "", "format": "gguf", "family": "phi2", "families": []any{"phi2"},
		"parameter_size": "", "quantization_level": "Q4_K_M"}, q4["details"])
	require.Equal(t, "Alpha", tags[0].(map[string]any)["name"])
	require.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$`, tags[0].(map[string]any)["modified_at"])
}

func TestOpenAIModelsListLocalAliases(t *testing.T) {
	t.Parallel()
	d, hub := localDeployment(t, false)
	link := hub.Download(t, phiRepo, hfcachetest.Commit("1"), phiQ4, []byte("q4"))
	info, err := os.Stat(link)
	require.NoError(t, err)
	p := apptest.StartProvider(t)
	alice, token, _ := setupModel(t, d, "acme", "alice", p, "sk-acme", "fake/")
	r := alice.Do(http.MethodPost, "/bodhi/v1/models", map[string]any{"alias": "my-phi", "repo": phiRepo, "filename": phiQ4})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	aliasCreated := r.JSON(t)["created_at"].(string)

	client := sdk(d, "acme", token)
	ctx := context.Background()
	page, err := client.Models.List(ctx)
	require.NoError(t, err)
	var ids, owners []string
	for _, m := range page.Data {
		ids, owners = append(ids, m.ID), append(owners, m.OwnedBy)
	}
	require.Equal(t, []string{"my-phi", phiRepo + ":Q4_K_M", "fake/gpt-4o", "fake/gpt-4o-mini"}, ids,
		"user aliases, model aliases, then API models")
	require.Equal(t, []string{"system", "system", p.URL, p.URL}, owners)
	require.Equal(t, info.ModTime().Unix(), page.Data[1].Created, "a model alias is as old as its file")
	at, err := time.Parse(time.RFC3339Nano, aliasCreated)
	require.NoError(t, err)
	require.Equal(t, at.Unix(), page.Data[0].Created, "a user alias is as old as its row")

	m, err := client.Models.Get(ctx, phiRepo+":Q4_K_M")
	require.NoError(t, err, "an id with '/' and ':'")
	require.Equal(t, phiRepo+":Q4_K_M", m.ID)
	require.Equal(t, "system", m.OwnedBy)
	m, err = client.Models.Get(ctx, "my-phi")
	require.NoError(t, err)
	require.Equal(t, page.Data[0].Created, m.Created)
}

// tree lists every path under root with its size, mode and modification time.
func tree(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	require.NoError(t, filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		out = append(out, fmt.Sprintf("%s %d %s %s", path, info.Size(), info.Mode(), info.ModTime().Format(time.RFC3339Nano)))
		return nil
	}))
	return out
}

// TestLocalModelRoutesHosted: hosted, every local-model route answers the refusal after authentication, the
// listings show API models only, and nothing under HF_HOME is read or written: a GGUF file there is never listed,
// and the tree is the same afterwards.
func TestLocalModelRoutesHosted(t *testing.T) {
	t.Parallel()
	d, hub := localDeployment(t, true)
	hub.Download(t, phiRepo, hfcachetest.Commit("1"), phiQ4, []byte("q4"))
	before := tree(t, hub.HFHome)
	p := apptest.StartProvider(t)
	alice, token, _ := setupModel(t, d, "acme", "alice", p, "sk-acme", "fake/")

	anonymous := d.browser(t, "acme")
	r := anonymous.Do(http.MethodGet, "/bodhi/v1/modelfiles", nil)
	require.Equal(t, http.StatusUnauthorized, r.Status, "authentication comes first")
	bob := loggedIn(t, d, "acme", "bob")
	r = bob.Do(http.MethodPost, "/bodhi/v1/models", map[string]any{})
	require.Equal(t, http.StatusForbidden, r.Status, "then the role")

	aliasID := "00000000-0000-0000-0000-000000000000"
	for _, c := range []struct {
		method, path string
		body         any
	}{
		{http.MethodGet, "/bodhi/v1/modelfiles", nil},
		{http.MethodPost, "/bodhi/v1/models", map[string]any{"alias": "x", "repo": phiRepo, "filename": phiQ4}},
		{http.MethodPut, "/bodhi/v1/models/" + aliasID, map[string]any{"repo": phiRepo, "filename": phiQ4}},
		{http.MethodPost, "/bodhi/v1/models/" + aliasID + "/copy", map[string]any{"alias": "y"}},
	} {
		r := alice.Do(c.method, c.path, c.body)
		require.Equal(t, http.StatusBadRequest, r.Status, "%s %s: %s", c.method, c.path, r.Body)
		require.Equal(t, "data_service_error-unsupported_operation", r.ErrorCode(t), "%s %s", c.method, c.path)
	}
	for _, method := range []string{http.MethodGet, http.MethodDelete} {
		r := alice.Do(method, "/bodhi/v1/models/"+aliasID, nil)
		require.Equal(t, http.StatusNotFound, r.Status, "%s behaves normally: no user alias exists", method)
		require.Equal(t, "data_service_error-alias_not_found", r.ErrorCode(t))
	}
	r = alice.Do(http.MethodGet, "/bodhi/v1/models", nil)
	require.Equal(t, http.StatusOK, r.Status)
	require.Equal(t, []string{"api:fake/"}, aliasNames(t, r.JSON(t)), "API aliases only")

	api := bearer(t, d, "acme", token)
	r = api.Do(http.MethodGet, "/api/tags", nil)
	var names []string
	for _, m := range r.JSON(t)["models"].([]any) {
		names = append(names, m.(map[string]any)["name"].(string))
	}
	require.Equal(t, []string{"fake/gpt-4o", "fake/gpt-4o-mini"}, names, "the API models alone")
	client := sdk(d, "acme", token)
	page, err := client.Models.List(context.Background())
	require.NoError(t, err)
	require.Len(t, page.Data, 2, "the API models alone")

	require.Equal(t, before, tree(t, hub.HFHome), "nothing under HF_HOME was written")
}
