package toolsets_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/outbound"
	"github.com/bodhiapp/bodhi/toolsets"
)

// fakeExa records each call and answers with the status and body set for its path.
type fakeExa struct {
	*httptest.Server
	mu      sync.Mutex
	calls   []exaCall
	answers map[string]exaAnswer
}

type exaCall struct {
	Path   string
	Header http.Header
	Body   map[string]any
}

type exaAnswer struct {
	status int
	body   string
	delay  time.Duration
}

func newFakeExa(t *testing.T) *fakeExa {
	f := &fakeExa{answers: map[string]exaAnswer{}}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var body map[string]any
		_ = json.Unmarshal(raw, &body)
		f.mu.Lock()
		f.calls = append(f.calls, exaCall{Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
		a, ok := f.answers[r.URL.Path]
		f.mu.Unlock()
		if !ok {
			a = exaAnswer{status: http.StatusNotFound, body: `{}`}
		}
		if a.delay > 0 {
			select {
			case <-time.After(a.delay):
			case <-r.Context().Done():
				return
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(a.status)
		_, _ = io.WriteString(w, a.body)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeExa) answer(path string, status int, body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.answers[path] = exaAnswer{status: status, body: body}
}

func (f *fakeExa) last(t *testing.T) exaCall {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	require.NotEmpty(t, f.calls)
	return f.calls[len(f.calls)-1]
}

func (f *fakeExa) client() *toolsets.Exa {
	return toolsets.NewExa(f.URL+"/", outbound.NewClient(false, 30*time.Second))
}

// roundTrip marshals v and decodes it back, as the route's JSON would be seen by a client.
func roundTrip(t *testing.T, v any) any {
	t.Helper()
	raw, err := json.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(raw, &out))
	return out
}

const searchAnswer = `{"autopromptString": "rust programming language", "results": [
	{"title": "Rust", "url": "https://rust-lang.org", "publishedDate": "2024-01-15", "author": "Rust Team",
	 "score": 0.95, "text": "Rust is...", "highlights": ["systems programming", "memory safety"]},
	{"title": null, "url": "https://example.com", "score": 0.5}]}`

func TestExaSearch(t *testing.T) {
	f := newFakeExa(t)
	f.answer("/search", http.StatusOK, searchAnswer)
	res, err := f.client().Search(context.Background(), "exa-key", "rust", 7)
	require.NoError(t, err)

	call := f.last(t)
	require.Equal(t, "/search", call.Path)
	require.Equal(t, "exa-key", call.Header.Get("x-api-key"))
	require.Equal(t, "application/json", call.Header.Get("Content-Type"))
	require.Empty(t, call.Header.Get("Authorization"))
	require.Equal(t, map[string]any{"query": "rust", "type": "neural", "useAutoprompt": true, "numResults": 7.0,
		"contents": map[string]any{"text": true, "highlights": true}}, call.Body)

	require.Equal(t, map[string]any{
		"query_used": "rust programming language",
		"results": []any{
			map[string]any{"title": "Rust", "url": "https://rust-lang.org",
				"snippet": "systems programming ... memory safety", "published_date": "2024-01-15", "score": 0.95},
			map[string]any{"title": "", "url": "https://example.com", "snippet": "", "published_date": nil,
				"score": 0.5},
		},
	}, roundTrip(t, res))
}

func TestExaFindSimilarContentsAnswer(t *testing.T) {
	f := newFakeExa(t)
	ctx := context.Background()
	x := f.client()

	f.answer("/findSimilar", http.StatusOK, `{"results": [{"title": "Similar", "url": "https://s.example",
		"publishedDate": null, "score": 0.8, "highlights": ["a"]}]}`)
	sim, err := x.FindSimilar(ctx, "k", "https://rust-lang.org", 3)
	require.NoError(t, err)
	require.Equal(t, map[string]any{"url": "https://rust-lang.org", "numResults": 3.0,
		"contents": map[string]any{"text": true, "highlights": true}}, f.last(t).Body)
	require.Equal(t, map[string]any{"results": []any{map[string]any{"title": "Similar", "url": "https://s.example",
		"snippet": "a", "published_date": nil, "score": 0.8}}}, roundTrip(t, sim))

	f.answer("/contents", http.StatusOK, `{"results": [{"url": "https://a.example", "title": "A", "text": "body"}]}`)
	contents, err := x.Contents(ctx, "k", []string{"https://a.example"}, false)
	require.NoError(t, err)
	require.Equal(t, map[string]any{"urls": []any{"https://a.example"}, "text": false}, f.last(t).Body)
	require.Equal(t, map[string]any{"results": []any{map[string]any{"url": "https://a.example", "title": "A",
		"text": "body"}}}, roundTrip(t, contents))

	f.answer("/answer", http.StatusOK, `{"answer": "42", "citations": [{"title": "Guide", "url": "https://g.example",
		"text": "the answer is 42"}]}`)
	answer, err := x.Answer(ctx, "k", "meaning of life", true)
	require.NoError(t, err)
	require.Equal(t, map[string]any{"query": "meaning of life", "text": true}, f.last(t).Body)
	require.Equal(t, map[string]any{"answer": "42", "sources": []any{map[string]any{"title": "Guide",
		"url": "https://g.example", "snippet": "the answer is 42"}}}, roundTrip(t, answer))

	f.answer("/answer", http.StatusOK, `{"answer": "x", "results": [{"title": "R", "url": "https://r.example",
		"highlights": ["h1", "h2"]}]}`)
	answer, err = x.Answer(ctx, "k", "q", true)
	require.NoError(t, err)
	require.Equal(t, []toolsets.Source{{Title: "R", URL: "https://r.example", Snippet: "h1 ... h2"}}, answer.Sources)

	f.answer("/search", http.StatusOK, `{"results": []}`)
	empty, err := x.Search(ctx, "k", "nothing", 5)
	require.NoError(t, err)
	require.Equal(t, map[string]any{"results": []any{}, "query_used": nil}, roundTrip(t, empty),
		"no results is an empty list, never null")
}

func TestExaErrors(t *testing.T) {
	f := newFakeExa(t)
	x := f.client()
	for status, want := range map[int]string{
		http.StatusUnauthorized:        "Search API key is invalid or missing.",
		http.StatusTooManyRequests:     "Search API rate limit exceeded. Please try again later.",
		http.StatusInternalServerError: "Search request failed: 500",
		http.StatusBadRequest:          "Search request failed: 400",
	} {
		f.answer("/search", status, `{"error": "nope"}`)
		_, err := x.Search(context.Background(), "k", "q", 5)
		var exaErr *toolsets.ExaError
		require.True(t, errors.As(err, &exaErr), "%d: %v", status, err)
		require.Equal(t, want, exaErr.Msg)
	}

	f.answer("/contents", http.StatusOK, `not json`)
	_, err := x.Contents(context.Background(), "k", []string{"u"}, true)
	require.EqualError(t, err, "Search request failed: invalid response")

	f.mu.Lock()
	f.answers["/answer"] = exaAnswer{status: http.StatusOK, body: `{}`, delay: 2 * time.Second}
	f.mu.Unlock()
	slow := toolsets.NewExa(f.URL, outbound.NewClient(false, 100*time.Millisecond))
	_, err = slow.Answer(context.Background(), "k", "q", true)
	require.EqualError(t, err, "Search request timed out.")

	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	_, err = toolsets.NewExa(closed.URL, outbound.NewClient(false, time.Second)).Search(context.Background(), "k", "q", 5)
	require.EqualError(t, err, "Search request failed: connection error")

	_, err = toolsets.NewExa(f.URL, outbound.NewClient(true, time.Second)).Search(context.Background(), "k", "q", 5)
	require.EqualError(t, err, "Search request failed: the address is not allowed", "hosted mode keeps Exa off loopback")
}
