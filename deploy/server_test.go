package deploy

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/config"
	"github.com/bodhiapp/bodhi/devidp"
)

// bodhiEnviron is the environment a bodhi container starts with: the image's ENV, then the service's env_file
// (the template) on top, as Docker applies them.
func bodhiEnviron(t *testing.T, d *deployment) map[string]string {
	t.Helper()
	df, err := newDockerfile(readFile(t, dockerfileFile))
	require.NoError(t, err)
	env := map[string]string{}
	for _, in := range df.runtime() {
		if in.cmd == "ENV" {
			for _, kv := range strings.Fields(in.args) {
				k, v, _ := strings.Cut(kv, "=")
				env[k] = v
			}
		}
	}
	for k, v := range d.project.Services["bodhi"].Environment {
		if v != nil {
			env[k] = *v
		}
	}
	return env
}

// TestTemplateConfiguresHostedServer runs the server's own configuration checks (config.Validate) on what a
// replica would get: the template is complete for hosted mode except for the encryption key placeholder, which
// the server must refuse until the operator replaces it.
func TestTemplateConfiguresHostedServer(t *testing.T) {
	t.Parallel()
	d, err := loadDeployment(t, readFile(t, composeFile), false)
	require.NoError(t, err)
	env := bodhiEnviron(t, d)

	validate := func(t *testing.T, env map[string]string) (*config.Config, error) {
		t.Helper()
		environ := []string{"HOME=" + t.TempDir(), "BODHI_HOME=" + t.TempDir()} // no settings.yaml of this machine
		for k, v := range env {
			environ = append(environ, k+"="+v)
		}
		cfg, err := config.Load(nil, environ, nil)
		require.NoError(t, err)
		return cfg, cfg.Validate(config.ForServe)
	}

	t.Run("the placeholder key is refused", func(t *testing.T) {
		t.Parallel()
		_, err := validate(t, env)
		var verr *config.ValidationError
		require.ErrorAs(t, err, &verr)
		require.Len(t, verr.Problems, 1, "only the key should be wrong: %v", verr.Problems)
		require.Contains(t, verr.Problems[0], "BODHI_ENCRYPTION_KEY")
		require.Contains(t, verr.Problems[0], "placeholder")
	})
	t.Run("with a real key the configuration is valid for hosted mode", func(t *testing.T) {
		t.Parallel()
		withKey := map[string]string{"BODHI_ENCRYPTION_KEY": strings.Repeat("0123456789abcdef", 4)}
		for k, v := range env {
			if _, set := withKey[k]; !set {
				withKey[k] = v
			}
		}
		cfg, err := validate(t, withKey)
		require.NoError(t, err)
		require.True(t, cfg.MultiTenant)
		require.Equal(t, "0.0.0.0", cfg.Host)
		require.Equal(t, 1135, cfg.Port)
		require.Equal(t, d.template["BODHI_ORG_DOMAIN"], cfg.OrgDomain)
		require.Equal(t, "postgres://bodhi:change-me@postgres:5432/bodhi_sessions", cfg.SessionDBURL)
	})
}

// TestDevIDPSeed checks deploy/devidp.seed.json: the provider accepts it, and it fits the template's domain.
func TestDevIDPSeed(t *testing.T) {
	t.Parallel()
	seed, err := devidp.LoadSeed(seedFile)
	require.NoError(t, err)
	tmpl, err := parseTemplate(readFile(t, templateFile))
	require.NoError(t, err)

	t.Run("the realm is the template's", func(t *testing.T) {
		require.Equal(t, tmpl["BODHI_AUTH_REALM"], seed.Realm)
	})
	t.Run("resource clients redirect to their org host", func(t *testing.T) {
		base := tmpl["BODHI_PUBLIC_SCHEME"] + "://%s." + tmpl["BODHI_ORG_DOMAIN"]
		if port := tmpl["BODHI_PUBLIC_PORT"]; port != "80" && port != "443" {
			base += ":" + port
		}
		for _, c := range seed.Clients {
			if c.Kind != devidp.KindResource {
				continue
			}
			require.NotEmpty(t, c.Organization, c.ClientID)
			require.Equal(t, []string{fmt.Sprintf(base, c.Organization) + "/ui/auth/callback"}, c.RedirectURIs,
				c.ClientID)
		}
	})
	t.Run("client secrets are not placeholders", func(t *testing.T) {
		for _, c := range seed.Clients {
			if c.Public {
				continue
			}
			require.GreaterOrEqual(t, len(c.Secret), 16, c.ClientID)
			for _, p := range []string{"change-me", "changeme", "generate", "placeholder", "xxx"} {
				require.NotContains(t, strings.ToLower(c.Secret), p, c.ClientID)
			}
		}
	})
	t.Run("every org has an admin", func(t *testing.T) {
		for _, o := range seed.Organizations {
			admin := slices.ContainsFunc(seed.Users, func(u devidp.User) bool {
				return slices.Contains(u.ClientRoles["bodhi-"+o.Slug], devidp.RoleAdmin)
			})
			require.True(t, admin, "org %s has no %s on bodhi-%s", o.Slug, devidp.RoleAdmin, o.Slug)
		}
	})
}

// TestDockerignore: the build context leaves out what must not, or need not, reach the image.
func TestDockerignore(t *testing.T) {
	t.Parallel()
	lines := strings.Split(readFile(t, "../.dockerignore"), "\n")
	for _, want := range []string{".git", "bin", "**/node_modules", "ui/dist/app", "deploy/.env.hosted"} {
		t.Run(want, func(t *testing.T) {
			require.Contains(t, lines, want)
		})
	}
	t.Run("keeps the sources the build needs", func(t *testing.T) {
		for _, keep := range []string{"ui/dist", "ui", "go.mod", "go.sum", "cmd", "*.go", "**/*.go"} {
			require.NotContains(t, lines, keep)
		}
	})
}
