// Package shellwords splits a command line into words as a POSIX shell does, without expansion. It is a leaf, so the
// configuration can check BODHI_LLAMACPP_ARGS at start and the llama-server manager split it the same way.
package shellwords

import (
	"errors"
	"strings"
)

// ErrUnterminated is a string whose quote or escape does not end.
var ErrUnterminated = errors.New("unterminated quote or trailing backslash")

// Split splits s into words the way a POSIX shell splits a simple command line, without any expansion:
// blanks separate words; single quotes keep everything literally; double quotes keep everything but a backslash
// before $, `, ", \ or a newline; an unquoted backslash keeps the next character (and a backslash-newline is
// removed); quotes may join parts of one word ("--chat-template 'a b'" is two words, --chat-template and a b).
// $, globs and the rest of the shell's syntax stay literal characters.
//
// It is a few dozen lines rather than a module: the one candidate available (github.com/google/shlex) is archived
// and unreleased, and these rules are all BODHI_LLAMACPP_ARGS needs.
func Split(s string) ([]string, error) {
	var words []string
	var word strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		case c == '\\':
			if i+1 == len(s) {
				return nil, ErrUnterminated
			}
			i++
			if s[i] != '\n' {
				word.WriteByte(s[i])
				inWord = true
			}
		case c == '\'':
			end := strings.IndexByte(s[i+1:], '\'')
			if end < 0 {
				return nil, ErrUnterminated
			}
			word.WriteString(s[i+1 : i+1+end])
			i += end + 1
			inWord = true
		case c == '"':
			n, err := doubleQuoted(s[i+1:], &word)
			if err != nil {
				return nil, err
			}
			i += n
			inWord = true
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, word.String())
	}
	return words, nil
}

// doubleQuoted writes the text of a double-quoted part, s being what follows its opening quote, and returns how
// many bytes of s it used, the closing quote included.
func doubleQuoted(s string, word *strings.Builder) (int, error) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return i + 1, nil
		case c == '\\' && i+1 < len(s) && strings.IndexByte("$`\"\\\n", s[i+1]) >= 0:
			i++
			if s[i] != '\n' {
				word.WriteByte(s[i])
			}
		default:
			word.WriteByte(c)
		}
	}
	return 0, ErrUnterminated
}
