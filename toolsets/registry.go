// Package toolsets holds the built-in toolset registry (and, later, the Exa client).
package toolsets

// ExaSearch is the type id of the built-in Exa web search toolset.
const ExaSearch = "builtin-exa-search"

// BuiltinTypes lists every toolset type the server ships. Each org gets a disabled app_toolset_configs row per
// type when it is created, and at every start for types added since (data-model.md §6).
func BuiltinTypes() []string { return []string{ExaSearch} }
