package localmodels

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/localmodels/hfcache"
)

// UserAlias is a user alias with its parameters decoded and the metadata of its file.
type UserAlias struct {
	db.UserAlias
	RequestParams RequestParams
	ContextParams []string
	Metadata      *Metadata // nil until the file's metadata has been extracted
}

// AliasInput is a create or update request (http-api.md §5.2). Alias is read on create only: a name never
// changes. Snapshot "" means refs/main.
type AliasInput struct {
	Alias         string
	Repo          string
	Filename      string
	Snapshot      string
	RequestParams *RequestParams // nil: none
	ContextParams []string       // stored as given; nil: none
}

// validate checks the file fields and the parameters: the repo's pattern first, its own code, then the rest.
func (in AliasInput) validate() error {
	if !ValidRepo(in.Repo) {
		return repoPattern(in.Repo)
	}
	if strings.TrimSpace(in.Filename) == "" {
		return invalid("filename must not be empty.")
	}
	if in.RequestParams != nil {
		return in.RequestParams.validate()
	}
	return nil
}

// row is the user_aliases row of in for the file found, the snapshot resolved (what is stored, http-api.md §5.2).
func (in AliasInput) row(alias string, file hfcache.File) db.UserAlias {
	params := RequestParams{}
	if in.RequestParams != nil {
		params = *in.RequestParams
	}
	contextParams := in.ContextParams
	if contextParams == nil {
		contextParams = []string{}
	}
	rp, _ := json.Marshal(params)
	cp, _ := json.Marshal(contextParams)
	return db.UserAlias{Alias: alias, Repo: in.Repo, Filename: in.Filename, Snapshot: file.Snapshot,
		RequestParamsJSON: string(rp), ContextParamsJSON: string(cp)}
}

// CreateUserAlias stores a new user alias of orgID for a file of the cache (http-api.md §5.2): the name must be
// free among the org's user aliases and the model aliases, and the file must be in the snapshot its revision
// resolves to.
func (s *Service) CreateUserAlias(ctx context.Context, orgID string, in AliasInput) (UserAlias, error) {
	if strings.TrimSpace(in.Alias) == "" {
		return UserAlias{}, invalid("alias must not be empty.")
	}
	if err := in.validate(); err != nil {
		return UserAlias{}, err
	}
	if err := s.aliasFree(ctx, orgID, in.Alias); err != nil {
		return UserAlias{}, err
	}
	file, err := s.files.Find(in.Repo, in.Filename, in.Snapshot)
	if err != nil {
		return UserAlias{}, fileNotFound(in.Repo, in.Filename, in.Snapshot).Because(err)
	}
	return s.insert(ctx, orgID, in.row(in.Alias, file))
}

// UserAlias is the org's user alias id, with the metadata of its file.
func (s *Service) UserAlias(ctx context.Context, orgID, id string) (UserAlias, error) {
	row, err := s.store.GetUserAlias(ctx, orgID, id)
	if errors.Is(err, db.ErrNotFound) {
		return UserAlias{}, AliasNotFound(id)
	}
	if err != nil {
		return UserAlias{}, fmt.Errorf("load user alias %s: %w", id, err)
	}
	return s.withMetadata(ctx, orgID, row)
}

// UpdateUserAlias points the org's user alias id at another file or changes its parameters; its name stays.
func (s *Service) UpdateUserAlias(ctx context.Context, orgID, id string, in AliasInput) (UserAlias, error) {
	current, err := s.store.GetUserAlias(ctx, orgID, id)
	if errors.Is(err, db.ErrNotFound) {
		return UserAlias{}, AliasNotFound(id)
	}
	if err != nil {
		return UserAlias{}, fmt.Errorf("load user alias %s: %w", id, err)
	}
	if err := in.validate(); err != nil {
		return UserAlias{}, err
	}
	file, err := s.files.Find(in.Repo, in.Filename, in.Snapshot)
	if err != nil {
		return UserAlias{}, fileNotFound(in.Repo, in.Filename, in.Snapshot).Because(err)
	}
	row := in.row(current.Alias, file)
	row.ID = id
	updated, err := s.store.UpdateUserAlias(ctx, orgID, row)
	if errors.Is(err, db.ErrNotFound) {
		return UserAlias{}, AliasNotFound(id) // deleted meanwhile
	}
	if err != nil {
		return UserAlias{}, fmt.Errorf("update user alias %s: %w", id, err)
	}
	s.forgetRoutes(ctx, orgID)
	return s.withMetadata(ctx, orgID, updated)
}

// DeleteUserAlias removes the org's user alias id.
func (s *Service) DeleteUserAlias(ctx context.Context, orgID, id string) error {
	err := s.store.DeleteUserAlias(ctx, orgID, id)
	if errors.Is(err, db.ErrNotFound) {
		return AliasNotFound(id)
	}
	if err != nil {
		return fmt.Errorf("delete user alias %s: %w", id, err)
	}
	s.forgetRoutes(ctx, orgID)
	return nil
}

// CopyUserAlias stores a new user alias named alias with the settings of the org's user alias id (a new id).
func (s *Service) CopyUserAlias(ctx context.Context, orgID, id, alias string) (UserAlias, error) {
	source, err := s.UserAlias(ctx, orgID, id)
	if err != nil {
		return UserAlias{}, err
	}
	if strings.TrimSpace(alias) == "" {
		return UserAlias{}, invalid("alias must not be empty.")
	}
	if err := s.aliasFree(ctx, orgID, alias); err != nil {
		return UserAlias{}, err
	}
	row := source.UserAlias
	row.ID, row.Alias = "", alias
	return s.insert(ctx, orgID, row)
}

// aliasFree refuses a name that an existing user alias or model alias has (http-api.md §5.2).
func (s *Service) aliasFree(ctx context.Context, orgID, alias string) error {
	_, err := s.store.GetUserAliasByAlias(ctx, orgID, alias)
	switch {
	case err == nil:
		return aliasExists(alias)
	case !errors.Is(err, db.ErrNotFound):
		return fmt.Errorf("look up user alias %q: %w", alias, err)
	}
	if _, taken := findModelAlias(s.files.Files(), alias); taken {
		return aliasExists(alias)
	}
	return nil
}

// insert stores row; a name taken meanwhile is still refused, by the unique index.
func (s *Service) insert(ctx context.Context, orgID string, row db.UserAlias) (UserAlias, error) {
	created, err := s.store.CreateUserAlias(ctx, orgID, row)
	if db.IsConflict(err, db.UqUserAliasesOrgAlias) {
		return UserAlias{}, aliasExists(row.Alias)
	}
	if err != nil {
		return UserAlias{}, fmt.Errorf("create user alias %q: %w", row.Alias, err)
	}
	s.forgetRoutes(ctx, orgID)
	return s.withMetadata(ctx, orgID, created)
}

// withMetadata decodes row's parameters and adds its file's metadata.
func (s *Service) withMetadata(ctx context.Context, orgID string, row db.UserAlias) (UserAlias, error) {
	meta, err := s.metadataOf(ctx, orgID, row.Repo, row.Filename, row.Snapshot)
	if err != nil {
		return UserAlias{}, err
	}
	return userAliasOf(row, meta), nil
}

func userAliasOf(row db.UserAlias, meta *Metadata) UserAlias {
	return UserAlias{UserAlias: row, RequestParams: requestParamsOf(row.RequestParamsJSON),
		ContextParams: contextParamsOf(row.ContextParamsJSON), Metadata: meta}
}
