package db

import (
	"context"
	"time"
)

// OrgRepository covers organizations, the only table that is not org-scoped (data-model.md §3.5).
type OrgRepository interface {
	// CreateOrg inserts org as given (id and sealed secrets prepared by the caller); timestamps come from the
	// store's clock.
	CreateOrg(ctx context.Context, org Organization) (Organization, error)
	GetOrgBySlug(ctx context.Context, slug string) (Organization, error)
	GetOrgByID(ctx context.Context, id string) (Organization, error)
	// ListOrgs lists every org ordered by creation; status "" means any status.
	ListOrgs(ctx context.Context, status string) ([]Organization, error)
	CountOrgs(ctx context.Context) (int64, error)
	UpdateOrgStatus(ctx context.Context, id, status string) (Organization, error)
	// ClaimFirstAdmin sets first_admin_user_id when it is still NULL; it reports whether this call won.
	ClaimFirstAdmin(ctx context.Context, id, userID string) (bool, error)
	// ClearFirstAdmin undoes a claim by userID (rollback of a failed first login).
	ClearFirstAdmin(ctx context.Context, id, userID string) error
}

// TokenRepository covers api_tokens.
type TokenRepository interface {
	CreateAPIToken(ctx context.Context, orgID string, t APIToken) (APIToken, error)
	GetAPITokenByPrefix(ctx context.Context, orgID, prefix string) (APIToken, error)
	GetAPIToken(ctx context.Context, orgID, userID, id string) (APIToken, error)
	ListAPITokens(ctx context.Context, orgID, userID string, page Page) ([]APIToken, int64, error)
	UpdateAPIToken(ctx context.Context, orgID, userID, id, name, status string) (APIToken, error)
	// DeactivateUserAPITokens sets every active token of userID in the org inactive and returns how many.
	DeactivateUserAPITokens(ctx context.Context, orgID, userID string) (int64, error)
}

// AccessRequestRepository covers access_requests (user onboarding).
type AccessRequestRepository interface {
	CreateAccessRequest(ctx context.Context, orgID, username, userID string) (AccessRequest, error)
	GetAccessRequest(ctx context.Context, orgID string, id int64) (AccessRequest, error)
	GetPendingAccessRequest(ctx context.Context, orgID, userID string) (AccessRequest, error)
	GetLatestAccessRequest(ctx context.Context, orgID, userID string) (AccessRequest, error)
	ListPendingAccessRequests(ctx context.Context, orgID string, page Page) ([]AccessRequest, int64, error)
	ListAccessRequests(ctx context.Context, orgID string, page Page) ([]AccessRequest, int64, error)
	UpdateAccessRequestStatus(ctx context.Context, orgID string, id int64, status, reviewer string) (AccessRequest, error)
	// DecideAccessRequest moves a pending request to status (approved or rejected) with one conditional update;
	// it reports whether this call made the change, so of two concurrent reviewers exactly one wins.
	DecideAccessRequest(ctx context.Context, orgID string, id int64, status, reviewer string) (bool, error)
	// ReopenAccessRequest undoes an approval whose follow-up failed (approved → pending, reviewer cleared).
	ReopenAccessRequest(ctx context.Context, orgID string, id int64) error
}

// AppAccessRequestRepository covers app_access_requests (third-party app consent).
type AppAccessRequestRepository interface {
	CreateAppAccessRequest(ctx context.Context, orgID string, r AppAccessRequest) (AppAccessRequest, error)
	GetAppAccessRequest(ctx context.Context, orgID, id string) (AppAccessRequest, error)
	GetAppAccessRequestByScope(ctx context.Context, orgID, scope string) (AppAccessRequest, error)
	// UpdateAppAccessRequest writes the review outcome: app name and description, status, approved, user id,
	// the scopes and the error message.
	UpdateAppAccessRequest(ctx context.Context, orgID string, r AppAccessRequest) (AppAccessRequest, error)
	// ClaimAppAccessRequest approves a draft with one conditional update; it reports whether this call won.
	ClaimAppAccessRequest(ctx context.Context, orgID, id, approvedJSON, userID string) (bool, error)
	// ReleaseAppAccessRequest undoes a claim whose registration failed (approved → draft).
	ReleaseAppAccessRequest(ctx context.Context, orgID, id string) error
	// DenyAppAccessRequest denies a draft with one conditional update; it reports whether this call won.
	DenyAppAccessRequest(ctx context.Context, orgID, id, userID string) (bool, error)
}

// ApiModelRepository covers api_model_aliases.
type ApiModelRepository interface {
	CreateAPIModelAlias(ctx context.Context, orgID string, a APIModelAlias) (APIModelAlias, error)
	GetAPIModelAlias(ctx context.Context, orgID, id string) (APIModelAlias, error)
	GetAPIModelAliasByPrefix(ctx context.Context, orgID, prefix string) (APIModelAlias, error)
	ListAPIModelAliases(ctx context.Context, orgID string, page Page) ([]APIModelAlias, int64, error)
	// ListAllAPIModelAliases is the unpaginated list used for model routing.
	ListAllAPIModelAliases(ctx context.Context, orgID string) ([]APIModelAlias, error)
	// UpdateAPIModelAlias writes the configurable fields (format, prefix, base URL, models, key, forward-all).
	UpdateAPIModelAlias(ctx context.Context, orgID string, a APIModelAlias) (APIModelAlias, error)
	UpdateAPIModelCache(ctx context.Context, orgID, id string, modelsCacheJSON *string, fetchedAt *time.Time) (APIModelAlias, error)
	DeleteAPIModelAlias(ctx context.Context, orgID, id string) error
}

