package proxy

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/require"
)

// ollamaTestClock is the injected time; +05:30 proves created_at is written in UTC.
var ollamaTestClock = time.Date(2024, 1, 20, 17, 30, 0, 120, time.FixedZone("IST", 5*3600+1800))

const ollamaTestStamp = "2024-01-20T12:00:00.000000120Z"

func TestDecodeOllamaChatRequestErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		body    string
		wantErr error  // when set, errors.Is must hold
		wantMsg string // otherwise, the message must contain this
	}{
		{name: "malformed JSON", body: `{"model": "m",`, wantMsg: "Invalid JSON in request: unexpected end of JSON input"},
		{name: "empty body", body: ``, wantMsg: "Invalid JSON in request"},
		{name: "body is an array", body: `[]`, wantMsg: "Invalid JSON in request: cannot unmarshal array"},
		{name: "model missing", body: `{"messages": []}`, wantErr: ErrOllamaModelRequired},
		{name: "model null", body: `{"model": null, "messages": []}`, wantErr: ErrOllamaModelRequired},
		{name: "model is a number", body: `{"model": 7, "messages": []}`, wantErr: ErrOllamaModelRequired},
		{name: "messages missing", body: `{"model": "m"}`, wantErr: ErrOllamaMessagesRequired},
		{name: "messages is an object", body: `{"model": "m", "messages": {}}`, wantErr: ErrOllamaMessagesRequired},
		{name: "messages is a string", body: `{"model": "m", "messages": "hi"}`, wantErr: ErrOllamaMessagesRequired},
		{name: "stream not a boolean", body: `{"model": "m", "messages": [], "stream": "yes"}`, wantMsg: "Invalid JSON in request: cannot unmarshal string into Go struct field OllamaChatRequest.stream of type bool"},
		{name: "option of the wrong type", body: `{"model": "m", "messages": [], "options": {"temperature": "hot"}}`, wantMsg: "options.temperature"},
		{name: "message content not a string", body: `{"model": "m", "messages": [{"role": "user", "content": 1}]}`, wantMsg: "Invalid JSON in request"},
		{name: "unknown format name", body: `{"model": "m", "messages": [], "format": "xml"}`, wantMsg: `invalid format "xml": expected "json" or a JSON schema object`},
		{name: "format is a number", body: `{"model": "m", "messages": [], "format": 42}`, wantMsg: "invalid format 42"},
		{name: "format is an array", body: `{"model": "m", "messages": [], "format": []}`, wantMsg: "invalid format []"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := DecodeOllamaChatRequest([]byte(tt.body))
			require.Error(t, err)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
			} else {
				require.Contains(t, err.Error(), tt.wantMsg)
			}
		})
	}
}

