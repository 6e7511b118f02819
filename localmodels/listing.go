package localmodels

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/localmodels/hfcache"
)

// ModelFile is a GGUF file of the cache with its metadata (LocalModelResponse, http-api.md §5.1).
type ModelFile struct {
	hfcache.File
	Metadata *Metadata // nil until extracted
}

// ModelFiles lists every GGUF file of the cache, sorted by repo then filename (then snapshot), each with the
// metadata extracted for it in orgID.
func (s *Service) ModelFiles(ctx context.Context, orgID string) ([]ModelFile, error) {
	meta, err := s.metadataIndex(ctx, orgID)
	if err != nil {
		return nil, err
	}
	files := s.files.Files()
	out := make([]ModelFile, len(files))
	for i, f := range files {
		out[i] = ModelFile{File: f, Metadata: meta[fileKey{f.Repo, f.Filename, f.Snapshot}]}
	}
	return out, nil
}

// ModelFilePage is one page of ModelFiles, and how many files there are (GET /bodhi/v1/modelfiles).
func (s *Service) ModelFilePage(ctx context.Context, orgID string, page db.Page) ([]ModelFile, int64, error) {
	files, err := s.ModelFiles(ctx, orgID)
	if err != nil {
		return nil, 0, err
	}
	data, total := pageOf(files, page)
	return data, total, nil
}

// LocalAlias is a user or model alias as the model listings show it (/v1/models, /api/tags, bodhi models).
type LocalAlias struct {
	Name   string
	User   *UserAlias    // set for a user alias
	File   *hfcache.File // the file served; nil when a user alias's file has left the cache
	Source string        // "user" or "model"
	// Created is a user alias's creation, a model alias's file time; Modified its last change, the file time.
	Created, Modified time.Time
	Metadata          *Metadata
}

// LocalAliases lists orgID's user aliases, then the model aliases, each sorted by name and each name once: a user
// alias hides a model alias of the same name, as it wins the routing (http-api.md §7).
func (s *Service) LocalAliases(ctx context.Context, orgID string) ([]LocalAlias, error) {
	users, models, err := s.aliases(ctx, orgID)
	if err != nil {
		return nil, err
	}
	files := s.files.Files()
	out := make([]LocalAlias, 0, len(users)+len(models))
	for i := range users {
		u := &users[i]
		a := LocalAlias{Name: u.Alias, User: u, Source: "user", Created: u.CreatedAt, Modified: u.UpdatedAt,
			Metadata: u.Metadata}
		if j := slices.IndexFunc(files, func(f hfcache.File) bool {
			return f.Repo == u.Repo && f.Filename == u.Filename && f.Snapshot == u.Snapshot
		}); j >= 0 {
			a.File = &files[j]
		}
		out = append(out, a)
	}
	for i := range models {
		m := &models[i]
		out = append(out, LocalAlias{Name: m.Alias, File: &m.File, Source: "model", Created: m.File.ModTime,
			Modified: m.File.ModTime, Metadata: m.Metadata})
	}
	return out, nil
}

// aliases are orgID's user aliases and the model aliases that no user alias hides, each sorted by name, with
// their files' metadata.
func (s *Service) aliases(ctx context.Context, orgID string) ([]UserAlias, []ModelAlias, error) {
	rows, err := s.store.ListUserAliases(ctx, orgID)
	if err != nil {
		return nil, nil, fmt.Errorf("list user aliases: %w", err)
	}
	meta, err := s.metadataIndex(ctx, orgID)
	if err != nil {
		return nil, nil, err
	}
	users := make([]UserAlias, len(rows))
	taken := make(map[string]bool, len(rows))
	for i, r := range rows {
		users[i] = userAliasOf(r, meta[fileKey{r.Repo, r.Filename, r.Snapshot}])
		taken[r.Alias] = true
	}
	slices.SortFunc(users, func(a, b UserAlias) int { return strings.Compare(a.Alias, b.Alias) })
	var models []ModelAlias
	for _, m := range modelAliases(s.files.Files()) {
		if !taken[m.Alias] {
			m.Metadata = meta[fileKey{m.File.Repo, m.File.Filename, m.File.Snapshot}]
			models = append(models, m)
		}
	}
	return users, models, nil
}
