// Package ollama speaks Ollama's native API (its /api/* routes) for the gateway: the request and response shapes of
// each route, and the conversions between them and the OpenAI API every provider (and llama-server) speaks. An
// /api/chat, /api/generate or /api/embed request becomes an OpenAI request routed like /v1/*; the OpenAI answer (a
// JSON body or an SSE stream) is re-encoded as Ollama's JSON or NDJSON.
//
// Everything here is a pure conversion: HTTP, routing and the choice of status codes are package server's. Field
// names, types and units follow Ollama's published API: durations are integer nanoseconds, times RFC 3339 with
// nanoseconds, tool-call arguments JSON objects (OpenAI sends them as strings).
package ollama
