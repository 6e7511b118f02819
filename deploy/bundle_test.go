package deploy

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// The deployment files, relative to this package's directory (where go test runs).
const (
	composeFile    = "docker-compose.multi-tenant.yml"
	templateFile   = ".env.hosted.template"
	envFile        = ".env.hosted" // the operator's copy of templateFile, named in the compose file's env_file
	seedFile       = "devidp.seed.json"
	dockerfileFile = "Dockerfile"
	postgresInit   = "postgres-init"
	prometheusFile = "prometheus.yml"
)

// TestMain silences compose-go's logrus warnings (e.g. an unset variable): the checks report such problems.
func TestMain(m *testing.M) {
	logrus.SetOutput(io.Discard)
	os.Exit(m.Run())
}

// deployment is the compose file as `docker compose --env-file .env.hosted [--profile dev]` sees it, with the
// template standing in for the operator's .env.hosted.
type deployment struct {
	project      *types.Project
	raw          map[string]any    // the compose YAML before interpolation, for what interpolation hides
	rawText      string            // the compose file as written
	template     map[string]string // the template's variables, interpolated
	templateText string            // the template as written
	dev          bool              // the dev profile is enabled
	metrics      bool              // the metrics profile is enabled
	prometheus   string            // prometheus.yml as written
}

// readFile returns a deployment file's content.
func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	return string(data)
}

// loadDeployment loads compose (the compose file's text) as Docker Compose would from a copy of this directory in
// t.TempDir(), where the template is the operator's .env.hosted.
func loadDeployment(t *testing.T, compose string, dev bool) (*deployment, error) {
	t.Helper()
	var profiles []string
	if dev {
		profiles = []string{"dev"}
	}
	return loadWithProfiles(t, compose, profiles...)
}

// loadWithProfiles is loadDeployment with any profiles (dev, metrics) enabled.
func loadWithProfiles(t *testing.T, compose string, profiles ...string) (*deployment, error) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "deploy")
	require.NoError(t, os.MkdirAll(filepath.Join(dir, postgresInit), 0o755))
	files := map[string]string{
		composeFile:    compose,
		envFile:        readFile(t, templateFile),
		seedFile:       readFile(t, seedFile),
		dockerfileFile: readFile(t, dockerfileFile),
		prometheusFile: readFile(t, prometheusFile),
	}
	entries, err := os.ReadDir(postgresInit)
	require.NoError(t, err)
	for _, e := range entries {
		files[filepath.Join(postgresInit, e.Name())] = readFile(t, filepath.Join(postgresInit, e.Name()))
	}
	for name, content := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
	}

	opts, err := cli.NewProjectOptions([]string{filepath.Join(dir, composeFile)},
		cli.WithWorkingDirectory(dir),
		cli.WithEnvFiles(filepath.Join(dir, envFile)),
		cli.WithDotEnv, // no WithOsEnv: the machine's environment must not change what the test sees
		cli.WithProfiles(profiles),
	)
	if err != nil {
		return nil, err
	}
	project, err := opts.LoadProject(context.Background())
	if err != nil {
		return nil, err
	}
	var raw map[string]any
	if err := yaml.Unmarshal([]byte(compose), &raw); err != nil {
		return nil, err
	}
	text := readFile(t, templateFile)
	tmpl, err := parseTemplate(text)
	if err != nil {
		return nil, err
	}
	return &deployment{project: project, raw: raw, rawText: compose, template: tmpl, templateText: text,
		dev: slices.Contains(profiles, "dev"), metrics: slices.Contains(profiles, "metrics"),
		prometheus: readFile(t, prometheusFile)}, nil
}

// parseTemplate reads an env file as compose does, interpolating ${...} from the keys above.
func parseTemplate(content string) (map[string]string, error) {
	return dotenv.ParseWithLookup(strings.NewReader(content), func(string) (string, bool) { return "", false })
}
