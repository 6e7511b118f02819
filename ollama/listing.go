package ollama

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Model describes one model the caller may use, for /api/tags, /api/show and /api/ps: a local alias (a GGUF file)
// or a model of an API provider.
type Model struct {
	Name     string
	Modified time.Time
	Size     int64  // bytes of the GGUF file; 0 for an API model or an unknown size
	Digest   string // the file's SHA-256 when known; else one is derived from the name
	// Format is "gguf" for a local alias, the provider's API format ("openai", …) for an API model.
	Format        string
	Family        string // from the file's metadata; "" when unknown
	ParameterSize string // "8.0B" and the like
	Quantization  string
	ContextLength int64
	// Capabilities are Ollama's names: completion, tools, vision, thinking.
	Capabilities []string
	// Source is where the model comes from: the repo and file of a local alias, the base URL of an API model.
	Source        string
	ContextParams []string
	RequestParams any // rendered with its JSON field names
}

// Details is a model's "details" object.
type Details struct {
	ParentModel       string   `json:"parent_model"`
	Format            string   `json:"format"`
	Family            string   `json:"family"`
	Families          []string `json:"families"`
	ParameterSize     string   `json:"parameter_size"`
	QuantizationLevel string   `json:"quantization_level"`
}

func (m Model) details() Details {
	d := Details{Format: m.Format, Family: m.Family, ParameterSize: m.ParameterSize, QuantizationLevel: m.Quantization}
	if m.Family != "" {
		d.Families = []string{m.Family}
	}
	return d
}

// digest is the model's SHA-256 in hex: its file's when known, else one of its name (stable, and in the form
// clients expect).
func (m Model) digest() string {
	if m.Digest != "" {
		return m.Digest
	}
	sum := sha256.Sum256([]byte(m.Name))
	return hex.EncodeToString(sum[:])
}

// TagsResponse is the body of GET /api/tags.
type TagsResponse struct {
	Models []ListedModel `json:"models"`
}

// ListedModel is one entry of /api/tags; name and model are both the name the caller uses.
type ListedModel struct {
	Name       string  `json:"name"`
	Model      string  `json:"model"`
	ModifiedAt string  `json:"modified_at"`
	Size       int64   `json:"size"`
	Digest     string  `json:"digest"`
	Details    Details `json:"details"`
}

func (m Model) listed() ListedModel {
	return ListedModel{Name: m.Name, Model: m.Name, ModifiedAt: FormatTime(m.Modified), Size: m.Size,
		Digest: m.digest(), Details: m.details()}
}

// NewTagsResponse lists the models in the order given; no models is [].
func NewTagsResponse(models []Model) TagsResponse {
	out := make([]ListedModel, len(models))
	for i, m := range models {
		out[i] = m.listed()
	}
	return TagsResponse{Models: out}
}

// ShowRequest is the body of POST /api/show. Current clients send model, older ones name.
type ShowRequest struct {
	Model   string `json:"model"`
	Name    string `json:"name"`
	Verbose bool   `json:"verbose,omitempty"`
}

// DecodeShowRequest parses an /api/show body; the model is model, else name.
func DecodeShowRequest(body []byte) (string, error) {
	var req ShowRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return "", invalidJSON(err)
	}
	if req.Model == "" {
		req.Model = req.Name
	}
	if req.Model == "" {
		return "", ErrModelRequired
	}
	return req.Model, nil
}

// ShowResponse is the body of POST /api/show.
type ShowResponse struct {
	License      string         `json:"license"`
	Modelfile    string         `json:"modelfile"`
	Parameters   string         `json:"parameters"`
	Template     string         `json:"template"`
	Details      Details        `json:"details"`
	ModelInfo    map[string]any `json:"model_info"`
	Capabilities []string       `json:"capabilities"`
	ModifiedAt   string         `json:"modified_at"`
}

// NewShowResponse describes one model. Parameters is the YAML of the alias's context params followed by that of
// its request params; model_info has the architecture keys Ollama uses, where the metadata knows them.
func NewShowResponse(m Model) (ShowResponse, error) {
	parameters, err := parametersYAML(m.ContextParams, m.RequestParams)
	if err != nil {
		return ShowResponse{}, err
	}
	info := map[string]any{}
	if m.Family != "" {
		info["general.architecture"] = m.Family
		if m.ContextLength > 0 {
			info[m.Family+".context_length"] = m.ContextLength
		}
	}
	capabilities := m.Capabilities
	if capabilities == nil {
		capabilities = []string{}
	}
	return ShowResponse{
		Modelfile:    fmt.Sprintf("# Served by Bodhi from %s\nFROM %s\n", m.Source, m.Name),
		Parameters:   parameters,
		Details:      m.details(),
		ModelInfo:    info,
		Capabilities: capabilities,
		ModifiedAt:   FormatTime(m.Modified),
	}, nil
}

// PsResponse is the body of GET /api/ps: the models loaded in memory now.
type PsResponse struct {
	Models []RunningModel `json:"models"`
}

// RunningModel is a loaded model of /api/ps. SizeVRAM is 0: Bodhi does not know how llama-server split the model.
type RunningModel struct {
	ListedModel
	ExpiresAt string `json:"expires_at"`
	SizeVRAM  int64  `json:"size_vram"`
}

// NewPsResponse lists m, loaded until expires, or nothing when m is nil.
func NewPsResponse(m *Model, expires time.Time) PsResponse {
	if m == nil {
		return PsResponse{Models: []RunningModel{}}
	}
	return PsResponse{Models: []RunningModel{{ListedModel: m.listed(), ExpiresAt: FormatTime(expires)}}}
}

// VersionResponse is the body of GET /api/version.
type VersionResponse struct {
	Version string `json:"version"`
}

// APIVersion is the Ollama version whose API these routes follow: clients compare it to decide what they may use.
const APIVersion = "0.12.0"

func parametersYAML(contextParams []string, requestParams any) (string, error) {
	params, err := jsonFields(requestParams)
	if err != nil {
		return "", fmt.Errorf("request params: %w", err)
	}
	var out strings.Builder
	if len(contextParams) > 0 {
		out.WriteString(yamlDocument(contextParams))
	}
	if len(params) > 0 {
		out.WriteString(yamlDocument(params))
	}
	return out.String(), nil
}

// yamlDocument prints v with two-space indents and sequences flush with their key ("stop:\n- a"). One encoder per
// document: a shared one would put "---" between them.
func yamlDocument(v any) string {
	var out strings.Builder
	encoder := yaml.NewEncoder(&out)
	encoder.SetIndent(2)
	encoder.CompactSeqIndent()
	// Strings, string slices and JSON-decoded maps always encode: no error can happen here.
	_ = encoder.Encode(v)
	_ = encoder.Close()
	return out.String()
}

// jsonFields turns v into a map keyed by its JSON field names, so the YAML uses the API's names and skips what
// JSON omits.
func jsonFields(v any) (map[string]any, error) {
	if v == nil {
		return nil, nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.UseNumber() // a float64 would round a large seed
	var fields map[string]any
	if err := decoder.Decode(&fields); err != nil {
		return nil, err
	}
	for key, value := range fields {
		fields[key] = plainNumbers(value)
	}
	return fields, nil
}

// plainNumbers replaces json.Number, which YAML would print as a quoted string, with int64 or float64.
func plainNumbers(v any) any {
	switch v := v.(type) {
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i
		}
		f, _ := v.Float64()
		return f
	case []any:
		for i := range v {
			v[i] = plainNumbers(v[i])
		}
	case map[string]any:
		for key := range v {
			v[key] = plainNumbers(v[key])
		}
	}
	return v
}
