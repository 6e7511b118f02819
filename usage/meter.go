package usage

import (
	"bytes"
	"encoding/json"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"
)

// keepLimit bounds what a Meter keeps of a whole (non-streamed) answer to find its usage: its last bytes, where
// OpenAI-compatible answers put "usage"; a usual answer is kept whole.
const keepLimit = 512 << 10

// Tokens are a provider's usage figures.
type Tokens struct {
	Prompt, Completion, Total int64
}

type wireUsage struct {
	PromptTokens     int64 `json:"prompt_tokens"`
	CompletionTokens int64 `json:"completion_tokens"`
	TotalTokens      int64 `json:"total_tokens"`
}

func (u wireUsage) tokens() Tokens {
	t := Tokens{Prompt: u.PromptTokens, Completion: u.CompletionTokens, Total: u.TotalTokens}
	if t.Total == 0 {
		t.Total = t.Prompt + t.Completion
	}
	return t
}

// Meter wraps a provider's answer body as it is read (relayed or converted): it times the first byte and the end,
// and reads the usage the provider reports, from a whole JSON answer or from a server-sent event stream. It can
// also take out the usage-only last chunk of a stream that Bodhi asked usage for and the client did not.
type Meter struct {
	body  io.ReadCloser
	start time.Time
	sse   bool
	// dropUsageChunk removes a stream's chunk that has no choices and carries usage (Bodhi asked for it).
	dropUsageChunk bool

	mu        sync.Mutex
	firstByte time.Time
	end       time.Time
	tokens    Tokens
	found     bool

	// whole answers: the last keepLimit bytes at least, at most twice that
	kept []byte

	// streams: bytes of an event not complete yet, and complete bytes not yet returned
	pending []byte
	ready   []byte
	eof     bool
	scratch []byte
}

// NewMeter meters body, an answer of contentType to a call that started at start.
func NewMeter(body io.ReadCloser, contentType string, start time.Time, dropUsageChunk bool) *Meter {
	sse := strings.HasPrefix(contentType, "text/event-stream")
	return &Meter{body: body, start: start, sse: sse, dropUsageChunk: dropUsageChunk && sse}
}

// Read passes the body on (a stream event by event, less a dropped usage chunk).
func (m *Meter) Read(p []byte) (int, error) {
	if !m.sse {
		n, err := m.body.Read(p)
		m.saw(n, err)
		if n > 0 {
			m.keep(p[:n])
		}
		return n, err
	}
	for len(m.ready) == 0 {
		if m.eof {
			return 0, io.EOF
		}
		if m.scratch == nil {
			m.scratch = make([]byte, 32<<10)
		}
		n, err := m.body.Read(m.scratch)
		m.saw(n, err)
		m.pending = append(m.pending, m.scratch[:n]...)
		m.events()
		if err == io.EOF {
			m.eof = true
			m.ready, m.pending = append(m.ready, m.pending...), nil
		} else if err != nil {
			n := copy(p, m.ready)
			m.ready = m.ready[n:]
			return n, err
		}
	}
	n := copy(p, m.ready)
	m.ready = m.ready[n:]
	return n, nil
}

func (m *Meter) saw(n int, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	if n > 0 && m.firstByte.IsZero() {
		m.firstByte = now
	}
	if err != nil && m.end.IsZero() {
		m.end = now
	}
}

// keep holds the end of a whole answer for Close to read its usage; it drops the front in one move once it
// holds twice the limit, so a large answer costs one copy per keepLimit bytes, not one per read.
func (m *Meter) keep(b []byte) {
	m.kept = append(m.kept, b...)
	if len(m.kept) > 2*keepLimit {
		m.kept = append(m.kept[:0], m.kept[len(m.kept)-keepLimit:]...)
	}
}

// events moves every complete event of pending to ready, reading usage on the way.
func (m *Meter) events() {
	for {
		i, sep := eventEnd(m.pending)
		if i < 0 {
			return
		}
		event := m.pending[:i+sep]
		if m.streamUsage(event) {
			// dropped: Bodhi asked for this chunk, the client did not
		} else {
			m.ready = append(m.ready, event...)
		}
		m.pending = m.pending[i+sep:]
	}
}

// eventEnd finds the blank line that ends the first event: its index and length.
func eventEnd(b []byte) (int, int) {
	lf, crlf := bytes.Index(b, []byte("\n\n")), bytes.Index(b, []byte("\r\n\r\n"))
	switch {
	case lf < 0 && crlf < 0:
		return -1, 0
	case crlf >= 0 && (lf < 0 || crlf < lf):
		return crlf, 4
	default:
		return lf, 2
	}
}

// streamUsage reads the usage of one event, if it carries any; it reports whether the event is to be dropped.
func (m *Meter) streamUsage(event []byte) bool {
	if !bytes.Contains(event, []byte(`"usage"`)) {
		return false
	}
	for _, line := range bytes.Split(event, []byte("\n")) {
		data, ok := bytes.CutPrefix(bytes.TrimRight(line, "\r"), []byte("data:"))
		if !ok {
			continue
		}
		var chunk struct {
			Choices []json.RawMessage `json:"choices"`
			Usage   *wireUsage        `json:"usage"`
		}
		if json.Unmarshal(bytes.TrimSpace(data), &chunk) != nil || chunk.Usage == nil {
			continue
		}
		m.mu.Lock()
		m.tokens, m.found = chunk.Usage.tokens(), true
		m.mu.Unlock()
		return m.dropUsageChunk && len(chunk.Choices) == 0
	}
	return false
}

// Close closes the body and reads a whole answer's usage.
func (m *Meter) Close() error {
	err := m.body.Close()
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.end.IsZero() {
		m.end = time.Now()
	}
	if m.sse || m.found {
		return err
	}
	if t, ok := lastUsage(m.kept); ok {
		m.tokens, m.found = t, true
	}
	return err
}

// usageKey matches the "usage" member of an answer: the key, its colon and the object's brace. OpenAI-compatible
// answers end with it; decoding only that object, found from the end, spares a decode of the whole answer on
// every request.
var usageKey = regexp.MustCompile(`"usage"\s*:\s*\{`)

func lastUsage(body []byte) (Tokens, bool) {
	for end := len(body); end > 0; {
		i := bytes.LastIndex(body[:end], []byte(`"usage"`))
		if i < 0 {
			return Tokens{}, false
		}
		end = i
		loc := usageKey.FindIndex(body[i:])
		if loc == nil || loc[0] != 0 {
			continue
		}
		var u wireUsage
		if json.NewDecoder(bytes.NewReader(body[i+loc[1]-1:])).Decode(&u) == nil {
			return u.tokens(), true
		}
	}
	return Tokens{}, false
}

// Tokens are the usage the provider reported (found false when it reported none).
func (m *Meter) Tokens() (t Tokens, found bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.tokens, m.found
}

// Timing is the time to the first body byte and to the end of the body (zero when not seen).
func (m *Meter) Timing() (ttfb, total time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.firstByte.IsZero() {
		ttfb = m.firstByte.Sub(m.start)
	}
	if !m.end.IsZero() {
		total = m.end.Sub(m.start)
	}
	return ttfb, total
}
