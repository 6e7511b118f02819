package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/apimodels"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/outbound"
	"github.com/bodhiapp/bodhi/proxy"
)

var (
	errModelNotFound = func(model string) *APIError {
		return NewError(TypeNotFound, "model_router_error-api_model_not_found", "Model '"+model+"' not found.")
	}
	errAliasNotFound = func(id string) *APIError {
		return NewError(TypeNotFound, "data_service_error-alias_not_found", "Model '"+id+"' not found.")
	}
	errUpstream = NewError(TypeInternal, "ai_api_service_error-api_error", "The model provider could not be reached.")
	errBlocked  = NewError(TypeInvalidRequest, "ai_api_service_error-blocked_address",
		"The provider address is not allowed: it resolves to a private, loopback or link-local address.")
)

func invalidOAIRequest(msg string) *APIError {
	return NewError(TypeInvalidRequest, "oai_route_error-invalid_request", msg)
}

type oaiModel struct {
	ID      string `json:"id"`
	Object  string `json:"object"`
	Created int64  `json:"created"`
	OwnedBy string `json:"owned_by"`
}

// orgModels lists the org's OpenAI model entries (http-api.md §7): one per prefix + model of each API alias,
// de-duplicated by id.
func (s *Server) orgModels(c *gin.Context) ([]oaiModel, bool) {
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	rows, err := s.deps.APIModels.All(ctx, org)
	if err != nil {
		s.apiModelError(c, err)
		return nil, false
	}
	seen := map[string]bool{}
	out := []oaiModel{}
	for i := len(rows) - 1; i >= 0; i-- { // newest alias first, as listed elsewhere
		r := rows[i]
		prefix := ""
		if r.Prefix != nil {
			prefix = *r.Prefix
		}
		for _, m := range apimodels.Models(r) {
			id := prefix + m
			if seen[id] {
				continue
			}
			seen[id] = true
			out = append(out, oaiModel{ID: id, Object: "model", Created: r.CreatedAt.Unix(), OwnedBy: r.BaseURL})
		}
	}
	return out, true
}

func (s *Server) oaiListModels(c *gin.Context) {
	models, ok := s.orgModels(c)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, gin.H{"object": "list", "data": models})
}

func (s *Server) oaiGetModel(c *gin.Context) {
	id := strings.TrimPrefix(c.Param("id"), "/")
	models, ok := s.orgModels(c)
	if !ok {
		return
	}
	for _, m := range models {
		if m.ID == id {
			c.JSON(http.StatusOK, m)
			return
		}
	}
	WriteError(c, errAliasNotFound(id))
}

// oaiRequestModel validates an OpenAI request body and returns its model and its decoded fields
// (http-api.md §7). chat adds the checks of chat completions.
func oaiRequestModel(c *gin.Context, body []byte, chat bool) (string, map[string]json.RawMessage, bool) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		WriteError(c, jsonRejection(jsonErrorDetail(err)))
		return "", nil, false
	}
	var model string
	if err := json.Unmarshal(fields["model"], &model); err != nil || fields["model"] == nil {
		WriteError(c, invalidOAIRequest("Field 'model' is required and must be a string."))
		return "", nil, false
	}
	if chat {
		// An array is all that is checked here: decoding it would copy every message once more.
		if !isJSONArray(fields["messages"]) {
			WriteError(c, invalidOAIRequest("Field 'messages' is required and must be an array."))
			return "", nil, false
		}
		if raw, ok := fields["stream"]; ok {
			var stream bool
			if err := json.Unmarshal(raw, &stream); err != nil {
				WriteError(c, invalidOAIRequest("Field 'stream' must be a boolean."))
				return "", nil, false
			}
		}
	}
	return model, fields, true
}

// isJSONArray reports whether raw, a value taken from a decoded document (so valid JSON), is an array.
func isJSONArray(raw json.RawMessage) bool {
	trimmed := bytes.TrimLeft(raw, " \t\r\n")
	return len(trimmed) > 0 && trimmed[0] == '['
}

