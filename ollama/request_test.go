package ollama

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDecodeChatRequestErrors(t *testing.T) {
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
		{name: "model missing", body: `{"messages": []}`, wantErr: ErrModelRequired},
		{name: "model null", body: `{"model": null, "messages": []}`, wantErr: ErrModelRequired},
		{name: "model is a number", body: `{"model": 7, "messages": []}`, wantErr: ErrModelRequired},
		{name: "messages missing", body: `{"model": "m"}`, wantErr: ErrMessagesRequired},
		{name: "messages is an object", body: `{"model": "m", "messages": {}}`, wantErr: ErrMessagesRequired},
		{name: "stream not a boolean", body: `{"model": "m", "messages": [], "stream": "yes"}`, wantMsg: "Invalid JSON in request: cannot unmarshal string into Go struct field ChatRequest.stream of type bool"},
		{name: "option of the wrong type", body: `{"model": "m", "messages": [], "options": {"temperature": "hot"}}`, wantMsg: "options.temperature"},
		{name: "message content not a string", body: `{"model": "m", "messages": [{"role": "user", "content": 1}]}`, wantMsg: "Invalid JSON in request"},
		{name: "unknown format name", body: `{"model": "m", "messages": [], "format": "xml"}`, wantMsg: `invalid format "xml": expected "json" or a JSON schema object`},
		{name: "format is a number", body: `{"model": "m", "messages": [], "format": 42}`, wantMsg: "invalid format 42"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := DecodeChatRequest([]byte(tt.body))
			require.Error(t, err)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
			} else {
				require.Contains(t, err.Error(), tt.wantMsg)
			}
		})
	}
}

