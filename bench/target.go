package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Target is one way to reach the provider's chat completions: directly, or through the gateway. Its request bodies
// are encoded once, so the generator's cost per request is the same for every target.
type Target struct {
	Name   string
	Client *http.Client
	URL    string // the /chat/completions URL; its host is the Host header
	Token  string // sent as Authorization: Bearer

	plain, stream []byte
}

// NewTarget asks for model at url with token.
func NewTarget(name string, client *http.Client, url, token, model string) Target {
	body := func(stream bool) []byte {
		return fmt.Appendf(nil, `{"model":%q,"messages":[{"role":"user","content":"hi"}],"stream":%t}`, model, stream)
	}
	return Target{Name: name, Client: client, URL: url, Token: token, plain: body(false), stream: body(true)}
}

func (t Target) send(ctx context.Context, stream bool) (*http.Response, error) {
	body := t.plain
	if stream {
		body = t.stream
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.URL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+t.Token)
	resp, err := t.Client.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		resp.Body.Close()
		return nil, fmt.Errorf("%s: status %d: %s", t.Name, resp.StatusCode, raw)
	}
	return resp, nil
}

// Chat sends one non-streamed request and returns the time until its whole body was read.
func (t Target) Chat(ctx context.Context) (time.Duration, error) {
	start := time.Now()
	resp, err := t.send(ctx, false)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	// Read to the end even on success: an unread body would stop the connection from being reused.
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, fmt.Errorf("%s: read body: %w", t.Name, err)
	}
	return time.Since(start), nil
}

var done = []byte("data: [DONE]")

// Stream sends one streamed request and returns the time until the first body byte (the first chunk) arrived.
// The rest is read and must end with [DONE].
func (t Target) Stream(ctx context.Context) (time.Duration, error) {
	start := time.Now()
	resp, err := t.send(ctx, true)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	buf := make([]byte, 4096)
	n, err := resp.Body.Read(buf)
	for n == 0 && err == nil {
		n, err = resp.Body.Read(buf)
	}
	ttfb := time.Since(start)
	if n == 0 {
		return 0, fmt.Errorf("%s: stream ended before its first chunk: %v", t.Name, err)
	}
	rest, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, fmt.Errorf("%s: read stream: %w", t.Name, err)
	}
	if !bytes.Contains(append(buf[:n], rest...), done) {
		return 0, fmt.Errorf("%s: stream without [DONE]", t.Name)
	}
	return ttfb, nil
}
