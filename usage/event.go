// Package usage records who used which model and how much: one Event per gateway request (OpenAI and Ollama
// routes, chat and embeddings, API and local models), kept in a bounded in-process buffer and written by one
// writer per process in batches (one multi-row insert each), never on the request's path.
package usage

import "time"

// Auth kinds of an event's caller.
const (
	KindSession  = "session"
	KindAPIToken = "api_token"
	KindApp      = "app"
)

// ProviderLocal is the Provider of a request served by a local model (llama-server).
const ProviderLocal = "local"

// Event is one gateway request.
type Event struct {
	// ID makes a row's insert idempotent: a batch retried after a failure that did commit inserts nothing twice.
	ID    string
	OrgID string
	// OrgSlug labels metrics; it is not stored (the org id is).
	OrgSlug     string
	UserID      string
	Username    string
	AuthKind    string  // KindSession, KindAPIToken or KindApp
	TokenID     *string // the API token, when AuthKind is KindAPIToken
	AppClientID *string // the third-party app's client, when AuthKind is KindApp
	// Model is the model as the client named it (an alias); ProviderModel the name sent upstream ("" when the
	// request never reached a model).
	Model         string
	ProviderModel string
	// APIModelID is the API model that served the request (nil for a local model or none).
	APIModelID *string
	// Provider is the upstream's host (e.g. api.openai.com) or ProviderLocal; "" when none was reached. A metrics
	// label: its values are few.
	Provider string
	Route    string // the route template, e.g. /v1/chat/completions, /api/chat
	Stream   bool
	Status   int // the HTTP status the client got
	// Tokens as the provider counted them (zero when it reported none).
	PromptTokens     int64
	CompletionTokens int64
	TotalTokens      int64
	// Upstream is the upstream call's duration to the end of its body, TTFB to its first body byte (0 when the
	// request never reached a model).
	Upstream  time.Duration
	TTFB      time.Duration
	StartedAt time.Time
}

// Failed reports whether the client got an error status.
func (e Event) Failed() bool { return e.Status >= 400 }

// Stats are the recorder's counters, for metrics and logs.
type Stats struct {
	Depth    int // events waiting in the buffer
	Capacity int // the buffer's size
	// Flushes counts batches written, FlushedEvents their events, FlushFailures the failed attempts (each retried).
	Flushes       uint64
	FlushedEvents uint64
	FlushFailures uint64
	// Dropped counts events lost because the buffer stayed full: it is logged whenever it grows.
	Dropped uint64
	// InFlightStreams is the number of streamed gateway answers being relayed now.
	InFlightStreams int64
}
