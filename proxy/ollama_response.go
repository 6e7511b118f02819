package proxy

// The Ollama-compatible API (http-api.md §8): an /api/chat body becomes an OpenAI chat request that is routed like
// /v1/chat/completions, and the OpenAI answer (a JSON body or an SSE stream) is re-encoded in Ollama's shapes.
// Everything here is a pure conversion; the handlers own HTTP and write errors as the §8.3 quirk body.

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ---- /api/chat responses ----

// OllamaChatResponse is the non-streaming /api/chat answer (§8.2). The durations are not measured: "-1" and 0
// keep the field types Ollama clients parse.
type OllamaChatResponse struct {
	Model              string                `json:"model"`
	CreatedAt          string                `json:"created_at"`
	Message            OllamaResponseMessage `json:"message"`
	DoneReason         *string               `json:"done_reason"`
	Done               bool                  `json:"done"`
	TotalDuration      int64                 `json:"total_duration"`
	LoadDuration       string                `json:"load_duration"`
	PromptEvalCount    int64                 `json:"prompt_eval_count"`
	PromptEvalDuration string                `json:"prompt_eval_duration"`
	EvalCount          int64                 `json:"eval_count"`
	EvalDuration       string                `json:"eval_duration"`
}

// OllamaResponseMessage is the assistant message of a non-streaming answer; Images is always null.
type OllamaResponseMessage struct {
	Role    string   `json:"role"`
	Content string   `json:"content"`
	Images  []string `json:"images"`
}

// The parts of OpenAI answers and stream chunks the conversions read.
type ollamaOpenAIAnswer struct {
	Choices []struct {
		Message      ollamaOpenAIContent `json:"message"`
		Delta        ollamaOpenAIContent `json:"delta"`
		FinishReason *string             `json:"finish_reason"`
	} `json:"choices"`
	Usage *struct {
		PromptTokens     int64 `json:"prompt_tokens"`
		CompletionTokens int64 `json:"completion_tokens"`
	} `json:"usage"`
	Error json.RawMessage `json:"error"` // set on an error event in the middle of a stream
}

type ollamaOpenAIContent struct {
	Role    string  `json:"role"`
	Content *string `json:"content"`
}

// NewOllamaChatResponse converts an OpenAI chat-completion body. model is the name the client asked for, not the
// upstream's, which may have lost its prefix.
func NewOllamaChatResponse(openAIBody []byte, model string, createdAt time.Time) (OllamaChatResponse, error) {
	var answer ollamaOpenAIAnswer
	if err := json.Unmarshal(openAIBody, &answer); err != nil {
		return OllamaChatResponse{}, fmt.Errorf("malformed upstream response: %w", err)
	}
	if msg := ollamaErrorMessage(answer.Error); msg != "" {
		return OllamaChatResponse{}, errors.New(msg)
	}
	if len(answer.Choices) == 0 {
		return OllamaChatResponse{}, errors.New("upstream response has no choices")
	}
	choice := answer.Choices[0]
	out := OllamaChatResponse{
		Model:              model,
		CreatedAt:          ollamaTime(createdAt),
		Message:            OllamaResponseMessage{Role: choice.Message.Role, Content: ollamaText(choice.Message.Content)},
		DoneReason:         choice.FinishReason,
		Done:               true,
		LoadDuration:       "-1",
		PromptEvalCount:    -1, // -1 marks "not reported", like the durations
		PromptEvalDuration: "-1",
		EvalCount:          -1,
		EvalDuration:       "-1",
	}
	if out.Message.Role == "" {
		out.Message.Role = "assistant"
	}
	if answer.Usage != nil {
		out.PromptEvalCount, out.EvalCount = answer.Usage.PromptTokens, answer.Usage.CompletionTokens
	}
	return out, nil
}

func ollamaText(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// OllamaErrorFromUpstream turns a non-2xx upstream answer into the quirk body, keeping the provider's message
// when it gave one ({"error": {"message"}}, {"error": "…"} or {"message"}).
func OllamaErrorFromUpstream(status int, body []byte) OllamaError {
	var parsed struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
	}
	if json.Unmarshal(body, &parsed) == nil {
		if msg := ollamaErrorMessage(parsed.Error); msg != "" {
			return OllamaError{Error: msg}
		}
		if parsed.Message != "" {
			return OllamaError{Error: parsed.Message}
		}
	}
	msg := fmt.Sprintf("upstream returned HTTP %d", status)
	if text := strings.TrimSpace(string(body)); text != "" {
		msg += ": " + ollamaExcerpt(text)
	}
	return OllamaError{Error: msg}
}

// ollamaErrorMessage reads an OpenAI error value: a string, or an object with a message.
func ollamaErrorMessage(raw json.RawMessage) string {
	var text string
	if json.Unmarshal(raw, &text) == nil {
		return text
	}
	var object struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(raw, &object) == nil {
		return object.Message
	}
	return ""
}

// ollamaExcerpt keeps error messages and logs short when an upstream sends a page of HTML or a huge event.
func ollamaExcerpt(s string) string {
	const limit = 200
	if len(s) <= limit {
		return s
	}
	return strings.ToValidUTF8(s[:limit], "") + "…"
}
