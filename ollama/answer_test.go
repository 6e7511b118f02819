package ollama

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/require"
)

// testStart is the injected clock's start; +05:30 proves the times are written in UTC.
var testStart = time.Date(2024, 1, 20, 17, 30, 0, 120, time.FixedZone("IST", 5*3600+1800))

const testStamp = "2024-01-20T12:00:00.000000120Z"

func mustJSON(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(raw)
}

// The OpenAI → Ollama table of whole /api/chat answers.
func TestNewChatResponse(t *testing.T) {
	t.Parallel()
	timing := Timing{Start: testStart.Add(-3 * time.Second), FirstByte: testStart.Add(-time.Second), End: testStart}
	const times = `"total_duration": 3000000000, "load_duration": 0, "prompt_eval_duration": 2000000000, "eval_duration": 1000000000`
	tests := []struct {
		name    string
		openAI  string
		want    string
		wantErr string
	}{
		{
			name: "text with usage",
			openAI: `{"id": "c1", "object": "chat.completion", "model": "gpt-4o-2024-08-06",
				"choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello!"}, "finish_reason": "stop"}],
				"usage": {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15}}`,
			want: `{"model": "openai/gpt-4o", "created_at": "` + testStamp + `", "message": {"role": "assistant", "content": "Hello!"},
				"done": true, "done_reason": "stop", "prompt_eval_count": 12, "eval_count": 3, ` + times + `}`,
		},
		{
			name: "tool calls: arguments become objects, finish tool_calls is done_reason stop",
			openAI: `{"choices": [{"message": {"role": "assistant", "content": null, "tool_calls": [
				{"id": "call_1", "type": "function", "function": {"name": "weather", "arguments": "{\"city\": \"Paris\"}"}},
				{"id": "call_2", "type": "function", "function": {"name": "clock", "arguments": ""}}]},
				"finish_reason": "tool_calls"}]}`,
			want: `{"model": "openai/gpt-4o", "created_at": "` + testStamp + `", "message": {"role": "assistant", "content": "",
				"tool_calls": [{"id": "call_1", "function": {"index": 0, "name": "weather", "arguments": {"city": "Paris"}}},
					{"id": "call_2", "function": {"index": 1, "name": "clock", "arguments": {}}}]},
				"done": true, "done_reason": "stop", "prompt_eval_count": 0, "eval_count": 0, ` + times + `}`,
		},
		{
			name:   "reasoning, length, no usage",
			openAI: `{"choices": [{"message": {"content": "4", "reasoning_content": "2+2"}, "finish_reason": "length"}]}`,
			want: `{"model": "openai/gpt-4o", "created_at": "` + testStamp + `", "message": {"role": "assistant", "content": "4",
				"thinking": "2+2"}, "done": true, "done_reason": "length", "prompt_eval_count": 0, "eval_count": 0, ` + times + `}`,
		},
		{name: "malformed body", openAI: `{"choices": [`, wantErr: "malformed upstream response"},
		{name: "no choices", openAI: `{"choices": []}`, wantErr: "upstream response has no choices"},
		{name: "an error in a 200 body", openAI: `{"error": {"message": "quota exceeded"}}`, wantErr: "quota exceeded"},
		{name: "tool arguments that are not an object", openAI: `{"choices": [{"message": {"tool_calls": [
			{"function": {"name": "f", "arguments": "[1]"}}]}}]}`, wantErr: `upstream tool call "f" has arguments that are not a JSON object`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp, err := NewChatResponse([]byte(tt.openAI), "openai/gpt-4o", timing)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.JSONEq(t, tt.want, mustJSON(resp))
		})
	}
}

func TestNewGenerateResponse(t *testing.T) {
	t.Parallel()
	resp, err := NewGenerateResponse([]byte(`{"choices": [{"message": {"content": "blue"}, "finish_reason": "stop"}],
		"usage": {"prompt_tokens": 4, "completion_tokens": 1}}`), "m", Timing{Start: testStart, End: testStart.Add(time.Millisecond)})
	require.NoError(t, err)
	require.JSONEq(t, `{"model": "m", "created_at": "2024-01-20T12:00:00.001000120Z", "response": "blue", "done": true,
		"done_reason": "stop", "prompt_eval_count": 4, "eval_count": 1, "total_duration": 1000000, "load_duration": 0,
		"prompt_eval_duration": 1000000, "eval_duration": 0}`, mustJSON(resp))
	require.JSONEq(t, `{"model": "m", "created_at": "`+testStamp+`", "response": "", "done": true, "done_reason": "load"}`,
		mustJSON(LoadedResponse("m", Timing{End: testStart})))
}

