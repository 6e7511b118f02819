package server

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// errorCodeLiteral matches the codes Bodhi answers with, wherever they are written: "<area>_error-<name>"
// literals, and the second argument of NewError.
var errorCodeLiteral = regexp.MustCompile(`"([a-z_]+_error-[a-z_]+)"|NewError\(\w+, "([a-z_-]+)"`)

// Every error code in the code is listed in docs/errors.md, the catalogue integrators read.
func TestEveryErrorCodeIsDocumented(t *testing.T) {
	catalogue, err := os.ReadFile("../docs/errors.md")
	require.NoError(t, err)
	found := map[string]string{}
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "gen" || d.Name() == "devidp" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range errorCodeLiteral.FindAllStringSubmatch(string(src), -1) {
			found[m[1]+m[2]] = path
		}
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, len(found), 50, "the scan finds the codes")
	for code, path := range found {
		require.True(t, strings.Contains(string(catalogue), "`"+code+"`"), "%s (in %s) is missing from docs/errors.md", code, path)
	}
}
