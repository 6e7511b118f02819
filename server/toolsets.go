package server

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/audit"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/toolsets"
)

// toolsetAPI holds the toolset routes' service; the Server gives it the rest (deps, audit, errors).
type toolsetAPI struct {
	*Server
	svc *toolsets.Service
}

// toolsetRoutes registers the toolset routes (http-api.md §9) on the org-scoped group.
func (s *Server) toolsetRoutes(scoped *gin.RouterGroup) {
	api := &toolsetAPI{Server: s, svc: s.deps.Toolsets}

	oauth := scoped.Group("/", s.guard(GroupUserOAuth))
	oauth.GET("/bodhi/v1/toolsets", api.list)
	oauth.POST("/bodhi/v1/toolsets/:id/execute/:method", api.authorizeExec, api.execute)

	session := scoped.Group("/", s.guard(GroupUserSession))
	session.POST("/bodhi/v1/toolsets", api.create)
	session.GET("/bodhi/v1/toolsets/:id", api.get)
	session.PUT("/bodhi/v1/toolsets/:id", api.update)
	session.DELETE("/bodhi/v1/toolsets/:id", api.delete)
	session.GET("/bodhi/v1/toolset_types", api.types)

	admin := scoped.Group("/", s.guard(GroupAdminSession))
	admin.PUT("/bodhi/v1/toolset_types/:toolset_type/app-config", api.enableType)
	admin.DELETE("/bodhi/v1/toolset_types/:toolset_type/app-config", api.disableType)
}

// toolsetView is the ToolsetResponse of http-api.md §9.2. The key itself is never shown.
type toolsetView struct {
	ID          string                    `json:"id"`
	Slug        string                    `json:"slug"`
	ToolsetType string                    `json:"toolset_type"`
	Description *string                   `json:"description,omitempty"`
	Enabled     bool                      `json:"enabled"`
	HasAPIKey   bool                      `json:"has_api_key"`
	Tools       []toolsets.ToolDefinition `json:"tools"`
	CreatedAt   string                    `json:"created_at"`
	UpdatedAt   string                    `json:"updated_at"`
}

func viewToolset(r db.Toolset) toolsetView {
	tools := []toolsets.ToolDefinition{}
	if def, ok := toolsets.Lookup(r.ToolsetType); ok {
		tools = def.Tools
	}
	return toolsetView{ID: r.ID, Slug: r.Slug, ToolsetType: r.ToolsetType, Description: r.Description,
		Enabled: r.Enabled, HasAPIKey: r.EncryptedAPIKey != nil, Tools: tools, CreatedAt: rfc3339(r.CreatedAt),
		UpdatedAt: rfc3339(r.UpdatedAt)}
}

// typeConfigView is the AppToolsetConfig of http-api.md §9.2.
type typeConfigView struct {
	ToolsetType string `json:"toolset_type"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Enabled     bool   `json:"enabled"`
	UpdatedBy   string `json:"updated_by"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
}

func viewTypeConfig(c toolsets.TypeConfig) typeConfigView {
	return typeConfigView{ToolsetType: c.ToolsetType, Name: c.Name, Description: c.Description,
		Enabled: c.Config.Enabled, UpdatedBy: c.Config.UpdatedBy, CreatedAt: rfc3339(c.Config.CreatedAt),
		UpdatedAt: rfc3339(c.Config.UpdatedAt)}
}

func (api *toolsetAPI) list(c *gin.Context) {
	ctx := c.Request.Context()
	rows, configs, err := api.svc.List(ctx, OrgID(ctx), Identity(ctx).UserID)
	if err != nil {
		api.fail(c, "list toolsets", err)
		return
	}
	out := struct {
		Toolsets     []toolsetView    `json:"toolsets"`
		ToolsetTypes []typeConfigView `json:"toolset_types"`
	}{make([]toolsetView, len(rows)), make([]typeConfigView, len(configs))}
	for i, r := range rows {
		out.Toolsets[i] = viewToolset(r)
	}
	for i, cfg := range configs {
		out.ToolsetTypes[i] = viewTypeConfig(cfg)
	}
	c.JSON(http.StatusOK, out)
}

func (api *toolsetAPI) create(c *gin.Context) {
	var body struct {
		ToolsetType *string `json:"toolset_type"`
		Slug        *string `json:"slug"`
		Description *string `json:"description"`
		Enabled     *bool   `json:"enabled"`
		APIKey      *string `json:"api_key"`
	}
	if !api.bindJSON(c, &body, false) {
		return
	}
	if body.ToolsetType == nil {
		WriteError(c, jsonRejection("missing field 'toolset_type'"))
		return
	}
	in := toolsets.CreateInput{ToolsetType: *body.ToolsetType, Slug: valueOrEmpty(body.Slug), Description: body.Description,
		Enabled: body.Enabled == nil || *body.Enabled, APIKey: valueOrEmpty(body.APIKey)}
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	row, err := api.svc.Create(ctx, org, Identity(ctx).UserID, in)
	if err != nil {
		api.fail(c, "create toolset", err)
		return
	}
	api.record(c, audit.ToolsetCreate, "toolset", row.ID, map[string]any{"toolset_type": row.ToolsetType,
		"slug": row.Slug})
	c.JSON(http.StatusCreated, viewToolset(row))
}

