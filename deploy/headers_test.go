package deploy

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// Bodhi believes X-BodhiApp-Org from its trusted proxy (auth.md §2.3), so the proxy must remove every client copy
// of the internal headers. Traefik cannot remove headers by prefix; the compose file lists them, and these checks
// compare that list with the headers the server's code names.

// internalHeaderName matches an X-BodhiApp-* header name in Go source, in any letter case. The bare prefix (the
// server's internalHeaderPrefix) and the pattern "X-BodhiApp-*" are not names.
var internalHeaderName = regexp.MustCompile(`(?i)\bx-bodhiapp-[a-z0-9][a-z0-9-]*`)

// internalHeadersIn returns the canonical X-BodhiApp-* header names in the Go sources under root, tests excepted
// (they send made-up headers on purpose): the headers the server may read.
func internalHeadersIn(root string) ([]string, error) {
	found := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case e.IsDir() && (e.Name() == "node_modules" || e.Name() == ".git" || e.Name() == "testdata"):
			return filepath.SkipDir
		case e.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go"):
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, name := range internalHeaderName.FindAllString(string(src), -1) {
			found[http.CanonicalHeaderKey(name)] = true
		}
		return nil
	})
	return slices.Sorted(maps.Keys(found)), err
}

// serverInternalHeaders scans the repository once per test run.
var serverInternalHeaders = sync.OnceValues(func() ([]string, error) { return internalHeadersIn("..") })

// removedRequestHeaders maps each Traefik middleware declared in a docker label to the request headers it
// removes (customrequestheaders.<name> set to ""). Traefik reads label paths in any letter case.
func removedRequestHeaders(d *deployment) map[string]map[string]bool {
	removed := map[string]map[string]bool{}
	for _, s := range d.project.Services {
		for key, value := range s.Labels {
			// traefik.http.middlewares.<name>.headers.customrequestheaders.<header>
			parts := strings.Split(key, ".")
			if len(parts) != 7 || value != "" ||
				!strings.EqualFold(strings.Join(parts[:3], "."), "traefik.http.middlewares") ||
				!strings.EqualFold(parts[4], "headers") || !strings.EqualFold(parts[5], "customrequestheaders") {
				continue
			}
			name, header := parts[3], http.CanonicalHeaderKey(parts[6])
			if removed[name] == nil {
				removed[name] = map[string]bool{}
			}
			removed[name][header] = true
		}
	}
	return removed
}

// bodhiRouters returns each Traefik router that reaches a Bodhi replica, with its middlewares label: the routers
// declared on the bodhi service, and any router elsewhere whose service is one that bodhi declares.
func bodhiRouters(d *deployment) (map[string]string, error) {
	bodhi, err := service(d, "bodhi")
	if err != nil {
		return nil, err
	}
	label := func(key, kind string) (name, field string, ok bool) {
		rest, ok := strings.CutPrefix(key, "traefik.http."+kind+".")
		if !ok {
			return "", "", false
		}
		return strings.Cut(rest, ".")
	}
	bodhiServices := map[string]bool{}
	for key := range bodhi.Labels {
		if name, _, ok := label(key, "services"); ok {
			bodhiServices[name] = true
		}
	}
	routers := map[string]string{}
	for serviceName, s := range d.project.Services {
		for key, value := range s.Labels {
			name, field, ok := label(key, "routers")
			if ok && (serviceName == "bodhi" || strings.EqualFold(field, "service") && bodhiServices[value]) {
				routers[name] = s.Labels["traefik.http.routers."+name+".middlewares"]
			}
		}
	}
	if len(routers) == 0 {
		return nil, errors.New("bodhi: no Traefik router reaches it")
	}
	return routers, nil
}

// checkInternalHeadersStripped: every router to Bodhi removes every X-BodhiApp-* header the server names.
func checkInternalHeadersStripped(d *deployment) error {
	headers, err := serverInternalHeaders()
	if err != nil {
		return fmt.Errorf("scan the server's sources: %w", err)
	}
	if len(headers) == 0 {
		return errors.New("no X-BodhiApp-* header found in the server's sources: the scan is broken")
	}
	routers, err := bodhiRouters(d)
	if err != nil {
		return err
	}
	removed := removedRequestHeaders(d)
	for _, router := range slices.Sorted(maps.Keys(routers)) {
		stripped := map[string]bool{}
		for _, m := range strings.Split(routers[router], ",") {
			maps.Copy(stripped, removed[strings.TrimSuffix(strings.TrimSpace(m), "@docker")])
		}
		for _, h := range headers {
			if !stripped[h] {
				return fmt.Errorf("traefik: router %s forwards a client's %s to Bodhi, which believes it from the "+
					"proxy; attach a headers middleware with customrequestheaders.%s set to \"\"", router, h, h)
			}
		}
	}
	return nil
}

// TestInternalHeaderScan: the scan finds the header the server reads today, and finds a new one in code while
// ignoring tests, vendored JavaScript dependencies, the bare prefix and the pattern.
func TestInternalHeaderScan(t *testing.T) {
	t.Parallel()
	headers, err := serverInternalHeaders()
	require.NoError(t, err)
	require.Contains(t, headers, "X-Bodhiapp-Org")

	root := t.TempDir()
	files := map[string]string{
		"server/role.go": `package server
// X-BodhiApp-* headers are internal.
const prefix = "X-Bodhiapp-"
func role(h http.Header) string { return h.Get("x-bodhiapp-role") }`,
		"server/role_test.go":             `h.Set("X-BodhiApp-Made-Up", "1")`,
		"ui/node_modules/pkg/vendored.go": `h.Get("X-BodhiApp-Vendored")`,
	}
	for name, content := range files {
		require.NoError(t, os.MkdirAll(filepath.Join(root, filepath.Dir(name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, name), []byte(content), 0o644))
	}
	found, err := internalHeadersIn(root)
	require.NoError(t, err)
	require.Equal(t, []string{"X-Bodhiapp-Role"}, found)
}
