package proxy

// The Ollama-compatible API (http-api.md §8): an /api/chat body becomes an OpenAI chat request that is routed like
// /v1/chat/completions, and the OpenAI answer (a JSON body or an SSE stream) is re-encoded in Ollama's shapes.
// Everything here is a pure conversion; the handlers own HTTP and write errors as the §8.3 quirk body.

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// ---- streaming ----

// OllamaChatChunk is one NDJSON line of a streaming /api/chat answer. The last line has Done set, the reason the
// upstream gave and, when it reported usage, the token counts.
type OllamaChatChunk struct {
	Model           string             `json:"model"`
	CreatedAt       string             `json:"created_at"`
	Message         OllamaChunkMessage `json:"message"`
	Done            bool               `json:"done"`
	DoneReason      *string            `json:"done_reason,omitempty"`
	PromptEvalCount *int64             `json:"prompt_eval_count,omitempty"`
	EvalCount       *int64             `json:"eval_count,omitempty"`
}

// OllamaChunkMessage is the piece of assistant text one chunk adds.
type OllamaChunkMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// OllamaStreamConverter re-encodes an OpenAI SSE stream as Ollama NDJSON, one line per upstream chunk.
type OllamaStreamConverter struct {
	Model string           // the name the client asked for
	Now   func() time.Time // stamps created_at; nil means time.Now
	Flush func()           // called after every line (http.Flusher.Flush); nil means no flushing
}

// Convert reads upstream event by event and writes each line as soon as its event is complete. It ends with the
// done line at [DONE] or EOF. It returns an error for an unreadable or malformed stream, or an upstream error
// event (after writing it as an {"error"} line, which Ollama clients understand mid-stream); the final line is
// then not written.
func (c OllamaStreamConverter) Convert(upstream io.Reader, out io.Writer) error {
	events := newOllamaSSEReader(upstream)
	var last OllamaChatChunk // collects the done reason and usage for the final line
	for {
		data, err := events.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("reading upstream stream: %w", err)
		}
		if strings.TrimSpace(data) == "[DONE]" {
			break
		}
		if err := c.convertEvent(data, out, &last); err != nil {
			return err
		}
	}
	last.Model, last.CreatedAt, last.Done = c.Model, ollamaTime(c.now()), true
	last.Message = OllamaChunkMessage{Role: "assistant"}
	return c.writeLine(out, last)
}

func (c OllamaStreamConverter) convertEvent(data string, out io.Writer, last *OllamaChatChunk) error {
	var chunk ollamaOpenAIAnswer
	if err := json.Unmarshal([]byte(data), &chunk); err != nil {
		return fmt.Errorf("malformed upstream stream event %q: %w", ollamaExcerpt(data), err)
	}
	if msg := ollamaErrorMessage(chunk.Error); msg != "" {
		if err := c.writeLine(out, OllamaError{Error: msg}); err != nil {
			return err
		}
		return fmt.Errorf("upstream stream error: %s", msg)
	}
	if chunk.Usage != nil { // sent alone in a chunk without choices when the client asked for include_usage
		last.PromptEvalCount, last.EvalCount = &chunk.Usage.PromptTokens, &chunk.Usage.CompletionTokens
	}
	if len(chunk.Choices) == 0 {
		return nil
	}
	choice := chunk.Choices[0]
	if choice.FinishReason != nil && *choice.FinishReason != "" {
		last.DoneReason = choice.FinishReason
	}
	return c.writeLine(out, OllamaChatChunk{
		Model:     c.Model,
		CreatedAt: ollamaTime(c.now()),
		Message:   OllamaChunkMessage{Role: "assistant", Content: ollamaText(choice.Delta.Content)},
	})
}

func (c OllamaStreamConverter) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

// writeLine sends one NDJSON line in a single Write, so a line is never split between flushes.
func (c OllamaStreamConverter) writeLine(out io.Writer, v any) error {
	line, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := out.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("writing to client: %w", err)
	}
	if c.Flush != nil {
		c.Flush()
	}
	return nil
}

// ollamaSSEMaxLine bounds one SSE line; a chunk carrying a long delta stays far below it.
const ollamaSSEMaxLine = 8 << 20

// ollamaSSEReader splits a server-sent event stream into the data of its events (the WHATWG rules the OpenAI
// streams use): CRLF or LF line ends, ':' comments, several data lines joined by '\n', other fields ignored.
type ollamaSSEReader struct {
	lines *bufio.Scanner
}

func newOllamaSSEReader(r io.Reader) *ollamaSSEReader {
	// A Scanner hands out each line as soon as its end arrives; it never waits to fill its buffer.
	lines := bufio.NewScanner(r)
	lines.Buffer(make([]byte, 0, 64<<10), ollamaSSEMaxLine)
	return &ollamaSSEReader{lines: lines}
}

// next returns the data of the next event that has any, or io.EOF at the end of the stream.
func (r *ollamaSSEReader) next() (string, error) {
	var data []string
	for r.lines.Scan() {
		line := r.lines.Text() // ScanLines has already dropped the '\r' of a CRLF
		if line == "" {
			if data != nil {
				return strings.Join(data, "\n"), nil
			}
			continue
		}
		field, value, _ := strings.Cut(line, ":")
		if field == "data" {
			data = append(data, strings.TrimPrefix(value, " "))
		}
	}
	if err := r.lines.Err(); err != nil {
		return "", err
	}
	if data != nil { // an upstream that closes without the final blank line still delivered this event
		return strings.Join(data, "\n"), nil
	}
	return "", io.EOF
}
