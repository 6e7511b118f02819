// Package ui embeds the web app. ui/dist/index.html is a committed placeholder, so Go builds never need Node;
// Vite writes the real build to ui/dist/app (git-ignored), which is served when it holds an index.html.
package ui

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Files returns the web app to serve: the Vite build when present, else the placeholder page.
func Files() fs.FS {
	if app, err := fs.Sub(dist, "dist/app"); err == nil {
		if _, err := fs.Stat(app, "index.html"); err == nil {
			return app
		}
	}
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // the placeholder is committed: this cannot happen in a real build
	}
	return sub
}
