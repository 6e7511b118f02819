package app_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/localmodels/gguf/ggufwrite"
	"github.com/bodhiapp/bodhi/localmodels/hfcache/hfcachetest"
)

const metaSnapshot = "9f1b2f3e4d5c6b7a8f9e0d1c2b3a4f5e6d7c8b9a"

// hubWithModels is a Hugging Face cache holding every fixture model and two broken files.
func hubWithModels(t *testing.T) string {
	hf := t.TempDir()
	for _, m := range ggufwrite.Models() {
		ggufwrite.PutModel(t, hf, metaSnapshot, m)
	}
	hfcachetest.New(hf).Download(t, "broken/Truncated-GGUF", metaSnapshot, "model-Q4_0.gguf", ggufwrite.Truncated())
	hfcachetest.New(hf).Download(t, "broken/Bomb-GGUF", metaSnapshot, "model-Q4_0.gguf", ggufwrite.HugeString("general.name"))
	return hf
}

// listing is every path under dir with its size and modification time: what "untouched" means.
func listing(t *testing.T, dir string) map[string]string {
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		require.NoError(t, err)
		info, err := d.Info()
		require.NoError(t, err)
		out[p] = info.ModTime().String() + " " + info.Mode().String()
		return nil
	}))
	return out
}

func TestModelMetadataRoutes(t *testing.T) {
	for _, hosted := range []bool{true, false} {
		t.Run(map[bool]string{true: "hosted", false: "standalone"}[hosted], func(t *testing.T) {
			t.Parallel()
			hf := hubWithModels(t)
			before := listing(t, hf)
			d := startDeployment(t, hosted, 0, "HF_HOME="+hf)

			anonymous := d.browser(t, "acme")
			require.Equal(t, http.StatusUnauthorized, anonymous.Do(http.MethodGet, "/bodhi/v1/queue", nil).Status)
			bob := loggedIn(t, d, "acme", "bob")
			for _, r := range []struct{ method, path string }{{http.MethodGet, "/bodhi/v1/queue"},
				{http.MethodPost, "/bodhi/v1/models/refresh"}} {
				resp := bob.Do(r.method, r.path, map[string]string{"source": "all"})
				require.Equal(t, http.StatusForbidden, resp.Status, "a user is not a power user: %s", resp.Body)
			}

			carol := loggedIn(t, d, "acme", "carol")
			if hosted {
				hostedRefusesModelMetadata(t, d, carol)
			} else {
				standaloneModelMetadata(t, d, carol)
			}
			require.Equal(t, before, listing(t, hf), "the cache is only read")
		})
	}
}

// hostedRefusesModelMetadata: a hosted server has no local models; both routes answer the refusal, after the
// caller's role is checked, and nothing is stored.
func hostedRefusesModelMetadata(t *testing.T, d deployment, carol *apptest.Browser) {
	for _, r := range []struct {
		method, path string
		body         any
	}{
		{http.MethodGet, "/bodhi/v1/queue", nil},
		{http.MethodPost, "/bodhi/v1/models/refresh", map[string]string{"source": "all"}},
		{http.MethodPost, "/bodhi/v1/models/refresh", map[string]string{"source": "model",
			"repo": ggufwrite.Llama().Repo, "filename": ggufwrite.Llama().Filename, "snapshot": metaSnapshot}},
	} {
		resp := carol.Do(r.method, r.path, r.body)
		require.Equal(t, http.StatusBadRequest, resp.Status, "%s %s: %s", r.method, r.path, resp.Body)
		require.Equal(t, "data_service_error-unsupported_operation", resp.ErrorCode(t))
	}
	require.Empty(t, storedMetadata(t, d), "nothing extracted")
}

