package gateway

import (
	"encoding/json"

	"github.com/bodhiapp/bodhi/ollama"
	"github.com/bodhiapp/bodhi/proxy"
)

// Body is a model request's body in the format the provider speaks (OpenAI's), which names the model.
type Body interface {
	// Model is the model the client asked for, as it named it: what the gateway resolves.
	Model() string
	// For is the body to send to a provider that knows the model as upstreamModel.
	For(upstreamModel string) ([]byte, error)
}

// OpenAIRequest is an OpenAI request body as the client sent it: its bytes, its decoded top-level fields and its
// model (the routes check the fields before they build it).
type OpenAIRequest struct {
	Raw    []byte
	Fields map[string]json.RawMessage
	Name   string // the "model" field
}

// Model is the "model" field.
func (r OpenAIRequest) Model() string { return r.Name }

// For sends the client's bytes as they came when the provider knows the model by the client's name; else the
// fields are re-encoded with the provider's name (proxy.WithModel).
func (r OpenAIRequest) For(upstreamModel string) ([]byte, error) {
	if upstreamModel == r.Name {
		return r.Raw, nil
	}
	return proxy.WithModel(r.Fields, upstreamModel)
}

// OllamaChat is an Ollama /api/chat or /api/generate request converted to an OpenAI chat request.
type OllamaChat struct {
	Request ollama.OpenAIChat
}

// Model is the model the Ollama client named.
func (r OllamaChat) Model() string { return r.Request.Model }

// For encodes the chat request naming upstreamModel.
func (r OllamaChat) For(upstreamModel string) ([]byte, error) {
	req := r.Request
	req.Model = upstreamModel
	return json.Marshal(req)
}

// OllamaEmbeddings is an Ollama /api/embed or /api/embeddings request converted to an OpenAI embeddings request.
type OllamaEmbeddings struct {
	Request ollama.OpenAIEmbeddings
}

// Model is the model the Ollama client named.
func (r OllamaEmbeddings) Model() string { return r.Request.Model }

// For encodes the embeddings request naming upstreamModel.
func (r OllamaEmbeddings) For(upstreamModel string) ([]byte, error) {
	req := r.Request
	req.Model = upstreamModel
	return json.Marshal(req)
}
