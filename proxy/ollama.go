package proxy

// The Ollama-compatible API (http-api.md §8): an /api/chat body becomes an OpenAI chat request that is routed like
// /v1/chat/completions, and the OpenAI answer (a JSON body or an SSE stream) is re-encoded in Ollama's shapes.
// Everything here is a pure conversion; the handlers own HTTP and write errors as the §8.3 quirk body.

import (
	"errors"
	"time"
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
