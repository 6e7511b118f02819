package localmodels

import (
	"encoding/json"

	"github.com/bodhiapp/bodhi/db"
)

// Metadata is ModelMetadata of http-api.md §5.1: what a GGUF file's header says the model can do. Unknown values
// are left out.
type Metadata struct {
	Capabilities Capabilities `json:"capabilities"`
	Context      Context      `json:"context"`
	Architecture Architecture `json:"architecture"`
	ChatTemplate *string      `json:"chat_template,omitempty"`
}

// Capabilities are the capability heuristics of runtime.md §9.5.
type Capabilities struct {
	Vision   *bool `json:"vision,omitempty"`
	Audio    *bool `json:"audio,omitempty"`
	Thinking *bool `json:"thinking,omitempty"`
	Tools    Tools `json:"tools"`
}

// Tools are the tool-use capabilities.
type Tools struct {
	FunctionCalling  *bool `json:"function_calling,omitempty"`
	StructuredOutput *bool `json:"structured_output,omitempty"`
}

// Context is the model's context window.
type Context struct {
	MaxInputTokens  *int64 `json:"max_input_tokens,omitempty"`
	MaxOutputTokens *int64 `json:"max_output_tokens,omitempty"`
}

// Architecture is the model's family, size and quantization; Format is "gguf" for local files.
type Architecture struct {
	Family         *string `json:"family,omitempty"`
	ParameterCount *int64  `json:"parameter_count,omitempty"`
	Quantization   *string `json:"quantization,omitempty"`
	Format         string  `json:"format"`
}

// MetadataOf renders a stored model_metadata row (data-model.md §4.5); the architecture column holds the
// Architecture as JSON.
func MetadataOf(row db.ModelMetadata) Metadata {
	m := Metadata{
		Capabilities: Capabilities{Vision: row.CapabilitiesVision, Audio: row.CapabilitiesAudio,
			Thinking: row.CapabilitiesThinking, Tools: Tools{FunctionCalling: row.CapabilitiesFunctionCalling,
				StructuredOutput: row.CapabilitiesStructuredOutput}},
		Context:      Context{MaxInputTokens: row.ContextMaxInputTokens, MaxOutputTokens: row.ContextMaxOutputTokens},
		Architecture: Architecture{Format: "gguf"},
		ChatTemplate: row.ChatTemplate,
	}
	if row.Architecture != nil {
		_ = json.Unmarshal([]byte(*row.Architecture), &m.Architecture) // a row this package wrote; best effort
		if m.Architecture.Format == "" {
			m.Architecture.Format = "gguf"
		}
	}
	return m
}

// Row is the model_metadata row of m for the GGUF file (repo, filename, snapshot).
func (m Metadata) Row(repo, filename, snapshot string) db.ModelMetadata {
	arch, _ := json.Marshal(m.Architecture)
	archText := string(arch)
	return db.ModelMetadata{Source: "model", Repo: &repo, Filename: &filename, Snapshot: &snapshot,
		CapabilitiesVision: m.Capabilities.Vision, CapabilitiesAudio: m.Capabilities.Audio,
		CapabilitiesThinking: m.Capabilities.Thinking, CapabilitiesFunctionCalling: m.Capabilities.Tools.FunctionCalling,
		CapabilitiesStructuredOutput: m.Capabilities.Tools.StructuredOutput,
		ContextMaxInputTokens:        m.Context.MaxInputTokens, ContextMaxOutputTokens: m.Context.MaxOutputTokens,
		Architecture: &archText, ChatTemplate: m.ChatTemplate}
}