// standaloneModelMetadata: one file at once, errors, then every file in the background.
func standaloneModelMetadata(t *testing.T, d deployment, carol *apptest.Browser) {
	r := carol.Do(http.MethodGet, "/bodhi/v1/queue", nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.Equal(t, map[string]any{"status": "idle"}, r.JSON(t))

	llama := ggufwrite.Llama()
	r = carol.Do(http.MethodPost, "/bodhi/v1/models/refresh", map[string]string{"source": "model",
		"repo": llama.Repo, "filename": llama.Filename, "snapshot": metaSnapshot})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.JSONEq(t, `{"source": "model", "alias": "bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M",
		"repo": "bartowski/Llama-3.2-1B-Instruct-GGUF", "filename": "Llama-3.2-1B-Instruct-Q4_K_M.gguf",
		"snapshot": "`+metaSnapshot+`", "metadata": {
			"capabilities": {"vision": false, "thinking": false, "tools": {"function_calling": true, "structured_output": false}},
			"context": {"max_input_tokens": 131072},
			"architecture": {"family": "llama", "parameter_count": 266864640, "quantization": "Q4_K_M", "format": "gguf"},
			"chat_template": `+jsonString(t, ggufwrite.LlamaTemplate)+`}}`, string(r.Body))
	require.Len(t, storedMetadata(t, d), 1)

	for _, bad := range []struct {
		body   any
		status int
		code   string
	}{
		{map[string]string{"source": "model", "repo": "nobody/none", "filename": llama.Filename, "snapshot": metaSnapshot},
			http.StatusNotFound, "hub_service_error-file_not_found"},
		{map[string]string{"source": "model", "repo": llama.Repo, "filename": llama.Filename, "snapshot": "dev"},
			http.StatusNotFound, "hub_service_error-file_not_found"},
		{map[string]string{"source": "model", "repo": "broken/Truncated-GGUF", "filename": "model-Q4_0.gguf",
			"snapshot": metaSnapshot}, http.StatusUnprocessableEntity, "gguf_error-unreadable_file"},
		{map[string]string{"source": "model", "repo": llama.Repo}, http.StatusBadRequest, "json_rejection_error"},
		{map[string]string{"source": "everything"}, http.StatusBadRequest, "json_rejection_error"},
		{map[string]any{}, http.StatusBadRequest, "json_rejection_error"},
		{map[string]any{"source": 1}, http.StatusBadRequest, "json_rejection_error"},
	} {
		r := carol.Do(http.MethodPost, "/bodhi/v1/models/refresh", bad.body)
		require.Equal(t, bad.status, r.Status, "%v: %s", bad.body, r.Body)
		require.Equal(t, bad.code, r.ErrorCode(t), "%v", bad.body)
	}
	r = carol.Do(http.MethodPost, "/bodhi/v1/models/refresh", map[string]string{"source": "model",
		"repo": "broken/Truncated-GGUF", "filename": "model-Q4_0.gguf", "snapshot": metaSnapshot})
	require.Contains(t, r.JSON(t)["error"].(map[string]any)["message"],
		"The model file cannot be read as GGUF: truncated GGUF file: ")

	r = carol.Do(http.MethodPost, "/bodhi/v1/models/refresh", map[string]string{"source": "all"})
	require.Equal(t, http.StatusAccepted, r.Status, "%s", r.Body)
	require.Equal(t, map[string]any{"num_queued": "all"}, r.JSON(t))
	require.Eventually(t, func() bool {
		r := carol.Do(http.MethodGet, "/bodhi/v1/queue", nil)
		require.Equal(t, http.StatusOK, r.Status)
		return r.JSON(t)["status"] == "idle"
	}, 10*time.Second, 20*time.Millisecond)

	rows := storedMetadata(t, d)
	require.Len(t, rows, len(ggufwrite.Models()), "a row for every readable file, none for the two broken ones")
	for _, m := range ggufwrite.Models() {
		require.Equal(t, m.Filename, rows[m.Repo], m.Repo)
	}

	// The worker stops with the app, a scan queued or not.
	require.Equal(t, http.StatusAccepted, carol.Do(http.MethodPost, "/bodhi/v1/models/refresh",
		map[string]string{"source": "all"}).Status)
	closed := make(chan error, 1)
	go func() { closed <- d.bodhi.App.Close(context.Background()) }()
	select {
	case err := <-closed:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return: the metadata worker did not stop")
	}
}

// storedMetadata maps the repo of each model_metadata row of acme to its filename.
func storedMetadata(t *testing.T, d deployment) map[string]string {
	store := d.bodhi.Store(t)
	ctx := context.Background()
	org, err := store.GetOrgBySlug(ctx, "acme")
	require.NoError(t, err)
	rows, err := store.ListModelMetadata(ctx, org.ID)
	require.NoError(t, err)
	out := map[string]string{}
	for _, r := range rows {
		out[*r.Repo] = *r.Filename
	}
	return out
}

func jsonString(t *testing.T, s string) string {
	b, err := json.Marshal(s)
	require.NoError(t, err)
	return string(b)
}
