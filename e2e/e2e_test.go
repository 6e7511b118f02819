//go:build e2e

// Package e2e runs the browser end-to-end scenarios of ui/e2e against a real hosted Bodhi: PostgreSQL, Redis, the
// development identity provider and a fake OpenAI provider, driven by headless Chromium through playwright-core.
// Run with `make test.e2e` (it builds the web app first: the test binary embeds ui/dist/app).
package e2e

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/dbtest"
)

const chromium = "/usr/bin/chromium"

func TestBrowser(t *testing.T) {
	ui, err := filepath.Abs("../ui")
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(ui, "node_modules", "playwright-core")); err != nil {
		t.Fatalf("playwright-core is not installed: run `npm ci` in ui/ (make test.e2e does)")
	}
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("%s is missing: apt-get install -y chromium (make test.e2e does)", chromium)
	}

	l := apptest.Listen(t)
	idp := apptest.StartIdP(t, apptest.TwoOrgSeed(true, l.Port), 0)
	b := l.Start(t, idp, dbtest.Dialect{Name: "postgres", URL: dbtest.PostgresURL}, true,
		[]apptest.Org{apptest.Acme, apptest.Globex}, "BODHI_ALLOW_PRIVATE_UPSTREAMS=true")
	p := apptest.StartProvider(t)
	p.StreamChunks, p.StreamDelay = 5, 300*time.Millisecond // slow enough to see the reply grow
	// bob is a user at both orgs; as admin at both, the switcher shows two orgs with a role each.
	idp.SetClientRoles(t, "bob", map[string][]string{
		apptest.Acme.ClientID: {"resource_admin"}, apptest.Globex.ClientID: {"resource_admin"}})

	artifacts := filepath.Join(ui, "e2e", "artifacts") // git-ignored; emptied so only this run's screenshots remain
	require.NoError(t, os.RemoveAll(artifacts))
	require.NoError(t, os.MkdirAll(artifacts, 0o755))
	env := append(os.Environ(),
		"BODHI_E2E_ACME=http://"+b.Host("acme"),
		"BODHI_E2E_GLOBEX=http://"+b.Host("globex"),
		"BODHI_E2E_PASSWORD="+apptest.Password,
		"BODHI_E2E_PROVIDER="+p.URL,
		"BODHI_E2E_ARTIFACTS="+artifacts,
		"BODHI_E2E_CHROMIUM="+chromium,
	)
	run := func(t *testing.T, script string) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "node", filepath.Join("e2e", script))
		cmd.Dir, cmd.Env = ui, env
		out, err := cmd.CombinedOutput()
		t.Logf("node e2e/%s:\n%s", script, out)
		if err != nil {
			t.Fatalf("node e2e/%s failed: %v (screenshots in %s)", script, err, artifacts)
		}
	}

	// In order: suspending globex comes last.
	t.Run("login", func(t *testing.T) { run(t, "login.mjs") })
	t.Run("tokens", func(t *testing.T) { run(t, "tokens.mjs") })
	t.Run("models-chat", func(t *testing.T) { run(t, "models-chat.mjs") })
	t.Run("org-switch", func(t *testing.T) { run(t, "org-switch.mjs") })
	t.Run("suspended", func(t *testing.T) {
		b.SetOrgStatus(t, "globex", "suspended")
		run(t, "suspended.mjs")
	})
}
