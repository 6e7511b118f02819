package apptest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// ProviderCall is one request the fake provider received.
type ProviderCall struct {
	Path          string
	Authorization string
	Model         string
	Header        http.Header
	Body          map[string]any
}

// Provider is a fake OpenAI-compatible API: /models, /chat/completions (plain or streamed) and /embeddings. It
// records every call. Streams send StreamChunks chunks, StreamDelay apart, and report a cancelled request on
// Cancelled.
type Provider struct {
	URL          string // base URL, ending in /v1
	Models       []string
	StreamChunks int
	StreamDelay  time.Duration
	Cancelled    chan struct{}

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

func (p *Provider) serve(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	raw, _ := io.ReadAll(r.Body)
	_ = json.Unmarshal(raw, &body)
	model, _ := body["model"].(string)
	p.mu.Lock()
	p.calls = append(p.calls, ProviderCall{Path: r.URL.Path, Authorization: r.Header.Get("Authorization"),
		Model: model, Header: r.Header.Clone(), Body: body})
	p.mu.Unlock()

	w.Header().Set("X-Provider", "fake")
	w.Header().Set("Set-Cookie", "provider=secret")
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
		writeJSON(w, map[string]any{"object": "list", "model": model, "data": []map[string]any{
			{"object": "embedding", "index": 0, "embedding": []float64{0.1, 0.2, 0.3}}},
			"usage": map[string]any{"prompt_tokens": 2, "total_tokens": 2}})
	case "/v1/chat/completions":
		if stream, _ := body["stream"].(bool); stream {
			p.stream(w, r, model)
			return
		}
		writeJSON(w, map[string]any{"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000,
			"model": model, "choices": []map[string]any{{"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": "Hello from " + model}}},
			"usage": map[string]any{"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8}})
	default:
		http.NotFound(w, r)
	}
}

func (p *Provider) stream(w http.ResponseWriter, r *http.Request, model string) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	flusher := w.(http.Flusher)
	for i := 0; i < p.StreamChunks; i++ {
		chunk := map[string]any{"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1700000000,
			"model": model, "choices": []map[string]any{{"index": 0, "delta": map[string]any{"content": fmt.Sprintf("part%d ", i)}}}}
		if i == p.StreamChunks-1 {
			chunk["choices"].([]map[string]any)[0]["finish_reason"] = "stop"
		}
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
	_, _ = io.WriteString(w, "data: [DONE]\n\n")
	flusher.Flush()
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// BaseURL is the provider's base URL as an API model stores it.
func (p *Provider) BaseURL() string { return strings.TrimSuffix(p.URL, "/") }
