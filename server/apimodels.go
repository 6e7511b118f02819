package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"unicode/utf8"

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

// apiModelError maps a service error to its response.
func (s *Server) apiModelError(c *gin.Context, err error) {
	var verr *apimodels.ValidationError
	var uerr *apimodels.UpstreamError
	switch {
	case errors.As(err, &verr):
		WriteError(c, NewError(TypeInvalidRequest, verr.Code, verr.Msg))
	case errors.As(err, &uerr):
		e := NewError(TypeInternal, uerr.Code, uerr.Msg)
		switch uerr.Status {
		case http.StatusBadRequest:
			e.Type = TypeInvalidRequest
		case http.StatusUnauthorized:
			e.Type = TypeAuthentication
		case http.StatusNotFound:
			e.Type = TypeNotFound
		case http.StatusServiceUnavailable:
			e.Type = TypeServiceUnavailable
		}
		WriteError(c, e)
	case errors.Is(err, apimodels.ErrPrefixExists):
		WriteError(c, NewError(TypeInvalidRequest, "db_error-prefix_exists", "An API model with this prefix already exists."))
	case errors.Is(err, apimodels.ErrNotFound):
		WriteError(c, errEntityNotFound)
	case errors.Is(err, apimodels.ErrDecrypt):
		WriteError(c, errDecrypt)
	default:
		s.dbFailure(c, "api model", err)
	}
}

var errDecrypt = NewError(TypeInternal, "encryption_error-decrypt_failed", "The stored API key could not be decrypted.")

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
		s.apiModelError(c, err)
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
		s.apiModelError(c, err)
		return
	}
	s.record(c, audit.APIModelCreate, "api_model", row.ID, nil)
	c.JSON(http.StatusCreated, viewAPIModel(row))
}

func (s *Server) getAPIModel(c *gin.Context) {
	ctx := c.Request.Context()
	row, err := s.deps.APIModels.Get(ctx, OrgID(ctx), c.Param("id"))
	if err != nil {
		s.apiModelError(c, err)
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
		s.apiModelError(c, err)
		return
	}
	s.record(c, audit.APIModelUpdate, "api_model", row.ID, nil)
	c.JSON(http.StatusOK, viewAPIModel(row))
}

func (s *Server) deleteAPIModel(c *gin.Context) {
	ctx := c.Request.Context()
	if err := s.deps.APIModels.Delete(ctx, OrgID(ctx), c.Param("id")); err != nil {
		s.apiModelError(c, err)
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
		s.apiModelError(c, err)
		return
	}
	c.JSON(http.StatusOK, viewAPIModel(row))
}

// testCreds is TestCreds: a key given inline (default) or the stored key of a row of this org.
type testCreds struct {
	Type  string  `json:"type"`
	Value *string `json:"value"`
}

// credsKey resolves the key to use for a test or fetch request.
func (s *Server) credsKey(c *gin.Context, creds *testCreds) (*string, bool) {
	if creds == nil || creds.Type == "" || creds.Type == "api_key" {
		if creds == nil {
			return nil, true
		}
		return creds.Value, true
	}
	if creds.Type != "id" || creds.Value == nil {
		WriteError(c, jsonRejection(`creds.type must be "api_key" or "id"`))
		return nil, false
	}
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	row, err := s.deps.APIModels.Get(ctx, org.OrgID, *creds.Value)
	if err != nil {
		s.apiModelError(c, err)
		return nil, false
	}
	key, err := apimodels.OpenKey(org, row)
	if err != nil {
		s.apiModelError(c, err)
		return nil, false
	}
	return key, true
}

func validBaseURL(c *gin.Context, base *string) (string, bool) {
	url := ""
	if base != nil {
		url = *base
	}
	if err := apimodels.ValidateBaseURL(&url); err != nil {
		WriteError(c, NewError(TypeInvalidRequest, "obj_validation_error-validation_errors", err.Error()))
		return "", false
	}
	return url, true
}

func (s *Server) testAPIModel(c *gin.Context) {
	var body struct {
		Creds   *testCreds `json:"creds"`
		BaseURL *string    `json:"base_url"`
		Model   string     `json:"model"`
		Prompt  string     `json:"prompt"`
	}
	if !s.bindJSON(c, &body, false) {
		return
	}
	base, ok := validBaseURL(c, body.BaseURL)
	if !ok {
		return
	}
	if body.Model == "" || utf8.RuneCountInString(body.Prompt) < 1 || utf8.RuneCountInString(body.Prompt) > 30 {
		WriteError(c, NewError(TypeInvalidRequest, "obj_validation_error-validation_errors",
			"model must be non-empty and prompt 1..30 characters"))
		return
	}
	key, ok := s.credsKey(c, body.Creds)
	if !ok {
		return
	}
	w := s.awaitUpstream(c)
	defer w.done()
	answer, err := s.deps.APIModels.TestPrompt(c.Request.Context(), base, key, body.Model, body.Prompt)
	if err != nil {
		c.JSON(http.StatusOK, gin.H{"success": false, "error": err.Error()})
		return
	}
	c.JSON(http.StatusOK, gin.H{"success": true, "response": answer})
}

func (s *Server) fetchModels(c *gin.Context) {
	var body struct {
		Creds   *testCreds `json:"creds"`
		BaseURL *string    `json:"base_url"`
	}
	if !s.bindJSON(c, &body, false) {
		return
	}
	base, ok := validBaseURL(c, body.BaseURL)
	if !ok {
		return
	}
	key, ok := s.credsKey(c, body.Creds)
	if !ok {
		return
	}
	w := s.awaitUpstream(c)
	defer w.done()
	models, err := s.deps.APIModels.FetchModels(c.Request.Context(), base, key)
	if err != nil {
		s.apiModelError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"models": models})
}
