package toolsets

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/db"
)

// AuthorizeExec applies the U-exec checks of auth.md §14 (steps 1 to 4) for caller on instance id.
func (s *Service) AuthorizeExec(ctx context.Context, orgID string, caller auth.Identity, id string) error {
	if len(id) != 36 || !strings.Contains(id, "-") {
		return ErrAuthToolsetNotFound
	}
	session := caller.Kind == auth.KindSession && caller.Role != auth.LevelNone
	app := caller.Kind == auth.KindExternalApp && caller.AccessRequestID != nil
	if !session && !app {
		return ErrAuthMissing
	}
	if _, err := s.store.GetToolset(ctx, orgID, caller.UserID, id); errors.Is(err, db.ErrNotFound) {
		return ErrAuthToolsetNotFound
	} else if err != nil {
		return err
	}
	if session {
		return nil
	}
	r, err := s.store.GetAppAccessRequest(ctx, orgID, *caller.AccessRequestID)
	switch {
	case errors.Is(err, db.ErrNotFound):
		return ErrAuthAccessRequestNotFound
	case err != nil:
		return err
	case r.Status != db.AppAccessApproved:
		return ErrAuthAccessRequestNotApproved
	case r.AppClientID != caller.Azp:
		return ErrAuthAppClientMismatch
	case r.UserID == nil || *r.UserID != caller.UserID:
		return ErrAuthUserMismatch
	case !ApprovesInstance(r.Approved, id):
		return ErrAuthToolsetNotApproved
	}
	return nil
}

// Approved is the `approved` JSON of app_access_requests (data-model.md §4.9).
type Approved struct {
	ToolsetTypes []ApprovedToolset `json:"toolset_types"`
}

// ApprovedToolset is one reviewed type of an access request.
type ApprovedToolset struct {
	ToolsetType string  `json:"toolset_type"`
	Status      string  `json:"status"`
	InstanceID  *string `json:"instance_id,omitempty"`
}

// ApprovesInstance reports whether approved (the stored JSON, possibly nil) has an approved entry naming id.
func ApprovesInstance(approved *string, id string) bool {
	if approved == nil {
		return false
	}
	var a Approved
	if err := json.Unmarshal([]byte(*approved), &a); err != nil {
		return false
	}
	for _, t := range a.ToolsetTypes {
		if t.Status == "approved" && t.InstanceID != nil && *t.InstanceID == id {
			return true
		}
	}
	return false
}

// Execute runs method of the caller's instance id with params, after the checks of http-api.md §9.3. A failed
// upstream call is an *ExaError, which the route answers as 200 {error}.
func (s *Service) Execute(ctx context.Context, org *auth.OrgContext, userID, id, method string, params map[string]any) (any, error) {
	row, err := s.store.GetToolset(ctx, org.OrgID, userID, id)
	if errors.Is(err, db.ErrNotFound) {
		return nil, ErrToolsetNotFound
	}
	if err != nil {
		return nil, err
	}
	enabled, err := typeEnabled(ctx, s.store, org.OrgID, row.ToolsetType)
	if err != nil {
		return nil, err
	}
	def, registered := Lookup(row.ToolsetType)
	if !enabled || !registered {
		return nil, ErrAppDisabled
	}
	if !row.Enabled {
		return nil, ErrToolsetDisabled
	}
	key, err := crypto.OpenOptional(org.DataKey, row.EncryptedAPIKey, row.Nonce, crypto.ToolsetKeyAAD(row.ID))
	if err != nil {
		return nil, ErrDecrypt.Because(err)
	}
	if key == nil {
		return nil, ErrNotConfigured
	}
	if _, ok := def.Tool(method); !ok {
		return nil, ErrMethodNotFound
	}
	return s.callExa(ctx, *key, method, params)
}

func (s *Service) callExa(ctx context.Context, key, method string, params map[string]any) (any, error) {
	p := paramReader{params: params}
	switch method {
	case MethodSearch:
		query, n := p.text("query"), p.numResults()
		if p.err != nil {
			return nil, p.err
		}
		return s.exa.Search(ctx, key, query, n)
	case MethodFindSimilar:
		url, n := p.text("url"), p.numResults()
		if p.err != nil {
			return nil, p.err
		}
		return s.exa.FindSimilar(ctx, key, url, n)
	case MethodContents:
		urls, text := p.texts("urls"), p.flag("text", true)
		if p.err != nil {
			return nil, p.err
		}
		return s.exa.Contents(ctx, key, urls, text)
	case MethodAnswer:
		query, text := p.text("query"), p.flag("text", true)
		if p.err != nil {
			return nil, p.err
		}
		return s.exa.Answer(ctx, key, query, text)
	}
	return nil, ErrMethodNotFound
}

// paramReader reads method parameters, keeping the first problem as an execution failure.
type paramReader struct {
	params map[string]any
	err    error
}

func (p *paramReader) fail(format string, args ...any) {
	if p.err == nil {
		p.err = executionFailed(fmt.Sprintf(format, args...))
	}
}

// text is a required non-empty string.
func (p *paramReader) text(name string) string {
	v, ok := p.params[name].(string)
	if !ok || v == "" {
		p.fail("missing required parameter '%s' (a non-empty string)", name)
	}
	return v
}

// texts is a required non-empty array of non-empty strings.
func (p *paramReader) texts(name string) []string {
	raw, ok := p.params[name].([]any)
	if !ok || len(raw) == 0 {
		p.fail("missing required parameter '%s' (a non-empty array of strings)", name)
		return nil
	}
	out := make([]string, len(raw))
	for i, v := range raw {
		s, ok := v.(string)
		if !ok || s == "" {
			p.fail("parameter '%s' must contain only non-empty strings", name)
			return nil
		}
		out[i] = s
	}
	return out
}

// flag is an optional boolean.
func (p *paramReader) flag(name string, def bool) bool {
	v, present := p.params[name]
	if !present || v == nil {
		return def
	}
	b, ok := v.(bool)
	if !ok {
		p.fail("parameter '%s' must be a boolean", name)
	}
	return b
}

// numResults is num_results: an optional integer, 5 when absent, at most 10 (and at least 1).
func (p *paramReader) numResults() int {
	v, present := p.params["num_results"]
	if !present || v == nil {
		return 5
	}
	f, ok := v.(float64)
	if !ok || f != math.Trunc(f) {
		p.fail("parameter 'num_results' must be an integer")
		return 0
	}
	return int(min(max(f, 1), 10))
}
