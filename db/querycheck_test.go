package db_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// tenantTables are every app-database table except organizations (data-model.md §1.1).
var tenantTables = []string{
	"download_requests", "access_requests", "api_tokens", "api_model_aliases", "model_metadata", "toolsets",
	"app_toolset_configs", "user_aliases", "app_access_requests", "usage_events",
}

var queryName = regexp.MustCompile(`(?m)^-- name: (\w+) :\w+`)

// parseQueries splits every query file of a dialect into named statements (comments dropped).
func parseQueries(t *testing.T, dialect string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "queries", dialect, "*.sql"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	out := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		text := string(data)
		for i, c := range text {
			// sqlc's SQLite parser counts bytes where it should count runes: one non-ASCII character in a query
			// file shifts every later statement. Keep query files ASCII.
			require.Lessf(t, c, rune(128), "%s: non-ASCII character at byte %d breaks sqlc's SQLite parser", f, i)
		}
		locs := queryName.FindAllStringSubmatchIndex(text, -1)
		for i, loc := range locs {
			end := len(text)
			if i+1 < len(locs) {
				end = locs[i+1][0]
			}
			name := text[loc[2]:loc[3]]
			var body []string
			for _, line := range strings.Split(text[loc[1]:end], "\n") {
				if !strings.HasPrefix(strings.TrimSpace(line), "--") {
					body = append(body, line)
				}
			}
			require.NotContainsf(t, out, name, "query %s defined twice in %s", name, dialect)
			out[name] = strings.ToLower(strings.Join(body, "\n"))
		}
	}
	return out
}

func TestEveryTenantQueryIsOrgScoped(t *testing.T) {
	tableRef := map[string]*regexp.Regexp{}
	for _, table := range tenantTables {
		tableRef[table] = regexp.MustCompile(`\b` + table + `\b`)
	}
	for _, dialect := range []string{"sqlite", "postgres"} {
		checked := 0
		for name, stmt := range parseQueries(t, dialect) {
			for table, re := range tableRef {
				if !re.MatchString(stmt) {
					continue
				}
				checked++
				require.Containsf(t, stmt, "org_id", "%s/%s touches tenant table %s without org_id", dialect, name, table)
				if !strings.HasPrefix(strings.TrimSpace(stmt), "insert") {
					require.Regexpf(t, `where[\s\S]*\borg_id\s*=`, stmt,
						"%s/%s must filter on org_id in its WHERE clause", dialect, name)
				}
			}
		}
		require.Greater(t, checked, 40, "the check must actually see the tenant queries")
	}
}

func TestDialectsDefineTheSameQueries(t *testing.T) {
	names := func(dialect string) []string {
		var out []string
		for name := range parseQueries(t, dialect) {
			out = append(out, name)
		}
		sort.Strings(out)
		return out
	}
	require.Equal(t, names("sqlite"), names("postgres"))
}

// TestOrgScopeCheckCatchesAMissingFilter proves the static check can fail.
func TestOrgScopeCheckCatchesAMissingFilter(t *testing.T) {
	stmt := "select * from api_tokens where token_prefix = ?"
	require.NotRegexp(t, `where[\s\S]*\borg_id\s*=`, stmt)
}
