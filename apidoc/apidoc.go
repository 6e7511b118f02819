// Package apidoc is Bodhi's OpenAPI 3.1 document: hand-kept YAML by area in spec/, merged and completed here into
// the JSON that GET /api-docs/openapi.json serves, docs/openapi.json holds and the web app's types come from.
//
// The routes are written by hand because the handlers are plain Gin handlers over many small request and response
// shapes: a document generated from Go types would describe the structs, not what the routes answer (error codes,
// streaming bodies, the Ollama error shape, the deployments). Drift is caught by tests instead: one compares the
// document with Gin's route table both ways, and package apidoc/contract checks every request and response of the
// HTTP tests against it.
package apidoc

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"

	"go.yaml.in/yaml/v3"
)

//go:embed spec/*.yaml
var specFiles embed.FS

// Document is the composed OpenAPI document as indented JSON, the same bytes on every call.
func Document() ([]byte, error) {
	doc, err := compose(specFiles)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode the OpenAPI document: %w", err)
	}
	return buf.Bytes(), nil
}

// readSpec reads every YAML file of the spec folder, base.yaml first, the others in name order.
func readSpec(files fs.FS) ([]map[string]any, error) {
	names, err := fs.Glob(files, "spec/*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Slice(names, func(i, j int) bool {
		bi, bj := path.Base(names[i]) == "base.yaml", path.Base(names[j]) == "base.yaml"
		if bi != bj {
			return bi
		}
		return names[i] < names[j]
	})
	parts := make([]map[string]any, 0, len(names))
	for _, name := range names {
		src, err := fs.ReadFile(files, name)
		if err != nil {
			return nil, err
		}
		var raw any
		if err := yaml.Unmarshal(src, &raw); err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		part, ok := stringKeys(raw).(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: not a mapping", name)
		}
		part["x-source"] = path.Base(name)
		parts = append(parts, part)
	}
	return parts, nil
}

// stringKeys turns YAML's maps into JSON's: response codes such as 200 are written unquoted in the YAML.
func stringKeys(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = stringKeys(e)
		}
		return t
	case map[any]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[fmt.Sprint(k)] = stringKeys(e)
		}
		return m
	case []any:
		for i, e := range t {
			t[i] = stringKeys(e)
		}
		return t
	default:
		return v
	}
}
