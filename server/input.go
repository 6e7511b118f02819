package server

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
)

// Text that no database column may hold: PostgreSQL refuses the NUL character and invalid UTF-8 in text (a 500
// from deep inside a query), SQLite would store them. Both are refused at the boundary, the same on both dialects.

// cleanInput refuses a request whose path or query string decodes to NUL or invalid UTF-8.
func cleanInput(c *gin.Context) {
	if !storableText(c.Request.URL.Path) {
		WriteError(c, NewError(TypeInvalidRequest, "path_rejection_error",
			"Invalid path: it must be UTF-8 text without the NUL character."))
		return
	}
	if !storableQuery(c.Request.URL.RawQuery) {
		WriteError(c, queryRejection("parameters must be UTF-8 text without the NUL character"))
		return
	}
	c.Next()
}

// storableQuery checks a raw query string's decoded names and values; without a percent escape, decoding cannot
// add a bad byte, so the common query is checked without being parsed.
func storableQuery(raw string) bool {
	if !strings.Contains(raw, "%") {
		return storableText(raw)
	}
	values, _ := url.ParseQuery(raw) // what the handlers will read; malformed pairs are dropped there too
	for name, vs := range values {
		if !storableText(name) || !allStorable(vs) {
			return false
		}
	}
	return true
}

func storableText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

func allStorable(values []string) bool {
	for _, v := range values {
		if !storableText(v) {
			return false
		}
	}
	return true
}

// jsonHasNUL reports whether a JSON document holds the escaped NUL character (\u0000) in any string, key or
// value. A raw NUL byte is not valid JSON at all, and the decoder already turns invalid UTF-8 into U+FFFD.
func jsonHasNUL(doc []byte) bool {
	inString := false
	for i := 0; i < len(doc); i++ {
		switch b := doc[i]; {
		case !inString:
			inString = b == '"'
		case b == '"':
			inString = false
		case b == '\\':
			if i+5 < len(doc) && doc[i+1] == 'u' && string(doc[i+2:i+6]) == "0000" {
				return true
			}
			i++ // the escaped character, so an escaped quote or backslash is not read as syntax
		}
	}
	return false
}