// The Ollama → OpenAI table of /api/chat.
func TestChatRequestOpenAI(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		body          string
		wantStreaming bool
		wantOpenAI    string
	}{
		{
			name:          "defaults: stream, asking for the usage",
			body:          `{"model": "llama3:8b", "messages": [{"role": "user", "content": "hi"}]}`,
			wantStreaming: true,
			wantOpenAI: `{"model": "llama3:8b", "messages": [{"role": "user", "content": "hi"}], "stream": true,
				"stream_options": {"include_usage": true}}`,
		},
		{
			name:       "stream false",
			body:       `{"model": "m", "messages": [], "stream": false}`,
			wantOpenAI: `{"model": "m", "messages": [], "stream": false}`,
		},
		{
			name: "every option with an OpenAI name; the others, keep_alive and think dropped",
			body: `{"model": "m", "stream": false, "keep_alive": "5m", "think": true, "messages": [
				{"role": "system", "content": "be brief"}, {"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}],
				"options": {"num_predict": 128, "seed": 9007199254740993, "stop": ["\n", "###"], "temperature": 0.7,
					"top_p": 0.9, "presence_penalty": -0.5, "frequency_penalty": 1.5, "top_k": 40, "num_ctx": 4096}}`,
			wantOpenAI: `{"model": "m", "stream": false,
				"messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}],
				"max_completion_tokens": 128, "seed": 9007199254740993, "stop": ["\n", "###"], "temperature": 0.7,
				"top_p": 0.9, "presence_penalty": -0.5, "frequency_penalty": 1.5}`,
		},
		{
			name:       "zero options are still sent; a negative num_predict (no limit) is left out",
			body:       `{"model": "m", "messages": [], "stream": false, "options": {"num_predict": -1, "seed": 0, "temperature": 0}}`,
			wantOpenAI: `{"model": "m", "messages": [], "stream": false, "seed": 0, "temperature": 0}`,
		},
		{
			name:       `format "json"`,
			body:       `{"model": "m", "messages": [], "stream": false, "format": "json"}`,
			wantOpenAI: `{"model": "m", "messages": [], "stream": false, "response_format": {"type": "json_object"}}`,
		},
		{
			name: "a schema format",
			body: `{"model": "m", "messages": [], "stream": false,
				"format": {"type": "object", "properties": {"age": {"type": "integer"}}, "required": ["age"]}}`,
			wantOpenAI: `{"model": "m", "messages": [], "stream": false, "response_format": {"type": "json_schema",
				"json_schema": {"name": "response", "schema": {"type": "object", "properties": {"age": {"type": "integer"}}, "required": ["age"]}}}}`,
		},
		{
			name:       "an empty or null format is free text",
			body:       `{"model": "m", "messages": [], "stream": false, "format": null}`,
			wantOpenAI: `{"model": "m", "messages": [], "stream": false}`,
		},
		{
			name: "images become image_url parts with the type their bytes show",
			body: `{"model": "m", "stream": false, "messages": [
				{"role": "user", "content": "what is this?", "images": ["iVBORw0KGgoAAAANSUhEUg==", "/9j/4AAQSkZJRg=="]},
				{"role": "user", "content": "", "images": ["R0lGODlhAQABAAAAACw=", "UklGRiQAAABXRUJQVlA4IBgAAAAw", "data:image/png;base64,iVBORw0K"]}]}`,
			wantOpenAI: `{"model": "m", "stream": false, "messages": [
				{"role": "user", "content": [
					{"type": "text", "text": "what is this?"},
					{"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg=="}},
					{"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,/9j/4AAQSkZJRg=="}}]},
				{"role": "user", "content": [
					{"type": "text", "text": ""},
					{"type": "image_url", "image_url": {"url": "data:image/gif;base64,R0lGODlhAQABAAAAACw="}},
					{"type": "image_url", "image_url": {"url": "data:image/webp;base64,UklGRiQAAABXRUJQVlA4IBgAAAAw"}},
					{"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0K"}}]}]}`,
		},
		{
			name: "tools pass through; tool calls get ids, tool results answer them by name and order",
			body: `{"model": "m", "stream": false,
				"tools": [{"type": "function", "function": {"name": "weather", "parameters": {"type": "object"}}}],
				"messages": [
					{"role": "user", "content": "weather in Paris and Oslo, and the time?"},
					{"role": "assistant", "content": "", "tool_calls": [
						{"function": {"name": "weather", "arguments": {"city": "Paris"}}},
						{"function": {"name": "clock", "arguments": {}}},
						{"id": "call_x", "function": {"name": "weather", "arguments": "{\"city\":\"Oslo\"}"}}]},
					{"role": "tool", "tool_name": "clock", "content": "12:00"},
					{"role": "tool", "tool_name": "weather", "content": "sunny"},
					{"role": "tool", "content": "rain"}]}`,
			wantOpenAI: `{"model": "m", "stream": false,
				"tools": [{"type": "function", "function": {"name": "weather", "parameters": {"type": "object"}}}],
				"messages": [
					{"role": "user", "content": "weather in Paris and Oslo, and the time?"},
					{"role": "assistant", "content": null, "tool_calls": [
						{"id": "call_1_0", "type": "function", "function": {"name": "weather", "arguments": "{\"city\":\"Paris\"}"}},
						{"id": "call_1_1", "type": "function", "function": {"name": "clock", "arguments": "{}"}},
						{"id": "call_x", "type": "function", "function": {"name": "weather", "arguments": "{\"city\":\"Oslo\"}"}}]},
					{"role": "tool", "content": "12:00", "tool_call_id": "call_1_1"},
					{"role": "tool", "content": "sunny", "tool_call_id": "call_1_0"},
					{"role": "tool", "content": "rain", "tool_call_id": "call_x"}]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req, err := DecodeChatRequest([]byte(tt.body))
			require.NoError(t, err)
			require.Equal(t, tt.wantStreaming, req.Streaming())
			upstream, err := req.OpenAI()
			require.NoError(t, err)
			got, err := json.Marshal(upstream)
			require.NoError(t, err)
			require.JSONEq(t, tt.wantOpenAI, string(got))
		})
	}
}

func TestChatRequestOpenAIRejects(t *testing.T) {
	t.Parallel()
	_, err := ChatRequest{Model: "m", Format: json.RawMessage(`"yaml"`)}.OpenAI()
	require.EqualError(t, err, `invalid format "yaml": expected "json" or a JSON schema object`)

	req, err := DecodeChatRequest([]byte(`{"model": "m", "messages": [{"role": "assistant", "content": "",
		"tool_calls": [{"function": {"name": "f", "arguments": [1]}}]}]}`))
	require.NoError(t, err)
	_, err = req.OpenAI()
	require.EqualError(t, err, "messages[0].tool_calls[0].function.arguments: must be a JSON object")
}

// The Ollama → OpenAI table of /api/generate.
func TestGenerateRequestOpenAI(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		body       string
		wantOpenAI string
	}{
		{
			name: "a prompt streams as a user message",
			body: `{"model": "m", "prompt": "Why is the sky blue?"}`,
			wantOpenAI: `{"model": "m", "messages": [{"role": "user", "content": "Why is the sky blue?"}], "stream": true,
				"stream_options": {"include_usage": true}}`,
		},
		{
			name: "system, images, format, options; raw, template, suffix and context have no effect",
			body: `{"model": "m", "prompt": "describe", "system": "be terse", "images": ["iVBORw0KGgoAAAANSUhEUg=="],
				"stream": false, "format": "json", "raw": true, "template": "{{ .Prompt }}", "suffix": "x", "context": [1, 2],
				"options": {"num_predict": 5}}`,
			wantOpenAI: `{"model": "m", "stream": false, "messages": [{"role": "system", "content": "be terse"},
				{"role": "user", "content": [{"type": "text", "text": "describe"},
					{"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg=="}}]}],
				"response_format": {"type": "json_object"}, "max_completion_tokens": 5}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req, err := DecodeGenerateRequest([]byte(tt.body))
			require.NoError(t, err)
			upstream, err := req.OpenAI()
			require.NoError(t, err)
			got, err := json.Marshal(upstream)
			require.NoError(t, err)
			require.JSONEq(t, tt.wantOpenAI, string(got))
		})
	}
	_, err := DecodeGenerateRequest([]byte(`{"prompt": "hi"}`))
	require.ErrorIs(t, err, ErrModelRequired)
	_, err = DecodeGenerateRequest([]byte(`{"model": "m", "format": 1}`))
	require.ErrorContains(t, err, "invalid format 1")
}

