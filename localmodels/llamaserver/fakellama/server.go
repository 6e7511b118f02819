package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"
)

type server struct {
	opts     options
	rec      *recorder
	readyAt  time.Time
	requests atomic.Int64 // model requests so far, for --fake-crash-on-request
	mux      *http.ServeMux
}

func newServer(opts options, rec *recorder) *server {
	s := &server{opts: opts, rec: rec, readyAt: time.Now().Add(opts.readyAfter), mux: http.NewServeMux()}
	s.mux.HandleFunc("GET /health", s.health)
	s.mux.HandleFunc("GET /v1/health", s.health)
	s.mux.HandleFunc("POST /v1/chat/completions", s.chat)
	s.mux.HandleFunc("POST /chat/completions", s.chat)
	s.mux.HandleFunc("POST /v1/embeddings", s.embeddings)
	return s
}

func (s *server) ready() bool { return !s.opts.neverReady && !time.Now().Before(s.readyAt) }

// ServeHTTP answers every route 503 "Loading model" until the model is loaded, as llama-server does, and 404 in
// llama-server's shape for a route it lacks.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.ready() {
		writeError(w, http.StatusServiceUnavailable, "Loading model", "unavailable_error")
		return
	}
	if s.opts.apiKey != "" && r.URL.Path != "/health" && r.URL.Path != "/v1/health" &&
		r.Header.Get("Authorization") != "Bearer "+s.opts.apiKey {
		writeError(w, http.StatusUnauthorized, "Invalid API Key", "authentication_error")
		return
	}
	if h, pattern := s.mux.Handler(r); pattern != "" {
		h.ServeHTTP(w, r)
		return
	}
	writeError(w, http.StatusNotFound, "File Not Found", "not_found_error")
}

func (s *server) health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok"})
}

// request reads and records a model request, and plays the crash the fake was asked for.
func (s *server) request(r *http.Request) (map[string]any, bool) {
	raw, _ := io.ReadAll(r.Body)
	s.rec.write(event{Event: "request", Method: r.Method, Path: r.URL.Path, Accept: r.Header.Get("Accept"), Body: raw})
	if n := s.requests.Add(1); s.opts.crashOnRequest > 0 && n == int64(s.opts.crashOnRequest) {
		fmt.Fprintln(os.Stderr, "ggml_backend_cpu_buffer_type_alloc_buffer: failed to allocate buffer")
		fmt.Fprintln(os.Stderr, "fake: crashing on request", n)
		os.Exit(3)
	}
	var body map[string]any
	if err := json.Unmarshal(raw, &body); err != nil {
		return nil, false
	}
	return body, true
}

func (s *server) modelName(body map[string]any) string {
	if m, ok := body["model"].(string); ok && m != "" {
		return m
	}
	return filepath.Base(s.opts.model)
}

// chat answers a chat completion: "Hello from <model file>", whole or in chunks.
func (s *server) chat(w http.ResponseWriter, r *http.Request) {
	body, ok := s.request(r)
	if !ok {
		writeError(w, http.StatusBadRequest, "Failed to parse the request body as JSON", "invalid_request_error")
		return
	}
	if s.opts.embeddings {
		writeError(w, http.StatusNotImplemented,
			"This server does not support completions. Start it without `--embeddings`", "not_supported_error")
		return
	}
	model := s.modelName(body)
	words := []string{"Hello", " from", " " + filepath.Base(s.opts.model)}
	if stream, _ := body["stream"].(bool); stream {
		s.stream(w, r, model, words, includeUsage(body))
		return
	}
	text := ""
	for _, w := range words {
		text += w
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": "chatcmpl-fake", "object": "chat.completion",
		"created": time.Now().Unix(), "model": model, "system_fingerprint": "b0-fake",
		"choices": []map[string]any{{"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": text}}},
		"usage": usage(len(words))})
}

func includeUsage(body map[string]any) bool {
	so, _ := body["stream_options"].(map[string]any)
	v, _ := so["include_usage"].(bool)
	return v
}

func usage(completion int) map[string]any {
	return map[string]any{"prompt_tokens": 7, "completion_tokens": completion, "total_tokens": 7 + completion}
}

// stream sends one chunk with the role, one per word (streamDelay apart), one with finish_reason "stop", the usage
// alone when asked for (stream_options.include_usage), then data: [DONE], as llama-server's OpenAI-compatible
// stream does.
func (s *server) stream(w http.ResponseWriter, r *http.Request, model string, words []string, withUsage bool) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	flusher := w.(http.Flusher)
	send := func(choices []map[string]any, extra map[string]any) bool {
		chunk := map[string]any{"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": time.Now().Unix(),
			"model": model, "system_fingerprint": "b0-fake", "choices": choices}
		for k, v := range extra {
			chunk[k] = v
		}
		raw, _ := json.Marshal(chunk)
		if _, err := fmt.Fprintf(w, "data: %s\n\n", raw); err != nil {
			return false
		}
		flusher.Flush()
		return true
	}
	delta := func(d map[string]any, finish any) []map[string]any {
		return []map[string]any{{"index": 0, "delta": d, "finish_reason": finish}}
	}
	if !send(delta(map[string]any{"role": "assistant", "content": nil}, nil), nil) {
		return
	}
	for _, word := range words {
		select {
		case <-r.Context().Done():
			s.rec.write(event{Event: "cancelled", Path: r.URL.Path})
			return
		case <-time.After(s.opts.streamDelay):
		}
		if !send(delta(map[string]any{"content": word}, nil), nil) {
			return
		}
	}
	send(delta(map[string]any{}, "stop"), nil)
	if withUsage {
		send([]map[string]any{}, map[string]any{"usage": usage(len(words))})
	}
	_, _ = io.WriteString(w, "data: [DONE]\n\n")
	flusher.Flush()
}

// embeddings answers an OpenAI embeddings request, one vector of 4 numbers per input; llama-server serves it only
// when started with --embeddings.
func (s *server) embeddings(w http.ResponseWriter, r *http.Request) {
	body, ok := s.request(r)
	if !ok {
		writeError(w, http.StatusBadRequest, "Failed to parse the request body as JSON", "invalid_request_error")
		return
	}
	if !s.opts.embeddings {
		writeError(w, http.StatusNotImplemented,
			"This server does not support embeddings. Start it with `--embeddings`", "not_supported_error")
		return
	}
	var inputs []any
	switch in := body["input"].(type) {
	case string:
		inputs = []any{in}
	case []any:
		inputs = in
	default:
		writeError(w, http.StatusBadRequest, "\"input\" must be provided", "invalid_request_error")
		return
	}
	data := make([]map[string]any, len(inputs))
	for i := range inputs {
		data[i] = map[string]any{"object": "embedding", "index": i, "embedding": []float64{0.5, -0.25, 0.125, float64(i)}}
	}
	writeJSON(w, http.StatusOK, map[string]any{"object": "list", "model": s.modelName(body), "data": data,
		"usage": map[string]any{"prompt_tokens": len(inputs), "total_tokens": len(inputs)}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError is llama-server's error body: {"error": {"code", "message", "type"}}.
func writeError(w http.ResponseWriter, status int, msg, typ string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"code": status, "message": msg, "type": typ}})
}
