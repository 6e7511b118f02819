package app_test

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/localmodels/gguf/ggufwrite"
	"github.com/bodhiapp/bodhi/localmodels/llamaserver/llamaservertest"
)

// TestLocalModelFromDownloadToChat runs the local half as a user meets it, every part real but the hub and
// llama-server: a model file pulled from the (fake) hub is listed at once, its metadata read from its GGUF header,
// a user alias made over it with default request parameters, and a chat through the official OpenAI client served
// by (a fake) llama-server started on the downloaded file.
func TestLocalModelFromDownloadToChat(t *testing.T) {
	ctx := context.Background()
	model := ggufwrite.Llama()
	hub := apptest.StartHFHub(t)
	hub.AddFile(model.Repo, model.Filename, apptest.HubFile{Content: model.File.Bytes(), LFS: true})
	dir := t.TempDir()
	record := filepath.Join(dir, "record.jsonl")

	l := apptest.Listen(t)
	idp := apptest.StartIdP(t, apptest.TwoOrgSeed(false, l.Port), 0)
	acme := apptest.Acme
	aliceID, _ := idp.UserID("alice")
	acme.FirstAdmin = &aliceID
	b := l.Start(t, idp, dbtest.SQLite, false, []apptest.Org{acme}, "HF_HOME="+filepath.Join(dir, "hf"),
		"BODHI_HF_BASE_URL="+hub.URL, "BODHI_LLAMA_SERVER="+llamaservertest.Binary(t),
		"BODHI_LLAMACPP_ARGS=--fake-record "+record+" --jinja --no-webui")
	d := deployment{name: "standalone", idp: idp, bodhi: b}
	alice := loggedIn(t, d, "acme", "alice")

	require.Empty(t, alice.Do(http.MethodGet, "/bodhi/v1/modelfiles", nil).JSON(t)["data"], "an empty cache, scanned")
	r := alice.Do(http.MethodPost, "/bodhi/v1/modelfiles/pull", map[string]string{"repo": model.Repo,
		"filename": model.Filename})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	id := r.JSON(t)["id"].(string)
	require.Eventually(t, func() bool {
		return alice.Do(http.MethodGet, "/bodhi/v1/modelfiles/pull/"+id, nil).JSON(t)["status"] == "completed"
	}, 10*time.Second, 20*time.Millisecond)

	files := alice.Do(http.MethodGet, "/bodhi/v1/modelfiles", nil).JSON(t)["data"].([]any)
	require.Len(t, files, 1, "the downloaded file is listed at once, not when the reused scan expires")
	file := files[0].(map[string]any)
	require.Equal(t, model.Repo, file["repo"])
	require.EqualValues(t, len(model.File.Bytes()), file["size"])
	snapshot := file["snapshot"].(string)
	require.Equal(t, hub.Commit(model.Repo), snapshot)

	r = alice.Do(http.MethodPost, "/bodhi/v1/models/refresh", map[string]string{"source": "model",
		"repo": model.Repo, "filename": model.Filename, "snapshot": "main"})
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	meta := r.JSON(t)["metadata"].(map[string]any)
	require.Equal(t, "llama", meta["architecture"].(map[string]any)["family"])
	require.Equal(t, true, meta["capabilities"].(map[string]any)["tools"].(map[string]any)["function_calling"])

	r = alice.Do(http.MethodPost, "/bodhi/v1/models", map[string]any{"alias": "my-llama", "repo": model.Repo,
		"filename": model.Filename, "request_params": map[string]any{"temperature": 0.3},
		"context_params": []string{"--ctx-size 2048"}})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	alias := r.JSON(t)
	require.Equal(t, snapshot, alias["snapshot"], "the ref is stored as its commit")
	require.Equal(t, "llama", alias["metadata"].(map[string]any)["architecture"].(map[string]any)["family"])

	r = alice.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]string{"scope": "scope_token_user"})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	client := sdk(d, "acme", r.JSON(t)["token"].(string))
	page, err := client.Models.List(ctx)
	require.NoError(t, err)
	var ids []string
	for _, m := range page.Data {
		ids = append(ids, m.ID)
	}
	require.Contains(t, ids, "my-llama")
	require.Contains(t, ids, "bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M")

	resp, err := client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: "my-llama",
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")}})
	require.NoError(t, err)
	require.NotEmpty(t, resp.Choices[0].Message.Content)
	starts := llamaservertest.Only(llamaservertest.Events(t, record), "start")
	require.Len(t, starts, 1)
	require.Contains(t, starts[0].Args, "--model")
	modelArg := starts[0].Args[indexOf(starts[0].Args, "--model")+1]
	require.Equal(t, filepath.Base(model.Filename), filepath.Base(modelArg), "llama-server loads the downloaded file")
	require.Contains(t, starts[0].Args, "--ctx-size", "the alias's context parameters are passed")
	requests := llamaservertest.Only(llamaservertest.Events(t, record), "request")
	require.Len(t, requests, 1)
	require.Equal(t, 0.3, requests[0].Decoded(t)["temperature"], "the alias's request parameters apply")
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}
