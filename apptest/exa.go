package apptest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// ExaResultTitle is the title of the one result every fake Exa search gives: distinctive, so a test can follow it
// from the fake Exa through the tool message to the model's answer.
const ExaResultTitle = "Bodhi Search Result"

// ExaCall is one request the fake Exa received.
type ExaCall struct {
	Path   string
	APIKey string // the x-api-key header
	Body   map[string]any
}

// Exa is a fake Exa API (BODHI_EXA_BASE_URL) answering the endpoints toolsets.Exa calls — POST /search,
// /findSimilar, /contents and /answer — with one fixed result titled ExaResultTitle. A call without an x-api-key
// gets 401, as from Exa. It records every call.
type Exa struct {
	URL string

	mu    sync.Mutex
	calls []ExaCall
}

// StartExa serves a fake Exa until t ends.
func StartExa(t testing.TB) *Exa {
	x := &Exa{}
	srv := httptest.NewServer(http.HandlerFunc(x.serve))
	t.Cleanup(srv.Close)
	x.URL = srv.URL
	return x
}

// Calls returns the calls received so far.
func (x *Exa) Calls() []ExaCall {
	x.mu.Lock()
	defer x.mu.Unlock()
	return append([]ExaCall(nil), x.calls...)
}

func (x *Exa) serve(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	raw, _ := io.ReadAll(r.Body)
	_ = json.Unmarshal(raw, &body)
	key := r.Header.Get("x-api-key")
	x.mu.Lock()
	x.calls = append(x.calls, ExaCall{Path: r.URL.Path, APIKey: key, Body: body})
	x.mu.Unlock()

	if r.Method != http.MethodPost {
		http.Error(w, `{"error":"method not allowed"}`, http.StatusMethodNotAllowed)
		return
	}
	if key == "" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"error":"missing API key"}`)
		return
	}
	text := "Bodhi is an OpenAI-compatible LLM gateway."
	result := map[string]any{"id": "https://example.com/bodhi", "title": ExaResultTitle,
		"url": "https://example.com/bodhi", "publishedDate": "2024-01-15", "author": "Bodhi", "score": 0.97,
		"text": text, "highlights": []string{text}}
	switch r.URL.Path {
	case "/search":
		query, _ := body["query"].(string)
		writeJSON(w, map[string]any{"results": []any{result}, "autopromptString": query})
	case "/findSimilar", "/contents":
		writeJSON(w, map[string]any{"results": []any{result}})
	case "/answer":
		writeJSON(w, map[string]any{"answer": text, "citations": []any{result}})
	default:
		http.NotFound(w, r)
	}
}
