package proxy

// The Ollama-compatible API (http-api.md §8): an /api/chat body becomes an OpenAI chat request that is routed like
// /v1/chat/completions, and the OpenAI answer (a JSON body or an SSE stream) is re-encoded in Ollama's shapes.
// Everything here is a pure conversion; the handlers own HTTP and write errors as the §8.3 quirk body.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// ollamaTimeLayout always prints nine fractional digits, as the original BodhiApp did; Go's RFC3339Nano would
// drop trailing zeros.
const ollamaTimeLayout = "2006-01-02T15:04:05.000000000Z07:00"

func ollamaTime(t time.Time) string { return t.UTC().Format(ollamaTimeLayout) }

// The decoding errors carry the same messages as /v1/chat/completions (§7), so a client sees one wording whichever
// API it uses.
var (
	ErrOllamaModelRequired    = errors.New("Field 'model' is required and must be a string.")
	ErrOllamaMessagesRequired = errors.New("Field 'messages' is required and must be an array.")
)

// OllamaError is the body of every error the Ollama handlers answer, with HTTP 200 (§8.3).
type OllamaError struct {
	Error string `json:"error"`
}

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

// ---- /api/chat responses ----

// OllamaChatResponse is the non-streaming /api/chat answer (§8.2). The durations are not measured: "-1" and 0
// keep the field types Ollama clients parse.
type OllamaChatResponse struct {
	Model              string                `json:"model"`
	CreatedAt          string                `json:"created_at"`
	Message            OllamaResponseMessage `json:"message"`
	DoneReason         *string               `json:"done_reason"`
	Done               bool                  `json:"done"`
	TotalDuration      int64                 `json:"total_duration"`
	LoadDuration       string                `json:"load_duration"`
	PromptEvalCount    int64                 `json:"prompt_eval_count"`
	PromptEvalDuration string                `json:"prompt_eval_duration"`
	EvalCount          int64                 `json:"eval_count"`
	EvalDuration       string                `json:"eval_duration"`
}

// OllamaResponseMessage is the assistant message of a non-streaming answer; Images is always null.
type OllamaResponseMessage struct {
	Role    string   `json:"role"`
	Content string   `json:"content"`
	Images  []string `json:"images"`
}

// The parts of OpenAI answers and stream chunks the conversions read.
type ollamaOpenAIAnswer struct {
	Choices []struct {
		Message      ollamaOpenAIContent `json:"message"`
		Delta        ollamaOpenAIContent `json:"delta"`
		FinishReason *string             `json:"finish_reason"`
	} `json:"choices"`
	Usage *struct {
		PromptTokens     int64 `json:"prompt_tokens"`
		CompletionTokens int64 `json:"completion_tokens"`
	} `json:"usage"`
	Error json.RawMessage `json:"error"` // set on an error event in the middle of a stream
}

type ollamaOpenAIContent struct {
	Role    string  `json:"role"`
	Content *string `json:"content"`
}

// NewOllamaChatResponse converts an OpenAI chat-completion body. model is the name the client asked for, not the
// upstream's, which may have lost its prefix.
func NewOllamaChatResponse(openAIBody []byte, model string, createdAt time.Time) (OllamaChatResponse, error) {
	var answer ollamaOpenAIAnswer
	if err := json.Unmarshal(openAIBody, &answer); err != nil {
		return OllamaChatResponse{}, fmt.Errorf("malformed upstream response: %w", err)
	}
	if msg := ollamaErrorMessage(answer.Error); msg != "" {
		return OllamaChatResponse{}, errors.New(msg)
	}
	if len(answer.Choices) == 0 {
		return OllamaChatResponse{}, errors.New("upstream response has no choices")
	}
	choice := answer.Choices[0]
	out := OllamaChatResponse{
		Model:              model,
		CreatedAt:          ollamaTime(createdAt),
		Message:            OllamaResponseMessage{Role: choice.Message.Role, Content: ollamaText(choice.Message.Content)},
		DoneReason:         choice.FinishReason,
		Done:               true,
		LoadDuration:       "-1",
		PromptEvalCount:    -1, // -1 marks "not reported", like the durations
		PromptEvalDuration: "-1",
		EvalCount:          -1,
		EvalDuration:       "-1",
	}
	if out.Message.Role == "" {
		out.Message.Role = "assistant"
	}
	if answer.Usage != nil {
		out.PromptEvalCount, out.EvalCount = answer.Usage.PromptTokens, answer.Usage.CompletionTokens
	}
	return out, nil
}

