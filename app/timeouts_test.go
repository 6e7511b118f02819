package app_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
)

func TestSlowClientsAreCut(t *testing.T) {
	const header, body, idle = 1 * time.Second, 1 * time.Second, 1 * time.Second
	forEachLimitsDeployment(t, func(t *testing.T, d deployment) {
		p := apptest.StartProvider(t)
		_, token, _ := setupModel(t, d, "acme", "alice", p, "sk-acme", "fake/")
		forwardedBefore := len(p.Calls())
		host := d.bodhi.Host("acme")

		t.Run("headers that never end", func(t *testing.T) {
			c := dialBodhi(t, d)
			c.send(t, "GET /ping HTTP/1.1\r\nHost: %s\r\nX-Slow: ", host)
			c.dribble()
			t.Logf("closed after %s", c.closedWithin(t, header+3*time.Second))
		})
		for _, auth := range []string{"", "Authorization: Bearer " + token + "\r\n"} {
			t.Run(fmt.Sprintf("a body that never ends (authenticated %v)", auth != ""), func(t *testing.T) {
				c := dialBodhi(t, d)
				c.send(t, "POST /v1/chat/completions HTTP/1.1\r\nHost: %s\r\n%sContent-Type: application/json\r\n"+
					"Content-Length: 100000\r\n\r\n{\"model\":\"fake/gpt-4o\",", host, auth)
				c.dribble()
				t.Logf("closed after %s", c.closedWithin(t, header+body+3*time.Second))
			})
		}
		t.Run("an idle keep-alive connection", func(t *testing.T) {
			c := dialBodhi(t, d)
			c.send(t, "GET /ping HTTP/1.1\r\nHost: %s\r\n\r\n", host)
			resp, _ := c.response(t)
			require.Equal(t, http.StatusOK, resp.StatusCode)
			require.False(t, resp.Close, "kept alive")
			t.Logf("closed after %s", c.closedWithin(t, idle+3*time.Second))
		})
		require.Len(t, p.Calls(), forwardedBefore, "nothing was forwarded")
	}, "BODHI_HTTP_HEADER_TIMEOUT_SECS=1", "BODHI_HTTP_BODY_TIMEOUT_SECS=1", "BODHI_HTTP_IDLE_TIMEOUT_SECS=1")
}

// chatBody is a chat completion request for model.
func chatBody(model string, stream bool) map[string]any {
	return map[string]any{"model": model, "stream": stream,
		"messages": []any{map[string]string{"role": "user", "content": "hi"}}}
}

func TestRelayedResponsesOutliveTheWriteTimeout(t *testing.T) {
	forEachLimitsDeployment(t, func(t *testing.T, d deployment) {
		p := apptest.StartProvider(t)
		_, token, _ := setupModel(t, d, "acme", "alice", p, "sk-acme", "fake/")
		api := bearer(t, d, "acme", token)

		p.StreamChunks, p.StreamDelay = 6, 500*time.Millisecond // about 3 s
		start := time.Now()
		r := api.Do(http.MethodPost, "/v1/chat/completions", chatBody("fake/gpt-4o", true))
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		for i := range 6 {
			require.Contains(t, string(r.Body), fmt.Sprintf(`"content":"part%d "`, i))
		}
		require.True(t, strings.HasSuffix(string(r.Body), "data: [DONE]\n\n"), "the stream is complete: %s", r.Body)
		t.Logf("stream of %s", time.Since(start))

		p.StreamChunks, p.StreamDelay, p.ResponseDelay = 3, 0, 2500*time.Millisecond
		r = api.Do(http.MethodPost, "/v1/chat/completions", chatBody("fake/gpt-4o", false))
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		require.Equal(t, "Hello from gpt-4o", r.JSON(t)["choices"].([]any)[0].(map[string]any)["message"].(map[string]any)["content"])

		r = api.Do(http.MethodPost, "/api/chat", chatBody("fake/gpt-4o", false))
		require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
		require.Equal(t, "Hello from gpt-4o", r.JSON(t)["message"].(map[string]any)["content"], "Ollama, whole")

		r = api.Do(http.MethodPost, "/api/chat", chatBody("fake/gpt-4o", true))
		lines := strings.Split(strings.TrimSpace(string(r.Body)), "\n")
		require.Len(t, lines, 4, "Ollama, streamed: three chunks and the final line: %s", r.Body)
		require.Contains(t, lines[3], `"done":true`)
	}, "BODHI_HTTP_WRITE_TIMEOUT_SECS=1")
}
