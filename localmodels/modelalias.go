package localmodels

import (
	"path"
	"slices"
	"strings"

	"github.com/bodhiapp/bodhi/localmodels/hfcache"
)

// ModelAlias is an alias the cache scan derives from a GGUF file (source "model", http-api.md §5).
type ModelAlias struct {
	Alias    string
	File     hfcache.File
	Metadata *Metadata // nil until the file's metadata has been extracted
}

// ModelAliasName is the alias of filename in repo (http-api.md §5): {repo}:{Q}, Q being the part of the file's
// name after its last '-' and before its last '.' (…-Q4_K_M.gguf gives Q4_K_M). A name without '-' gives its
// whole stem. Only the file's own name counts, not the directories above it in the snapshot.
func ModelAliasName(repo, filename string) string {
	base := path.Base(filename)
	stem := strings.TrimSuffix(base, path.Ext(base))
	q := stem
	if i := strings.LastIndex(stem, "-"); i >= 0 && i+1 < len(stem) {
		q = stem[i+1:]
	}
	return repo + ":" + q
}

// modelAliases derives the model aliases of files, sorted by alias. When several files give one name, the file of
// the newest snapshot directory wins (http-api.md §5); between files of one snapshot, the first in files' order.
func modelAliases(files []hfcache.File) []ModelAlias {
	byName := map[string]int{}
	var out []ModelAlias
	for _, f := range files {
		name := ModelAliasName(f.Repo, f.Filename)
		i, seen := byName[name]
		switch {
		case !seen:
			byName[name] = len(out)
			out = append(out, ModelAlias{Alias: name, File: f})
		case f.SnapshotTime.After(out[i].File.SnapshotTime):
			out[i].File = f
		}
	}
	slices.SortFunc(out, func(a, b ModelAlias) int { return strings.Compare(a.Alias, b.Alias) })
	return out
}

// findModelAlias is the model alias named name among the cache's files.
func findModelAlias(files []hfcache.File, name string) (ModelAlias, bool) {
	for _, a := range modelAliases(files) {
		if a.Alias == name {
			return a, true
		}
	}
	return ModelAlias{}, false
}
