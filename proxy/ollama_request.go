package proxy

// The Ollama-compatible API (http-api.md §8): an /api/chat body becomes an OpenAI chat request that is routed like
// /v1/chat/completions, and the OpenAI answer (a JSON body or an SSE stream) is re-encoded in Ollama's shapes.
// Everything here is a pure conversion; the handlers own HTTP and write errors as the §8.3 quirk body.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// ---- POST /api/chat request ----

// OllamaChatRequest is the body of POST /api/chat. Unknown fields, and options OpenAI has no name for
// (top_k, num_ctx, mirostat, …), are dropped.
type OllamaChatRequest struct {
	Model     string          `json:"model"`
	Messages  []OllamaMessage `json:"messages"`
	Stream    *bool           `json:"stream,omitempty"` // absent means true
	Format    json.RawMessage `json:"format,omitempty"` // "json", or a JSON schema object
	KeepAlive json.RawMessage `json:"keep_alive,omitempty"`
	Options   *OllamaOptions  `json:"options,omitempty"`
}

// OllamaMessage is one chat message; Images are raw base64 strings.
type OllamaMessage struct {
	Role    string   `json:"role"`
	Content string   `json:"content"`
	Images  []string `json:"images,omitempty"`
}

// OllamaOptions are the sampling options that have an OpenAI counterpart.
type OllamaOptions struct {
	NumPredict       *int64   `json:"num_predict,omitempty"`
	Seed             *int64   `json:"seed,omitempty"`
	Stop             []string `json:"stop,omitempty"`
	Temperature      *float64 `json:"temperature,omitempty"`
	TopP             *float64 `json:"top_p,omitempty"`
	PresencePenalty  *float64 `json:"presence_penalty,omitempty"`
	FrequencyPenalty *float64 `json:"frequency_penalty,omitempty"`
}

// DecodeOllamaChatRequest parses an /api/chat body. Its errors are meant for the client, as the quirk body.
func DecodeOllamaChatRequest(body []byte) (OllamaChatRequest, error) {
	// The required fields are checked on their raw JSON first: a plain decode would accept a missing model
	// and report a wrong type in Go terms.
	var required struct {
		Model    json.RawMessage `json:"model"`
		Messages json.RawMessage `json:"messages"`
	}
	if err := json.Unmarshal(body, &required); err != nil {
		return OllamaChatRequest{}, ollamaInvalidJSON(err)
	}
	if ollamaJSONKind(required.Model) != '"' {
		return OllamaChatRequest{}, ErrOllamaModelRequired
	}
	if ollamaJSONKind(required.Messages) != '[' {
		return OllamaChatRequest{}, ErrOllamaMessagesRequired
	}
	var req OllamaChatRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return OllamaChatRequest{}, ollamaInvalidJSON(err)
	}
	if _, err := ollamaResponseFormat(req.Format); err != nil {
		return OllamaChatRequest{}, err
	}
	return req, nil
}

