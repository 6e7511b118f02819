package shellwords_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/shellwords"
)

func TestSplit(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"   \t\n ", nil},
		{"--jinja --no-webui", []string{"--jinja", "--no-webui"}},
		{"  -c   2048\t-ngl 99 ", []string{"-c", "2048", "-ngl", "99"}},
		{`--chat-template 'a b'`, []string{"--chat-template", "a b"}},
		{`--alias "my model"`, []string{"--alias", "my model"}},
		{`--x "a\"b" 'c\d' e\ f`, []string{"--x", `a"b`, `c\d`, "e f"}},
		{`"\$HOME \n"`, []string{`$HOME \n`}},
		{`$HOME *.gguf`, []string{"$HOME", "*.gguf"}},
		{`pre'fix'"post" ''`, []string{"prefixpost", ""}},
		{"a\\\nb", []string{"ab"}},
		{`"it's"`, []string{"it's"}},
	} {
		got, err := shellwords.Split(c.in)
		require.NoError(t, err, c.in)
		require.Equal(t, c.want, got, c.in)
	}
	for _, bad := range []string{`'open`, `"open`, `trailing\`, `"a\"`} {
		_, err := shellwords.Split(bad)
		require.ErrorIs(t, err, shellwords.ErrUnterminated, bad)
	}
}