func TestOllamaChatRequestToOpenAI(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		body          string
		wantStreaming bool
		wantOpenAI    string
	}{
		{
			name:          "defaults: n is 1, stream is true, no options",
			body:          `{"model": "llama3:8b", "messages": [{"role": "user", "content": "hi"}]}`,
			wantStreaming: true,
			wantOpenAI:    `{"model": "llama3:8b", "messages": [{"role": "user", "content": "hi"}], "n": 1, "stream": true}`,
		},
		{
			name:       "stream false is carried over",
			body:       `{"model": "m", "messages": [], "stream": false}`,
			wantOpenAI: `{"model": "m", "messages": [], "n": 1, "stream": false}`,
		},
		{
			name:          "explicit stream true",
			body:          `{"model": "m", "messages": [], "stream": true}`,
			wantStreaming: true,
			wantOpenAI:    `{"model": "m", "messages": [], "n": 1, "stream": true}`,
		},
		{
			name: "every option, and roles as sent",
			body: `{"model": "m", "stream": false, "messages": [
				{"role": "system", "content": "be brief"}, {"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}],
				"options": {"num_predict": 128, "seed": 9007199254740993, "stop": ["\n", "###"], "temperature": 0.7,
					"top_p": 0.9, "presence_penalty": -0.5, "frequency_penalty": 1.5, "top_k": 40, "num_ctx": 4096}}`,
			wantOpenAI: `{"model": "m", "n": 1, "stream": false,
				"messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}],
				"max_completion_tokens": 128, "seed": 9007199254740993, "stop": ["\n", "###"], "temperature": 0.7,
				"top_p": 0.9, "presence_penalty": -0.5, "frequency_penalty": 1.5}`,
		},
		{
			name:       "zero-valued options are still sent",
			body:       `{"model": "m", "messages": [], "stream": false, "options": {"num_predict": 0, "seed": 0, "temperature": 0}}`,
			wantOpenAI: `{"model": "m", "messages": [], "n": 1, "stream": false, "max_completion_tokens": 0, "seed": 0, "temperature": 0}`,
		},
		{
			name:       "a negative num_predict (no limit) leaves the limit out",
			body:       `{"model": "m", "messages": [], "stream": false, "options": {"num_predict": -1}}`,
			wantOpenAI: `{"model": "m", "messages": [], "n": 1, "stream": false}`,
		},
		{
			name:       "keep_alive is accepted as a string or a number and not forwarded",
			body:       `{"model": "m", "messages": [], "stream": false, "keep_alive": "5m", "options": {}}`,
			wantOpenAI: `{"model": "m", "messages": [], "n": 1, "stream": false}`,
		},
		{
			name:       "keep_alive as a number",
			body:       `{"model": "m", "messages": [], "stream": false, "keep_alive": 0}`,
			wantOpenAI: `{"model": "m", "messages": [], "n": 1, "stream": false}`,
		},
		{
			name:       `format "json" asks for a JSON object`,
			body:       `{"model": "m", "messages": [], "stream": false, "format": "json"}`,
			wantOpenAI: `{"model": "m", "messages": [], "n": 1, "stream": false, "response_format": {"type": "json_object"}}`,
		},
		{
			name: "a schema format becomes json_schema named response",
			body: `{"model": "m", "messages": [], "stream": false,
				"format": {"type": "object", "properties": {"age": {"type": "integer"}}, "required": ["age"]}}`,
			wantOpenAI: `{"model": "m", "messages": [], "n": 1, "stream": false, "response_format": {"type": "json_schema",
				"json_schema": {"name": "response", "schema": {"type": "object", "properties": {"age": {"type": "integer"}}, "required": ["age"]}}}}`,
		},
		{
			name:       "an empty or null format means free text",
			body:       `{"model": "m", "messages": [], "stream": false, "format": ""}`,
			wantOpenAI: `{"model": "m", "messages": [], "n": 1, "stream": false}`,
		},
		{
			name:       "a null format",
			body:       `{"model": "m", "messages": [], "stream": false, "format": null}`,
			wantOpenAI: `{"model": "m", "messages": [], "n": 1, "stream": false}`,
		},
		{
			name: "images become a text part and image_url parts",
			body: `{"model": "m", "stream": false, "messages": [
				{"role": "user", "content": "what is this?", "images": ["iVBORw0K", "/9j/4AAQ"]},
				{"role": "user", "content": "", "images": ["data:image/png;base64,iVBORw0K"]},
				{"role": "user", "content": "no images", "images": []}]}`,
			wantOpenAI: `{"model": "m", "n": 1, "stream": false, "messages": [
				{"role": "user", "content": [
					{"type": "text", "text": "what is this?"},
					{"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,iVBORw0K"}},
					{"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,/9j/4AAQ"}}]},
				{"role": "user", "content": [
					{"type": "text", "text": ""},
					{"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0K"}}]},
				{"role": "user", "content": "no images"}]}`,
		},
		{
			name:          "a null content is an empty string",
			body:          `{"model": "m", "messages": [{"role": "assistant", "content": null}]}`,
			wantStreaming: true,
			wantOpenAI:    `{"model": "m", "messages": [{"role": "assistant", "content": ""}], "n": 1, "stream": true}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req, err := DecodeOllamaChatRequest([]byte(tt.body))
			require.NoError(t, err)
			require.Equal(t, tt.wantStreaming, req.Streaming())
			upstream, err := req.ToOpenAI()
			require.NoError(t, err)
			got, err := json.Marshal(upstream)
			require.NoError(t, err)
			require.JSONEq(t, tt.wantOpenAI, string(got))
		})
	}
}

func TestOllamaChatRequestToOpenAIRejectsABadFormat(t *testing.T) {
	t.Parallel()
	// A request built in code skips DecodeOllamaChatRequest, so ToOpenAI checks the format again.
	req := OllamaChatRequest{Model: "m", Format: json.RawMessage(`"yaml"`)}
	_, err := req.ToOpenAI()
	require.EqualError(t, err, `invalid format "yaml": expected "json" or a JSON schema object`)
}

func TestNewOllamaChatResponse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		openAI   string
		want     string
		wantErrs string
	}{
		{
			name: "full answer",
			openAI: `{"id": "c1", "object": "chat.completion", "created": 1700000000, "model": "gpt-4o-2024-08-06",
				"choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello!"}, "finish_reason": "stop"}],
				"usage": {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15}}`,
			want: `{"model": "openai/gpt-4o", "created_at": "` + ollamaTestStamp + `",
				"message": {"role": "assistant", "content": "Hello!", "images": null}, "done_reason": "stop", "done": true,
				"total_duration": 0, "load_duration": "-1", "prompt_eval_count": 12, "prompt_eval_duration": "-1",
				"eval_count": 3, "eval_duration": "-1"}`,
		},
		{
			name:   "no usage, null content, no role, no finish reason",
			openAI: `{"choices": [{"message": {"content": null}, "finish_reason": null}]}`,
			want: `{"model": "openai/gpt-4o", "created_at": "` + ollamaTestStamp + `",
				"message": {"role": "assistant", "content": "", "images": null}, "done_reason": null, "done": true,
				"total_duration": 0, "load_duration": "-1", "prompt_eval_count": -1, "prompt_eval_duration": "-1",
				"eval_count": -1, "eval_duration": "-1"}`,
		},
		{
			name: "only the first choice is used",
			openAI: `{"choices": [{"message": {"role": "assistant", "content": "one"}, "finish_reason": "length"},
				{"message": {"role": "assistant", "content": "two"}, "finish_reason": "stop"}], "usage": {"prompt_tokens": 1, "completion_tokens": 2}}`,
			want: `{"model": "openai/gpt-4o", "created_at": "` + ollamaTestStamp + `",
				"message": {"role": "assistant", "content": "one", "images": null}, "done_reason": "length", "done": true,
				"total_duration": 0, "load_duration": "-1", "prompt_eval_count": 1, "prompt_eval_duration": "-1",
				"eval_count": 2, "eval_duration": "-1"}`,
		},
		{name: "malformed body", openAI: `{"choices": [`, wantErrs: "malformed upstream response"},
		{name: "not an object", openAI: `[1]`, wantErrs: "malformed upstream response"},
		{name: "no choices", openAI: `{"choices": []}`, wantErrs: "upstream response has no choices"},
		{name: "an error in a 200 body", openAI: `{"error": {"message": "quota exceeded"}}`, wantErrs: "quota exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp, err := NewOllamaChatResponse([]byte(tt.openAI), "openai/gpt-4o", ollamaTestClock)
			if tt.wantErrs != "" {
				require.ErrorContains(t, err, tt.wantErrs)
				return
			}
			require.NoError(t, err)
			got, err := json.Marshal(resp)
			require.NoError(t, err)
			require.JSONEq(t, tt.want, string(got))
		})
	}
}

func TestOllamaErrorFromUpstream(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		want   string
	}{
		{name: "OpenAI error object", status: 401, body: `{"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}`, want: "Incorrect API key provided"},
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
			got := OllamaErrorFromUpstream(tt.status, []byte(tt.body))
			require.Equal(t, OllamaError{Error: tt.want}, got)
			body, err := json.Marshal(got)
			require.NoError(t, err)
			require.JSONEq(t, `{"error": `+ollamaMustJSON(tt.want)+`}`, string(body))
		})
	}
}

