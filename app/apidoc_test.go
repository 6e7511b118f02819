package app

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apidoc"
	"github.com/bodhiapp/bodhi/dbtest"
)

// ginParam matches Gin's :name and *name path parameters.
var ginParam = regexp.MustCompile(`[:*]([A-Za-z_]+)`)

// Every route Gin serves is in the OpenAPI document, and every operation of the document is a route Gin serves.
func TestRoutesMatchTheOpenAPIDocument(t *testing.T) {
	a := newTestApp(t, dbtest.Dialects[0])
	raw, err := apidoc.Document()
	require.NoError(t, err)
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(raw, &doc))

	served := map[string]bool{}
	var catchAll []string
	for _, r := range a.Routes() {
		p := ginParam.ReplaceAllString(r.Path, "{$1}")
		served[r.Method+" "+p] = true
		if strings.Contains(r.Path, "*") && string(doc.Paths[p]["x-bodhi-catch-all"]) != "true" {
			catchAll = append(catchAll, p)
		}
	}
	require.Empty(t, catchAll, "paths that take the rest of the path need x-bodhi-catch-all: true on their path item")
	documented := map[string]bool{}
	for p, item := range doc.Paths {
		for m := range item {
			switch m {
			case "get", "put", "post", "delete", "head", "patch", "options":
				documented[strings.ToUpper(m)+" "+p] = true
			}
		}
	}
	var missing, extra []string
	for r := range served {
		if !documented[r] {
			missing = append(missing, r)
		}
	}
	for r := range documented {
		if !served[r] {
			extra = append(extra, r)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	require.Empty(t, missing, "routes the server registers but the OpenAPI document does not describe")
	require.Empty(t, extra, "operations the OpenAPI document describes but the server does not register")
}

// The document is served, public, on every deployment.
func TestOpenAPIDocumentIsServed(t *testing.T) {
	want, err := apidoc.Document()
	require.NoError(t, err)
	for _, d := range dbtest.Dialects {
		a := newTestApp(t, d)
		r := call(t, a, http.MethodGet, "/api-docs/openapi.json")
		require.Equal(t, http.StatusOK, r.status)
		require.Equal(t, "application/json", r.header.Get("Content-Type"))
		require.Equal(t, string(want), string(r.body))
	}
	hosted := newHostedApp(t)
	r := callHost(t, hosted, "no-such-org.localhost:1135", "/api-docs/openapi.json")
	require.Equal(t, http.StatusOK, r.status, "the document is not org-scoped")
}
