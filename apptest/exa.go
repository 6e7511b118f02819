package apptest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// ExaResultTitle is the title of the fake Exa's search result: distinctive, so a test can follow it from the
// fake Exa through the tool message to the model's answer.
const ExaResultTitle = "Bodhi Search Result"

// exaAnswers are the fake Exa's canned bodies, by path: the endpoints toolsets.Exa calls.
var exaAnswers = map[string]string{
	"/search": `{"autopromptString": "rust lang", "results": [{"title": "` + ExaResultTitle + `",
		"url": "https://rust-lang.org", "publishedDate": "2024-01-15", "score": 0.9, "text": "Rust is...",
		"highlights": ["fast", "safe"]}]}`,
	"/findSimilar": `{"results": [{"title": "Go", "url": "https://go.dev", "score": 0.7, "highlights": ["simple"]}]}`,
	"/contents":    `{"results": [{"url": "https://go.dev", "title": "Go", "text": "Build simple software"}]}`,
	"/answer": `{"answer": "Use Rust.", "citations": [{"title": "Rust", "url": "https://rust-lang.org",
		"highlights": ["memory safety"]}]}`,
}

// ExaCall is one request the fake Exa received.
type ExaCall struct {
	Path   string
	Header http.Header
	Body   map[string]any
}

// APIKey is the key the call presented (Exa's x-api-key header).
func (c ExaCall) APIKey() string { return c.Header.Get("x-api-key") }

// Exa is a fake Exa API (BODHI_EXA_BASE_URL): POST /search, /findSimilar, /contents and /answer answer canned
// bodies; a call without an x-api-key gets 401, as from Exa; Fail makes a path answer an error status. It records
// every call.
type Exa struct {
	URL string

	mu     sync.Mutex
	calls  []ExaCall
	status map[string]int
}

// StartExa serves a fake Exa until t ends.
func StartExa(t testing.TB) *Exa {
	x := &Exa{status: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(x.serve))
	t.Cleanup(srv.Close)
	x.URL = srv.URL
	return x
}

// Fail makes path answer status (0: answer normally again).
func (x *Exa) Fail(path string, status int) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.status[path] = status
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
	x.mu.Lock()
	x.calls = append(x.calls, ExaCall{Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	status := x.status[r.URL.Path]
	x.mu.Unlock()

	answer, known := exaAnswers[r.URL.Path]
	switch {
	case r.Method != http.MethodPost || !known:
		http.NotFound(w, r)
		return
	case r.Header.Get("x-api-key") == "":
		status = http.StatusUnauthorized
	}
	w.Header().Set("Content-Type", "application/json")
	if status != 0 {
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"error": "stubbed"}`)
		return
	}
	_, _ = io.WriteString(w, answer)
}
