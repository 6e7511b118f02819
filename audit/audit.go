// Package audit records who did what to which resource (runtime.md §8.2). The first recorder writes structured
// log records; the Recorder interface leaves room for a durable sink later.
package audit

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"
)

// Actions (runtime.md §8.2).
const (
	Login                = "login"
	Logout               = "logout"
	TokenCreate          = "token_create"
	TokenUpdate          = "token_update"
	RoleChange           = "role_change"
	UserRemove           = "user_remove"
	AccessRequestApprove = "access_request_approve"
	AccessRequestReject  = "access_request_reject"
	AppAccessApprove     = "app_access_approve"
	AppAccessDeny        = "app_access_deny"
	ToolsetCreate        = "toolset_create"
	ToolsetUpdate        = "toolset_update"
	ToolsetDelete        = "toolset_delete"
	ToolsetExecute       = "toolset_execute"
	ToolsetTypeEnable    = "toolset_type_enable"
	ToolsetTypeDisable   = "toolset_type_disable"
	APIModelCreate       = "api_model_create"
	APIModelUpdate       = "api_model_update"
	APIModelDelete       = "api_model_delete"
	AliasCreate          = "alias_create"
	AliasUpdate          = "alias_update"
	AliasDelete          = "alias_delete"
	SettingUpdate        = "setting_update"
	OrgStatusChange      = "org_status_change"
)

// Event is one audited action.
type Event struct {
	Time         time.Time
	OrgID        string
	UserID       string // empty for system actions
	Action       string
	ResourceType string
	ResourceID   string
	Details      map[string]any // small; never secrets
	ClientIP     string
	RequestID    string
}

// Recorder stores audit events.
type Recorder interface {
	Record(ctx context.Context, e Event)
}

// SlogRecorder writes each event as one info record with msg "audit" and audit=true.
type SlogRecorder struct {
	Log *slog.Logger
	Now func() time.Time
}

// Record logs e.
func (r SlogRecorder) Record(ctx context.Context, e Event) {
	if e.Time.IsZero() && r.Now != nil {
		e.Time = r.Now()
	}
	details, _ := json.Marshal(e.Details)
	r.Log.LogAttrs(ctx, slog.LevelInfo, "audit",
		slog.Bool("audit", true),
		slog.Time("time", e.Time.UTC()),
		slog.String("org_id", e.OrgID),
		slog.String("user_id", e.UserID),
		slog.String("action", e.Action),
		slog.String("resource_type", e.ResourceType),
		slog.String("resource_id", e.ResourceID),
		slog.String("details", string(details)),
		slog.String("client_ip", e.ClientIP),
		slog.String("request_id", e.RequestID),
	)
}
