package ollama

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
)

// EmbedRequest is the body of POST /api/embed: one input or several. truncate, options and keep_alive are accepted
// and have no effect (providers truncate or refuse by their own rule).
type EmbedRequest struct {
	Model      string          `json:"model"`
	Input      json.RawMessage `json:"input"`
	Dimensions *int            `json:"dimensions,omitempty"`
	Truncate   *bool           `json:"truncate,omitempty"`
	KeepAlive  json.RawMessage `json:"keep_alive,omitempty"`
	Options    json.RawMessage `json:"options,omitempty"`

	inputs []string // Input as a list, once decoded
}

// EmbeddingsRequest is the body of the older POST /api/embeddings: one prompt, one vector.
type EmbeddingsRequest struct {
	Model     string          `json:"model"`
	Prompt    string          `json:"prompt"`
	KeepAlive json.RawMessage `json:"keep_alive,omitempty"`
	Options   json.RawMessage `json:"options,omitempty"`
}

// OpenAIEmbeddings is the OpenAI embeddings body either becomes.
type OpenAIEmbeddings struct {
	Model      string   `json:"model"`
	Input      []string `json:"input"`
	Dimensions *int     `json:"dimensions,omitempty"`
}

// EmbedResponse is the answer of /api/embed: a vector per input, in the inputs' order.
type EmbedResponse struct {
	Model           string      `json:"model"`
	Embeddings      [][]float64 `json:"embeddings"`
	TotalDuration   int64       `json:"total_duration"`
	LoadDuration    int64       `json:"load_duration"`
	PromptEvalCount int64       `json:"prompt_eval_count"`
}

// EmbeddingsResponse is the answer of /api/embeddings.
type EmbeddingsResponse struct {
	Embedding []float64 `json:"embedding"`
}

// DecodeEmbedRequest parses an /api/embed body; errors are for the client.
func DecodeEmbedRequest(body []byte) (EmbedRequest, error) {
	var req EmbedRequest
	if err := decode(body, &req, "", nil); err != nil {
		return EmbedRequest{}, err
	}
	switch kind(req.Input) {
	case '"':
		var one string
		if err := json.Unmarshal(req.Input, &one); err != nil {
			return EmbedRequest{}, invalidJSON(err)
		}
		req.inputs = []string{one}
	case '[':
		if err := json.Unmarshal(req.Input, &req.inputs); err != nil {
			return EmbedRequest{}, ErrInputRequired
		}
	default:
		return EmbedRequest{}, ErrInputRequired
	}
	if req.Dimensions != nil && *req.Dimensions <= 0 {
		return EmbedRequest{}, errors.New("Field 'dimensions' must be a positive integer.")
	}
	return req, nil
}

// OpenAI is the OpenAI embeddings body of a decoded request.
func (r EmbedRequest) OpenAI() OpenAIEmbeddings {
	return OpenAIEmbeddings{Model: r.Model, Input: r.inputs, Dimensions: r.Dimensions}
}

// DecodeEmbeddingsRequest parses an /api/embeddings body.
func DecodeEmbeddingsRequest(body []byte) (EmbeddingsRequest, error) {
	var req EmbeddingsRequest
	if err := decode(body, &req, "", nil); err != nil {
		return EmbeddingsRequest{}, err
	}
	return req, nil
}

// OpenAI is the OpenAI embeddings body of the request: its one prompt.
func (r EmbeddingsRequest) OpenAI() OpenAIEmbeddings {
	return OpenAIEmbeddings{Model: r.Model, Input: []string{r.Prompt}}
}

// openAIEmbeddingsAnswer is what the conversions read of an OpenAI embeddings answer.
type openAIEmbeddingsAnswer struct {
	Data []struct {
		Index     int       `json:"index"`
		Embedding []float64 `json:"embedding"`
	} `json:"data"`
	Usage *struct {
		PromptTokens int64 `json:"prompt_tokens"`
	} `json:"usage"`
}

// vectors reads an OpenAI embeddings answer: the vectors in input order (by their index), and the prompt tokens.
func vectors(body []byte, inputs int) ([][]float64, int64, error) {
	var a openAIEmbeddingsAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		return nil, 0, fmt.Errorf("malformed upstream response: %w", err)
	}
	if len(a.Data) != inputs {
		return nil, 0, fmt.Errorf("upstream answered %d embeddings for %d inputs", len(a.Data), inputs)
	}
	sort.SliceStable(a.Data, func(i, j int) bool { return a.Data[i].Index < a.Data[j].Index })
	out := make([][]float64, len(a.Data))
	for i, d := range a.Data {
		out[i] = d.Embedding
	}
	var tokens int64
	if a.Usage != nil {
		tokens = a.Usage.PromptTokens
	}
	return out, tokens, nil
}

// NewEmbedResponse converts an OpenAI embeddings answer for /api/embed.
func NewEmbedResponse(openAIBody []byte, req OpenAIEmbeddings, model string, t Timing) (EmbedResponse, error) {
	vs, tokens, err := vectors(openAIBody, len(req.Input))
	if err != nil {
		return EmbedResponse{}, err
	}
	return EmbedResponse{Model: model, Embeddings: vs, TotalDuration: t.durations().TotalDuration,
		PromptEvalCount: tokens}, nil
}

// NewEmbeddingsResponse converts an OpenAI embeddings answer for /api/embeddings.
func NewEmbeddingsResponse(openAIBody []byte) (EmbeddingsResponse, error) {
	vs, _, err := vectors(openAIBody, 1)
	if err != nil {
		return EmbeddingsResponse{}, err
	}
	return EmbeddingsResponse{Embedding: vs[0]}, nil
}
