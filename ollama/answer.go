package ollama

import (
	"encoding/json"
	"errors"
	"fmt"
)

// ChatResponse is a whole /api/chat answer, or one line of a stream (the last with Done and the totals).
type ChatResponse struct {
	Model      string  `json:"model"`
	CreatedAt  string  `json:"created_at"`
	Message    Message `json:"message"`
	Done       bool    `json:"done"`
	DoneReason string  `json:"done_reason,omitempty"`
	*finalFields
}

// GenerateResponse is a whole /api/generate answer, or one line of a stream.
type GenerateResponse struct {
	Model      string `json:"model"`
	CreatedAt  string `json:"created_at"`
	Response   string `json:"response"`
	Thinking   string `json:"thinking,omitempty"`
	Done       bool   `json:"done"`
	DoneReason string `json:"done_reason,omitempty"`
	*finalFields
}

// finalFields are the durations and counts only a final answer carries.
type finalFields struct {
	durations
	counts
}

// The parts of an OpenAI answer or stream chunk the conversions read.
type openAIAnswer struct {
	Choices []struct {
		Message      openAIDelta `json:"message"`
		Delta        openAIDelta `json:"delta"`
		FinishReason *string     `json:"finish_reason"`
	} `json:"choices"`
	Usage *struct {
		PromptTokens     int64 `json:"prompt_tokens"`
		CompletionTokens int64 `json:"completion_tokens"`
	} `json:"usage"`
	Error json.RawMessage `json:"error"` // an error event in the middle of a stream
}

type openAIDelta struct {
	Role             string           `json:"role"`
	Content          *string          `json:"content"`
	ReasoningContent *string          `json:"reasoning_content"` // llama-server's and others' reasoning text
	ToolCalls        []openAIToolCall `json:"tool_calls"`
}

// doneReason is Ollama's done_reason for OpenAI's finish_reason: "stop", "length", and a tool call ends with
// "stop" as Ollama's own models do.
func doneReason(finish *string) string {
	if finish == nil || *finish == "" {
		return "stop"
	}
	switch *finish {
	case "tool_calls", "function_call":
		return "stop"
	}
	return *finish
}

// decodeAnswer reads a whole OpenAI chat answer: the choice and the usage.
func decodeAnswer(body []byte) (openAIAnswer, error) {
	var a openAIAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		return a, fmt.Errorf("malformed upstream response: %w", err)
	}
	if msg := errorMessage(a.Error); msg != "" {
		return a, errors.New(msg)
	}
	if len(a.Choices) == 0 {
		return a, errors.New("upstream response has no choices")
	}
	return a, nil
}

func final(a openAIAnswer, t Timing) *finalFields {
	f := &finalFields{durations: t.durations()}
	if a.Usage != nil {
		f.PromptEvalCount, f.EvalCount = a.Usage.PromptTokens, a.Usage.CompletionTokens
	}
	return f
}

// NewChatResponse converts a whole OpenAI chat answer. model is the name the client asked for, not the
// provider's, which may have lost its prefix.
func NewChatResponse(openAIBody []byte, model string, t Timing) (ChatResponse, error) {
	a, err := decodeAnswer(openAIBody)
	if err != nil {
		return ChatResponse{}, err
	}
	c := a.Choices[0]
	calls, err := toolCalls(c.Message.ToolCalls)
	if err != nil {
		return ChatResponse{}, err
	}
	return ChatResponse{Model: model, CreatedAt: FormatTime(t.End), Done: true,
		Message: Message{Role: "assistant", Content: text(c.Message.Content), Thinking: text(c.Message.ReasoningContent),
			ToolCalls: calls},
		DoneReason: doneReason(c.FinishReason), finalFields: final(a, t)}, nil
}

// NewGenerateResponse converts a whole OpenAI chat answer to /api/generate's.
func NewGenerateResponse(openAIBody []byte, model string, t Timing) (GenerateResponse, error) {
	a, err := decodeAnswer(openAIBody)
	if err != nil {
		return GenerateResponse{}, err
	}
	c := a.Choices[0]
	return GenerateResponse{Model: model, CreatedAt: FormatTime(t.End), Response: text(c.Message.Content),
		Thinking: text(c.Message.ReasoningContent), Done: true, DoneReason: doneReason(c.FinishReason),
		finalFields: final(a, t)}, nil
}

// LoadedResponse is /api/generate's answer to an empty prompt, which in Ollama only loads the model: nothing is
// sent to the provider.
func LoadedResponse(model string, t Timing) GenerateResponse {
	return GenerateResponse{Model: model, CreatedAt: FormatTime(t.End), Done: true, DoneReason: "load"}
}

// toolCalls converts OpenAI's calls (arguments as a string) to Ollama's (arguments as an object).
func toolCalls(in []openAIToolCall) ([]ToolCall, error) {
	if len(in) == 0 {
		return nil, nil
	}
	out := make([]ToolCall, len(in))
	for i, c := range in {
		args := json.RawMessage(c.Function.Arguments)
		if c.Function.Arguments == "" {
			args = json.RawMessage("{}")
		}
		if !json.Valid(args) || kind(args) != '{' {
			return nil, fmt.Errorf("upstream tool call %q has arguments that are not a JSON object", c.Function.Name)
		}
		index := i
		out[i] = ToolCall{ID: c.ID, Function: ToolFunction{Index: &index, Name: c.Function.Name, Arguments: args}}
	}
	return out, nil
}

func text(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
