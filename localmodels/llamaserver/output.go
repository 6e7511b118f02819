package llamaserver

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
)

// tailLines is how many of the child's last stderr lines an error quotes (runtime.md §9.4).
const tailLines = 20

// maxLine bounds a line kept while waiting for its newline: a child that writes without newlines cannot grow it.
const maxLine = 16 << 10

// output receives one child's stdout and stderr: every line goes to Bodhi's log at debug, prefixed
// "llama-server:", and the last tailLines lines of stderr are kept for the errors that quote them.
type output struct {
	log   *slog.Logger
	alias string

	mu   sync.Mutex
	tail []string // the last stderr lines, oldest first
}

func newOutput(log *slog.Logger, alias string) *output { return &output{log: log, alias: alias} }

// writer is the io.Writer of one stream, "stdout" or "stderr". exec.Cmd copies the stream into it from a
// goroutine of its own, one per stream.
func (o *output) writer(stream string) *lineWriter {
	return &lineWriter{o: o, stream: stream}
}

// Tail is a copy of the last stderr lines.
func (o *output) Tail() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.tail...)
}

func (o *output) line(stream string, line []byte) {
	text := string(bytes.TrimRight(line, "\r"))
	o.log.Log(context.Background(), slog.LevelDebug, "llama-server: "+text, "alias", o.alias, "stream", stream)
	if stream != "stderr" {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.tail = append(o.tail, text)
	if len(o.tail) > tailLines {
		o.tail = append(o.tail[:0], o.tail[len(o.tail)-tailLines:]...)
	}
}

// lineWriter cuts one stream into lines.
type lineWriter struct {
	o       *output
	stream  string
	pending []byte
}

func (w *lineWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			w.pending = append(w.pending, p...)
			if len(w.pending) >= maxLine {
				w.Flush()
			}
			break
		}
		w.pending = append(w.pending, p[:i]...)
		w.Flush()
		p = p[i+1:]
	}
	return n, nil
}

// Flush emits a line that has not ended (the child's last words before it exited).
func (w *lineWriter) Flush() {
	if len(w.pending) > 0 {
		w.o.line(w.stream, w.pending)
		w.pending = w.pending[:0]
	}
}
