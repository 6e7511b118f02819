package app_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/app"
	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
)

const pullRepo = "bartowski/Qwen2.5-0.5B-Instruct-GGUF"

// pullPaths are the download routes, with a body for the POSTs.
var pullPaths = []struct {
	method, path string
	body         any
}{
	{http.MethodGet, "/bodhi/v1/modelfiles/pull", nil},
	{http.MethodPost, "/bodhi/v1/modelfiles/pull", map[string]string{"repo": pullRepo, "filename": "m.gguf"}},
	{http.MethodGet, "/bodhi/v1/modelfiles/pull/00000000-0000-0000-0000-000000000000", nil},
	{http.MethodPost, "/bodhi/v1/modelfiles/pull/00000000-0000-0000-0000-000000000000/cancel", nil},
}

// The download routes of a standalone server, through a real Bodhi and a fake hub: 201 then 200 for the same
// pending file, the list newest first, progress and the final row, 400 once the file is in the cache, cancel, the
// refusals, and the power-user gate.
func TestPullRoutesStandalone(t *testing.T) {
	hub := apptest.StartHFHub(t)
	home := t.TempDir()
	d := startDeployment(t, false, 0, "HF_HOME="+home, "BODHI_HF_BASE_URL="+hub.URL)
	model := apptest.HubContent("model", 300_000)
	commit := hub.AddFile(pullRepo, "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf", apptest.HubFile{Content: model, LFS: true,
		ChunkSize: 10_000, ChunkDelay: 10 * time.Millisecond})
	hub.AddFile(pullRepo, "slow.gguf", apptest.HubFile{Content: apptest.HubContent("slow", 1<<20), LFS: true,
		ChunkSize: 8 << 10, ChunkDelay: 10 * time.Millisecond, HoldAt: 64 << 10})
	carol := loggedIn(t, d, "acme", "carol") // power user

	r := carol.Do(http.MethodPost, "/bodhi/v1/modelfiles/pull", map[string]string{"repo": pullRepo,
		"filename": "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf"})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	created := r.JSON(t)
	id := created["id"].(string)
	require.Equal(t, map[string]any{"id": id, "repo": pullRepo, "filename": "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf",
		"status": "pending", "downloaded_bytes": float64(0), "created_at": created["created_at"],
		"updated_at": created["updated_at"]}, created, "DownloadRequest without the fields not known yet")
	r = carol.Do(http.MethodPost, "/bodhi/v1/modelfiles/pull", map[string]string{"repo": pullRepo,
		"filename": "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf"})
	require.Equal(t, http.StatusOK, r.Status, "the pending request: %s", r.Body)
	require.Equal(t, id, r.JSON(t)["id"])

	var row map[string]any
	require.Eventually(t, func() bool {
		r = carol.Do(http.MethodGet, "/bodhi/v1/modelfiles/pull/"+id, nil)
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		row = r.JSON(t)
		return row["status"] != "pending"
	}, 20*time.Second, 20*time.Millisecond)
	require.Equal(t, "completed", row["status"], "%v", row)
	require.Equal(t, float64(len(model)), row["downloaded_bytes"])
	require.Equal(t, float64(len(model)), row["total_bytes"])
	require.NotEmpty(t, row["started_at"])
	require.NotContains(t, row, "error")
	snapshot := filepath.Join(home, "hub", "models--bartowski--Qwen2.5-0.5B-Instruct-GGUF", "snapshots", commit,
		"Qwen2.5-0.5B-Instruct-Q4_K_M.gguf")
	got, err := os.ReadFile(snapshot)
	require.NoError(t, err)
	require.Equal(t, model, got)

	r = carol.Do(http.MethodPost, "/bodhi/v1/modelfiles/pull", map[string]string{"repo": pullRepo,
		"filename": "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf"})
	require.Equal(t, http.StatusBadRequest, r.Status)
	require.Equal(t, "pull_error-file_already_exists", r.ErrorCode(t))

	// A slow download, cancelled through the API once it runs.
	r = carol.Do(http.MethodPost, "/bodhi/v1/modelfiles/pull", map[string]string{"repo": pullRepo, "filename": "slow.gguf"})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	slow := r.JSON(t)["id"].(string)
	require.Eventually(t, func() bool {
		return carol.Do(http.MethodGet, "/bodhi/v1/modelfiles/pull/"+slow, nil).JSON(t)["downloaded_bytes"].(float64) > 0
	}, 20*time.Second, 20*time.Millisecond)
	r = carol.Do(http.MethodPost, "/bodhi/v1/modelfiles/pull/"+slow+"/cancel", nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	require.Equal(t, "error", r.JSON(t)["status"])
	require.Equal(t, "cancelled", r.JSON(t)["error"])

	r = carol.Do(http.MethodGet, "/bodhi/v1/modelfiles/pull?page_size=1", nil)
	require.Equal(t, http.StatusOK, r.Status)
	page := r.JSON(t)
	require.Equal(t, float64(2), page["total"])
	require.Equal(t, float64(1), page["page_size"])
	require.Equal(t, slow, page["data"].([]any)[0].(map[string]any)["id"], "the most recently updated first")

	for _, bad := range []struct {
		body map[string]string
		code string
	}{
		{map[string]string{"repo": "no-slash", "filename": "f.gguf"}, "obj_validation_error-file_pattern_mismatch"},
		{map[string]string{"repo": "a/b/c", "filename": "f.gguf"}, "obj_validation_error-file_pattern_mismatch"},
		{map[string]string{"repo": pullRepo, "filename": "../../x"}, "obj_validation_error-validation_errors"},
	} {
		r = carol.Do(http.MethodPost, "/bodhi/v1/modelfiles/pull", bad.body)
		require.Equal(t, http.StatusBadRequest, r.Status)
		require.Equal(t, bad.code, r.ErrorCode(t))
	}
	for _, p := range pullPaths[2:] {
		r = carol.Do(p.method, p.path, p.body)
		require.Equal(t, http.StatusNotFound, r.Status, p.path)
		require.Equal(t, "db_error-item_not_found", r.ErrorCode(t), p.path)
	}
	bob := loggedIn(t, d, "acme", "bob") // a user: below the routes' power-user gate
	for _, p := range pullPaths {
		r = bob.Do(p.method, p.path, p.body)
		require.Equal(t, http.StatusForbidden, r.Status, "%s %s", p.method, p.path)
	}
	require.False(t, hub.CDNSawAuthorization())
}

// Hosted, every download route answers the refusal of http-api.md §1.6 after authentication, and nothing
// under HF_HOME is touched, nor the hub called.
func TestPullRoutesRefusedWhenHosted(t *testing.T) {
	hub := apptest.StartHFHub(t)
	home := filepath.Join(t.TempDir(), "hf")
	d := startDeployment(t, true, 0, "HF_HOME="+home, "BODHI_HF_BASE_URL="+hub.URL)
	anonymous := d.browser(t, "acme")
	alice := loggedIn(t, d, "acme", "alice")
	for _, p := range pullPaths {
		r := anonymous.Do(p.method, p.path, p.body)
		require.Equal(t, http.StatusUnauthorized, r.Status, "authentication first: %s %s", p.method, p.path)
		r = alice.Do(p.method, p.path, p.body)
		require.Equal(t, http.StatusBadRequest, r.Status, "%s %s: %s", p.method, p.path, r.Body)
		require.Equal(t, "data_service_error-unsupported_operation", r.ErrorCode(t))
	}
	_, err := os.Stat(home)
	require.ErrorIs(t, err, os.ErrNotExist, "HF_HOME untouched")
	require.Empty(t, hub.Calls())
}

// standaloneOn starts a standalone Bodhi on a fresh database of dialect d (the harness's default is SQLite).
func standaloneOn(t *testing.T, d dbtest.Dialect, env ...string) deployment {
	t.Helper()
	l := apptest.Listen(t)
	idp := apptest.StartIdP(t, apptest.TwoOrgSeed(false, l.Port), 0)
	acme := apptest.Acme
	aliceID, _ := idp.UserID("alice")
	acme.FirstAdmin = &aliceID
	return deployment{name: "standalone-" + d.Name, idp: idp, bodhi: l.Start(t, idp, d, false, []apptest.Org{acme}, env...)}
}

// On Close a standalone server interrupts its running downloads and records it before its database closes; at
// the next start it fails the downloads a crashed process left pending. Both dialects.
func TestPullsAcrossRestarts(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		ctx := context.Background()
		hub := apptest.StartHFHub(t)
		hub.AddFile(pullRepo, "slow.gguf", apptest.HubFile{Content: apptest.HubContent("slow", 1<<20), LFS: true,
			ChunkSize: 8 << 10, ChunkDelay: 10 * time.Millisecond, HoldAt: 64 << 10})
		dep := standaloneOn(t, d, "HF_HOME="+t.TempDir(), "BODHI_HF_BASE_URL="+hub.URL)
		carol := loggedIn(t, dep, "acme", "carol")
		r := carol.Do(http.MethodPost, "/bodhi/v1/modelfiles/pull", map[string]string{"repo": pullRepo, "filename": "slow.gguf"})
		require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
		id := r.JSON(t)["id"].(string)
		require.Eventually(t, func() bool {
			return carol.Do(http.MethodGet, "/bodhi/v1/modelfiles/pull/"+id, nil).JSON(t)["downloaded_bytes"].(float64) > 0
		}, 20*time.Second, 20*time.Millisecond)
		require.NoError(t, dep.bodhi.App.Close(ctx))

		store, err := db.Open(ctx, dep.bodhi.Config.DatabaseURL)
		require.NoError(t, err)
		t.Cleanup(func() { store.Close() })
		org, err := store.GetOrgBySlug(ctx, "acme")
		require.NoError(t, err)
		row, err := store.GetDownloadRequest(ctx, org.ID, id)
		require.NoError(t, err)
		require.Equal(t, db.DownloadError, row.Status)
		require.Equal(t, "interrupted by shutdown", *row.Error)

		orphan, err := store.CreateDownloadRequest(ctx, org.ID, db.DownloadRequest{Repo: pullRepo, Filename: "x.gguf"})
		require.NoError(t, err)
		again, err := app.New(ctx, dep.bodhi.Config)
		require.NoError(t, err)
		require.NoError(t, again.Close(ctx))
		row, err = store.GetDownloadRequest(ctx, org.ID, orphan.ID)
		require.NoError(t, err)
		require.Equal(t, db.DownloadError, row.Status)
		require.Equal(t, "interrupted; start the download again", *row.Error)
	})
}