// ollamaTestLine builds the expected NDJSON line of one content chunk.
func ollamaTestLine(content string) string {
	return `{"model": "llama3", "created_at": "` + ollamaTestStamp + `", "message": {"role": "assistant", "content": ` +
		ollamaMustJSON(content) + `}, "done": false}`
}

func ollamaMustJSON(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(raw)
}

// ollamaTestDone builds the expected final line; extra holds the optional fields, e.g. `, "done_reason": "stop"`.
func ollamaTestDone(extra string) string {
	return `{"model": "llama3", "created_at": "` + ollamaTestStamp + `", "message": {"role": "assistant", "content": ""}, "done": true` +
		extra + `}`
}

func ollamaTestChunk(content, finish string) string {
	chunk := map[string]any{"id": "c1", "object": "chat.completion.chunk", "model": "llama3-8b",
		"choices": []any{map[string]any{"index": 0, "delta": map[string]any{"content": content}, "finish_reason": nil}}}
	if finish != "" {
		chunk["choices"].([]any)[0].(map[string]any)["finish_reason"] = finish
	}
	return "data: " + ollamaMustJSON(chunk) + "\n\n"
}

func TestOllamaStreamConverterConvert(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		upstream  string
		wantLines []string
		wantErr   string
	}{
		{
			name:      "chunks then [DONE]",
			upstream:  ollamaTestChunk("Hel", "") + ollamaTestChunk("lo", "") + ollamaTestChunk("", "stop") + "data: [DONE]\n\n",
			wantLines: []string{ollamaTestLine("Hel"), ollamaTestLine("lo"), ollamaTestLine(""), ollamaTestDone(`, "done_reason": "stop"`)},
		},
		{
			name:      "CRLF line ends",
			upstream:  strings.ReplaceAll(ollamaTestChunk("a", "")+ollamaTestChunk("b", "length")+"data: [DONE]\n\n", "\n", "\r\n"),
			wantLines: []string{ollamaTestLine("a"), ollamaTestLine("b"), ollamaTestDone(`, "done_reason": "length"`)},
		},
		{
			name: "comments, blank lines and other fields are skipped",
			upstream: ": keep-alive\n\n\n\nevent: message\nid: 1\nretry: 10\n" + ollamaTestChunk("x", "") +
				":another comment\n\n" + "data:[DONE]\n\n",
			wantLines: []string{ollamaTestLine("x"), ollamaTestDone(``)},
		},
		{
			name: "a data field on several lines is one event",
			upstream: "data: {\"choices\": [{\"delta\":\n" + "data: {\"content\": \"multi\"}, \"finish_reason\": \"stop\"}]}\n\n" +
				"data: [DONE]\n\n",
			wantLines: []string{ollamaTestLine("multi"), ollamaTestDone(`, "done_reason": "stop"`)},
		},
		{
			name:      "EOF without [DONE] ends cleanly",
			upstream:  ollamaTestChunk("a", "stop"),
			wantLines: []string{ollamaTestLine("a"), ollamaTestDone(`, "done_reason": "stop"`)},
		},
		{
			name:      "EOF without the last blank line still delivers the event",
			upstream:  strings.TrimSuffix(ollamaTestChunk("a", ""), "\n\n"),
			wantLines: []string{ollamaTestLine("a"), ollamaTestDone(``)},
		},
		{
			name:      "nothing after [DONE] is read",
			upstream:  ollamaTestChunk("a", "stop") + "data: [DONE]\n\n" + "data: not json\n\n",
			wantLines: []string{ollamaTestLine("a"), ollamaTestDone(`, "done_reason": "stop"`)},
		},
		{
			name: "usage in a chunk without choices reaches the final line",
			upstream: ollamaTestChunk("a", "stop") +
				`data: {"choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 4, "total_tokens": 13}}` + "\n\n" +
				"data: [DONE]\n\n",
			wantLines: []string{ollamaTestLine("a"), ollamaTestDone(`, "done_reason": "stop", "prompt_eval_count": 9, "eval_count": 4`)},
		},
		{
			name: "the last finish reason wins; null content and role-only deltas are empty lines",
			upstream: `data: {"choices": [{"delta": {"role": "assistant"}}]}` + "\n\n" +
				`data: {"choices": [{"delta": {"content": null}, "finish_reason": "length"}]}` + "\n\n" +
				`data: {"choices": [{"delta": {}, "finish_reason": "stop"}]}` + "\n\n",
			wantLines: []string{ollamaTestLine(""), ollamaTestLine(""), ollamaTestLine(""), ollamaTestDone(`, "done_reason": "stop"`)},
		},
		{
			name:      "an empty stream still ends with done",
			upstream:  "",
			wantLines: []string{ollamaTestDone(``)},
		},
		{
			name:      "a malformed event stops the stream after the lines already written",
			upstream:  ollamaTestChunk("a", "") + "data: {not json\n\n" + ollamaTestChunk("b", "stop"),
			wantLines: []string{ollamaTestLine("a")},
			wantErr:   `malformed upstream stream event "{not json"`,
		},
		{
			name:      "an event that is JSON but not an object is malformed",
			upstream:  "data: 42\n\n",
			wantLines: nil,
			wantErr:   `malformed upstream stream event "42"`,
		},
		{
			name:      "an upstream error event becomes an error line",
			upstream:  ollamaTestChunk("a", "") + `data: {"error": {"message": "overloaded", "type": "server_error"}}` + "\n\n",
			wantLines: []string{ollamaTestLine("a"), `{"error": "overloaded"}`},
			wantErr:   "upstream stream error: overloaded",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out strings.Builder
			flushes := 0
			converter := OllamaStreamConverter{Model: "llama3", Now: func() time.Time { return ollamaTestClock }, Flush: func() { flushes++ }}
			err := converter.Convert(strings.NewReader(tt.upstream), &out)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
			} else {
				require.NoError(t, err)
			}
			lines := ollamaSplitLines(out.String())
			require.Len(t, lines, len(tt.wantLines), "output:\n%s", out.String())
			for i, want := range tt.wantLines {
				require.JSONEq(t, want, lines[i], "line %d", i)
			}
			require.Equal(t, len(tt.wantLines), flushes, "one flush per line")
		})
	}
}

