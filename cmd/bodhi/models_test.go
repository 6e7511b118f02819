package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/localmodels/hfcache/hfcachetest"
)

func envValue(env []string, key string) string {
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v
		}
	}
	return ""
}

func TestModelsCommand(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			hfHome := t.TempDir()
			env := append(standaloneEnv(t, d), "HF_HOME="+hfHome)
			require.Equal(t, 0, bodhi(t, env, "", "migrate", "up").code)

			r := bodhi(t, env, "", "models")
			require.Equal(t, 0, r.code, r.stderr)
			require.Equal(t, "ALIAS  SOURCE  REPO  FILENAME  SNAPSHOT  SIZE\n\nno GGUF files in "+hfHome+"/hub\n", r.stdout,
				"an empty cache, before setup")

			hub := hfcachetest.New(hfHome)
			commit := hfcachetest.Commit("main")
			hub.Download(t, "TheBloke/phi-2-GGUF", commit, "phi-2-Q4_K_M.gguf", make([]byte, 1536))
			r = bodhi(t, env, "s3cret\n", "org", "create", "--slug", "acme", "--name", "Acme", "--client-id", "c",
				"--client-secret-stdin")
			require.Equal(t, 0, r.code, r.stderr)
			ctx := context.Background()
			store, err := db.Open(ctx, envValue(env, "DATABASE_URL"))
			require.NoError(t, err)
			org, err := store.GetOrgBySlug(ctx, "acme")
			require.NoError(t, err)
			for _, a := range []db.UserAlias{
				{Alias: "my-phi", Repo: "TheBloke/phi-2-GGUF", Filename: "phi-2-Q4_K_M.gguf", Snapshot: commit,
					RequestParamsJSON: `{"temperature":0.5}`, ContextParamsJSON: `["--ctx-size 2048"]`},
				{Alias: "gone", Repo: "owner/gone", Filename: "g.gguf", Snapshot: commit},
			} {
				_, err = store.CreateUserAlias(ctx, org.ID, a)
				require.NoError(t, err)
			}
			require.NoError(t, store.Close())

			r = bodhi(t, env, "", "models", "--json")
			require.Equal(t, 0, r.code, r.stderr)
			var out map[string]any
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &out), r.stdout)
			require.Equal(t, []any{
				map[string]any{"alias": "gone", "source": "user", "repo": "owner/gone", "filename": "g.gguf",
					"snapshot": commit, "size": nil, "request_params": map[string]any{}},
				map[string]any{"alias": "my-phi", "source": "user", "repo": "TheBloke/phi-2-GGUF",
					"filename": "phi-2-Q4_K_M.gguf", "snapshot": commit, "size": float64(1536),
					"request_params": map[string]any{"temperature": 0.5}, "context_params": []any{"--ctx-size 2048"}},
				map[string]any{"alias": "TheBloke/phi-2-GGUF:Q4_K_M", "source": "model", "repo": "TheBloke/phi-2-GGUF",
					"filename": "phi-2-Q4_K_M.gguf", "snapshot": commit, "size": float64(1536)},
			}, out["aliases"])
			files := out["files"].([]any)
			require.Len(t, files, 1)
			require.Equal(t, hub.RepoDir("TheBloke/phi-2-GGUF")+"/snapshots/"+commit+"/phi-2-Q4_K_M.gguf",
				files[0].(map[string]any)["path"])

			r = bodhi(t, env, "", "models")
			require.Equal(t, 0, r.code, r.stderr)
			lines := strings.Split(r.stdout, "\n")
			require.Regexp(t, `^gone +user +owner/gone +g\.gguf +`+commit[:8]+` +missing$`, lines[1])
			require.Regexp(t, `^my-phi +user +TheBloke/phi-2-GGUF +phi-2-Q4_K_M\.gguf +`+commit[:8]+` +1\.5 kB$`, lines[2])
			require.Regexp(t, `^TheBloke/phi-2-GGUF:Q4_K_M +model +`, lines[3])
			require.Equal(t, "", lines[4])
			require.Regexp(t, `^REPO +FILENAME +SNAPSHOT +SIZE +MODIFIED$`, lines[5])
			require.Regexp(t, `^TheBloke/phi-2-GGUF +phi-2-Q4_K_M\.gguf +`+commit[:8]+` +1\.5 kB +\d{4}-`, lines[6])
		})
	}
}

func TestModelsCommandRefusesHosted(t *testing.T) {
	hfHome := t.TempDir() + "/hf"
	env := append(hostedEnv(t, dbtest.Dialect{Name: "postgres", URL: dbtest.PostgresURL}), "HF_HOME="+hfHome)
	r := bodhi(t, env, "", "models")
	require.Equal(t, exitUsage, r.code)
	require.Equal(t, "bodhi: local models exist on a standalone server only (BODHI_MULTI_TENANT is true)\n", r.stderr)
	require.NoDirExists(t, hfHome)
}