func (api *toolsetAPI) get(c *gin.Context) {
	ctx := c.Request.Context()
	row, err := api.svc.Get(ctx, OrgID(ctx), Identity(ctx).UserID, c.Param("id"))
	if err != nil {
		api.fail(c, "get toolset", err)
		return
	}
	c.JSON(http.StatusOK, viewToolset(row))
}

func (api *toolsetAPI) update(c *gin.Context) {
	var body struct {
		Slug        *string         `json:"slug"`
		Description *string         `json:"description"`
		Enabled     *bool           `json:"enabled"`
		APIKey      json.RawMessage `json:"api_key"`
	}
	if !api.bindJSON(c, &body, false) {
		return
	}
	if body.Enabled == nil {
		WriteError(c, jsonRejection("missing field 'enabled'"))
		return
	}
	key, apiErr := keyChange(body.APIKey)
	if apiErr != nil {
		WriteError(c, apiErr)
		return
	}
	in := toolsets.UpdateInput{Slug: valueOrEmpty(body.Slug), Description: body.Description, Enabled: *body.Enabled,
		APIKey: key}
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	row, err := api.svc.Update(ctx, org, Identity(ctx).UserID, c.Param("id"), in)
	if err != nil {
		api.fail(c, "update toolset", err)
		return
	}
	api.record(c, audit.ToolsetUpdate, "toolset", row.ID, map[string]any{"enabled": row.Enabled,
		"api_key_changed": !key.Keep})
	c.JSON(http.StatusOK, viewToolset(row))
}

// keyChange reads the update's api_key: absent or null keeps the key; {"action": "Keep"} keeps it;
// {"action": "Set", "value": string | null} replaces or clears it. Action names are matched case-insensitively.
func keyChange(raw json.RawMessage) (toolsets.KeyChange, *APIError) {
	if len(raw) == 0 || string(raw) == "null" {
		return toolsets.KeyChange{Keep: true}, nil
	}
	var action struct {
		Action string          `json:"action"`
		Value  json.RawMessage `json:"value"`
	}
	bad := jsonRejection(`api_key must be {"action": "Keep"} or {"action": "Set", "value": string | null}`)
	if err := json.Unmarshal(raw, &action); err != nil {
		return toolsets.KeyChange{}, bad
	}
	switch {
	case strings.EqualFold(action.Action, "keep"):
		return toolsets.KeyChange{Keep: true}, nil
	case !strings.EqualFold(action.Action, "set"):
		return toolsets.KeyChange{}, bad
	case len(action.Value) == 0 || string(action.Value) == "null":
		return toolsets.KeyChange{}, nil
	}
	var v string
	if err := json.Unmarshal(action.Value, &v); err != nil {
		return toolsets.KeyChange{}, jsonRejection("api_key.value must be a string or null")
	}
	return toolsets.KeyChange{Value: &v}, nil
}

func (api *toolsetAPI) delete(c *gin.Context) {
	ctx := c.Request.Context()
	id := c.Param("id")
	if err := api.svc.Delete(ctx, OrgID(ctx), Identity(ctx).UserID, id); err != nil {
		api.fail(c, "delete toolset", err)
		return
	}
	api.record(c, audit.ToolsetDelete, "toolset", id, nil)
	c.Status(http.StatusNoContent)
}

func (api *toolsetAPI) types(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"types": toolsets.Definitions()})
}

func (api *toolsetAPI) enableType(c *gin.Context)  { api.setTypeEnabled(c, true) }
func (api *toolsetAPI) disableType(c *gin.Context) { api.setTypeEnabled(c, false) }

func (api *toolsetAPI) setTypeEnabled(c *gin.Context, enabled bool) {
	ctx := c.Request.Context()
	typ := c.Param("toolset_type")
	cfg, err := api.svc.SetTypeEnabled(ctx, OrgID(ctx), typ, enabled, Identity(ctx).UserID)
	if err != nil {
		api.fail(c, "set toolset type", err)
		return
	}
	action := audit.ToolsetTypeDisable
	if enabled {
		action = audit.ToolsetTypeEnable
	}
	api.record(c, action, "toolset_type", typ, nil)
	c.JSON(http.StatusOK, viewTypeConfig(cfg))
}

func valueOrEmpty(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
