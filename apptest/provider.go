package apptest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Models the fake provider fails on, as a provider does: RateLimitedModel with 429, BrokenModel with 500, each
// with OpenAI's error body and FailureMessage of its status.
const (
	RateLimitedModel = "rate-limited"
	BrokenModel      = "broken"
)

var failingModels = map[string]struct {
	status        int
	kind, message string
}{
	RateLimitedModel: {http.StatusTooManyRequests, "rate_limit_exceeded", FailureMessage(http.StatusTooManyRequests)},
	BrokenModel:      {http.StatusInternalServerError, "server_error", FailureMessage(http.StatusInternalServerError)},
}

// FailureMessage is the error message of the fake provider's failing models.
func FailureMessage(status int) string {
	return fmt.Sprintf("The fake provider fails with %d on purpose", status)
}

// embeddings answers an embeddings request: one vector per input (a string or an array of them), the i-th input's
// vector [i+0.1, i+0.2, i+0.3], and two prompt tokens per input.
func embeddings(model string, input any) map[string]any {
	n := 1
	if inputs, ok := input.([]any); ok {
		n = len(inputs)
	}
	data := make([]map[string]any, n)
	for i := range data {
		f := float64(i)
		data[i] = map[string]any{"object": "embedding", "index": i, "embedding": []float64{f + 0.1, f + 0.2, f + 0.3}}
	}
	return map[string]any{"object": "list", "model": model, "data": data,
		"usage": map[string]any{"prompt_tokens": 2 * n, "total_tokens": 2 * n}}
}

// ToolCallQuery is the query a tool-calling fake provider passes to the tool it calls.
const ToolCallQuery = "bodhi gateway"

// ProviderCall is one request the fake provider received.
type ProviderCall struct {
	Path          string
	Authorization string
	Model         string
	Header        http.Header
	Body          map[string]any
}

// Provider is a fake OpenAI-compatible API: /models, /chat/completions (plain or streamed) and /embeddings. It
// records every call (the decoded body only up to recordBodyLimit). A chat completion is answered after
// ResponseDelay. Streams send StreamChunks chunks, StreamDelay apart, and report a cancelled request on Cancelled;
// a stream asked for with stream_options.include_usage ends, as OpenAI's does, with a chunk of no choices and the
// usage (StreamUsage).
//
// With ToolCalls on, a chat completion plays a model that uses tools: a request that offers tools and has no tool
// result after its last user message is answered with a call of the first tool offered, with the arguments
// {"query": ToolCallQuery}; a request with tool results after its last user message is answered with text quoting
// the last result ("Top result: <title of its first result>"). Requests of neither kind are answered as when off.
type Provider struct {
	URL          string // base URL, ending in /v1
	Models       []string
	StreamChunks int
	StreamDelay  time.Duration
	// ResponseDelay is how long a chat completion waits before its answer (a slow model).
	ResponseDelay time.Duration
	Cancelled     chan struct{}
	ToolCalls     atomic.Bool // off by default

	mu    sync.Mutex
	calls []ProviderCall
}

// StartProvider serves a fake provider until t ends.
func StartProvider(t testing.TB) *Provider {
	p := &Provider{Models: []string{"gpt-4o", "gpt-4o-mini"}, StreamChunks: 3, Cancelled: make(chan struct{}, 16)}
	srv := httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(srv.Close)
	p.URL = srv.URL + "/v1"
	return p
}

// SetModels replaces the list /models answers with.
func (p *Provider) SetModels(models ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.Models = models
}

// Calls returns the calls received so far.
func (p *Provider) Calls() []ProviderCall {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]ProviderCall(nil), p.calls...)
}

// recordBodyLimit is the largest body a call keeps decoded: the size-limit tests send tens of megabytes.
const recordBodyLimit = 1 << 20