func (s *Server) oaiChat(c *gin.Context)       { s.oaiForward(c, "/chat/completions", true) }
func (s *Server) oaiEmbeddings(c *gin.Context) { s.oaiForward(c, "/embeddings", false) }

var errNotJSON = NewError(TypeUnsupportedMedia, "oai_route_error-unsupported_media_type",
	"Content-Type must be application/json.")

// oaiForward resolves the model within the org and relays the request to its provider.
func (s *Server) oaiForward(c *gin.Context, path string, chat bool) {
	if mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type")); err != nil || mt != "application/json" {
		WriteError(c, errNotJSON)
		return
	}
	// The reservation is held until the relay ends: the upstream request keeps the body until then.
	body, res, err := s.readBody(c, apiBodyLimit)
	defer res.Release()
	if err != nil {
		writeBodyError(c, err)
		return
	}
	model, fields, ok := oaiRequestModel(c, body, chat)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	target, err := s.deps.APIModels.Resolve(ctx, org, model)
	if errors.Is(err, apimodels.ErrModelNotFound) {
		WriteError(c, errModelNotFound(model))
		return
	}
	if err != nil {
		s.apiModelError(c, err)
		return
	}
	key, err := apimodels.OpenKey(org, target.Alias)
	if err != nil {
		s.deps.Logger.Error("open provider key", "org", org.Slug, "api_model", target.Alias.ID, "err", err)
		WriteError(c, errDecrypt) // never sent upstream without its key
		return
	}
	if target.UpstreamModel != model {
		if body, err = proxy.WithModel(fields, target.UpstreamModel); err != nil {
			WriteError(c, jsonRejection(err.Error()))
			return
		}
	}
	w := s.awaitUpstream(c)
	defer w.done()
	resp, err := proxy.Send(ctx, s.deps.Upstream, proxy.Request{URL: target.Alias.BaseURL + path, Key: key,
		Accept: c.GetHeader("Accept"), Body: body})
	if err != nil {
		if outbound.IsBlocked(err) {
			WriteError(c, errBlocked)
			return
		}
		if ctx.Err() == nil {
			s.deps.Logger.Warn("provider call failed", "org", org.Slug, "api_model", target.Alias.ID, "err", err)
		}
		WriteError(c, errUpstream)
		return
	}
	if err := proxy.Relay(c.Writer, resp); err != nil && ctx.Err() == nil {
		s.deps.Logger.Warn("relay interrupted", "org", org.Slug, "err", err)
	}
}

// bodhiModels serves GET /bodhi/v1/models: the org's aliases, API aliases newest first (local aliases are not
// offered in hosted mode and not built yet in standalone).
func (s *Server) bodhiModels(c *gin.Context) {
	type apiAlias struct {
		Source string `json:"source"`
		apiModelView
	}
	writeAPIModelPage(s, c, func(r db.APIModelAlias) apiAlias { return apiAlias{Source: "api", apiModelView: viewAPIModel(r)} })
}

// bodhiModel serves GET /bodhi/v1/models/{id}: a user alias of the org by id (http-api.md §5.2).
func (s *Server) bodhiModel(c *gin.Context) {
	ctx := c.Request.Context()
	id := c.Param("id")
	a, err := s.deps.Store.GetUserAlias(ctx, OrgID(ctx), id)
	if errors.Is(err, db.ErrNotFound) {
		WriteError(c, errAliasNotFound(id))
		return
	}
	if err != nil {
		s.dbFailure(c, "load user alias", err)
		return
	}
	var requestParams map[string]any
	var contextParams []string
	_ = json.Unmarshal([]byte(a.RequestParamsJSON), &requestParams)
	_ = json.Unmarshal([]byte(a.ContextParamsJSON), &contextParams)
	c.JSON(http.StatusOK, gin.H{"id": a.ID, "alias": a.Alias, "repo": a.Repo, "filename": a.Filename,
		"snapshot": a.Snapshot, "source": "user", "model_params": gin.H{}, "request_params": requestParams,
		"context_params": contextParams, "created_at": rfc3339(a.CreatedAt), "updated_at": rfc3339(a.UpdatedAt)})
}
