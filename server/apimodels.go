package server

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/apimodels"
	"github.com/bodhiapp/bodhi/audit"
	"github.com/bodhiapp/bodhi/db"
)

// apiModelView is the ApiModelResponse of http-api.md §6: the key is only ever shown masked.
type apiModelView struct {
	ID                   string   `json:"id"`
	APIFormat            string   `json:"api_format"`
	BaseURL              string   `json:"base_url"`
	APIKeyMasked         *string  `json:"api_key_masked"`
	Models               []string `json:"models"`
	Prefix               *string  `json:"prefix"`
	ForwardAllWithPrefix bool     `json:"forward_all_with_prefix"`
	CreatedAt            string   `json:"created_at"`
	UpdatedAt            string   `json:"updated_at"`
}

func viewAPIModel(r db.APIModelAlias) apiModelView {
	v := apiModelView{ID: r.ID, APIFormat: r.APIFormat, BaseURL: r.BaseURL, Models: apimodels.Models(r),
		Prefix: r.Prefix, ForwardAllWithPrefix: r.ForwardAllWithPrefix, CreatedAt: rfc3339(r.CreatedAt),
		UpdatedAt: rfc3339(r.UpdatedAt)}
	if r.EncryptedAPIKey != nil {
		masked := "***"
		v.APIKeyMasked = &masked
	}
	return v
}

// apiModelBody is CreateApiModelRequest and UpdateApiModelRequest; api_key differs between the two.
type apiModelBody struct {
	APIFormat            *string         `json:"api_format"`
	BaseURL              *string         `json:"base_url"`
	APIKey               json.RawMessage `json:"api_key"`
	Models               []string        `json:"models"`
	Prefix               *string         `json:"prefix"`
	ForwardAllWithPrefix *bool           `json:"forward_all_with_prefix"`
}

func (b apiModelBody) input(update bool) (apimodels.Input, *APIError) {
	if b.APIFormat == nil || b.BaseURL == nil {
		return apimodels.Input{}, jsonRejection("api_format and base_url are required")
	}
	in := apimodels.Input{APIFormat: *b.APIFormat, BaseURL: *b.BaseURL, Models: b.Models, Prefix: b.Prefix,
		ForwardAll: b.ForwardAllWithPrefix != nil && *b.ForwardAllWithPrefix}
	raw := string(b.APIKey)
	switch {
	case update && (raw == "" || raw == "null"):
		in.APIKey.Keep = true
	case update:
		var action struct {
			Action string          `json:"action"`
			Value  json.RawMessage `json:"value"`
		}
		if err := json.Unmarshal(b.APIKey, &action); err != nil || (action.Action != "keep" && action.Action != "set") {
			return in, jsonRejection(`api_key must be {"action": "keep"} or {"action": "set", "value": string|null}`)
		}
		in.APIKey.Keep = action.Action == "keep"
		if !in.APIKey.Keep && len(action.Value) > 0 && string(action.Value) != "null" {
			var v string
			if err := json.Unmarshal(action.Value, &v); err != nil {
				return in, jsonRejection("api_key.value must be a string or null")
			}
			in.APIKey.Value = &v
		}
	case raw != "" && raw != "null":
		var v string
		if err := json.Unmarshal(b.APIKey, &v); err != nil {
			return in, jsonRejection("api_key must be a string or null")
		}
		in.APIKey.Value = &v
	}
	return in, nil
}

func (s *Server) listAPIModels(c *gin.Context) { writeAPIModelPage(s, c, viewAPIModel) }