func ollamaSplitLines(out string) []string {
	if out == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(out, "\n"), "\n")
}

// ollamaLockedBuffer is written by the converter's goroutine and read by the test's.
type ollamaLockedBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *ollamaLockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *ollamaLockedBuffer) lines() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return ollamaSplitLines(b.buf.String())
}

// TestOllamaStreamConverterStreamsChunkByChunk proves each line is written and flushed while the upstream is
// still open: the next chunk is only sent once the previous line has been flushed, and [DONE] ends the
// conversion although the upstream never closes.
func TestOllamaStreamConverterStreamsChunkByChunk(t *testing.T) {
	t.Parallel()
	upstreamReader, upstream := io.Pipe()
	defer upstreamReader.Close()
	var out ollamaLockedBuffer
	flushed := make(chan struct{}, 10)
	converter := OllamaStreamConverter{Model: "llama3", Now: func() time.Time { return ollamaTestClock },
		Flush: func() { flushed <- struct{}{} }}
	result := make(chan error, 1)
	go func() { result <- converter.Convert(upstreamReader, &out) }()

	awaitFlush := func(step string) {
		t.Helper()
		select {
		case <-flushed:
		case <-time.After(5 * time.Second):
			t.Fatalf("no line flushed after %s; output so far: %q", step, out.lines())
		}
	}
	send := func(s string) {
		t.Helper()
		time.Sleep(20 * time.Millisecond) // an upstream that thinks between tokens
		_, err := io.WriteString(upstream, s)
		require.NoError(t, err)
	}

	words := []string{"The", " sky", " is", " blue"}
	for i, word := range words {
		chunk := ollamaTestChunk(word, "")
		// Half an event first: nothing may come out until the blank line that ends it.
		send(chunk[:len(chunk)/2])
		select {
		case <-flushed:
			t.Fatalf("a line was flushed from half an event: %q", out.lines())
		case <-time.After(20 * time.Millisecond):
		}
		send(chunk[len(chunk)/2:])
		awaitFlush("chunk " + word)
		lines := out.lines()
		require.Len(t, lines, i+1)
		require.JSONEq(t, ollamaTestLine(word), lines[i])
	}
	send(ollamaTestChunk("", "stop"))
	awaitFlush("the finish chunk")
	send("data: [DONE]\n\n")
	awaitFlush("[DONE]")

	select {
	case err := <-result:
		require.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Convert did not return at [DONE] while the upstream stayed open")
	}
	lines := out.lines()
	require.Len(t, lines, len(words)+2)
	require.JSONEq(t, ollamaTestDone(`, "done_reason": "stop"`), lines[len(lines)-1])
}

