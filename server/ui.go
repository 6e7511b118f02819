package server

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

// uiContentSecurityPolicy is what the web app may load and run (auth.md §11.2 asks for frame-ancestors; the rest is
// defence in depth). The Vite build runs no inline script (ui_test.go checks index.html; the browser tests fail on
// any violation), so an injected <script>, on*= handler or javascript: URL never runs. %s is the response's nonce.
var uiContentSecurityPolicy = strings.Join([]string{
	"default-src 'self'",
	"script-src 'self'", // the bundles under /ui/assets only: no inline script, eval or javascript: URL
	// Bundled CSS, and <style> elements only with this response's nonce: Radix's modal scroll lock inserts one (via
	// react-style-singleton, which reads the nonce that main.tsx takes from index.html's csp-nonce meta tag).
	"style-src 'self' 'nonce-%s'",
	// Style attributes: KaTeX's HTML goes through a <template> on its way to React, and Chromium checks the style
	// attributes in it (React itself sets styles through the CSSOM, which CSP does not govern).
	"style-src-attr 'unsafe-inline'",
	"img-src 'self' data:", // index.html's empty data: favicon; no remote image: a chat answer cannot send data out
	"font-src 'self'",      // KaTeX's fonts, emitted as files (vite.config.ts inlines no asset)
	"connect-src 'self'",   // the app calls only its own origin's API
	"object-src 'none'",
	"base-uri 'self'",
	"form-action 'self'",
	"frame-ancestors 'none'", // with X-Frame-Options: no clickjacking of the consent page
}, "; ")

// cspNoncePlaceholder is what vite.config.ts (html.cspNonce) writes into index.html wherever a nonce belongs.
var cspNoncePlaceholder = []byte("BODHI_CSP_NONCE")

// uiHandler serves the embedded web app under /ui/ (http-api.md §13).
type uiHandler struct {
	files fs.FS
	index []byte
}

func newUIHandler(files fs.FS) *uiHandler {
	index, _ := fs.ReadFile(files, "index.html")
	return &uiHandler{files: files, index: index}
}

func (u *uiHandler) serve(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Frame-Options", "DENY")
	nonce := newCSPNonce()
	h.Set("Content-Security-Policy", fmt.Sprintf(uiContentSecurityPolicy, nonce))

	name := strings.TrimPrefix(path.Clean(c.Param("path")), "/")
	if strings.HasPrefix(name, "assets/") {
		if !u.exists(name) {
			WriteError(c, ErrRouteNotFound)
			return
		}
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		c.FileFromFS(name, http.FS(u.files))
		return
	}
	if name != "" && name != "." && name != "index.html" && u.exists(name) {
		h.Set("Cache-Control", "no-cache")
		c.FileFromFS(name, http.FS(u.files))
		return
	}
	// SPA fallback: client-side routes all load index.html.
	h.Set("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "text/html; charset=utf-8", bytes.ReplaceAll(u.index, cspNoncePlaceholder, []byte(nonce)))
}

func (u *uiHandler) exists(name string) bool {
	info, err := fs.Stat(u.files, name)
	return err == nil && !info.IsDir()
}

// newCSPNonce returns 128 random bits, base64-encoded: fresh per response, so a nonce seen once is no use later.
func newCSPNonce() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (it panics where randomness is unavailable)
	return base64.StdEncoding.EncodeToString(b)
}
