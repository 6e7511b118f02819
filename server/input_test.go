package server

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestJSONHasNUL(t *testing.T) {
	for _, tt := range []struct {
		doc  string
		want bool
	}{
		{`{"a":"x\u0000y"}`, true},
		{`{"a\u0000":1}`, true},
		{`["\u0000"]`, true},
		{`{"a":"\\u0000"}`, false}, // an escaped backslash, then the text u0000
		{`{"a":"\\\u0000"}`, true}, // an escaped backslash, then NUL
		{`{"a":"\"\u0000"}`, true}, // an escaped quote does not end the string
		{`{"a":"\u00001"}`, true},  // NUL followed by "1"
		{`{"a":"\u0001"}`, false},  // another control character (allowed by JSON, stored fine)
		{`{"a":"u0000"}`, false},
		{`{"a":1}`, false},
		{`{"a":"x\`, false},
	} {
		require.Equal(t, tt.want, jsonHasNUL([]byte(tt.doc)), "%s", tt.doc)
	}
}
