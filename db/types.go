package db

import "time"

// The domain types below mirror the generated row types of db/gen/sqlite and db/gen/postgres field for field
// (same names, types and order), so a row converts with a plain Go conversion. A schema change that breaks the
// mirror fails to compile in the dispatcher, never at run time.

// Org statuses (data-model.md §3.2).
const (
	OrgActive    = "active"
	OrgSuspended = "suspended"
	OrgDeleted   = "deleted"
)

// Organization is a tenant. Its two secrets are stored sealed by the master key (data-model.md §8).
type Organization struct {
	ID                 string    `json:"id"`
	Slug               string    `json:"slug"`
	DisplayName        string    `json:"display_name"`
	KCClientID         string    `json:"kc_client_id"`
	ClientSecret       []byte    `json:"-"`
	ClientSecretNonce  []byte    `json:"-"`
	EncryptionKey      []byte    `json:"-"`
	EncryptionKeyNonce []byte    `json:"-"`
	Status             string    `json:"status"`
	FirstAdminUserID   *string   `json:"first_admin_user_id"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
}

// DownloadRequest is a model-file download (standalone only).
type DownloadRequest struct {
	ID              string     `json:"id"`
	OrgID           string     `json:"-"`
	Repo            string     `json:"repo"`
	Filename        string     `json:"filename"`
	Status          string     `json:"status"`
	Error           *string    `json:"error"`
	TotalBytes      *int64     `json:"total_bytes"`
	DownloadedBytes int64      `json:"downloaded_bytes"`
	StartedAt       *time.Time `json:"started_at"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

// Download statuses.
const (
	DownloadPending   = "pending"
	DownloadCompleted = "completed"
	DownloadError     = "error"
)

// AccessRequest is a user's onboarding request for a role.
type AccessRequest struct {
	ID        int64     `json:"id"`
	OrgID     string    `json:"-"`
	Username  string    `json:"username"`
	UserID    string    `json:"user_id"`
	Reviewer  *string   `json:"reviewer"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Access request statuses.
const (
	AccessRequestPending  = "pending"
	AccessRequestApproved = "approved"
	AccessRequestRejected = "rejected"
)

// APIToken is a personal API token; only the SHA-256 hash of the token is stored.
type APIToken struct {
	ID          string    `json:"id"`
	OrgID       string    `json:"-"`
	UserID      string    `json:"user_id"`
	Name        string    `json:"name"`
	TokenPrefix string    `json:"token_prefix"`
	TokenHash   string    `json:"-"`
	Scopes      string    `json:"scopes"`
	Status      string    `json:"status"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// API token statuses.
const (
	TokenActive   = "active"
	TokenInactive = "inactive"
)

// APIModelAlias is a remote OpenAI-compatible provider; its API key is sealed with the org's data key.
type APIModelAlias struct {
	ID                   string     `json:"id"`
	OrgID                string     `json:"-"`
	APIFormat            string     `json:"api_format"`
	Prefix               *string    `json:"prefix"`
	BaseURL              string     `json:"base_url"`
	ModelsJSON           string     `json:"-"`
	EncryptedAPIKey      []byte     `json:"-"`
	Nonce                []byte     `json:"-"`
	ForwardAllWithPrefix bool       `json:"forward_all_with_prefix"`
	ModelsCacheJSON      *string    `json:"-"`
	CacheFetchedAt       *time.Time `json:"cache_fetched_at"`
	CreatedAt            time.Time  `json:"created_at"`
	UpdatedAt            time.Time  `json:"updated_at"`
}

// ModelMetadata holds capabilities extracted from a GGUF file (standalone only).
type ModelMetadata struct {
	ID                           int64     `json:"id"`
	OrgID                        string    `json:"-"`
	Source                       string    `json:"source"`
	Repo                         *string   `json:"repo"`
	Filename                     *string   `json:"filename"`
	Snapshot                     *string   `json:"snapshot"`
	APIModelID                   *string   `json:"api_model_id"`
	CapabilitiesVision           *bool     `json:"capabilities_vision"`
	CapabilitiesAudio            *bool     `json:"capabilities_audio"`
	CapabilitiesThinking         *bool     `json:"capabilities_thinking"`
	CapabilitiesFunctionCalling  *bool     `json:"capabilities_function_calling"`
	CapabilitiesStructuredOutput *bool     `json:"capabilities_structured_output"`
	ContextMaxInputTokens        *int64    `json:"context_max_input_tokens"`
	ContextMaxOutputTokens       *int64    `json:"context_max_output_tokens"`
	Architecture                 *string   `json:"architecture"`
	AdditionalMetadata           *string   `json:"additional_metadata"`
	ChatTemplate                 *string   `json:"chat_template"`
	ExtractedAt                  time.Time `json:"extracted_at"`
	CreatedAt                    time.Time `json:"created_at"`
	UpdatedAt                    time.Time `json:"updated_at"`
}

// Toolset is a user's configured toolset instance; its API key is sealed with the org's data key.
type Toolset struct {
	ID              string    `json:"id"`
	OrgID           string    `json:"-"`
	UserID          string    `json:"user_id"`
	ToolsetType     string    `json:"toolset_type"`
	Slug            string    `json:"slug"`
	Description     *string   `json:"description"`
	Enabled         bool      `json:"enabled"`
	EncryptedAPIKey []byte    `json:"-"`
	Nonce           []byte    `json:"-"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// AppToolsetConfig is an admin's enable/disable switch for a toolset type in one org.
type AppToolsetConfig struct {
	ID          int64     `json:"id"`
	OrgID       string    `json:"-"`
	ToolsetType string    `json:"toolset_type"`
	Enabled     bool      `json:"enabled"`
	UpdatedBy   string    `json:"updated_by"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// UserAlias names a local GGUF file with default parameters (standalone only).
type UserAlias struct {
	ID                string    `json:"id"`
	OrgID             string    `json:"-"`
	Alias             string    `json:"alias"`
	Repo              string    `json:"repo"`
	Filename          string    `json:"filename"`
	Snapshot          string    `json:"snapshot"`
	RequestParamsJSON string    `json:"-"`
	ContextParamsJSON string    `json:"-"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
}

// AppAccessRequest is a third-party app's consent request.
type AppAccessRequest struct {
	ID                 string    `json:"id"`
	OrgID              string    `json:"-"`
	AppClientID        string    `json:"app_client_id"`
	AppName            *string   `json:"app_name"`
	AppDescription     *string   `json:"app_description"`
	FlowType           string    `json:"flow_type"`
	RedirectURI        *string   `json:"redirect_uri"`
	Status             string    `json:"status"`
	Requested          string    `json:"requested"`
	Approved           *string   `json:"approved"`
	UserID             *string   `json:"user_id"`
	ResourceScope      *string   `json:"resource_scope"`
	AccessRequestScope *string   `json:"access_request_scope"`
	ErrorMessage       *string   `json:"error_message"`
	ExpiresAt          time.Time `json:"expires_at"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
}

// App access request statuses.
const (
	AppAccessDraft    = "draft"
	AppAccessApproved = "approved"
	AppAccessDenied   = "denied"
	AppAccessFailed   = "failed"
)

// Page selects one page of a list (http-api.md §1.5).
type Page struct {
	Limit  int64
	Offset int64
}
