package apidoc_test

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apidoc"
	"github.com/bodhiapp/bodhi/apidoc/contract"
)

type operation struct {
	OperationID string           `json:"operationId"`
	Summary     string           `json:"summary"`
	Tags        []string         `json:"tags"`
	Deployments []string         `json:"x-deployments"`
	Responses   map[string]any   `json:"responses"`
	Security    []map[string]any `json:"security"`
	Unsupported bool             `json:"x-bodhi-unsupported"`
}

func load(t *testing.T) (raw []byte, paths map[string]map[string]json.RawMessage, catalogue map[string]string) {
	t.Helper()
	raw, err := apidoc.Document()
	require.NoError(t, err)
	var doc struct {
		Paths     map[string]map[string]json.RawMessage `json:"paths"`
		Catalogue map[string]string                     `json:"x-bodhi-error-catalogue"`
	}
	require.NoError(t, json.Unmarshal(raw, &doc))
	return raw, doc.Paths, doc.Catalogue
}

// The composed document is valid OpenAPI 3.1 (kin-openapi's loader and validator) and every operation says what
// it is: an id, a summary, a tag, its deployments and at least one success answer (but the Ollama routes Bodhi
// registers only to refuse them).
func TestDocumentIsValidOpenAPI(t *testing.T) {
	raw, paths, _ := load(t)
	_, err := contract.New(context.Background(), raw)
	require.NoError(t, err)
	ids := map[string]string{}
	for p, item := range paths {
		for m, body := range item {
			if m == "parameters" || m[0] == 'x' {
				continue
			}
			var op operation
			require.NoError(t, json.Unmarshal(body, &op), "%s %s", m, p)
			where := m + " " + p
			require.NotEmpty(t, op.OperationID, where)
			require.NotContains(t, ids, op.OperationID, "%s: operationId also used by %s", where, ids[op.OperationID])
			ids[op.OperationID] = where
			require.NotEmpty(t, op.Summary, where)
			require.Len(t, op.Tags, 1, where)
			require.NotEmpty(t, op.Deployments, where)
			require.NotEmpty(t, op.Security, where)
			success := false
			for code := range op.Responses {
				if code[0] == '2' || code[0] == '3' || code == "101" {
					success = true
				}
			}
			require.True(t, success || op.Unsupported,
				"%s documents no success answer (a route that always refuses says x-bodhi-unsupported: true)", where)
		}
	}
}

// catalogueRow matches a row of docs/errors.md's code table: | `code` | type | when |.
var catalogueRow = regexp.MustCompile("(?m)^\\| `([a-z_-]+)` \\| ([a-z_]+) \\|")

// x-bodhi-error-catalogue is docs/errors.md's table: the same codes with the same types.
func TestErrorCatalogueMatchesDocs(t *testing.T) {
	_, _, catalogue := load(t)
	md, err := os.ReadFile("../docs/errors.md")
	require.NoError(t, err)
	fromDocs := map[string]string{}
	for _, m := range catalogueRow.FindAllStringSubmatch(string(md), -1) {
		fromDocs[m[1]] = m[2]
	}
	require.Equal(t, fromDocs, catalogue)
}

// docs/openapi.json is the composed document (make generate writes it; the web app's types come from it).
func TestCommittedDocumentIsCurrent(t *testing.T) {
	raw, _, _ := load(t)
	committed, err := os.ReadFile("../docs/openapi.json")
	require.NoError(t, err, "run make generate")
	require.Equal(t, string(raw), string(committed), "docs/openapi.json is stale: run make generate")
}