func TestUpstreamError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		want   string
	}{
		{name: "OpenAI error object", status: 429, body: `{"error": {"message": "Rate limit reached", "type": "rate_limit_exceeded"}}`, want: "Rate limit reached"},
		{name: "error string", status: 404, body: `{"error": "model not found"}`, want: "model not found"},
		{name: "top-level message", status: 429, body: `{"message": "slow down"}`, want: "slow down"},
		{name: "JSON without a message", status: 500, body: `{"error": {"code": 1}}`, want: `upstream returned HTTP 500: {"error": {"code": 1}}`},
		{name: "plain text", status: 502, body: "Bad Gateway\n", want: "upstream returned HTTP 502: Bad Gateway"},
		{name: "empty body", status: 503, body: "", want: "upstream returned HTTP 503"},
		{name: "long body is cut", status: 500, body: strings.Repeat("x", 300), want: "upstream returned HTTP 500: " + strings.Repeat("x", 200) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, UpstreamError(tt.status, []byte(tt.body)))
		})
	}
}

func TestEmbedResponses(t *testing.T) {
	t.Parallel()
	answer := `{"object": "list", "data": [{"index": 1, "embedding": [0.3]}, {"index": 0, "embedding": [0.1, 0.2]}],
		"usage": {"prompt_tokens": 6, "total_tokens": 6}}`
	resp, err := NewEmbedResponse([]byte(answer), OpenAIEmbeddings{Input: []string{"a", "b"}}, "e",
		Timing{Start: testStart, End: testStart.Add(2 * time.Millisecond)})
	require.NoError(t, err)
	require.JSONEq(t, `{"model": "e", "embeddings": [[0.1, 0.2], [0.3]], "total_duration": 2000000, "load_duration": 0,
		"prompt_eval_count": 6}`, mustJSON(resp), "in the inputs' order")

	_, err = NewEmbedResponse([]byte(answer), OpenAIEmbeddings{Input: []string{"a"}}, "e", Timing{})
	require.EqualError(t, err, "upstream answered 2 embeddings for 1 inputs")
	_, err = NewEmbeddingsResponse([]byte(`{"data": [`))
	require.ErrorContains(t, err, "malformed upstream response")

	legacy, err := NewEmbeddingsResponse([]byte(`{"data": [{"index": 0, "embedding": [0.5, 0.25]}]}`))
	require.NoError(t, err)
	require.JSONEq(t, `{"embedding": [0.5, 0.25]}`, mustJSON(legacy))
}

// stepClock returns testStart, then a second later on each call.
func stepClock() func() time.Time {
	now := testStart.Add(-time.Second)
	return func() time.Time {
		now = now.Add(time.Second)
		return now
	}
}

func chunk(delta map[string]any, finish string) string {
	c := map[string]any{"object": "chat.completion.chunk", "choices": []any{map[string]any{"index": 0, "delta": delta,
		"finish_reason": nil}}}
	if finish != "" {
		c["choices"].([]any)[0].(map[string]any)["finish_reason"] = finish
	}
	return "data: " + mustJSON(c) + "\n\n"
}

func stamp(seconds int) string {
	return FormatTime(testStart.Add(time.Duration(seconds) * time.Second))
}