// DownloadRepository covers download_requests.
type DownloadRepository interface {
	CreateDownloadRequest(ctx context.Context, orgID string, d DownloadRequest) (DownloadRequest, error)
	GetDownloadRequest(ctx context.Context, orgID, id string) (DownloadRequest, error)
	GetLatestDownloadRequest(ctx context.Context, orgID, repo, filename string) (DownloadRequest, error)
	ListDownloadRequests(ctx context.Context, orgID string, page Page) ([]DownloadRequest, int64, error)
	UpdateDownloadProgress(ctx context.Context, orgID, id string, downloaded int64, total *int64) (DownloadRequest, error)
	UpdateDownloadStatus(ctx context.Context, orgID, id, status string, errMsg *string) (DownloadRequest, error)
	// FailPendingDownloads marks every pending download of the org as failed with message (startup recovery).
	FailPendingDownloads(ctx context.Context, orgID, message string) (int64, error)
}

// ModelMetadataRepository covers model_metadata.
type ModelMetadataRepository interface {
	// UpsertModelMetadata replaces the row with the same identity (source, repo, filename, snapshot, api model id),
	// NULLs included, in one transaction.
	UpsertModelMetadata(ctx context.Context, orgID string, m ModelMetadata) (ModelMetadata, error)
	GetModelMetadata(ctx context.Context, orgID, repo, filename, snapshot string) (ModelMetadata, error)
	ListModelMetadata(ctx context.Context, orgID string) ([]ModelMetadata, error)
}

// ToolsetRepository covers toolsets and app_toolset_configs.
type ToolsetRepository interface {
	CreateToolset(ctx context.Context, orgID string, t Toolset) (Toolset, error)
	GetToolset(ctx context.Context, orgID, userID, id string) (Toolset, error)
	// GetToolsetBySlug compares slugs case-insensitively.
	GetToolsetBySlug(ctx context.Context, orgID, userID, slug string) (Toolset, error)
	ListToolsets(ctx context.Context, orgID, userID string) ([]Toolset, error)
	ListToolsetsByType(ctx context.Context, orgID, userID, toolsetType string) ([]Toolset, error)
	// UpdateToolset writes slug, description, enabled and the sealed key of the owner's instance.
	UpdateToolset(ctx context.Context, orgID string, t Toolset) (Toolset, error)
	DeleteToolset(ctx context.Context, orgID, userID, id string) error

	UpsertAppToolsetConfig(ctx context.Context, orgID, toolsetType string, enabled bool, updatedBy string) (AppToolsetConfig, error)
	// SeedAppToolsetConfig inserts a disabled row for the type unless one exists; it reports whether it inserted.
	SeedAppToolsetConfig(ctx context.Context, orgID, toolsetType string) (bool, error)
	GetAppToolsetConfig(ctx context.Context, orgID, toolsetType string) (AppToolsetConfig, error)
	ListAppToolsetConfigs(ctx context.Context, orgID string) ([]AppToolsetConfig, error)
}

// UserAliasRepository covers user_aliases.
type UserAliasRepository interface {
	CreateUserAlias(ctx context.Context, orgID string, a UserAlias) (UserAlias, error)
	GetUserAlias(ctx context.Context, orgID, id string) (UserAlias, error)
	GetUserAliasByAlias(ctx context.Context, orgID, alias string) (UserAlias, error)
	ListUserAliases(ctx context.Context, orgID string) ([]UserAlias, error)
	UpdateUserAlias(ctx context.Context, orgID string, a UserAlias) (UserAlias, error)
	DeleteUserAlias(ctx context.Context, orgID, id string) error
}

// Core is what every store offers besides its repositories.
type Core interface {
	Migrate(ctx context.Context) error
	Ping(ctx context.Context) error
	IsPostgres() bool
	// WithTx runs fn with a DbService bound to one transaction; fn's error rolls it back.
	WithTx(ctx context.Context, fn func(DbService) error) error
	Close() error
}

// DbService is the whole data layer of the app database. Every tenant method takes (ctx, orgID, …).
// UsageRepository covers usage_events (package usage). A batch may hold several orgs' events: each row carries
// its org_id, and every read and delete is org-scoped.
type UsageRepository interface {
	InsertUsageEvents(ctx context.Context, events []UsageEvent) (int64, error)
	SumUsage(ctx context.Context, orgID string, from, to time.Time, userID string) ([]UsageSum, error)
	DeleteUsageEventsBefore(ctx context.Context, orgID string, before time.Time) (int64, error)
}

type DbService interface {
	Core
	OrgRepository
	TokenRepository
	AccessRequestRepository
	AppAccessRequestRepository
	ApiModelRepository
	DownloadRepository
	ModelMetadataRepository
	ToolsetRepository
	UserAliasRepository
	UsageRepository
}