type ollamaFailingWriter struct{}

func (ollamaFailingWriter) Write([]byte) (int, error) { return 0, errors.New("client went away") }

func TestOllamaStreamConverterIOErrors(t *testing.T) {
	t.Parallel()
	converter := OllamaStreamConverter{Model: "llama3"}
	t.Run("upstream read fails", func(t *testing.T) {
		t.Parallel()
		upstream := io.MultiReader(strings.NewReader(ollamaTestChunk("a", "")), iotest.ErrReader(errors.New("connection reset")))
		var out strings.Builder
		err := converter.Convert(upstream, &out)
		require.ErrorContains(t, err, "reading upstream stream: connection reset")
		require.Len(t, ollamaSplitLines(out.String()), 1, "no done line after a broken upstream")
	})
	t.Run("an event line longer than the limit", func(t *testing.T) {
		t.Parallel()
		upstream := strings.NewReader("data: " + strings.Repeat("x", ollamaSSEMaxLine) + "\n\n")
		err := converter.Convert(upstream, io.Discard)
		require.ErrorContains(t, err, "token too long")
	})
	t.Run("client write fails", func(t *testing.T) {
		t.Parallel()
		err := converter.Convert(strings.NewReader(ollamaTestChunk("a", "")), ollamaFailingWriter{})
		require.ErrorContains(t, err, "writing to client: client went away")
	})
	t.Run("nil Now uses the real clock", func(t *testing.T) {
		t.Parallel()
		var out strings.Builder
		require.NoError(t, converter.Convert(strings.NewReader(""), &out))
		var line OllamaChatChunk
		require.NoError(t, json.Unmarshal([]byte(out.String()), &line))
		stamp, err := time.Parse(time.RFC3339Nano, line.CreatedAt)
		require.NoError(t, err)
		require.WithinDuration(t, time.Now(), stamp, time.Minute)
	})
}

