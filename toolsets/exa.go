package toolsets

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/bodhiapp/bodhi/outbound"
)

// maxExaResponse bounds how much of an Exa answer is read.
const maxExaResponse = 16 << 20

// ExaTimeout is the total timeout of an Exa call (http-api.md §14.1): the timeout of the client given to NewExa.
const ExaTimeout = 30 * time.Second

// ExaError is a failed Exa call. Its message is what the execute route returns as {error} (http-api.md §9.4);
// Cause, when set, is for the logs only.
type ExaError struct {
	Msg   string
	Cause error
}

func (e *ExaError) Error() string { return e.Msg }

func (e *ExaError) Unwrap() error { return e.Cause }

// Exa calls the Exa API (http-api.md §9.4).
type Exa struct {
	baseURL string
	client  *http.Client
}

// NewExa returns a client of the Exa API at baseURL (BODHI_EXA_BASE_URL). client carries ExaTimeout and, in
// hosted mode, the outbound address rule.
func NewExa(baseURL string, client *http.Client) *Exa {
	return &Exa{baseURL: strings.TrimRight(baseURL, "/"), client: client}
}

// SearchItem is one result of search and findSimilar.
type SearchItem struct {
	Title         string   `json:"title"`
	URL           string   `json:"url"`
	Snippet       string   `json:"snippet"`
	PublishedDate *string  `json:"published_date"`
	Score         *float64 `json:"score"`
}

// SearchResult is the result of search.
type SearchResult struct {
	Results   []SearchItem `json:"results"`
	QueryUsed *string      `json:"query_used"`
}

// SimilarResult is the result of findSimilar.
type SimilarResult struct {
	Results []SearchItem `json:"results"`
}

// ContentItem is one page of contents.
type ContentItem struct {
	URL   string  `json:"url"`
	Title string  `json:"title"`
	Text  *string `json:"text"`
}

// ContentsResult is the result of contents.
type ContentsResult struct {
	Results []ContentItem `json:"results"`
}

// Source is one source of an answer.
type Source struct {
	Title   string `json:"title"`
	URL     string `json:"url"`
	Snippet string `json:"snippet"`
}

// AnswerResult is the result of answer.
type AnswerResult struct {
	Answer  string   `json:"answer"`
	Sources []Source `json:"sources"`
}

// exaResult is a result item as Exa sends it.
type exaResult struct {
	Title         *string  `json:"title"`
	URL           string   `json:"url"`
	PublishedDate *string  `json:"publishedDate"`
	Score         *float64 `json:"score"`
	Text          *string  `json:"text"`
	Highlights    []string `json:"highlights"`
}

type exaContents struct {
	Text       bool `json:"text"`
	Highlights bool `json:"highlights"`
}

var searchContents = exaContents{Text: true, Highlights: true}

// Search runs POST /search.
func (x *Exa) Search(ctx context.Context, key, query string, numResults int) (SearchResult, error) {
	req := struct {
		Query         string      `json:"query"`
		Type          string      `json:"type"`
		UseAutoprompt bool        `json:"useAutoprompt"`
		NumResults    int         `json:"numResults"`
		Contents      exaContents `json:"contents"`
	}{query, "neural", true, numResults, searchContents}
	var resp struct {
		Results          []exaResult `json:"results"`
		AutopromptString *string     `json:"autopromptString"`
	}
	if err := x.post(ctx, "/search", key, req, &resp); err != nil {
		return SearchResult{}, err
	}
	return SearchResult{Results: searchItems(resp.Results), QueryUsed: resp.AutopromptString}, nil
}

// FindSimilar runs POST /findSimilar.
func (x *Exa) FindSimilar(ctx context.Context, key, url string, numResults int) (SimilarResult, error) {
	req := struct {
		URL        string      `json:"url"`
		NumResults int         `json:"numResults"`
		Contents   exaContents `json:"contents"`
	}{url, numResults, searchContents}
	var resp struct {
		Results []exaResult `json:"results"`
	}
	if err := x.post(ctx, "/findSimilar", key, req, &resp); err != nil {
		return SimilarResult{}, err
	}
	return SimilarResult{Results: searchItems(resp.Results)}, nil
}

