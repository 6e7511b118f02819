package toolsets_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/toolsets"
)

func TestRegistry(t *testing.T) {
	require.Equal(t, []string{toolsets.ExaSearch}, toolsets.BuiltinTypes())
	defs := toolsets.Definitions()
	require.Len(t, defs, len(toolsets.BuiltinTypes()))
	for i, d := range defs {
		require.Equal(t, toolsets.BuiltinTypes()[i], d.ToolsetType, "every builtin type is in the registry")
	}

	exa, ok := toolsets.Lookup(toolsets.ExaSearch)
	require.True(t, ok)
	require.Equal(t, "Exa Web Search", exa.Name)
	require.Equal(t, "Search and analyze web content using Exa AI", exa.Description)
	_, ok = toolsets.Lookup("builtin-unknown")
	require.False(t, ok)

	var names []string
	for _, tool := range exa.Tools {
		require.Equal(t, "function", tool.Type)
		require.NotEmpty(t, tool.Function.Description)
		names = append(names, tool.Function.Name)
	}
	require.Equal(t, []string{"search", "findSimilar", "contents", "answer"}, names)

	schemaOf := func(method string) map[string]any {
		tool, ok := exa.Tool(method)
		require.True(t, ok, method)
		raw, err := json.Marshal(tool.Function.Parameters)
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(raw, &m))
		require.Equal(t, "object", m["type"])
		return m
	}
	prop := func(schema map[string]any, name string) map[string]any {
		return schema["properties"].(map[string]any)[name].(map[string]any)
	}

	search := schemaOf("search")
	require.Equal(t, []any{"query"}, search["required"])
	require.Equal(t, "string", prop(search, "query")["type"])
	n := prop(search, "num_results")
	require.Equal(t, "integer", n["type"])
	require.Equal(t, 1.0, n["minimum"])
	require.Equal(t, 10.0, n["maximum"])
	require.Equal(t, 5.0, n["default"])

	similar := schemaOf("findSimilar")
	require.Equal(t, []any{"url"}, similar["required"])
	require.Equal(t, "integer", prop(similar, "num_results")["type"])

	contents := schemaOf("contents")
	require.Equal(t, []any{"urls"}, contents["required"])
	require.Equal(t, "array", prop(contents, "urls")["type"])
	require.Equal(t, map[string]any{"type": "string"}, prop(contents, "urls")["items"])
	require.Equal(t, "boolean", prop(contents, "text")["type"])
	require.Equal(t, true, prop(contents, "text")["default"])

	answer := schemaOf("answer")
	require.Equal(t, []any{"query"}, answer["required"])
	require.Equal(t, true, prop(answer, "text")["default"])

	_, ok = exa.Tool("crawl")
	require.False(t, ok)

	// Each call builds fresh values: a caller changing its copy does not change the registry.
	exa.Tools[0].Function.Name = "changed"
	again, _ := toolsets.Lookup(toolsets.ExaSearch)
	require.Equal(t, "search", again.Tools[0].Function.Name)
}
