package proxy

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWithModel(t *testing.T) {
	for _, body := range []string{
		`{"model":"fake/gpt-4o","messages":[{"role":"user","content":"hi <b>&</b>"}],"stream":true}`,
		`{ "stream" : false , "model" : "x", "a\"b": {"nested": [1, 2.5, null]}, "é": "\u00e9" }`,
		`{"messages":[]}`,
	} {
		var fields map[string]json.RawMessage
		require.NoError(t, json.Unmarshal([]byte(body), &fields))
		want := map[string]any{}
		require.NoError(t, json.Unmarshal([]byte(body), &want))
		want["model"] = "gpt-4o"

		out, err := WithModel(fields, "gpt-4o")
		require.NoError(t, err)
		require.True(t, json.Valid(out), "%s", out)
		got := map[string]any{}
		require.NoError(t, json.Unmarshal(out, &got))
		require.Equal(t, want, got, "%s", out)
		require.Equal(t, len(out), cap(out), "built in one buffer of its final size")
	}
}
