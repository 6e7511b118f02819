package ollama

import (
	"bufio"
	"io"
	"strings"
)

// sseMaxLine bounds one SSE line; a chunk carrying a long delta stays far below it.
const sseMaxLine = 8 << 20

// sseReader splits a server-sent event stream into the data of its events (the WHATWG rules the OpenAI
// streams use): CRLF or LF line ends, ':' comments, several data lines joined by '\n', other fields ignored.
type sseReader struct {
	lines *bufio.Scanner
}

func newSSEReader(r io.Reader) *sseReader {
	// A Scanner hands out each line as soon as its end arrives; it never waits to fill its buffer.
	lines := bufio.NewScanner(r)
	lines.Buffer(make([]byte, 0, 64<<10), sseMaxLine)
	return &sseReader{lines: lines}
}

// next returns the data of the next event that has any, or io.EOF at the end of the stream.
func (r *sseReader) next() (string, error) {
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
