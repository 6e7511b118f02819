package ollama

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// The request errors a client gets with HTTP 400; the decoding errors use /v1/chat/completions' wording, so a
// client sees one wording whichever API it uses.
var (
	ErrModelRequired    = errors.New("Field 'model' is required and must be a string.")
	ErrMessagesRequired = errors.New("Field 'messages' is required and must be an array.")
	ErrInputRequired    = errors.New("Field 'input' is required and must be a string or an array of strings.")
)

// ChatRequest is the body of POST /api/chat. keep_alive and think are accepted and have no effect: providers keep
// their own models loaded, and reasoning is the model's to choose.
type ChatRequest struct {
	Model     string            `json:"model"`
	Messages  []Message         `json:"messages"`
	Tools     []json.RawMessage `json:"tools,omitempty"`
	Stream    *bool             `json:"stream,omitempty"` // absent means true
	Format    json.RawMessage   `json:"format,omitempty"` // "json", or a JSON schema object
	KeepAlive json.RawMessage   `json:"keep_alive,omitempty"`
	Think     json.RawMessage   `json:"think,omitempty"`
	Options   *Options          `json:"options,omitempty"`
}

// GenerateRequest is the body of POST /api/generate: one prompt, answered as a chat of a system and a user
// message. template, raw, suffix and context are accepted and have no effect (providers apply their own template).
type GenerateRequest struct {
	Model     string          `json:"model"`
	Prompt    string          `json:"prompt"`
	System    string          `json:"system,omitempty"`
	Images    []string        `json:"images,omitempty"`
	Stream    *bool           `json:"stream,omitempty"`
	Format    json.RawMessage `json:"format,omitempty"`
	KeepAlive json.RawMessage `json:"keep_alive,omitempty"`
	Options   *Options        `json:"options,omitempty"`
}

// DecodeChatRequest parses an /api/chat body; its errors are for the client.
func DecodeChatRequest(body []byte) (ChatRequest, error) {
	var req ChatRequest
	if err := decode(body, &req, "messages", ErrMessagesRequired); err != nil {
		return ChatRequest{}, err
	}
	if _, err := formatOf(req.Format); err != nil {
		return ChatRequest{}, err
	}
	return req, nil
}

// DecodeGenerateRequest parses an /api/generate body; its errors are for the client.
func DecodeGenerateRequest(body []byte) (GenerateRequest, error) {
	var req GenerateRequest
	if err := decode(body, &req, "", nil); err != nil {
		return GenerateRequest{}, err
	}
	if _, err := formatOf(req.Format); err != nil {
		return GenerateRequest{}, err
	}
	return req, nil
}

// decode checks that body names a model (and has the array field list, when given) on its raw JSON first: a plain
// decode would accept a missing model and word a wrong type in Go's terms. Then it decodes body into v.
func decode(body []byte, v any, list string, listErr error) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return invalidJSON(err)
	}
	if kind(fields["model"]) != '"' {
		return ErrModelRequired
	}
	if list != "" && kind(fields[list]) != '[' {
		return listErr
	}
	if err := json.Unmarshal(body, v); err != nil {
		return invalidJSON(err)
	}
	return nil
}