func (p *Provider) serve(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	raw, _ := io.ReadAll(r.Body)
	if len(raw) <= recordBodyLimit {
		_ = json.Unmarshal(raw, &body)
	} else {
		var head struct {
			Model  string `json:"model"`
			Stream bool   `json:"stream"`
		}
		_ = json.Unmarshal(raw, &head)
		body = map[string]any{"model": head.Model, "stream": head.Stream}
	}
	model, _ := body["model"].(string)
	p.mu.Lock()
	p.calls = append(p.calls, ProviderCall{Path: r.URL.Path, Authorization: r.Header.Get("Authorization"),
		Model: model, Header: r.Header.Clone(), Body: body})
	p.mu.Unlock()

	w.Header().Set("X-Provider", "fake")
	w.Header().Set("Set-Cookie", "provider=secret")
	if failure, ok := failingModels[model]; ok {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(failure.status)
		_, _ = io.WriteString(w, `{"error": {"message": "`+failure.message+`", "type": "`+failure.kind+`"}}`)
		return
	}
	switch r.URL.Path {
	case "/v1/models":
		data := []map[string]any{}
		p.mu.Lock()
		models := append([]string(nil), p.Models...)
		p.mu.Unlock()
		for _, m := range models {
			data = append(data, map[string]any{"id": m, "object": "model", "created": 1700000000, "owned_by": "fake"})
		}
		writeJSON(w, map[string]any{"object": "list", "data": data})
	case "/v1/embeddings":
		writeJSON(w, embeddings(model, body["input"]))
	case "/v1/chat/completions":
		select {
		case <-r.Context().Done():
			return
		case <-time.After(p.ResponseDelay):
		}
		stream, _ := body["stream"].(bool)
		if p.ToolCalls.Load() {
			if call, text, ok := toolTurn(body); ok {
				p.toolAnswer(w, r, model, stream, wantsUsage(body), call, text)
				return
			}
		}
		if stream {
			p.stream(w, r, model, wantsUsage(body))
			return
		}
		writeJSON(w, completion(model, "stop", map[string]any{"role": "assistant", "content": "Hello from " + model}))
	default:
		http.NotFound(w, r)
	}
}

func (p *Provider) stream(w http.ResponseWriter, r *http.Request, model string, usage bool) {
	deltas := make([]map[string]any, p.StreamChunks)
	for i := range deltas {
		deltas[i] = map[string]any{"content": fmt.Sprintf("part%d ", i)}
	}
	p.send(w, r, model, deltas, "stop", usage)
}

// send streams one chunk per delta, StreamDelay apart, the last with finish_reason finish, the usage chunk when
// asked for, then [DONE].
func (p *Provider) send(w http.ResponseWriter, r *http.Request, model string, deltas []map[string]any, finish string,
	usage bool) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	flusher := w.(http.Flusher)
	for i, delta := range deltas {
		choice := map[string]any{"index": 0, "delta": delta}
		if i == len(deltas)-1 {
			choice["finish_reason"] = finish
		}
		chunk := map[string]any{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1700000000,
			"model": model, "choices": []map[string]any{choice}}
		raw, _ := json.Marshal(chunk)
		if _, err := fmt.Fprintf(w, "data: %s\n\n", raw); err != nil {
			p.Cancelled <- struct{}{}
			return
		}
		flusher.Flush()
		select {
		case <-r.Context().Done():
			p.Cancelled <- struct{}{}
			return
		case <-time.After(p.StreamDelay):
		}
	}
	if usage {
		raw, _ := json.Marshal(map[string]any{"id": "chatcmpl-1", "object": "chat.completion.chunk",
			"created": 1700000000, "model": model, "choices": []any{}, "usage": StreamUsage})
		_, _ = fmt.Fprintf(w, "data: %s\n\n", raw)
	}
	_, _ = io.WriteString(w, "data: [DONE]\n\n")
	flusher.Flush()
}

