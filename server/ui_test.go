package server

import (
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/config"
	"github.com/bodhiapp/bodhi/ui"
)

// TestUISecurityHeaders serves the embedded web app (the Vite build when present, else the placeholder) through the
// whole middleware pipeline and checks the headers of the HTML, an asset and a missing asset.
func TestUISecurityHeaders(t *testing.T) {
	files := ui.Files()
	s := New(Deps{Config: &config.Config{}, UI: files, Logger: slog.New(slog.DiscardHandler),
		Draining: func() bool { return false }})

	asset, assetStatus := "/ui/assets/missing.js", http.StatusNotFound
	if names, err := fs.Glob(files, "assets/*.js"); err == nil && len(names) > 0 {
		asset, assetStatus = "/ui/"+names[0], http.StatusOK
	}
	tests := []struct {
		path   string
		status int
	}{
		{"/ui/", http.StatusOK},
		{"/ui/chat", http.StatusOK},
		{"/ui/apps/access-requests/review?id=x", http.StatusOK},
		{asset, assetStatus},
		{"/ui/assets/missing.js", http.StatusNotFound},
	}
	nonces := map[string]int{}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.path, nil))
			require.Equal(t, tt.status, rec.Code)
			h := rec.Header()
			require.Equal(t, "nosniff", h.Get("X-Content-Type-Options"))
			require.Equal(t, "same-origin", h.Get("Referrer-Policy"))
			require.Equal(t, "DENY", h.Get("X-Frame-Options"))

			csp := parseCSP(t, h.Get("Content-Security-Policy"))
			require.Equal(t, []string{"'self'"}, csp["script-src"], "bundled scripts only: no 'unsafe-inline' or 'unsafe-eval'")
			require.Equal(t, []string{"'self'"}, csp["default-src"])
			styleSrc := csp["style-src"]
			require.Len(t, styleSrc, 2, "bundled CSS and nonced <style> elements only, no 'unsafe-inline'")
			require.Equal(t, "'self'", styleSrc[0])
			require.Regexp(t, `^'nonce-[A-Za-z0-9+/]{22}=='$`, styleSrc[1])
			nonces[styleSrc[1]]++
			require.NotContains(t, csp, "style-src-elem")
			require.Equal(t, []string{"'unsafe-inline'"}, csp["style-src-attr"], "KaTeX's style attributes")
			require.Equal(t, []string{"'self'"}, csp["connect-src"])
			require.Equal(t, []string{"'none'"}, csp["frame-ancestors"])
			require.Equal(t, []string{"'none'"}, csp["object-src"])
			require.Equal(t, []string{"'self'"}, csp["base-uri"])
		})
	}
	require.Len(t, nonces, len(tests), "a fresh nonce per response")
}

// parseCSP maps each directive of a Content-Security-Policy to its sources; a directive given twice fails.
func parseCSP(t *testing.T, header string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, d := range strings.Split(header, ";") {
		fields := strings.Fields(d)
		if len(fields) == 0 {
			continue
		}
		name := strings.ToLower(fields[0])
		_, dup := out[name]
		require.False(t, dup, "directive %s twice in %q", name, header)
		out[name] = fields[1:]
	}
	return out
}

// TestUIIndexHasNothingInline checks the served index.html against the policy above: every script is a file, there
// is no <style> element and no inline event handler (script-src and style-src would refuse them), and no style
// attribute either (allowed for KaTeX, not needed by the page).
func TestUIIndexHasNothingInline(t *testing.T) {
	s := New(Deps{Config: &config.Config{}, UI: ui.Files(), Logger: slog.New(slog.DiscardHandler),
		Draining: func() bool { return false }})
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/ui/", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	body, err := io.ReadAll(rec.Body)
	require.NoError(t, err)
	html := string(body)

	for _, m := range regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script>`).FindAllStringSubmatch(html, -1) {
		require.Regexp(t, `\bsrc=`, m[1], "a script without src: %s", m[0])
		require.Empty(t, strings.TrimSpace(m[2]), "inline script content: %s", m[0])
	}
	require.NotRegexp(t, `(?i)<[^>]*\son[a-z]+\s*=`, html, "an inline event handler")
	require.NotRegexp(t, `(?i)<[^>]*\sstyle\s*=`, html, "an inline style attribute")
	require.NotRegexp(t, `(?i)<style\b`, html, "an inline style element")
	require.NotContains(t, html, "BODHI_CSP_NONCE", "the nonce placeholder is replaced")
}

// TestUIIndexCarriesTheResponseNonce checks that the nonce in the Vite build's index.html (the csp-nonce meta tag the
// app hands to Radix, and its script and link tags) is the one in the response's policy.
func TestUIIndexCarriesTheResponseNonce(t *testing.T) {
	files := ui.Files()
	raw, err := fs.ReadFile(files, "index.html")
	require.NoError(t, err)
	if !strings.Contains(string(raw), "BODHI_CSP_NONCE") {
		t.Skip("the placeholder index.html is embedded: run make build.ui (make test does) for the Vite build")
	}
	s := New(Deps{Config: &config.Config{}, UI: files, Logger: slog.New(slog.DiscardHandler),
		Draining: func() bool { return false }})
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/ui/tokens", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	nonce := strings.TrimSuffix(strings.TrimPrefix(parseCSP(t, rec.Header().Get("Content-Security-Policy"))["style-src"][1],
		"'nonce-"), "'")
	require.Contains(t, rec.Body.String(), `<meta property="csp-nonce" nonce="`+nonce+`">`)
}