func ollamaText(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// OllamaErrorFromUpstream turns a non-2xx upstream answer into the quirk body, keeping the provider's message
// when it gave one ({"error": {"message"}}, {"error": "…"} or {"message"}).
func OllamaErrorFromUpstream(status int, body []byte) OllamaError {
	var parsed struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
	}
	if json.Unmarshal(body, &parsed) == nil {
		if msg := ollamaErrorMessage(parsed.Error); msg != "" {
			return OllamaError{Error: msg}
		}
		if parsed.Message != "" {
			return OllamaError{Error: parsed.Message}
		}
	}
	msg := fmt.Sprintf("upstream returned HTTP %d", status)
	if text := strings.TrimSpace(string(body)); text != "" {
		msg += ": " + ollamaExcerpt(text)
	}
	return OllamaError{Error: msg}
}

// ollamaErrorMessage reads an OpenAI error value: a string, or an object with a message.
func ollamaErrorMessage(raw json.RawMessage) string {
	var text string
	if json.Unmarshal(raw, &text) == nil {
		return text
	}
	var object struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(raw, &object) == nil {
		return object.Message
	}
	return ""
}

// ollamaExcerpt keeps error messages and logs short when an upstream sends a page of HTML or a huge event.
func ollamaExcerpt(s string) string {
	const limit = 200
	if len(s) <= limit {
		return s
	}
	return strings.ToValidUTF8(s[:limit], "") + "…"
}

// ---- streaming ----

// OllamaChatChunk is one NDJSON line of a streaming /api/chat answer. The last line has Done set, the reason the
// upstream gave and, when it reported usage, the token counts.
type OllamaChatChunk struct {
	Model           string             `json:"model"`
	CreatedAt       string             `json:"created_at"`
	Message         OllamaChunkMessage `json:"message"`
	Done            bool               `json:"done"`
	DoneReason      *string            `json:"done_reason,omitempty"`
	PromptEvalCount *int64             `json:"prompt_eval_count,omitempty"`
	EvalCount       *int64             `json:"eval_count,omitempty"`
}

// OllamaChunkMessage is the piece of assistant text one chunk adds.
type OllamaChunkMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// OllamaStreamConverter re-encodes an OpenAI SSE stream as Ollama NDJSON, one line per upstream chunk.
type OllamaStreamConverter struct {
	Model string           // the name the client asked for
	Now   func() time.Time // stamps created_at; nil means time.Now
	Flush func()           // called after every line (http.Flusher.Flush); nil means no flushing
}

// Convert reads upstream event by event and writes each line as soon as its event is complete. It ends with the
// done line at [DONE] or EOF. It returns an error for an unreadable or malformed stream, or an upstream error
// event (after writing it as an {"error"} line, which Ollama clients understand mid-stream); the final line is
// then not written.
func (c OllamaStreamConverter) Convert(upstream io.Reader, out io.Writer) error {
	events := newOllamaSSEReader(upstream)
	var last OllamaChatChunk // collects the done reason and usage for the final line
	for {
		data, err := events.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("reading upstream stream: %w", err)
		}
		if strings.TrimSpace(data) == "[DONE]" {
			break
		}
		if err := c.convertEvent(data, out, &last); err != nil {
			return err
		}
	}
	last.Model, last.CreatedAt, last.Done = c.Model, ollamaTime(c.now()), true
	last.Message = OllamaChunkMessage{Role: "assistant"}
	return c.writeLine(out, last)
}

func (c OllamaStreamConverter) convertEvent(data string, out io.Writer, last *OllamaChatChunk) error {
	var chunk ollamaOpenAIAnswer
	if err := json.Unmarshal([]byte(data), &chunk); err != nil {
		return fmt.Errorf("malformed upstream stream event %q: %w", ollamaExcerpt(data), err)
	}
	if msg := ollamaErrorMessage(chunk.Error); msg != "" {
		if err := c.writeLine(out, OllamaError{Error: msg}); err != nil {
			return err
		}
		return fmt.Errorf("upstream stream error: %s", msg)
	}
	if chunk.Usage != nil { // sent alone in a chunk without choices when the client asked for include_usage
		last.PromptEvalCount, last.EvalCount = &chunk.Usage.PromptTokens, &chunk.Usage.CompletionTokens
	}
	if len(chunk.Choices) == 0 {
		return nil
	}
	choice := chunk.Choices[0]
	if choice.FinishReason != nil && *choice.FinishReason != "" {
		last.DoneReason = choice.FinishReason
	}
	return c.writeLine(out, OllamaChatChunk{
		Model:     c.Model,
		CreatedAt: ollamaTime(c.now()),
		Message:   OllamaChunkMessage{Role: "assistant", Content: ollamaText(choice.Delta.Content)},
	})
}

