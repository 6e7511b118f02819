package access

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWebRedirectURL(t *testing.T) {
	for _, tt := range []struct {
		raw string
		ok  bool
	}{
		{"http://localhost:9999/cb", true},
		{"https://app.example/cb?x=1&y=2", true},
		{"HTTPS://APP.EXAMPLE/cb", true},
		{"javascript:alert(1)", false},
		{"JAVASCRIPT:alert(1)", false},
		{"javascript://app.example/%0aalert(1)", false},
		{" https://app.example/cb", false},
		{"https://app.example/cb ", false},
		{"data:text/html;base64,PHNjcmlwdD4=", false},
		{"vbscript:msgbox", false},
		{"file:///etc/passwd", false},
		{"ftp://app.example/cb", false},
		{"https:app.example/cb", false},
		{"//app.example/cb", false},
		{"/relative", false},
		{"https://user@app.example/cb", false},
		{"https://user:pw@app.example/cb", false},
		{"https://app.example/cb#x", false},
		{"https://app.example\\@evil.example/", false},
		{"https://:443/cb", false},
		{"https://app.example/\ncb", false},
		{"", false},
		{"https://app.example/" + string(make([]byte, maxRedirectURL)), false},
	} {
		_, ok := webRedirectURL(tt.raw)
		require.Equal(t, tt.ok, ok, "%q", tt.raw)
	}
}

func TestRegisteredRedirect(t *testing.T) {
	registered := []string{"https://app.example/cb", "http://localhost:*"}
	for _, tt := range []struct {
		raw string
		ok  bool
	}{
		{"https://app.example/cb", true},
		{"https://app.example/cb?x=1", false}, // exact entries are exact
		{"https://app.example/cb/", false},
		{"https://app.example.evil/cb", false},
		{"http://localhost:9999/anything", true},
		{"http://localhost.evil.example/", false},
		{"https://localhost:9999/", false},
	} {
		require.Equal(t, tt.ok, registeredRedirect(tt.raw, registered), "%q", tt.raw)
	}
	require.False(t, registeredRedirect("https://app.example/cb", nil))
}
