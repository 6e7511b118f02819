package bench

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// Provider is a fake OpenAI-compatible upstream made for load: every answer is encoded once, so the provider's own
// cost is small and the same whether the gateway or the load generator calls it. Its delay can change between
// phases, so one registered API model serves every phase.
type Provider struct {
	URL string // base URL, ending in /v1

	delay atomic.Int64 // nanoseconds before a non-streamed answer
	srv   *http.Server
}

// StreamChunks is how many chunks a streamed answer has; StreamGap separates them after the first, so a gateway
// that buffered instead of relaying would show it in the time to first byte.
const (
	StreamChunks = 4
	StreamGap    = time.Millisecond
)

var (
	modelsBody = []byte(`{"object":"list","data":[{"id":"gpt-4o","object":"model","created":1700000000,"owned_by":"fake"}]}`)
	chatBody   = []byte(`{"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o",` +
		`"choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Hello from gpt-4o"}}],` +
		`"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}`)
	chunks    = streamChunks()
	streamKey = []byte(`"stream":true`)
)

func streamChunks() [][]byte {
	out := make([][]byte, StreamChunks)
	for i := range out {
		finish := "null"
		if i == StreamChunks-1 {
			finish = `"stop"`
		}
		out[i] = fmt.Appendf(nil, `data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,`+
			`"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"part%d "},"finish_reason":%s}]}`+"\n\n", i, finish)
	}
	return out
}

// StartProvider serves the provider on a loopback port until Close.
func StartProvider() (*Provider, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	p := &Provider{URL: "http://" + ln.Addr().String() + "/v1"}
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := p.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			panic(fmt.Sprintf("bench provider: %v", err)) // a dead provider would turn every figure into an error
		}
	}()
	return p, nil
}

// Close stops the provider.
func (p *Provider) Close() error { return p.srv.Close() }

// SetDelay makes non-streamed answers wait d before they are written (0: at once).
func (p *Provider) SetDelay(d time.Duration) { p.delay.Store(int64(d)) }

func (p *Provider) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	switch r.URL.Path {
	case "/v1/models":
		writeBody(w, "application/json", modelsBody)
	case "/v1/chat/completions":
		// A byte search instead of decoding JSON: both clients send the same compact encoding, and decoding would
		// add provider work to every measured request.
		if bytes.Contains(body, streamKey) {
			p.stream(w, r)
			return
		}
		if d := time.Duration(p.delay.Load()); d > 0 {
			time.Sleep(d)
		}
		writeBody(w, "application/json", chatBody)
	default:
		http.NotFound(w, r)
	}
}

func writeBody(w http.ResponseWriter, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

// stream sends the first chunk at once, then the others StreamGap apart, then [DONE].
func (p *Provider) stream(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	flusher := w.(http.Flusher)
	for i, c := range chunks {
		if i > 0 {
			select {
			case <-r.Context().Done():
				return
			case <-time.After(StreamGap):
			}
		}
		if _, err := w.Write(c); err != nil {
			return
		}
		flusher.Flush()
	}
	_, _ = io.WriteString(w, "data: [DONE]\n\n")
	flusher.Flush()
}