func (c OllamaStreamConverter) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

// writeLine sends one NDJSON line in a single Write, so a line is never split between flushes.
func (c OllamaStreamConverter) writeLine(out io.Writer, v any) error {
	line, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := out.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("writing to client: %w", err)
	}
	if c.Flush != nil {
		c.Flush()
	}
	return nil
}

// ollamaSSEMaxLine bounds one SSE line; a chunk carrying a long delta stays far below it.
const ollamaSSEMaxLine = 8 << 20

// ollamaSSEReader splits a server-sent event stream into the data of its events (the WHATWG rules the OpenAI
// streams use): CRLF or LF line ends, ':' comments, several data lines joined by '\n', other fields ignored.
type ollamaSSEReader struct {
	lines *bufio.Scanner
}

func newOllamaSSEReader(r io.Reader) *ollamaSSEReader {
	// A Scanner hands out each line as soon as its end arrives; it never waits to fill its buffer.
	lines := bufio.NewScanner(r)
	lines.Buffer(make([]byte, 0, 64<<10), ollamaSSEMaxLine)
	return &ollamaSSEReader{lines: lines}
}

// next returns the data of the next event that has any, or io.EOF at the end of the stream.
func (r *ollamaSSEReader) next() (string, error) {
	var data []string
	for r.lines.Scan() {
		line := r.lines.Text() // ScanLines has already dropped the '\r' of a CRLF
		if line == "" {
			if data != nil {
				return strings.Join(data, "\n"), nil
			}
			continue
		}
		field, value, _ := strings.Cut(line, ":")
		if field == "data" {
			data = append(data, strings.TrimPrefix(value, " "))
		}
	}
	if err := r.lines.Err(); err != nil {
		return "", err
	}
	if data != nil { // an upstream that closes without the final blank line still delivered this event
		return strings.Join(data, "\n"), nil
	}
	return "", io.EOF
}

// ---- GET /api/tags and POST /api/show ----

// OllamaLocalAlias describes a user or model alias for the Ollama listing. The params are set for user aliases only.
type OllamaLocalAlias struct {
	Name          string
	Snapshot      string
	ModifiedAt    time.Time
	ContextParams []string
	RequestParams any // OAIRequestParams or a map; rendered with its JSON field names
}

// OllamaTagsResponse is the body of GET /api/tags.
type OllamaTagsResponse struct {
	Models []OllamaModel `json:"models"`
}

// OllamaModel is one entry of /api/tags. Bodhi does not track sizes, so Size is 0 and Digest is the snapshot.
type OllamaModel struct {
	Model      string             `json:"model"`
	ModifiedAt string             `json:"modified_at"`
	Size       int64              `json:"size"`
	Digest     string             `json:"digest"`
	Details    OllamaModelDetails `json:"details"`
}

// OllamaModelDetails are fixed: Bodhi serves GGUF files and does not read their family or size here.
type OllamaModelDetails struct {
	ParentModel       *string  `json:"parent_model"`
	Format            string   `json:"format"`
	Family            string   `json:"family"`
	Families          []string `json:"families"`
	ParameterSize     string   `json:"parameter_size"`
	QuantizationLevel string   `json:"quantization_level"`
}

func newOllamaModelDetails() OllamaModelDetails {
	return OllamaModelDetails{Format: "gguf", Family: "unknown"}
}

// NewOllamaTagsResponse lists the aliases in the order given; an empty list is [] (hosted mode has no local aliases).
func NewOllamaTagsResponse(aliases []OllamaLocalAlias) OllamaTagsResponse {
	models := make([]OllamaModel, 0, len(aliases))
	for _, a := range aliases {
		models = append(models, OllamaModel{
			Model:      a.Name,
			ModifiedAt: ollamaTime(a.ModifiedAt),
			Digest:     a.Snapshot,
			Details:    newOllamaModelDetails(),
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
		Details:    newOllamaModelDetails(),
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