// completion is a whole (non-streamed) chat completion with one choice.
func completion(model, finish string, message map[string]any) map[string]any {
	return map[string]any{"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000,
		"model": model, "choices": []map[string]any{{"index": 0, "finish_reason": finish, "message": message}},
		"usage": map[string]any{"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8}}
}

// StreamUsage is the usage the final chunk of a stream reports when the request asked for it.
var StreamUsage = map[string]any{"prompt_tokens": 7, "completion_tokens": 5, "total_tokens": 12}

// wantsUsage reports whether a request asked for the usage chunk at the end of its stream.
func wantsUsage(body map[string]any) bool {
	v, _ := asMap(body["stream_options"])["include_usage"].(bool)
	return v
}

// toolCall is the call a tool-calling provider makes.
type toolCall struct{ id, name, arguments string }

// toolTurn decides a tool-calling provider's answer to a chat request: a call of the first tool offered when no
// tool result follows the last user message, the text quoting the last tool result when one does; ok is false for
// a request of neither kind (no tools offered and no tool results).
func toolTurn(body map[string]any) (call *toolCall, text string, ok bool) {
	messages, _ := body["messages"].([]any)
	lastUser := -1
	for i, m := range messages {
		if role, _ := asMap(m)["role"].(string); role == "user" {
			lastUser = i
		}
	}
	var result *string
	for _, m := range messages[lastUser+1:] {
		if msg := asMap(m); msg["role"] == "tool" {
			content, _ := msg["content"].(string)
			result = &content
		}
	}
	if result != nil {
		return nil, quoteToolResult(*result), true
	}
	tools, _ := body["tools"].([]any)
	if len(tools) == 0 {
		return nil, "", false
	}
	name, _ := asMap(asMap(tools[0])["function"])["name"].(string)
	args, _ := json.Marshal(map[string]string{"query": ToolCallQuery})
	return &toolCall{id: "call_1", name: name, arguments: string(args)}, "", true
}

// quoteToolResult is the answer to a tool result: the title of its first result, its error, or the result itself.
func quoteToolResult(content string) string {
	var v struct {
		Results []struct {
			Title string `json:"title"`
		} `json:"results"`
		Error string `json:"error"`
	}
	_ = json.Unmarshal([]byte(content), &v)
	switch {
	case len(v.Results) > 0:
		return "Top result: " + v.Results[0].Title
	case v.Error != "":
		return "The tool failed: " + v.Error
	}
	return "The tool said: " + content
}

// toolAnswer sends a tool call or a text answer, streamed or whole. A streamed call comes in pieces as from
// OpenAI: the id and name first, then the arguments in two parts, then finish_reason "tool_calls".
func (p *Provider) toolAnswer(w http.ResponseWriter, r *http.Request, model string, stream, usage bool,
	call *toolCall, text string) {
	if call == nil {
		if !stream {
			writeJSON(w, completion(model, "stop", map[string]any{"role": "assistant", "content": text}))
			return
		}
		words := strings.SplitAfter(text, " ")
		deltas := make([]map[string]any, len(words))
		for i, word := range words {
			deltas[i] = map[string]any{"content": word}
		}
		deltas[0]["role"] = "assistant"
		p.send(w, r, model, deltas, "stop", usage)
		return
	}
	if !stream {
		writeJSON(w, completion(model, "tool_calls", map[string]any{"role": "assistant", "content": nil,
			"tool_calls": []map[string]any{{"id": call.id, "type": "function",
				"function": map[string]any{"name": call.name, "arguments": call.arguments}}}}))
		return
	}
	half := len(call.arguments) / 2
	piece := func(fields map[string]any) map[string]any {
		return map[string]any{"tool_calls": []map[string]any{fields}}
	}
	deltas := []map[string]any{
		piece(map[string]any{"index": 0, "id": call.id, "type": "function",
			"function": map[string]any{"name": call.name, "arguments": ""}}),
		piece(map[string]any{"index": 0, "function": map[string]any{"arguments": call.arguments[:half]}}),
		piece(map[string]any{"index": 0, "function": map[string]any{"arguments": call.arguments[half:]}}),
		{},
	}
	deltas[0]["role"], deltas[0]["content"] = "assistant", nil
	p.send(w, r, model, deltas, "tool_calls", usage)
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// BaseURL is the provider's base URL as an API model stores it.
func (p *Provider) BaseURL() string { return strings.TrimSuffix(p.URL, "/") }
