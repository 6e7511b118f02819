package proxy

// The Ollama-compatible API (http-api.md §8): an /api/chat body becomes an OpenAI chat request that is routed like
// /v1/chat/completions, and the OpenAI answer (a JSON body or an SSE stream) is re-encoded in Ollama's shapes.
// Everything here is a pure conversion; the handlers own HTTP and write errors as the §8.3 quirk body.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// ---- GET /api/tags and POST /api/show ----

// OllamaLocalAlias describes a user or model alias for the Ollama listing. The params are set for user aliases only.
type OllamaLocalAlias struct {
	Name          string
	Snapshot      string
	ModifiedAt    time.Time
	Size          int64  // bytes of the GGUF file; 0 when unknown
	Digest        string // the file's SHA-256 when known; else the snapshot stands in
	Family        string // from the file's metadata; "" when unknown
	Quantization  string // likewise
	ContextParams []string
	RequestParams any // OAIRequestParams or a map; rendered with its JSON field names
}

// OllamaTagsResponse is the body of GET /api/tags.
type OllamaTagsResponse struct {
	Models []OllamaModel `json:"models"`
}

// OllamaModel is one entry of /api/tags: name and model are both the alias, as Ollama gives them.
type OllamaModel struct {
	Name       string             `json:"name"`
	Model      string             `json:"model"`
	ModifiedAt string             `json:"modified_at"`
	Size       int64              `json:"size"`
	Digest     string             `json:"digest"`
	Details    OllamaModelDetails `json:"details"`
}

// OllamaModelDetails: Bodhi serves GGUF files; family and quantization come from the file's metadata when known.
type OllamaModelDetails struct {
	ParentModel       *string  `json:"parent_model"`
	Format            string   `json:"format"`
	Family            string   `json:"family"`
	Families          []string `json:"families"`
	ParameterSize     string   `json:"parameter_size"`
	QuantizationLevel string   `json:"quantization_level"`
}

func newOllamaModelDetails(a OllamaLocalAlias) OllamaModelDetails {
	d := OllamaModelDetails{Format: "gguf", Family: "unknown", QuantizationLevel: a.Quantization}
	if a.Family != "" {
		d.Family, d.Families = a.Family, []string{a.Family}
	}
	return d
}

// NewOllamaTagsResponse lists the aliases in the order given; an empty list is [] (hosted mode has no local aliases).
func NewOllamaTagsResponse(aliases []OllamaLocalAlias) OllamaTagsResponse {
	models := make([]OllamaModel, 0, len(aliases))
	for _, a := range aliases {
		digest := a.Digest
		if digest == "" {
			digest = a.Snapshot
		}
		models = append(models, OllamaModel{
			Name:       a.Name,
			Model:      a.Name,
			ModifiedAt: ollamaTime(a.ModifiedAt),
			Size:       a.Size,
			Digest:     digest,
			Details:    newOllamaModelDetails(a),
		})
	}
	return OllamaTagsResponse{Models: models}
}

// OllamaShowRequest is the body of POST /api/show.
type OllamaShowRequest struct {
	Name string `json:"name"`
}

// OllamaShowResponse is the body of POST /api/show.
type OllamaShowResponse struct {
	Details    OllamaModelDetails `json:"details"`
	License    string             `json:"license"`
	ModelInfo  map[string]any     `json:"model_info"`
	Modelfile  string             `json:"modelfile"`
	ModifiedAt string             `json:"modified_at"`
	Parameters string             `json:"parameters"`
	Template   string             `json:"template"`
}

// NewOllamaShowResponse describes one alias. Parameters is the YAML of the context params followed by the YAML of
// the request params; an empty list or map is left out rather than printed as "[]" or "{}".
func NewOllamaShowResponse(alias OllamaLocalAlias) (OllamaShowResponse, error) {
	parameters, err := ollamaParameters(alias.ContextParams, alias.RequestParams)
	if err != nil {
		return OllamaShowResponse{}, err
	}
	return OllamaShowResponse{
		Details:    newOllamaModelDetails(alias),
		ModelInfo:  map[string]any{},
		ModifiedAt: ollamaTime(alias.ModifiedAt),
		Parameters: parameters,
	}, nil
}

func ollamaParameters(contextParams []string, requestParams any) (string, error) {
	params, err := ollamaJSONFields(requestParams)
	if err != nil {
		return "", fmt.Errorf("request params: %w", err)
	}
	var out strings.Builder
	if len(contextParams) > 0 {
		out.WriteString(ollamaYAML(contextParams))
	}
	if len(params) > 0 {
		out.WriteString(ollamaYAML(params))
	}
	return out.String(), nil
}

// ollamaYAML prints one document with two-space indents and sequences flush with their key ("stop:\n- a"), as the
// original BodhiApp did. One encoder per document: a shared one would put "---" between them.
func ollamaYAML(v any) string {
	var out strings.Builder
	encoder := yaml.NewEncoder(&out)
	encoder.SetIndent(2)
	encoder.CompactSeqIndent()
	// Strings, string slices and JSON-decoded maps always encode, so an error cannot happen here.
	_ = encoder.Encode(v)
	_ = encoder.Close()
	return out.String()
}

// ollamaJSONFields turns v into a map keyed by its JSON field names, so the YAML uses the API's names
// (frequency_penalty, not frequencypenalty) and skips what JSON omits.
func ollamaJSONFields(v any) (map[string]any, error) {
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
		fields[key] = ollamaPlainNumbers(value)
	}
	return fields, nil
}

// ollamaPlainNumbers replaces json.Number, which YAML would print as a quoted string, with int64 or float64.
func ollamaPlainNumbers(v any) any {
	switch v := v.(type) {
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return i
		}
		f, _ := v.Float64()
		return f
	case []any:
		for i := range v {
			v[i] = ollamaPlainNumbers(v[i])
		}
	case map[string]any:
		for key := range v {
			v[key] = ollamaPlainNumbers(v[key])
		}
	}
	return v
}
