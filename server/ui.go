package server

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

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
	h.Set("Content-Security-Policy", "frame-ancestors 'none'")

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
	c.Data(http.StatusOK, "text/html; charset=utf-8", u.index)
}

func (u *uiHandler) exists(name string) bool {
	info, err := fs.Stat(u.files, name)
	return err == nil && !info.IsDir()
}
