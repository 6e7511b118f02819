package server

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// upstreamWriter excepts a response that waits on a model provider or a tool from the write timeout
// (BODHI_HTTP_WRITE_TIMEOUT_SECS, README "Limits and timeouts"): a non-streamed chat completion may take minutes
// before its first byte, and a stream lasts as long as the model writes. The connection's write deadline is
// lifted while Bodhi waits, then set again to the write timeout before every write of the answer, so a client that
// stops reading is still cut, one write timeout after the write it stalls.
type upstreamWriter struct {
	gin.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
}

// awaitUpstream lifts the write deadline of c's connection and routes c's writes through the returned writer;
// call done when the handler returns. Where the writer has no deadline to lift (a test recorder), c is left as is.
func (s *Server) awaitUpstream(c *gin.Context) *upstreamWriter {
	w := &upstreamWriter{ResponseWriter: c.Writer, rc: http.NewResponseController(c.Writer),
		timeout: time.Duration(s.deps.Config.WriteTimeoutSecs) * time.Second}
	if w.timeout <= 0 || w.rc.SetWriteDeadline(time.Time{}) != nil {
		w.rc = nil
		return w
	}
	c.Writer = w
	return w
}

// arm gives the next write of the connection a full write timeout.
func (w *upstreamWriter) arm() {
	if w.rc != nil {
		_ = w.rc.SetWriteDeadline(time.Now().Add(w.timeout))
	}
}

func (w *upstreamWriter) Write(p []byte) (int, error) {
	w.arm()
	return w.ResponseWriter.Write(p)
}

func (w *upstreamWriter) WriteString(s string) (int, error) {
	w.arm()
	return w.ResponseWriter.WriteString(s)
}

// Unwrap lets http.ResponseController reach the connection through the writer.
func (w *upstreamWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// done arms the deadline once more for what net/http still writes after the handler (the buffered tail, the end
// of a chunked body): the last write of the answer may have been long ago.
func (w *upstreamWriter) done() { w.arm() }
