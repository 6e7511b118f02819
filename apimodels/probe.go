package apimodels

import (
	"context"
	"unicode/utf8"

	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/auth"
)

// Probe is a provider to test or list models from before (or without) storing it (http-api.md §6): a base URL and
// the key to call it with.
type Probe struct {
	BaseURL string
	// StoredKeyOf, when set, is the id of one of the org's providers whose stored key is used; else Key is.
	StoredKeyOf *string
	Key         *string
}

// key is the key to call the probe with: the inline one, or the stored key of the org's provider StoredKeyOf.
func (s *Service) key(ctx context.Context, org *auth.OrgContext, p Probe) (*string, error) {
	if p.StoredKeyOf == nil {
		return p.Key, nil
	}
	row, err := s.Get(ctx, org.OrgID, *p.StoredKeyOf)
	if err != nil {
		return nil, err
	}
	return OpenKey(org, row)
}

// FetchModels lists the model ids the probed provider offers. A failed provider call is an apperr.Error with the
// ai_api_service_error code of what the provider answered.
func (s *Service) FetchModels(ctx context.Context, org *auth.OrgContext, p Probe) ([]string, error) {
	if err := ValidateBaseURL(&p.BaseURL); err != nil {
		return nil, err
	}
	key, err := s.key(ctx, org, p)
	if err != nil {
		return nil, err
	}
	return s.fetchModels(ctx, p.BaseURL, key)
}

// PromptResult is what a test prompt gave: the model's answer, or why the provider call failed. A failed call is
// the test's result, which the route reports with 200, not a refusal of the request.
type PromptResult struct {
	Success  bool
	Response string
	Error    string
}

// errBadTestPrompt refuses a test prompt without a model or with a prompt outside 1..30 characters.
var errBadTestPrompt = invalid("model must be non-empty and prompt 1..30 characters")

// TestPrompt sends prompt to model of the probed provider (http-api.md §6, POST /api-models/test). The error is a
// refusal of the request (bad input, unknown provider id, a key that cannot be opened); a failed provider call is
// a PromptResult without success.
func (s *Service) TestPrompt(ctx context.Context, org *auth.OrgContext, p Probe, model, prompt string) (
	PromptResult, error) {
	if err := ValidateBaseURL(&p.BaseURL); err != nil {
		return PromptResult{}, err
	}
	if n := utf8.RuneCountInString(prompt); model == "" || n < 1 || n > 30 {
		return PromptResult{}, errBadTestPrompt
	}
	key, err := s.key(ctx, org, p)
	if err != nil {
		return PromptResult{}, err
	}
	answer, err := s.prompt(ctx, p.BaseURL, key, model, prompt)
	if err != nil {
		msg := err.Error()
		if e, ok := apperr.As(err); ok {
			msg = e.Message
		}
		return PromptResult{Error: msg}, nil
	}
	return PromptResult{Success: true, Response: answer}, nil
}
