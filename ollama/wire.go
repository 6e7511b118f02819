package ollama

import (
	"encoding/json"
	"time"
)

// timeLayout always prints nine fractional digits, as Ollama does; RFC3339Nano would drop trailing zeros.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// FormatTime renders t as Ollama's created_at and modified_at fields do.
func FormatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// Error is the body of every error of an Ollama route, and the last line of a stream that failed midway.
type Error struct {
	Error string `json:"error"`
}

// Message is one chat message. Images are base64 strings (no data: prefix); ToolCalls are an assistant's calls,
// ToolName the function a "tool" message answers.
type Message struct {
	Role      string     `json:"role"`
	Content   string     `json:"content"`
	Thinking  string     `json:"thinking,omitempty"`
	Images    []string   `json:"images,omitempty"`
	ToolCalls []ToolCall `json:"tool_calls,omitempty"`
	ToolName  string     `json:"tool_name,omitempty"`
}

// ToolCall is a model's call of a function. Arguments is a JSON object (OpenAI's is a string holding one).
type ToolCall struct {
	ID       string       `json:"id,omitempty"`
	Function ToolFunction `json:"function"`
}

// ToolFunction is the function a ToolCall names. Index is the call's position among the message's calls.
type ToolFunction struct {
	Index     *int            `json:"index,omitempty"`
	Name      string          `json:"name"`
	Arguments json.RawMessage `json:"arguments"`
}

// Options are the model options of a request. Those with an OpenAI parameter are sent on; the rest (num_ctx,
// top_k, min_p, mirostat, repeat_penalty, …) have none a provider would accept, and are dropped.
type Options struct {
	NumPredict       *int64   `json:"num_predict,omitempty"`
	Seed             *int64   `json:"seed,omitempty"`
	Stop             []string `json:"stop,omitempty"`
	Temperature      *float64 `json:"temperature,omitempty"`
	TopP             *float64 `json:"top_p,omitempty"`
	PresencePenalty  *float64 `json:"presence_penalty,omitempty"`
	FrequencyPenalty *float64 `json:"frequency_penalty,omitempty"`
}

// Timing is when a model call started, when its first byte of answer came and when it ended: Ollama's durations.
type Timing struct {
	Start, FirstByte, End time.Time
}

// durations are the duration fields of a final answer, in nanoseconds. A provider reports no load or evaluation
// times: the prompt is taken as evaluated when the first byte came, the rest of the call as generation.
type durations struct {
	TotalDuration      int64 `json:"total_duration"`
	LoadDuration       int64 `json:"load_duration"`
	PromptEvalDuration int64 `json:"prompt_eval_duration"`
	EvalDuration       int64 `json:"eval_duration"`
}

func (t Timing) durations() durations {
	if t.Start.IsZero() || t.End.Before(t.Start) {
		return durations{}
	}
	first := t.FirstByte
	if first.IsZero() || first.Before(t.Start) || first.After(t.End) {
		first = t.End
	}
	return durations{TotalDuration: int64(t.End.Sub(t.Start)), PromptEvalDuration: int64(first.Sub(t.Start)),
		EvalDuration: int64(t.End.Sub(first))}
}

// counts are the token counts of a final answer, from the provider's usage (0 when it reported none).
type counts struct {
	PromptEvalCount int64 `json:"prompt_eval_count"`
	EvalCount       int64 `json:"eval_count"`
}
