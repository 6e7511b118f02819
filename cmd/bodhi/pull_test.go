package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/localmodels/hfpull"
)

// `bodhi pull` downloads in the foreground through the server's service into the cache layout, with plain
// progress lines when stderr is not a terminal; a second run finds the file in the cache. Bad input exits 2, a
// failed download 1 with the reason, hosted mode 2.
// downloads are the download rows of the standalone org, if any.
func downloads(t *testing.T, env []string) []db.DownloadRequest {
	t.Helper()
	ctx := context.Background()
	store, err := db.Open(ctx, lookupEnv(env, "DATABASE_URL"))
	require.NoError(t, err)
	defer store.Close()
	orgs, err := store.ListOrgs(ctx, "")
	require.NoError(t, err)
	if len(orgs) == 0 {
		return nil
	}
	rows, _, err := store.ListDownloadRequests(ctx, orgs[0].ID, db.Page{})
	require.NoError(t, err)
	return rows
}

func TestPullCommand(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		hub := apptest.StartHFHub(t)
		const repo = "bartowski/Qwen2.5-0.5B-Instruct-GGUF"
		content := apptest.HubContent("cli", 120_000)
		commit := hub.AddFile(repo, "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf", apptest.HubFile{Content: content, LFS: true})
		hub.AddFile(repo, "gated.gguf", apptest.HubFile{Content: content[:10], LFS: true})
		home := t.TempDir()
		env := append(standaloneEnv(t, d), "HF_HOME="+home, "BODHI_HF_BASE_URL="+hub.URL)

		r := bodhi(t, env, "", "pull", repo, "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf")
		require.Equal(t, exitOK, r.code, r.stderr)
		path := filepath.Join(home, "hub", "models--bartowski--Qwen2.5-0.5B-Instruct-GGUF", "snapshots", commit,
			"Qwen2.5-0.5B-Instruct-Q4_K_M.gguf")
		require.Equal(t, "downloaded "+repo+"/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf (120000 bytes, commit "+commit+") to "+
			path+"\n", r.stdout)
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		require.Equal(t, repo+"/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf: 0.0 MB of 0.1 MB (0%)", lines[0])
		require.Equal(t, repo+"/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf: 0.1 MB of 0.1 MB (100%)", lines[len(lines)-1])
		got, err := os.ReadFile(path)
		require.NoError(t, err)
		require.Equal(t, content, got)

		r = bodhi(t, env, "", "pull", repo, "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf")
		require.Equal(t, exitOK, r.code, r.stderr)
		require.Equal(t, repo+"/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf is already in the Hugging Face cache: "+path+"\n", r.stdout)

		hub.Gate(repo)
		r = bodhi(t, env, "", "pull", repo, "gated.gguf")
		require.Equal(t, exitFailure, r.code)
		require.Equal(t, "bodhi: download "+repo+"/gated.gguf: access denied; the repository may be gated — set HF_TOKEN\n",
			r.stderr)
		require.Empty(t, downloads(t, env), "no org yet: nothing recorded")

		// Once the server is set up, a pull is recorded in the org's list like the server's own.
		r = bodhi(t, append(env, "BODHI_ENCRYPTION_KEY="+testKey), "s3cret\n", "org", "create", "--slug", "acme",
			"--name", "Acme Inc", "--client-id", "bodhi-acme", "--client-secret-stdin")
		require.Equal(t, exitOK, r.code, r.stderr)
		r = bodhi(t, append(env, "HF_TOKEN="+apptest.HFHubToken), "", "pull", repo, "gated.gguf")
		require.Equal(t, exitOK, r.code, r.stderr)
		require.False(t, hub.CDNSawAuthorization())
		rows := downloads(t, env)
		require.Len(t, rows, 1)
		require.Equal(t, "gated.gguf", rows[0].Filename)
		require.Equal(t, db.DownloadCompleted, rows[0].Status)
		require.EqualValues(t, 10, rows[0].DownloadedBytes)

		for _, args := range [][]string{{"pull", "no-slash", "f.gguf"}, {"pull", repo, "../x"}, {"pull", repo},
			{"pull", "--multi-tenant", repo, "f.gguf"}} {
			r = bodhi(t, env, "", args...)
			require.Equal(t, exitUsage, r.code, "%v: %s", args, r.stderr)
		}
		r = bodhi(t, append(env, "BODHI_HF_BASE_URL=not-a-url"), "", "pull", repo, "x.gguf")
		require.Equal(t, exitUsage, r.code)
		require.Contains(t, r.stderr, "BODHI_HF_BASE_URL must be an absolute http(s) URL")
	})
}

// On a terminal the progress is a bar (schollz/progressbar) that ends on a new line.
func TestPullProgressBarOnATerminal(t *testing.T) {
	var out strings.Builder
	p := &progressView{w: &out, name: "o/r/f.gguf", tty: true}
	p.report(hfpull.Progress{Done: 0, Total: 2_000_000})
	p.report(hfpull.Progress{Done: 1_000_000, Total: 2_000_000})
	p.report(hfpull.Progress{Done: 2_000_000, Total: 2_000_000})
	p.end(true)
	require.Contains(t, out.String(), "o/r/f.gguf")
	require.Contains(t, out.String(), "100%")
	require.Contains(t, out.String(), "2.0 MB")
	require.True(t, strings.HasSuffix(out.String(), "\n"), "%q", out.String())
}