func invalidJSON(err error) error {
	return fmt.Errorf("Invalid JSON in request: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// kind is the first byte of a JSON value ('"', '[', '{', …), or 0 when absent.
func kind(raw json.RawMessage) byte {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return 0
	}
	return raw[0]
}

// Streaming tells whether the client wants an NDJSON stream; Ollama streams unless told otherwise.
func (r ChatRequest) Streaming() bool { return r.Stream == nil || *r.Stream }

// Streaming tells whether the client wants an NDJSON stream.
func (r GenerateRequest) Streaming() bool { return r.Stream == nil || *r.Stream }

// OpenAI builds the OpenAI chat-completion body of the request.
func (r ChatRequest) OpenAI() (OpenAIChat, error) {
	format, err := formatOf(r.Format)
	if err != nil {
		return OpenAIChat{}, err
	}
	messages, err := openAIMessages(r.Messages)
	if err != nil {
		return OpenAIChat{}, err
	}
	out := newOpenAIChat(r.Model, messages, r.Streaming(), format)
	out.Tools = r.Tools
	out.applyOptions(r.Options)
	return out, nil
}

// OpenAI builds the OpenAI chat-completion body of the request: the system prompt, then the prompt with its images.
func (r GenerateRequest) OpenAI() (OpenAIChat, error) {
	format, err := formatOf(r.Format)
	if err != nil {
		return OpenAIChat{}, err
	}
	var messages []openAIMessage
	if r.System != "" {
		messages = append(messages, openAIMessage{Role: "system", Content: r.System})
	}
	messages = append(messages, openAIMessage{Role: "user", Content: withImages(r.Prompt, r.Images)})
	out := newOpenAIChat(r.Model, messages, r.Streaming(), format)
	out.applyOptions(r.Options)
	return out, nil
}

func newOpenAIChat(model string, messages []openAIMessage, stream bool, format *responseFormat) OpenAIChat {
	out := OpenAIChat{Model: model, Messages: messages, Stream: stream, ResponseFormat: format}
	if stream {
		out.StreamOptions = &streamOptions{IncludeUsage: true}
	}
	return out
}

// openAIMessages converts a conversation. OpenAI ties each tool result to its call by id, Ollama by the function's
// name and order: each assistant call gets its id (the one it came with, else a made-up one), and each tool message
// answers the oldest unanswered call of its function (of any function when it names none).
func openAIMessages(in []Message) ([]openAIMessage, error) {
	out := make([]openAIMessage, 0, len(in))
	var pending []openAIToolCall // calls not yet answered, oldest first
	for i, m := range in {
		switch {
		case len(m.ToolCalls) > 0:
			msg := openAIMessage{Role: m.Role, Content: m.Content}
			if m.Content == "" {
				msg.Content = nil
			}
			for j, call := range m.ToolCalls {
				args, err := argumentsString(call.Function.Arguments)
				if err != nil {
					return nil, fmt.Errorf("messages[%d].tool_calls[%d].function.arguments: %w", i, j, err)
				}
				id := call.ID
				if id == "" {
					id = fmt.Sprintf("call_%d_%d", i, j)
				}
				c := openAIToolCall{ID: id, Type: "function", Function: openAIFunction{Name: call.Function.Name,
					Arguments: args}}
				msg.ToolCalls = append(msg.ToolCalls, c)
				pending = append(pending, c)
			}
			out = append(out, msg)
		case m.Role == "tool":
			var id string
			id, pending = answer(pending, m.ToolName)
			out = append(out, openAIMessage{Role: "tool", Content: m.Content, ToolCallID: id})
		default:
			out = append(out, openAIMessage{Role: m.Role, Content: withImages(m.Content, m.Images)})
		}
	}
	return out, nil
}

// answer takes the oldest pending call of function name (any, when name is empty) off pending and returns its id;
// "" when there is none (the provider will say the tool message answers nothing).
func answer(pending []openAIToolCall, name string) (string, []openAIToolCall) {
	for i, c := range pending {
		if name == "" || c.Function.Name == name {
			return c.ID, append(pending[:i:i], pending[i+1:]...)
		}
	}
	return "", pending
}

// argumentsString is OpenAI's form of tool-call arguments: a string holding the JSON object. A client that already
// sent a string keeps it; absent arguments are an empty object.
func argumentsString(raw json.RawMessage) (string, error) {
	switch kind(raw) {
	case 0, 'n':
		return "{}", nil
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
		return s, nil
	case '{':
		var compact bytes.Buffer
		if err := json.Compact(&compact, raw); err != nil {
			return "", err
		}
		return compact.String(), nil
	}
	return "", errors.New("must be a JSON object")
}

// formatOf maps Ollama's format: "json" asks for any JSON object, an object is a JSON schema; absent, null and ""
// mean free text.
func formatOf(format json.RawMessage) (*responseFormat, error) {
	format = bytes.TrimSpace(format)
	switch kind(format) {
	case 0, 'n':
		return nil, nil
	case '{':
		return &responseFormat{Type: "json_schema", JSONSchema: &jsonSchema{Name: "response", Schema: format}}, nil
	case '"':
		var name string
		if err := json.Unmarshal(format, &name); err != nil {
			return nil, invalidJSON(err)
		}
		switch name {
		case "":
			return nil, nil
		case "json":
			return &responseFormat{Type: "json_object"}, nil
		}
	}
	return nil, fmt.Errorf(`invalid format %s: expected "json" or a JSON schema object`, format)
}
