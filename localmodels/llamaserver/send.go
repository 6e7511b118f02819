package llamaserver

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/bodhiapp/bodhi/gateway"
)

// deathGrace is how long a failed call waits to learn whether the child died: the connection breaks a moment
// before the kernel reports the exit.
const deathGrace = 2 * time.Second

// send posts body to the child's /v1<path>.
func (m *Manager) send(ctx context.Context, p *process, path, accept string, body []byte) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.base+"/v1"+path, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("build the llama-server request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := m.client.Do(req)
	if err == nil {
		return resp, nil
	}
	if ctx.Err() == nil && diedWithin(p, deathGrace) {
		m.log.Warn("llama-server died while serving a request", "alias", p.target.Alias, "pid", p.pid,
			"status", p.exitStatus())
		return nil, exited(p.exitStatus(), p.out.Tail(), err)
	}
	return nil, gateway.ErrProviderUnreachable.Because(fmt.Errorf("llama-server %s: %w", p.target.Alias, err))
}

// diedWithin reports whether p exits within d.
func diedWithin(p *process, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-p.exited:
		return true
	case <-t.C:
		return false
	}
}

// requestBody is the child's answer while the client reads it: the request is in flight until it is closed, and a
// read that fails because the child died says so (for the relay's log).
type requestBody struct {
	io.ReadCloser
	ctx     context.Context // the client's: a read it cut short is not the child's failure
	p       *process
	release func()
	closed  bool
}

func (b *requestBody) Read(buf []byte) (int, error) {
	n, err := b.ReadCloser.Read(buf)
	if err != nil && err != io.EOF && b.ctx.Err() == nil && diedWithin(b.p, deathGrace) {
		err = fmt.Errorf("%w (llama-server exited: %s; last output: %q)", err, b.p.exitStatus(), b.p.out.Tail())
	}
	return n, err
}

func (b *requestBody) Close() error {
	err := b.ReadCloser.Close()
	if !b.closed {
		b.closed = true
		b.release()
	}
	return err
}
