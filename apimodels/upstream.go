package apimodels

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/outbound"
)

// upstreamError maps a provider answer or transport error (http-api.md §6 error mapping).
func upstreamError(status int, err error) *apperr.Error {
	switch {
	case err != nil && outbound.IsBlocked(err):
		return ErrProviderBlocked.Because(err)
	case err != nil:
		return providerUnreachable("The provider could not be reached: " + err.Error()).Because(err)
	case status == http.StatusUnauthorized:
		return errProviderUnauthorized
	case status == http.StatusNotFound:
		return errProviderNotFound
	case status == http.StatusTooManyRequests:
		return errProviderRateLimit
	default:
		return providerFailed(fmt.Sprintf("The provider answered %d.", status))
	}
}

func (s *Service) call(ctx context.Context, method, target string, key *string, body any, out any) *apperr.Error {
	var reader io.Reader
	if body != nil {
		raw, _ := json.Marshal(body)
		reader = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, reader)
	if err != nil {
		return upstreamError(0, err)
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != nil {
		req.Header.Set("Authorization", "Bearer "+*key)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return upstreamError(0, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return upstreamError(resp.StatusCode, nil)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 16<<20)).Decode(out); err != nil {
		return upstreamError(0, fmt.Errorf("decode the provider answer: %w", err))
	}
	return nil
}

// fetchModels lists the provider's model ids (GET {base_url}/models).
func (s *Service) fetchModels(ctx context.Context, baseURL string, key *string) ([]string, error) {
	var body struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if e := s.call(ctx, http.MethodGet, baseURL+"/models", key, nil, &body); e != nil {
		return nil, e
	}
	ids := make([]string, 0, len(body.Data))
	for _, m := range body.Data {
		if m.ID != "" {
			ids = append(ids, m.ID)
		}
	}
	return ids, nil
}

// prompt sends a one-message chat to the provider and returns the answer text.
func (s *Service) prompt(ctx context.Context, baseURL string, key *string, model, prompt string) (string, error) {
	var body struct {
		Choices []struct {
			Message struct {
				Content string `json:"content"`
			} `json:"message"`
		} `json:"choices"`
	}
	req := map[string]any{"model": model, "messages": []map[string]string{{"role": "user", "content": prompt}},
		"max_tokens": 50, "temperature": 0.7}
	if e := s.call(ctx, http.MethodPost, baseURL+"/chat/completions", key, req, &body); e != nil {
		return "", e
	}
	if len(body.Choices) == 0 {
		return "", providerFailed("the provider answered without choices")
	}
	return body.Choices[0].Message.Content, nil
}

// Sync refreshes the row's cached upstream model list now.
func (s *Service) Sync(ctx context.Context, org *auth.OrgContext, id string) (db.APIModelAlias, error) {
	row, err := s.Get(ctx, org.OrgID, id)
	if err != nil {
		return row, err
	}
	key, err := OpenKey(org, row)
	if err != nil {
		return row, err
	}
	models, err := s.fetchModels(ctx, row.BaseURL, key)
	if err != nil {
		return row, err
	}
	raw, _ := json.Marshal(models)
	cacheJSON, now := string(raw), s.now()
	row, err = s.store.UpdateAPIModelCache(ctx, org.OrgID, id, &cacheJSON, &now)
	if err != nil {
		return row, fmt.Errorf("store the model cache: %w", err)
	}
	s.invalidate(ctx, org.OrgID)
	return row, nil
}

// refreshRetryAfter spaces background refreshes of one row, so a provider that is down is not called on every
// request that routes through the row.
const refreshRetryAfter = time.Minute

// refreshInBackground syncs a forward-all row's model cache: one at a time per row in this process, and not again
// within a minute of the last attempt.
func (s *Service) refreshInBackground(org *auth.OrgContext, row db.APIModelAlias) {
	s.refreshMu.Lock()
	last, seen := s.refreshing[row.ID]
	if seen && (last.IsZero() || s.now().Sub(last) < refreshRetryAfter) {
		s.refreshMu.Unlock()
		return // running (zero time) or tried recently
	}
	s.refreshing[row.ID] = time.Time{}
	s.refreshMu.Unlock()
	go func() {
		defer func() {
			s.refreshMu.Lock()
			s.refreshing[row.ID] = s.now()
			s.refreshMu.Unlock()
		}()
		if _, err := s.Sync(s.bg, org, row.ID); err != nil {
			s.log.Warn("refresh the provider model list", "org", org.Slug, "api_model", row.ID, "err", err)
		}
	}()
}
