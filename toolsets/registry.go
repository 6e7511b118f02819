// Package toolsets holds the built-in toolset registry (http-api.md §9.2), the Exa client (§9.4) and the service
// behind the toolset routes: validated CRUD of a user's instances with the API key sealed by the org's data key,
// the per-org enable switch of each type, and execution with the checks of §9.3 and auth.md §14.
package toolsets

// ExaSearch is the type id of the built-in Exa web search toolset.
const ExaSearch = "builtin-exa-search"

// The methods of the Exa toolset.
const (
	MethodSearch      = "search"
	MethodFindSimilar = "findSimilar"
	MethodContents    = "contents"
	MethodAnswer      = "answer"
)

// BuiltinTypes lists every toolset type the server ships. Each org gets a disabled app_toolset_configs row per
// type when it is created, and at every start for types added since (data-model.md §6).
func BuiltinTypes() []string { return []string{ExaSearch} }

// ToolDefinition is one method of a toolset, in the OpenAI function-tool shape.
type ToolDefinition struct {
	Type     string   `json:"type"`
	Function Function `json:"function"`
}

// Function names a method, describes it and gives its parameters as a JSON Schema.
type Function struct {
	Name        string         `json:"name"`
	Description string         `json:"description"`
	Parameters  map[string]any `json:"parameters"`
}

// Definition is a toolset type of the registry: the ToolsetDefinition of http-api.md §9.2.
type Definition struct {
	ToolsetType string           `json:"toolset_type"`
	Name        string           `json:"name"`
	Description string           `json:"description"`
	Tools       []ToolDefinition `json:"tools"`
}

// Tool returns the method named name, if the type has it.
func (d Definition) Tool(name string) (ToolDefinition, bool) {
	for _, t := range d.Tools {
		if t.Function.Name == name {
			return t, true
		}
	}
	return ToolDefinition{}, false
}

// Definitions lists the registry in BuiltinTypes order. Each call builds fresh values, so callers may keep or
// change them freely.
func Definitions() []Definition {
	return []Definition{exaDefinition()}
}

// Lookup returns the registered type typ.
func Lookup(typ string) (Definition, bool) {
	for _, d := range Definitions() {
		if d.ToolsetType == typ {
			return d, true
		}
	}
	return Definition{}, false
}

func exaDefinition() Definition {
	numResults := map[string]any{"type": "integer", "minimum": 1, "maximum": 10, "default": 5,
		"description": "Number of results to return (1-10, default 5)."}
	text := map[string]any{"type": "boolean", "default": true,
		"description": "Whether to include the full page text (default true)."}
	return Definition{
		ToolsetType: ExaSearch,
		Name:        "Exa Web Search",
		Description: "Search and analyze web content using Exa AI",
		Tools: []ToolDefinition{
			tool(MethodSearch, "Search the web for pages relevant to a query using Exa's neural search. Returns titles, "+
				"URLs, highlighted snippets, publication dates and relevance scores.",
				schema([]string{"query"}, map[string]any{
					"query":       map[string]any{"type": "string", "description": "The search query."},
					"num_results": numResults,
				})),
			tool(MethodFindSimilar, "Find web pages similar to a given URL.",
				schema([]string{"url"}, map[string]any{
					"url":         map[string]any{"type": "string", "description": "The URL to find similar pages for."},
					"num_results": numResults,
				})),
			tool(MethodContents, "Get the contents of specific web pages by URL.",
				schema([]string{"urls"}, map[string]any{
					"urls": map[string]any{"type": "array", "items": map[string]any{"type": "string"},
						"description": "The URLs to fetch."},
					"text": text,
				})),
			tool(MethodAnswer, "Answer a question using web search, with the sources the answer is based on.",
				schema([]string{"query"}, map[string]any{
					"query": map[string]any{"type": "string", "description": "The question to answer."},
					"text":  text,
				})),
		},
	}
}

func tool(name, description string, parameters map[string]any) ToolDefinition {
	return ToolDefinition{Type: "function", Function: Function{Name: name, Description: description, Parameters: parameters}}
}

func schema(required []string, properties map[string]any) map[string]any {
	return map[string]any{"type": "object", "properties": properties, "required": required}
}