// The OpenAI SSE → Ollama NDJSON table of streams.
func TestStreamConverter(t *testing.T) {
	t.Parallel()
	usage := `data: {"choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 2}}` + "\n\n"
	tests := []struct {
		name     string
		kind     Kind
		upstream string
		want     []string
		wantErr  string
	}{
		{
			name: "text, usage in a last chunk without choices, [DONE]",
			upstream: chunk(map[string]any{"role": "assistant", "content": ""}, "") + chunk(map[string]any{"content": "Hel"}, "") +
				chunk(map[string]any{"content": "lo"}, "stop") + usage + "data: [DONE]\n\n",
			want: []string{
				`{"model": "m", "created_at": "` + stamp(1) + `", "message": {"role": "assistant", "content": "Hel"}, "done": false}`,
				`{"model": "m", "created_at": "` + stamp(2) + `", "message": {"role": "assistant", "content": "lo"}, "done": false}`,
				`{"model": "m", "created_at": "` + stamp(3) + `", "message": {"role": "assistant", "content": ""}, "done": true,
					"done_reason": "stop", "prompt_eval_count": 9, "eval_count": 2, "total_duration": 13000000000,
					"load_duration": 0, "prompt_eval_duration": 10000000000, "eval_duration": 3000000000}`,
			},
		},
		{
			name: "tool calls streamed in pieces become one line of whole calls",
			upstream: chunk(map[string]any{"role": "assistant", "tool_calls": []any{map[string]any{"index": 0, "id": "call_1",
				"type": "function", "function": map[string]any{"name": "weather", "arguments": ""}}}}, "") +
				chunk(map[string]any{"tool_calls": []any{map[string]any{"index": 0, "function": map[string]any{"arguments": `{"city":`}}}}, "") +
				chunk(map[string]any{"tool_calls": []any{map[string]any{"index": 0, "function": map[string]any{"arguments": `"Paris"}`}}}}, "") +
				chunk(map[string]any{"tool_calls": []any{map[string]any{"index": 1, "id": "call_2", "function": map[string]any{"name": "clock", "arguments": "{}"}}}}, "tool_calls") +
				"data: [DONE]\n\n",
			want: []string{
				`{"model": "m", "created_at": "` + stamp(1) + `", "message": {"role": "assistant", "content": "", "tool_calls": [
					{"id": "call_1", "function": {"index": 0, "name": "weather", "arguments": {"city": "Paris"}}},
					{"id": "call_2", "function": {"index": 1, "name": "clock", "arguments": {}}}]}, "done": false}`,
				`{"model": "m", "created_at": "` + stamp(2) + `", "message": {"role": "assistant", "content": ""}, "done": true,
					"done_reason": "stop", "prompt_eval_count": 0, "eval_count": 0, "total_duration": 12000000000,
					"load_duration": 0, "prompt_eval_duration": 10000000000, "eval_duration": 2000000000}`,
			},
		},
		{
			name:     "generate lines carry a response; EOF without [DONE] still ends with the done line",
			kind:     Generate,
			upstream: chunk(map[string]any{"content": "blue"}, "length"),
			want: []string{
				`{"model": "m", "created_at": "` + stamp(1) + `", "response": "blue", "done": false}`,
				`{"model": "m", "created_at": "` + stamp(2) + `", "response": "", "done": true, "done_reason": "length",
					"prompt_eval_count": 0, "eval_count": 0, "total_duration": 12000000000, "load_duration": 0,
					"prompt_eval_duration": 10000000000, "eval_duration": 2000000000}`,
			},
		},
		{
			name:     "an error event ends the stream with an error line",
			upstream: chunk(map[string]any{"content": "Hi"}, "") + `data: {"error": {"message": "overloaded"}}` + "\n\n" + chunk(map[string]any{"content": "never"}, ""),
			want: []string{
				`{"model": "m", "created_at": "` + stamp(1) + `", "message": {"role": "assistant", "content": "Hi"}, "done": false}`,
				`{"error": "upstream stream error: overloaded"}`,
			},
			wantErr: "upstream stream error: overloaded",
		},
		{
			name:     "a malformed event ends the stream with an error line",
			upstream: "data: {oops\n\n",
			want:     []string{`{"error": "malformed upstream stream event \"{oops\": invalid character 'o' looking for beginning of object key string"}`},
			wantErr:  "malformed upstream stream event",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out strings.Builder
			// Start is ten seconds before the clock's first reading (the first event): the prompt took ten seconds. Each
			// line written reads the clock again, a second later.
			conv := StreamConverter{Kind: tt.kind, Model: "m", Start: testStart.Add(-10 * time.Second), Now: stepClock()}
			err := conv.Convert(strings.NewReader(tt.upstream), &out)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
			} else {
				require.NoError(t, err)
			}
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			require.Len(t, lines, len(tt.want), "%s", out.String())
			for i := range lines {
				require.JSONEq(t, tt.want[i], lines[i], "line %d", i)
			}
		})
	}
}

func TestStreamConverterIOErrors(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	err := StreamConverter{Model: "m"}.Convert(iotest.ErrReader(errors.New("reset")), &out)
	require.ErrorContains(t, err, "reading upstream stream: reset")
	require.JSONEq(t, `{"error": "reading upstream stream: reset"}`, strings.TrimSpace(out.String()))

	err = StreamConverter{Model: "m"}.Convert(strings.NewReader(chunk(map[string]any{"content": "x"}, "")), failingWriter{})
	require.ErrorContains(t, err, "writing to client")

	flushed := 0
	var ok strings.Builder
	require.NoError(t, StreamConverter{Model: "m", Flush: func() { flushed++ }}.Convert(
		strings.NewReader(chunk(map[string]any{"content": "x"}, "")), &ok))
	require.Equal(t, 2, flushed, "every line is flushed")
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }
