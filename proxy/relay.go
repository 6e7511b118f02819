// Package proxy relays OpenAI-compatible requests to API providers (http-api.md §7): the body goes upstream with
// the org's decrypted key, and the answer comes back with its status, headers and body, streamed chunk by chunk.
// It also holds the Ollama-compatible conversions.
package proxy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// hopByHop are never relayed (RFC 9110 §7.6.1), and Set-Cookie never reaches the client from a provider.
var skipHeaders = map[string]bool{
	"Connection": true, "Keep-Alive": true, "Proxy-Authenticate": true, "Proxy-Authorization": true,
	"Proxy-Connection": true, "Te": true, "Trailer": true, "Transfer-Encoding": true, "Upgrade": true,
	"Set-Cookie": true,
}

// WithModel encodes fields (a decoded request body) with "model" set to model, keys in order. The document is
// assembled in one buffer of its final size: json.Marshal would compact every value into a growing buffer and
// then copy the result, which costs about three times the size of a large body.
func WithModel(fields map[string]json.RawMessage, model string) ([]byte, error) {
	raw, err := json.Marshal(model)
	if err != nil {
		return nil, err
	}
	fields["model"] = raw
	keys := make([]string, 0, len(fields))
	encoded := make(map[string][]byte, len(fields))
	size := 1 // the braces, less the comma the first value goes without
	for k, v := range fields {
		ek, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		keys = append(keys, k)
		encoded[k] = ek
		size += len(ek) + 1 + len(v) + 1 // key, colon, value, comma
	}
	slices.Sort(keys)
	out := make([]byte, 0, size)
	out = append(out, '{')
	for i, k := range keys {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, encoded[k]...)
		out = append(out, ':')
		out = append(out, fields[k]...)
	}
	return append(out, '}'), nil
}

// copyBuffers are reused across relays: every response would otherwise allocate its own 32 KiB.
var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// Request is one call upstream.
type Request struct {
	URL    string
	Key    *string // Authorization: Bearer <key> when set
	Accept string  // copied from the client
	Body   []byte
}

// Send opens the upstream call. The request context is the client's, so a client that goes away cancels the
// provider call too. Only Content-Type, Accept and Authorization go upstream (http-api.md §14.1).
func Send(ctx context.Context, client *http.Client, r Request) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.URL, bytes.NewReader(r.Body))
	if err != nil {
		return nil, fmt.Errorf("build upstream request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if r.Accept != "" {
		req.Header.Set("Accept", r.Accept)
	}
	if r.Key != nil {
		req.Header.Set("Authorization", "Bearer "+*r.Key)
	}
	return client.Do(req)
}

// Relay copies resp to w: status, headers (minus hop-by-hop, Set-Cookie, and Content-Length for streams) and body.
// Event streams are flushed after every read, so each chunk reaches the client as soon as it arrives.
func Relay(w http.ResponseWriter, resp *http.Response) error {
	defer resp.Body.Close()
	streaming := strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream")
	h := w.Header()
	for name, values := range resp.Header {
		if skipHeaders[name] || (streaming && name == "Content-Length") {
			continue
		}
		h[name] = values
	}
	w.WriteHeader(resp.StatusCode)
	bp := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(bp)
	buf := *bp
	if !streaming {
		_, err := io.CopyBuffer(w, resp.Body, buf)
		return err
	}
	flusher, _ := w.(http.Flusher)
	for {
		n, err := resp.Body.Read(buf)
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return werr // the client went away; the deferred Close and its cancelled context stop upstream
			}
			if flusher != nil {
				flusher.Flush()
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