func ollamaInvalidJSON(err error) error {
	return fmt.Errorf("Invalid JSON in request: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// ollamaJSONKind returns the first byte of a JSON value ('"', '[', '{', …), or 0 when absent.
func ollamaJSONKind(raw json.RawMessage) byte {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return 0
	}
	return raw[0]
}

// Streaming tells whether the client wants an NDJSON stream; Ollama streams unless told otherwise.
func (r OllamaChatRequest) Streaming() bool { return r.Stream == nil || *r.Stream }

// OllamaUpstreamRequest is the OpenAI chat-completion body an /api/chat request becomes.
type OllamaUpstreamRequest struct {
	Model               string                        `json:"model"`
	Messages            []OllamaUpstreamMessage       `json:"messages"`
	N                   int                           `json:"n"`
	Stream              bool                          `json:"stream"`
	MaxCompletionTokens *int64                        `json:"max_completion_tokens,omitempty"`
	Seed                *int64                        `json:"seed,omitempty"`
	Stop                []string                      `json:"stop,omitempty"`
	Temperature         *float64                      `json:"temperature,omitempty"`
	TopP                *float64                      `json:"top_p,omitempty"`
	PresencePenalty     *float64                      `json:"presence_penalty,omitempty"`
	FrequencyPenalty    *float64                      `json:"frequency_penalty,omitempty"`
	ResponseFormat      *OllamaUpstreamResponseFormat `json:"response_format,omitempty"`
}

// OllamaUpstreamMessage is an OpenAI message. Content is a string, or []OllamaUpstreamContentPart when the
// Ollama message carried images.
type OllamaUpstreamMessage struct {
	Role    string `json:"role"`
	Content any    `json:"content"`
}

// OllamaUpstreamContentPart is an OpenAI content part: {type: "text", text} or {type: "image_url", image_url}.
type OllamaUpstreamContentPart struct {
	Type     string                  `json:"type"`
	Text     *string                 `json:"text,omitempty"`
	ImageURL *OllamaUpstreamImageURL `json:"image_url,omitempty"`
}

// OllamaUpstreamImageURL holds a data: URL built from an Ollama base64 image.
type OllamaUpstreamImageURL struct {
	URL string `json:"url"`
}

// OllamaUpstreamResponseFormat is OpenAI's response_format.
type OllamaUpstreamResponseFormat struct {
	Type       string                    `json:"type"`
	JSONSchema *OllamaUpstreamJSONSchema `json:"json_schema,omitempty"`
}

// OllamaUpstreamJSONSchema names the client's schema; OpenAI requires a name and Ollama has none to give.
type OllamaUpstreamJSONSchema struct {
	Name   string          `json:"name"`
	Schema json.RawMessage `json:"schema"`
}

// ToOpenAI builds the OpenAI chat-completion body; marshal it to get the bytes routed as in §7.
func (r OllamaChatRequest) ToOpenAI() (OllamaUpstreamRequest, error) {
	format, err := ollamaResponseFormat(r.Format)
	if err != nil {
		return OllamaUpstreamRequest{}, err
	}
	out := OllamaUpstreamRequest{
		Model:          r.Model,
		Messages:       make([]OllamaUpstreamMessage, 0, len(r.Messages)),
		N:              1,
		Stream:         r.Streaming(),
		ResponseFormat: format,
	}
	for _, m := range r.Messages {
		out.Messages = append(out.Messages, ollamaUpstreamMessage(m))
	}
	if o := r.Options; o != nil {
		// Ollama's negative num_predict means "no limit" (-1) or "fill the context" (-2); OpenAI expresses both by
		// leaving the limit out, and rejects negative values.
		if o.NumPredict != nil && *o.NumPredict >= 0 {
			out.MaxCompletionTokens = o.NumPredict
		}
		out.Seed, out.Stop, out.Temperature, out.TopP = o.Seed, o.Stop, o.Temperature, o.TopP
		out.PresencePenalty, out.FrequencyPenalty = o.PresencePenalty, o.FrequencyPenalty
	}
	return out, nil
}

func ollamaUpstreamMessage(m OllamaMessage) OllamaUpstreamMessage {
	if len(m.Images) == 0 {
		return OllamaUpstreamMessage{Role: m.Role, Content: m.Content}
	}
	text := m.Content
	parts := []OllamaUpstreamContentPart{{Type: "text", Text: &text}}
	for _, image := range m.Images {
		url := image
		if !strings.HasPrefix(image, "data:") { // a client that already sent a data URL keeps it
			url = "data:image/jpeg;base64," + image
		}
		parts = append(parts, OllamaUpstreamContentPart{Type: "image_url", ImageURL: &OllamaUpstreamImageURL{URL: url}})
	}
	return OllamaUpstreamMessage{Role: m.Role, Content: parts}
}

// ollamaResponseFormat maps Ollama's format: "json" asks for any JSON object, an object is a JSON schema.
// Absent, null and "" mean free text.
func ollamaResponseFormat(format json.RawMessage) (*OllamaUpstreamResponseFormat, error) {
	format = bytes.TrimSpace(format)
	switch ollamaJSONKind(format) {
	case 0, 'n':
		return nil, nil
	case '{':
		return &OllamaUpstreamResponseFormat{
			Type:       "json_schema",
			JSONSchema: &OllamaUpstreamJSONSchema{Name: "response", Schema: format},
		}, nil
	case '"':
		var name string
		if err := json.Unmarshal(format, &name); err != nil {
			return nil, ollamaInvalidJSON(err)
		}
		switch name {
		case "":
			return nil, nil
		case "json":
			return &OllamaUpstreamResponseFormat{Type: "json_object"}, nil
		}
	}
	return nil, fmt.Errorf(`invalid format %s: expected "json" or a JSON schema object`, format)
}