// Contents runs POST /contents.
func (x *Exa) Contents(ctx context.Context, key string, urls []string, text bool) (ContentsResult, error) {
	req := struct {
		URLs []string `json:"urls"`
		Text bool     `json:"text"`
	}{urls, text}
	var resp struct {
		Results []exaResult `json:"results"`
	}
	if err := x.post(ctx, "/contents", key, req, &resp); err != nil {
		return ContentsResult{}, err
	}
	out := ContentsResult{Results: make([]ContentItem, len(resp.Results))}
	for i, r := range resp.Results {
		out.Results[i] = ContentItem{URL: r.URL, Title: deref(r.Title), Text: r.Text}
	}
	return out, nil
}

// Answer runs POST /answer. Exa lists the sources as citations (older answers used results); either is read.
func (x *Exa) Answer(ctx context.Context, key, query string, text bool) (AnswerResult, error) {
	req := struct {
		Query string `json:"query"`
		Text  bool   `json:"text"`
	}{query, text}
	var resp struct {
		Answer    json.RawMessage `json:"answer"`
		Citations []exaResult     `json:"citations"`
		Results   []exaResult     `json:"results"`
	}
	if err := x.post(ctx, "/answer", key, req, &resp); err != nil {
		return AnswerResult{}, err
	}
	sources := resp.Citations
	if len(sources) == 0 {
		sources = resp.Results
	}
	out := AnswerResult{Answer: answerText(resp.Answer), Sources: make([]Source, len(sources))}
	for i, r := range sources {
		snippet := strings.Join(r.Highlights, " ... ")
		if snippet == "" && r.Text != nil {
			snippet = truncate(*r.Text, 500)
		}
		out.Sources[i] = Source{Title: deref(r.Title), URL: r.URL, Snippet: snippet}
	}
	return out, nil
}

func searchItems(rs []exaResult) []SearchItem {
	items := make([]SearchItem, len(rs))
	for i, r := range rs {
		items[i] = SearchItem{Title: deref(r.Title), URL: r.URL, Snippet: strings.Join(r.Highlights, " ... "),
			PublishedDate: r.PublishedDate, Score: r.Score}
	}
	return items
}

// answerText is the answer as text: Exa answers a string, or an object when a schema was asked for.
func answerText(raw json.RawMessage) string {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	return string(raw)
}

// post sends one call and decodes a 2xx answer into out; every failure is an *ExaError with the message of §9.4.
func (x *Exa) post(ctx context.Context, path, key string, body, out any) error {
	payload, err := json.Marshal(body)
	if err != nil {
		return &ExaError{Msg: "Search request failed: invalid request", Cause: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, x.baseURL+path, bytes.NewReader(payload))
	if err != nil {
		return &ExaError{Msg: "Search request failed: invalid request", Cause: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("x-api-key", key)
	resp, err := x.client.Do(req)
	if err != nil {
		return transportError(err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return &ExaError{Msg: "Search API key is invalid or missing."}
	case resp.StatusCode == http.StatusTooManyRequests:
		return &ExaError{Msg: "Search API rate limit exceeded. Please try again later."}
	case resp.StatusCode < 200 || resp.StatusCode > 299:
		return &ExaError{Msg: fmt.Sprintf("Search request failed: %d", resp.StatusCode)}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxExaResponse))
	if err != nil {
		return transportError(err)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &ExaError{Msg: "Search request failed: invalid response", Cause: err}
	}
	return nil
}

func transportError(err error) *ExaError {
	var netErr net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()):
		return &ExaError{Msg: "Search request timed out.", Cause: err}
	case outbound.IsBlocked(err):
		return &ExaError{Msg: "Search request failed: the address is not allowed", Cause: err}
	default:
		return &ExaError{Msg: "Search request failed: connection error", Cause: err}
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
