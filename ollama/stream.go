package ollama

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Kind is the route a stream answers: its lines are /api/chat's (a message) or /api/generate's (a response).
type Kind int

const (
	Chat Kind = iota
	Generate
)

// StreamConverter re-encodes an OpenAI SSE stream as Ollama NDJSON: one line per upstream chunk with text, the
// tool calls in one line once complete (OpenAI streams their arguments in pieces, Ollama sends whole calls), and a
// final line with done, done_reason, the token counts of the provider's usage and the durations.
type StreamConverter struct {
	Kind  Kind
	Model string           // the name the client asked for
	Start time.Time        // when the model call began: the durations count from it
	Now   func() time.Time // nil means time.Now
	Flush func()           // called after every line (http.Flusher.Flush); nil means no flushing
}

// streamState is what the converter gathers for the lines it writes later.
type streamState struct {
	firstByte time.Time
	finish    *string
	usage     *counts
	calls     []openAIToolCall // by index, arguments appended piece by piece
}

// Convert reads upstream event by event and writes each line as soon as its event is complete, then the final
// line at [DONE] or EOF. An unreadable or malformed stream, or an upstream error event, ends it with an
// {"error": …} line (which Ollama clients raise mid-stream) and returns the error, for the log.
func (c StreamConverter) Convert(upstream io.Reader, out io.Writer) error {
	events := newSSEReader(upstream)
	var st streamState
	for {
		data, err := events.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return c.fail(out, fmt.Errorf("reading upstream stream: %w", err))
		}
		if strings.TrimSpace(data) == "[DONE]" {
			break
		}
		if err := c.event(data, out, &st); err != nil {
			return err
		}
	}
	if len(st.calls) > 0 {
		if err := c.writeCalls(out, st.calls); err != nil {
			return err
		}
	}
	return c.writeFinal(out, st)
}

func (c StreamConverter) event(data string, out io.Writer, st *streamState) error {
	var chunk openAIAnswer
	if err := json.Unmarshal([]byte(data), &chunk); err != nil {
		return c.fail(out, fmt.Errorf("malformed upstream stream event %q: %w", excerpt(data), err))
	}
	if msg := errorMessage(chunk.Error); msg != "" {
		return c.fail(out, fmt.Errorf("upstream stream error: %s", msg))
	}
	if st.firstByte.IsZero() {
		st.firstByte = c.now()
	}
	if u := chunk.Usage; u != nil { // alone in a last chunk without choices, when include_usage was asked for
		st.usage = &counts{PromptEvalCount: u.PromptTokens, EvalCount: u.CompletionTokens}
	}
	if len(chunk.Choices) == 0 {
		return nil
	}
	choice := chunk.Choices[0]
	if choice.FinishReason != nil && *choice.FinishReason != "" {
		st.finish = choice.FinishReason
	}
	for _, d := range choice.Delta.ToolCalls {
		st.addCall(d)
	}
	content, thinking := text(choice.Delta.Content), text(choice.Delta.ReasoningContent)
	if content == "" && thinking == "" {
		return nil
	}
	return c.writeLine(out, c.line(content, thinking, nil))
}

// addCall merges one streamed piece of a tool call: the first piece of an index has its id and name, the others
// more of its arguments.
func (st *streamState) addCall(d openAIToolCall) {
	i := len(st.calls) - 1
	if d.Index != nil {
		i = *d.Index
	} else if d.ID != "" || i < 0 {
		i = len(st.calls)
	}
	for len(st.calls) <= i {
		st.calls = append(st.calls, openAIToolCall{})
	}
	call := &st.calls[i]
	if d.ID != "" {
		call.ID = d.ID
	}
	if d.Function.Name != "" {
		call.Function.Name = d.Function.Name
	}
	call.Function.Arguments += d.Function.Arguments
}

// line is one non-final line: chat lines carry a message, generate lines a response.
func (c StreamConverter) line(content, thinking string, calls []ToolCall) any {
	if c.Kind == Generate {
		return GenerateResponse{Model: c.Model, CreatedAt: FormatTime(c.now()), Response: content, Thinking: thinking}
	}
	return ChatResponse{Model: c.Model, CreatedAt: FormatTime(c.now()),
		Message: Message{Role: "assistant", Content: content, Thinking: thinking, ToolCalls: calls}}
}

func (c StreamConverter) writeCalls(out io.Writer, streamed []openAIToolCall) error {
	calls, err := toolCalls(streamed)
	if err != nil {
		return c.fail(out, err)
	}
	return c.writeLine(out, c.line("", "", calls))
}

func (c StreamConverter) writeFinal(out io.Writer, st streamState) error {
	end := c.now()
	f := &finalFields{durations: Timing{Start: c.Start, FirstByte: st.firstByte, End: end}.durations()}
	if st.usage != nil {
		f.counts = *st.usage
	}
	reason := doneReason(st.finish)
	if c.Kind == Generate {
		return c.writeLine(out, GenerateResponse{Model: c.Model, CreatedAt: FormatTime(end), Done: true,
			DoneReason: reason, finalFields: f})
	}
	return c.writeLine(out, ChatResponse{Model: c.Model, CreatedAt: FormatTime(end),
		Message: Message{Role: "assistant"}, Done: true, DoneReason: reason, finalFields: f})
}

// fail writes err as the stream's last line and returns it.
func (c StreamConverter) fail(out io.Writer, err error) error {
	if werr := c.writeLine(out, Error{Error: err.Error()}); werr != nil {
		return errors.Join(err, werr)
	}
	return err
}

func (c StreamConverter) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

// writeLine sends one NDJSON line in a single Write, so a line is never split between flushes.
func (c StreamConverter) writeLine(out io.Writer, v any) error {
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