func TestNewOllamaTagsResponse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		aliases []OllamaLocalAlias
		want    string
	}{
		{name: "no aliases (hosted mode) is an empty list", aliases: nil, want: `{"models": []}`},
		{
			name: "aliases in the order given",
			aliases: []OllamaLocalAlias{
				{Name: "llama3:instruct", Snapshot: "5007652f", ModifiedAt: time.Date(2024, 11, 10, 4, 52, 6, 0, time.UTC)},
				{Name: "TheBloke/phi-2-GGUF:Q4_K_M", Snapshot: "abc123", ModifiedAt: ollamaTestClock, Size: 1234,
					Digest: "e3b0c442", Family: "phi2", Quantization: "Q4_K_M"},
			},
			want: `{"models": [
				{"name": "llama3:instruct", "model": "llama3:instruct", "modified_at": "2024-11-10T04:52:06.000000000Z", "size": 0, "digest": "5007652f",
				 "details": {"parent_model": null, "format": "gguf", "family": "unknown", "families": null, "parameter_size": "", "quantization_level": ""}},
				{"name": "TheBloke/phi-2-GGUF:Q4_K_M", "model": "TheBloke/phi-2-GGUF:Q4_K_M", "modified_at": "` + ollamaTestStamp + `", "size": 1234, "digest": "e3b0c442",
				 "details": {"parent_model": null, "format": "gguf", "family": "phi2", "families": ["phi2"], "parameter_size": "", "quantization_level": "Q4_K_M"}}]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := json.Marshal(NewOllamaTagsResponse(tt.aliases))
			require.NoError(t, err)
			require.JSONEq(t, tt.want, string(got))
		})
	}
}

// ollamaTestRequestParams stands for the alias request params type: JSON names, omitted when unset.
type ollamaTestRequestParams struct {
	FrequencyPenalty *float64 `json:"frequency_penalty,omitempty"`
	MaxTokens        *int     `json:"max_tokens,omitempty"`
	Seed             *int64   `json:"seed,omitempty"`
	Stop             []string `json:"stop,omitempty"`
	Temperature      *float64 `json:"temperature,omitempty"`
}

func TestNewOllamaShowResponse(t *testing.T) {
	t.Parallel()
	penalty, maxTokens, seed, temperature := 0.5, 100, int64(9007199254740993), 0.7
	tests := []struct {
		name           string
		contextParams  []string
		requestParams  any
		wantParameters string
		wantErr        string
	}{
		{name: "a model alias has no parameters", wantParameters: ""},
		{
			name:          "context params, then request params by their JSON names",
			contextParams: []string{"--ctx-size 2048", "--n-keep: 24"},
			requestParams: ollamaTestRequestParams{FrequencyPenalty: &penalty, MaxTokens: &maxTokens, Seed: &seed,
				Stop: []string{"<|eot_id|>", "###"}, Temperature: &temperature},
			wantParameters: "- --ctx-size 2048\n- '--n-keep: 24'\n" +
				"frequency_penalty: 0.5\nmax_tokens: 100\nseed: 9007199254740993\nstop:\n- <|eot_id|>\n- '###'\ntemperature: 0.7\n",
		},
		{
			name:           "empty params are left out",
			contextParams:  []string{},
			requestParams:  ollamaTestRequestParams{},
			wantParameters: "",
		},
		{
			name:           "request params given as a map",
			requestParams:  map[string]any{"top_p": 0.9, "user": "alice"},
			wantParameters: "top_p: 0.9\nuser: alice\n",
		},
		{
			name:           "a nil pointer is no params",
			requestParams:  (*ollamaTestRequestParams)(nil),
			wantParameters: "",
		},
		{name: "request params that are not an object", requestParams: []string{"x"}, wantErr: "request params"},
		{name: "request params that cannot be encoded", requestParams: map[string]any{"f": func() {}}, wantErr: "request params"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			alias := OllamaLocalAlias{Name: "llama3:instruct", Snapshot: "5007652f", ModifiedAt: ollamaTestClock,
				ContextParams: tt.contextParams, RequestParams: tt.requestParams}
			show, err := NewOllamaShowResponse(alias)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.wantParameters, show.Parameters)
			got, err := json.Marshal(show)
			require.NoError(t, err)
			require.JSONEq(t, `{"details": {"parent_model": null, "format": "gguf", "family": "unknown", "families": null,
				"parameter_size": "", "quantization_level": ""}, "license": "", "model_info": {}, "modelfile": "",
				"modified_at": "`+ollamaTestStamp+`", "parameters": `+ollamaMustJSON(tt.wantParameters)+`, "template": ""}`, string(got))
		})
	}
}
