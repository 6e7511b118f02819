package db

import (
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
)

// ErrNotFound is returned, on both dialects, when a row does not exist in the caller's org. A row of another org
// is indistinguishable from a missing one.
var ErrNotFound = errors.New("not found")

// ErrConflict matches every *ConflictError with errors.Is.
var ErrConflict = errors.New("conflict")

// ConflictError is a unique-constraint violation, naming the constraint (index) in both dialects.
type ConflictError struct {
	Constraint string
}

func (e *ConflictError) Error() string { return fmt.Sprintf("conflict on %s", e.Constraint) }

// Is makes errors.Is(err, ErrConflict) hold.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// IsConflict reports whether err is a unique violation of the named constraint.
func IsConflict(err error, constraint string) bool {
	var c *ConflictError
	return errors.As(err, &c) && c.Constraint == constraint
}

// Unique constraints of the schema, by name (data-model.md §7.4).
const (
	UqOrganizationsSlug        = "uq_organizations_slug"
	UqOrganizationsKCClientID  = "uq_organizations_kc_client_id"
	UqAccessRequestsPending    = "uq_access_requests_pending"
	UqAPITokensOrgPrefix       = "uq_api_tokens_org_prefix"
	UqAPIModelAliasesOrgPrefix = "uq_api_model_aliases_org_prefix"
	UqModelMetadataIdentity    = "uq_model_metadata_identity"
	UqToolsetsOrgUserSlug      = "uq_toolsets_org_user_slug"
	UqAppToolsetConfigsOrgType = "uq_app_toolset_configs_org_type"
	UqUserAliasesOrgAlias      = "uq_user_aliases_org_alias"
	UqAppAccessRequestsScope   = "uq_app_access_requests_scope"
)

// SQLite names a violated unique index by its column list ("UNIQUE constraint failed: t.a, t.b") unless the index
// is on an expression ("... failed: index 'name'"). This table maps column lists back to the index names that
// PostgreSQL reports, so callers see one name on both dialects.
var sqliteUniqueColumns = map[string]string{
	"organizations.slug":                                           UqOrganizationsSlug,
	"organizations.kc_client_id":                                   UqOrganizationsKCClientID,
	"access_requests.org_id, access_requests.user_id":              UqAccessRequestsPending,
	"api_tokens.org_id, api_tokens.token_prefix":                   UqAPITokensOrgPrefix,
	"api_model_aliases.org_id, api_model_aliases.prefix":           UqAPIModelAliasesOrgPrefix,
	"app_toolset_configs.org_id, app_toolset_configs.toolset_type": UqAppToolsetConfigsOrgType,
	"user_aliases.org_id, user_aliases.alias":                      UqUserAliasesOrgAlias,
	"app_access_requests.access_request_scope":                     UqAppAccessRequestsScope,
	"model_metadata.org_id, model_metadata.source, model_metadata.repo, model_metadata.filename, " +
		"model_metadata.snapshot, model_metadata.api_model_id": UqModelMetadataIdentity,
}

var sqliteIndexName = regexp.MustCompile(`index '([^']+)'`)

// mapError turns a dialect error into a domain error: no rows → ErrNotFound, unique violation → *ConflictError.
// Any other error is returned unchanged.
func mapError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return &ConflictError{Constraint: pgErr.ConstraintName}
	}
	var liteErr sqlite3.Error
	if errors.As(err, &liteErr) && liteErr.ExtendedCode == sqlite3.ErrConstraintUnique {
		return &ConflictError{Constraint: sqliteConstraintName(liteErr.Error())}
	}
	return err
}

func sqliteConstraintName(msg string) string {
	if m := sqliteIndexName.FindStringSubmatch(msg); m != nil {
		return m[1]
	}
	cols := strings.TrimSpace(strings.TrimPrefix(msg, "UNIQUE constraint failed:"))
	if name, ok := sqliteUniqueColumns[cols]; ok {
		return name
	}
	return cols
}