func TestDecodeEmbedRequests(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		body       string
		wantOpenAI string
		wantErr    string
	}{
		{name: "one input", body: `{"model": "e", "input": "hello"}`, wantOpenAI: `{"model": "e", "input": ["hello"]}`},
		{name: "several inputs, dimensions; truncate and options have no effect",
			body:       `{"model": "e", "input": ["a", "b"], "dimensions": 64, "truncate": false, "options": {"num_ctx": 8}}`,
			wantOpenAI: `{"model": "e", "input": ["a", "b"], "dimensions": 64}`},
		{name: "no input", body: `{"model": "e"}`, wantErr: ErrInputRequired.Error()},
		{name: "input of numbers", body: `{"model": "e", "input": [1, 2]}`, wantErr: ErrInputRequired.Error()},
		{name: "no model", body: `{"input": "x"}`, wantErr: ErrModelRequired.Error()},
		{name: "zero dimensions", body: `{"model": "e", "input": "x", "dimensions": 0}`, wantErr: "Field 'dimensions' must be a positive integer."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req, err := DecodeEmbedRequest([]byte(tt.body))
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			got, err := json.Marshal(req.OpenAI())
			require.NoError(t, err)
			require.JSONEq(t, tt.wantOpenAI, string(got))
		})
	}
	req, err := DecodeEmbeddingsRequest([]byte(`{"model": "e", "prompt": "legacy", "keep_alive": 0}`))
	require.NoError(t, err)
	require.Equal(t, OpenAIEmbeddings{Model: "e", Input: []string{"legacy"}}, req.OpenAI())
}