// writeAPIModelPage answers a page of the org's API models, each shown by view.
func writeAPIModelPage[T any](s *Server, c *gin.Context, view func(db.APIModelAlias) T) {
	page, size, ok := pageQuery(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	rows, total, err := s.deps.APIModels.List(ctx, OrgID(ctx), toPage(page, size))
	if err != nil {
		s.fail(c, "list api models", err)
		return
	}
	out := paginated[T]{Data: make([]T, len(rows)), Total: total, Page: page, PageSize: size}
	for i, r := range rows {
		out.Data[i] = view(r)
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) createAPIModel(c *gin.Context) {
	var body apiModelBody
	if !s.bindJSON(c, &body, false) {
		return
	}
	in, apiErr := body.input(false)
	if apiErr != nil {
		WriteError(c, apiErr)
		return
	}
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	row, err := s.deps.APIModels.Create(ctx, org, in)
	if err != nil {
		s.fail(c, "create api model", err)
		return
	}
	s.record(c, audit.APIModelCreate, "api_model", row.ID, nil)
	c.JSON(http.StatusCreated, viewAPIModel(row))
}

func (s *Server) getAPIModel(c *gin.Context) {
	ctx := c.Request.Context()
	row, err := s.deps.APIModels.Get(ctx, OrgID(ctx), c.Param("id"))
	if err != nil {
		s.fail(c, "get api model", err)
		return
	}
	c.JSON(http.StatusOK, viewAPIModel(row))
}

func (s *Server) updateAPIModel(c *gin.Context) {
	var body apiModelBody
	if !s.bindJSON(c, &body, false) {
		return
	}
	in, apiErr := body.input(true)
	if apiErr != nil {
		WriteError(c, apiErr)
		return
	}
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	row, err := s.deps.APIModels.Update(ctx, org, c.Param("id"), in)
	if err != nil {
		s.fail(c, "update api model", err)
		return
	}
	s.record(c, audit.APIModelUpdate, "api_model", row.ID, nil)
	c.JSON(http.StatusOK, viewAPIModel(row))
}

func (s *Server) deleteAPIModel(c *gin.Context) {
	ctx := c.Request.Context()
	if err := s.deps.APIModels.Delete(ctx, OrgID(ctx), c.Param("id")); err != nil {
		s.fail(c, "delete api model", err)
		return
	}
	s.record(c, audit.APIModelDelete, "api_model", c.Param("id"), nil)
	c.Status(http.StatusNoContent)
}

func (s *Server) apiFormats(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"data": []string{"openai"}})
}

func (s *Server) syncAPIModel(c *gin.Context) {
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	w := s.awaitUpstream(c)
	defer w.done()
	row, err := s.deps.APIModels.Sync(ctx, org, c.Param("id"))
	if err != nil {
		s.fail(c, "sync api model", err)
		return
	}
	c.JSON(http.StatusOK, viewAPIModel(row))
}

// probeBody is the provider of the test and fetch-models requests: a base URL and TestCreds, a key given inline
// (the default) or the stored key of a provider of this org.
type probeBody struct {
	BaseURL *string `json:"base_url"`
	Creds   *struct {
		Type  string  `json:"type"`
		Value *string `json:"value"`
	} `json:"creds"`
}

func (b probeBody) probe() (apimodels.Probe, *APIError) {
	var p apimodels.Probe
	if b.BaseURL != nil {
		p.BaseURL = *b.BaseURL
	}
	switch {
	case b.Creds == nil:
	case b.Creds.Type == "" || b.Creds.Type == "api_key":
		p.Key = b.Creds.Value
	case b.Creds.Type == "id" && b.Creds.Value != nil:
		p.StoredKeyOf = b.Creds.Value
	default:
		return p, jsonRejection(`creds.type must be "api_key" or "id"`)
	}
	return p, nil
}

func (s *Server) testAPIModel(c *gin.Context) {
	var body struct {
		probeBody
		Model  string `json:"model"`
		Prompt string `json:"prompt"`
	}
	if !s.bindJSON(c, &body, false) {
		return
	}
	probe, apiErr := body.probe()
	if apiErr != nil {
		WriteError(c, apiErr)
		return
	}
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	w := s.awaitUpstream(c)
	defer w.done()
	result, err := s.deps.APIModels.TestPrompt(ctx, org, probe, body.Model, body.Prompt)
	switch {
	case err != nil:
		s.fail(c, "test api model", err)
	case !result.Success:
		c.JSON(http.StatusOK, gin.H{"success": false, "error": result.Error})
	default:
		c.JSON(http.StatusOK, gin.H{"success": true, "response": result.Response})
	}
}

func (s *Server) fetchModels(c *gin.Context) {
	var body probeBody
	if !s.bindJSON(c, &body, false) {
		return
	}
	probe, apiErr := body.probe()
	if apiErr != nil {
		WriteError(c, apiErr)
		return
	}
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	w := s.awaitUpstream(c)
	defer w.done()
	models, err := s.deps.APIModels.FetchModels(ctx, org, probe)
	if err != nil {
		s.fail(c, "fetch provider models", err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"models": models})
}
