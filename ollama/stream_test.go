package ollama

import (
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// lockedBuffer is written by the converter's goroutine and read by the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) lines() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := strings.TrimSuffix(b.buf.String(), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// A line goes out as soon as its event is complete, never from half an event, and Convert returns at [DONE] while
// the upstream connection stays open.
func TestStreamConverterStreamsEventByEvent(t *testing.T) {
	t.Parallel()
	upstreamReader, upstream := io.Pipe()
	defer upstreamReader.Close()
	var out lockedBuffer
	flushed := make(chan struct{}, 10)
	conv := StreamConverter{Model: "m", Now: func() time.Time { return testStart }, Flush: func() { flushed <- struct{}{} }}
	result := make(chan error, 1)
	go func() { result <- conv.Convert(upstreamReader, &out) }()

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
		_, err := io.WriteString(upstream, s)
		require.NoError(t, err)
	}
	for i, word := range []string{"The", " sky", " is", " blue"} {
		event := chunk(map[string]any{"content": word}, "")
		send(event[:len(event)/2])
		select {
		case <-flushed:
			t.Fatalf("a line was flushed from half an event: %q", out.lines())
		case <-time.After(20 * time.Millisecond):
		}
		send(event[len(event)/2:])
		awaitFlush("chunk " + word)
		require.Len(t, out.lines(), i+1)
		require.Contains(t, out.lines()[i], `"content":"`+word+`"`)
	}
	send("data: [DONE]\n\n")
	awaitFlush("[DONE]")
	select {
	case err := <-result:
		require.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Convert did not return at [DONE] while the upstream stayed open")
	}
	lines := out.lines()
	require.Len(t, lines, 5)
	require.Contains(t, lines[4], `"done":true`)
}

// The SSE rules the OpenAI streams follow: CRLF or LF, comments, several data lines joined, other fields ignored,
// a last event without its blank line still delivered.
func TestSSEReader(t *testing.T) {
	t.Parallel()
	r := newSSEReader(strings.NewReader(": keep-alive\r\nevent: message\r\ndata: {\"a\":\r\ndata: 1}\r\n\r\n\n\nid: 7\ndata:[DONE]"))
	first, err := r.next()
	require.NoError(t, err)
	require.Equal(t, "{\"a\":\n1}", first)
	second, err := r.next()
	require.NoError(t, err)
	require.Equal(t, "[DONE]", second)
	_, err = r.next()
	require.ErrorIs(t, err, io.EOF)

	long := newSSEReader(strings.NewReader("data: " + strings.Repeat("x", sseMaxLine) + "\n\n"))
	_, err = long.next()
	require.ErrorContains(t, err, "token too long")
}
