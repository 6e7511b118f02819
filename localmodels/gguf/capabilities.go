package gguf

import (
	"strings"

	"github.com/bodhiapp/bodhi/localmodels"
)

// visionArchitectures are general.architecture values of models that take images (runtime.md §9.5 names llava,
// qwen2vl, mllama and gemma3; the others are llama.cpp's multimodal architectures, and clip is the architecture of
// a vision projector file).
var visionArchitectures = map[string]bool{
	"llava": true, "qwen2vl": true, "qwen25vl": true, "qwen3vl": true, "qwen3vlmoe": true, "mllama": true,
	"gemma3": true, "gemma3n": true, "llama4": true, "chameleon": true, "cogvlm": true, "clip": true,
}

// Metadata is the model metadata of runtime.md §9.5 for this file, found in the Hugging Face cache as
// repo/filename: the architecture, size, quantization, context length and chat template from the header, and the
// capability heuristics. Vision, thinking, function calling and structured output are always decided (true or
// false); audio is left unknown.
func (f *File) Metadata(repo, filename string) localmodels.Metadata {
	m := localmodels.Metadata{Architecture: localmodels.Architecture{Format: "gguf",
		ParameterCount: f.ParameterCount}, Context: localmodels.Context{MaxInputTokens: f.ContextLength},
		ChatTemplate: f.ChatTemplate}
	if f.Architecture != "" {
		family := f.Architecture
		m.Architecture.Family = &family
	}
	if q := f.Quantization(filename); q != "" {
		m.Architecture.Quantization = &q
	}
	templates := f.templates()
	m.Capabilities = localmodels.Capabilities{
		Vision:   flag(visionArchitectures[f.Architecture] || f.HasCLIP),
		Thinking: flag(strings.Contains(templates, "<think>") || namesThinking(repo+"/"+filename, f.Name)),
		Tools: localmodels.Tools{
			FunctionCalling:  flag(referencesTools(templates)),
			StructuredOutput: flag(referencesSchema(templates)),
		},
	}
	return m
}

// templates is every chat template of the file, the default one first, for the heuristics to search.
func (f *File) templates() string {
	var all []string
	if f.ChatTemplate != nil {
		all = append(all, *f.ChatTemplate)
	}
	for _, t := range f.NamedTemplates {
		all = append(all, t)
	}
	return strings.Join(all, "\n")
}

// namesThinking: a reasoning model named as one (DeepSeek-R1 and its distillations, QwQ) whose template does not
// show its <think> block.
func namesThinking(names ...string) bool {
	for _, n := range names {
		n = strings.ToLower(n)
		if strings.Contains(n, "-r1") || strings.Contains(n, "qwq") {
			return true
		}
	}
	return false
}

// referencesTools: the template renders a tool list or the model's tool calls ({% if tools %},
// message.tool_calls, <tool_call>).
func referencesTools(template string) bool {
	return strings.Contains(template, "tools") || strings.Contains(template, "tool_call")
}

// referencesSchema: the template renders a JSON schema or a response format the caller asked for.
func referencesSchema(template string) bool {
	t := strings.ToLower(template)
	return strings.Contains(t, "json_schema") || strings.Contains(t, "json schema") ||
		strings.Contains(t, "response_format")
}

func flag(b bool) *bool { return &b }
