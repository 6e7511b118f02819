package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/redis/rueidis"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/dbtest"
)

const testKey = "cli-test-master-key-0123456789abcdef"

type result struct {
	code           int
	stdout, stderr string
}

// bodhi runs the CLI in process with env as its whole environment.
func bodhi(t *testing.T, env []string, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	c := &cli{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, environ: env, version: "test",
		commitSHA: "test-sha", ctx: context.Background()}
	code := c.run(args)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

type orgJSON struct {
	ID               string  `json:"id"`
	Slug             string  `json:"slug"`
	DisplayName      string  `json:"display_name"`
	KCClientID       string  `json:"kc_client_id"`
	Status           string  `json:"status"`
	FirstAdminUserID *string `json:"first_admin_user_id"`
	CreatedAt        string  `json:"created_at"`
	UpdatedAt        string  `json:"updated_at"`
}

func listOrgs(t *testing.T, env []string) []orgJSON {
	t.Helper()
	r := bodhi(t, env, "", "org", "list", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var list []orgJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &list), r.stdout)
	return list
}

func standaloneEnv(t *testing.T, d dbtest.Dialect) []string {
	return []string{"BODHI_HOME=" + t.TempDir(), "DATABASE_URL=" + d.URL(t), "SESSION_DB_URL=" + d.URL(t), "HOME=/nonexistent"}
}

func TestVersion(t *testing.T) {
	r := bodhi(t, nil, "", "version")
	require.Equal(t, 0, r.code)
	require.Regexp(t, `^bodhi test \(commit test-sha, go[0-9.]+, \w+/\w+\)\n$`, r.stdout)

	for _, c := range []struct{ version, commit, want string }{
		{"v1.2.0", "8b5b3d1", `^bodhi v1\.2\.0 \(commit 8b5b3d1, go`},
		{"8b5b3d1", "8b5b3d1", `^bodhi 8b5b3d1 \(go`}, // an untagged checkout: git describe --always
		{"v1.2.0-3-g8b5b3d1-dirty", "8b5b3d1", `^bodhi v1\.2\.0-3-g8b5b3d1-dirty \(go`},
		{"dev", "unknown", `^bodhi dev \(go`},
	} {
		line := versionLine(c.version, c.commit)
		require.Regexp(t, c.want, line)
		require.LessOrEqual(t, strings.Count(line, c.commit), 1, "the commit is named once: %s", line)
	}
}

func TestUsageErrors(t *testing.T) {
	env := standaloneEnv(t, dbtest.Dialect{Name: "sqlite", URL: dbtest.SQLiteURL})
	for _, args := range [][]string{
		{"nope"}, {"serve", "--bogus"}, {"migrate"}, {"migrate", "sideways"}, {"migrate", "down"},
		{"migrate", "up", "--db", "cache"}, {"org", "create", "--slug", "acme"}, {"org", "show"},
		{"--set", "NOEQUALS", "migrate", "status"},
	} {
		r := bodhi(t, env, "", args...)
		require.Equal(t, exitUsage, r.code, "%v: %s", args, r.stderr)
		require.Equal(t, 1, strings.Count(r.stderr, "\n"), "one clear line: %q", r.stderr)
	}
}

func TestConfigErrorsExitTwo(t *testing.T) {
	r := bodhi(t, []string{"BODHI_HOME=" + t.TempDir(), "BODHI_MULTI_TENANT=true"}, "", "serve")
	require.Equal(t, exitUsage, r.code)
	for _, want := range []string{"DATABASE_URL to be a PostgreSQL URL", "SESSION_DB_URL", "REDIS_URL",
		"BODHI_ENCRYPTION_KEY", "BODHI_ORG_DOMAIN"} {
		require.Contains(t, r.stderr, want, "all problems are reported together")
	}
}

func TestMigrate(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			env := standaloneEnv(t, d)
			r := bodhi(t, env, "", "migrate", "up")
			require.Equal(t, 0, r.code, r.stderr)
			require.Equal(t, "app: applied 00001_init\napp: applied 00002_usage_events\nsession: applied 00001_init\n",
				r.stdout)
			r = bodhi(t, env, "", "migrate", "up")
			require.Equal(t, "app: up to date\nsession: up to date\n", r.stdout)

			require.Equal(t, []string{"applied", "applied", "applied"}, migrationStates(t, env))
			r = bodhi(t, env, "", "migrate", "down", "--db", "session", "--yes")
			require.Equal(t, 0, r.code, r.stderr)
			require.Equal(t, "session: rolled back 00001_init\n", r.stdout)
			require.Equal(t, []string{"applied", "applied", "pending"}, migrationStates(t, env))
			r = bodhi(t, env, "", "migrate", "up", "--db", "session")
			require.Equal(t, 0, r.code, r.stderr)
			require.Equal(t, []string{"applied", "applied", "applied"}, migrationStates(t, env))
			// The usage table's migration rolls back alone, and comes back.
			r = bodhi(t, env, "", "migrate", "down", "--db", "app", "--yes")
			require.Equal(t, 0, r.code, r.stderr)
			require.Equal(t, "app: rolled back 00002_usage_events\n", r.stdout)
			require.Equal(t, []string{"applied", "pending", "applied"}, migrationStates(t, env))
			r = bodhi(t, env, "", "migrate", "up", "--db", "app")
			require.Equal(t, 0, r.code, r.stderr)
		})
	}
}

