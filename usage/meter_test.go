package usage_test

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/usage"
)

// trickle returns its content a few bytes per Read, as a network body does.
type trickle struct {
	s string
	n int
}

func (t *trickle) Read(p []byte) (int, error) {
	if t.s == "" {
		return 0, io.EOF
	}
	k := min(t.n, len(t.s), len(p))
	copy(p, t.s[:k])
	t.s = t.s[k:]
	return k, nil
}
func (t *trickle) Close() error { return nil }

func meter(body, contentType string, drop bool, step int) (string, usage.Tokens, bool) {
	m := usage.NewMeter(&trickle{s: body, n: step}, contentType, time.Now(), drop)
	out, _ := io.ReadAll(m)
	_ = m.Close()
	tok, found := m.Tokens()
	return string(out), tok, found
}

const stream = "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"}}],\"usage\":null}\n\n" +
	"data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n" +
	"data: {\"choices\":[],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":4,\"total_tokens\":15}}\n\n" +
	"data: [DONE]\n\n"

func TestMeterReadsUsage(t *testing.T) {
	for _, step := range []int{1, 7, 4096} {
		out, tok, found := meter(stream, "text/event-stream; charset=utf-8", false, step)
		require.Equal(t, stream, out, "a stream passes unchanged")
		require.True(t, found)
		require.Equal(t, usage.Tokens{Prompt: 11, Completion: 4, Total: 15}, tok)

		out, tok, _ = meter(stream, "text/event-stream", true, step)
		require.NotContains(t, out, "prompt_tokens", "the usage chunk Bodhi asked for is not the client's")
		require.Contains(t, out, "finish_reason")
		require.True(t, strings.HasSuffix(out, "data: [DONE]\n\n"))
		require.Equal(t, usage.Tokens{Prompt: 11, Completion: 4, Total: 15}, tok)

		crlf := strings.ReplaceAll(stream, "\n", "\r\n")
		out, tok, _ = meter(crlf, "text/event-stream", true, step)
		require.NotContains(t, out, "prompt_tokens")
		require.EqualValues(t, 15, tok.Total)
	}

	whole := `{"id":"x","choices":[{"message":{"content":"hi"}}],"usage":{"prompt_tokens":3,"completion_tokens":2}}`
	out, tok, found := meter(whole, "application/json", true, 5)
	require.Equal(t, whole, out)
	require.True(t, found)
	require.Equal(t, usage.Tokens{Prompt: 3, Completion: 2, Total: 5}, tok, "total computed when absent")

	tricky := `{"choices":[{"message":{"content":"usage","tool":"{\"usage\": {\"prompt_tokens\": 999}}"}}],` +
		`"usage" : {"prompt_tokens":1,"completion_tokens":1}, "system_fingerprint":"usage"}`
	_, tok, found = meter(tricky, "application/json", false, 9)
	require.True(t, found)
	require.Equal(t, usage.Tokens{Prompt: 1, Completion: 1, Total: 2}, tok, "the answer's own usage, not text")

	big := `{"data":[` + strings.Repeat(`{"embedding":[0.1,0.2,0.3]},`, 300_000) +
		`{"embedding":[1]}],"usage":{"prompt_tokens":42,"total_tokens":42}}`
	_, tok, found = meter(big, "application/json", false, 32<<10)
	require.True(t, found, "the usage of an answer too large to keep, from its end")
	require.EqualValues(t, 42, tok.Total)

	_, _, found = meter(`{"error":{"message":"rate limited"}}`, "application/json", false, 64)
	require.False(t, found)
}