func migrationStates(t *testing.T, env []string) []string {
	t.Helper()
	r := bodhi(t, env, "", "migrate", "status", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var st []struct {
		DB        string  `json:"db"`
		State     string  `json:"state"`
		AppliedAt *string `json:"applied_at"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &st))
	var states []string
	for _, s := range st {
		states = append(states, s.State)
		require.Equal(t, s.State == "applied", s.AppliedAt != nil)
	}
	return states
}

func TestOrgCommandsNeedMigratedDatabase(t *testing.T) {
	env := standaloneEnv(t, dbtest.Dialect{Name: "sqlite", URL: dbtest.SQLiteURL})
	r := bodhi(t, env, "", "org", "list")
	require.Equal(t, exitFailure, r.code)
	require.Contains(t, r.stderr, "bodhi migrate up")
}

func TestOrgStandalone(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			env := standaloneEnv(t, d)
			require.Equal(t, 0, bodhi(t, env, "", "migrate", "up").code)
			require.Empty(t, listOrgs(t, env))

			r := bodhi(t, env, "s3cret\n", "org", "create", "--slug", "acme", "--name", "Acme Inc",
				"--client-id", "bodhi-acme", "--client-secret-stdin", "--first-admin", "admin-sub")
			require.Equal(t, 0, r.code, r.stderr)
			require.NotContains(t, r.stdout, "s3cret", "the secret is never printed")
			var created orgJSON
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &created))
			require.Equal(t, "acme", created.Slug)
			require.Equal(t, "admin-sub", *created.FirstAdminUserID)
			_, err := time.Parse(time.RFC3339, created.CreatedAt)
			require.NoError(t, err)
			require.True(t, strings.HasSuffix(created.CreatedAt, "Z"))

			r = bodhi(t, env, "", "org", "create", "--slug", "globex", "--name", "G", "--client-id", "c2",
				"--client-secret", "x")
			require.Equal(t, exitFailure, r.code)
			require.Contains(t, r.stderr, "standalone mode supports exactly one organization")
			require.Len(t, listOrgs(t, env), 1, "nothing was written")

			r = bodhi(t, env, "", "org", "show", "acme", "--json")
			require.Equal(t, 0, r.code, r.stderr)
			var shown orgJSON
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &shown))
			require.Equal(t, created, shown)
			r = bodhi(t, env, "", "org", "show", "acme")
			require.Contains(t, r.stdout, "kc_client_id: bodhi-acme\n")

			r = bodhi(t, env, "", "org", "set-status", "acme", "suspended")
			require.Equal(t, 0, r.code, r.stderr)
			require.Equal(t, "acme: active → suspended\n", r.stdout)
			r = bodhi(t, env, "", "org", "set-status", "acme", "active", "--json")
			require.JSONEq(t, `{"slug":"acme","old_status":"suspended","new_status":"active"}`, r.stdout)
			r = bodhi(t, env, "", "org", "list", "--status", "suspended", "--json")
			require.Equal(t, "[]\n", r.stdout)
		})
	}
}

func TestOrgRefusalsWriteNothing(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			redisURL, prefix := dbtest.Redis(t)
			env := append(hostedEnv(t, d), "REDIS_URL="+redisURL, "BODHI_REDIS_PREFIX="+prefix)
			if d.Name == "sqlite" {
				env = standaloneEnv(t, d) // hosted mode refuses SQLite
			}
			require.Equal(t, 0, bodhi(t, env, "", "migrate", "up").code)
			create := func(slug, client string) result {
				return bodhi(t, env, "", "org", "create", "--slug", slug, "--name", "N "+slug, "--client-id", client,
					"--client-secret-env", "SECRET")
			}
			env = append(env, "SECRET=top-secret")
			require.Equal(t, 0, create("acme", "bodhi-acme").code)
			dupSlugMsg := "slug already exists"
			if d.Name == "sqlite" {
				dupSlugMsg = "standalone mode supports exactly one organization"
			}
			tests := []struct {
				name, slug, client string
				code               int
				msg                string
			}{
				{"invalid slug", "Acme_1", "c-1", exitUsage, "invalid slug"},
				{"reserved slug", "admin", "c-2", exitUsage, "reserved"},
				{"duplicate slug", "acme", "c-3", exitFailure, dupSlugMsg},
			}
			if d.Name == "postgres" {
				tests = append(tests, struct {
					name, slug, client string
					code               int
					msg                string
				}{"duplicate client id", "other", "bodhi-acme", exitFailure, "client id already used"})
			}
			for _, tt := range tests {
				r := create(tt.slug, tt.client)
				require.Equal(t, tt.code, r.code, "%s: %s", tt.name, r.stderr)
				require.Contains(t, r.stderr, tt.msg, tt.name)
				require.Equal(t, 1, strings.Count(r.stderr, "\n"), "%s: one line: %q", tt.name, r.stderr)
			}
			r := bodhi(t, env, "", "org", "set-status", "acme", "paused")
			require.Equal(t, exitUsage, r.code)
			r = bodhi(t, env, "", "org", "set-status", "nope", "active")
			require.Equal(t, exitFailure, r.code)
			list := listOrgs(t, env)
			require.Len(t, list, 1)
			require.Equal(t, "active", list[0].Status)
		})
	}
}

func hostedEnv(t *testing.T, d dbtest.Dialect) []string {
	return []string{"BODHI_HOME=" + t.TempDir(), "BODHI_MULTI_TENANT=true", "DATABASE_URL=" + d.URL(t),
		"BODHI_ENCRYPTION_KEY=" + testKey, "BODHI_ORG_DOMAIN=localhost", "HOME=/nonexistent"}
}

func TestOrgHostedPublishesInvalidations(t *testing.T) {
	redisURL, prefix := dbtest.Redis(t)
	env := append(hostedEnv(t, dbtest.Dialect{Name: "postgres", URL: dbtest.PostgresURL}),
		"REDIS_URL="+redisURL, "BODHI_REDIS_PREFIX="+prefix)
	require.Equal(t, 0, bodhi(t, env, "", "migrate", "up").code)

	messages := subscribe(t, redisURL, prefix+"cache:invalidate")
	for _, slug := range []string{"acme", "globex"} {
		r := bodhi(t, env, "secret-"+slug+"\n", "org", "create", "--slug", slug, "--name", slug, "--client-id",
			"bodhi-"+slug, "--client-secret-stdin")
		require.Equal(t, 0, r.code, r.stderr)
	}
	list := listOrgs(t, env)
	require.Len(t, list, 2, "hosted mode holds many orgs")
	require.Equal(t, "acme", list[0].Slug)
	require.Equal(t, "globex", list[1].Slug)

	r := bodhi(t, env, "", "org", "set-status", "acme", "suspended")
	require.Equal(t, 0, r.code, r.stderr)
	want := []string{"org:acme", "org:id:" + list[0].ID, "org:acme", "org:id:" + list[0].ID,
		"org:globex", "org:id:" + list[1].ID, "org:globex", "org:id:" + list[1].ID,
		"org:acme", "org:id:" + list[0].ID, "org:acme", "org:id:" + list[0].ID}
	require.Eventually(t, func() bool { return len(messages()) >= len(want) }, 5*time.Second, 10*time.Millisecond)
	require.Equal(t, want, messages(), "every change is published twice")
}

func TestOrgHostedWithoutRedisExitsThree(t *testing.T) {
	env := hostedEnv(t, dbtest.Dialect{Name: "postgres", URL: dbtest.PostgresURL})
	require.Equal(t, 0, bodhi(t, env, "", "migrate", "up").code)
	r := bodhi(t, env, "s\n", "org", "create", "--slug", "acme", "--name", "Acme", "--client-id", "c",
		"--client-secret-stdin")
	require.Equal(t, exitInvalidated, r.code)
	require.Contains(t, r.stderr, "database updated, but cache invalidation failed")
	require.Len(t, listOrgs(t, env), 1, "the org was created all the same")
	r = bodhi(t, env, "", "org", "set-status", "acme", "deleted")
	require.Equal(t, exitInvalidated, r.code)
	require.Equal(t, "acme: active → deleted\n", r.stdout, "the change line is printed as soon as the database is updated")
}

// subscribe collects the messages published on channel from now on.
func subscribe(t *testing.T, url, channel string) func() []string {
	t.Helper()
	opts, err := rueidis.ParseURL(url)
	require.NoError(t, err)
	client, err := rueidis.NewClient(opts)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	var mu = make(chan struct{}, 1)
	mu <- struct{}{}
	var got []string
	ready := make(chan struct{})
	dc, release := client.Dedicate()
	wait := dc.SetPubSubHooks(rueidis.PubSubHooks{
		OnMessage: func(m rueidis.PubSubMessage) { <-mu; got = append(got, m.Message); mu <- struct{}{} },
		OnSubscription: func(s rueidis.PubSubSubscription) {
			if s.Kind == "subscribe" {
				close(ready)
			}
		},
	})
	require.NoError(t, dc.Do(ctx, dc.B().Subscribe().Channel(channel).Build()).Error())
	<-ready
	t.Cleanup(func() {
		cancel()
		release()
		client.Close()
		<-wait
	})
	return func() []string {
		<-mu
		defer func() { mu <- struct{}{} }()
		return append([]string(nil), got...)
	}
}
