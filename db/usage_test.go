package db_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
)

func usageEvent(org, user, model string, tokenID *string, status int64, prompt, completion int64, at time.Time) db.UsageEvent {
	return db.UsageEvent{ID: fmt.Sprintf("%s-%s-%s-%d-%d", org, user, model, at.UnixNano(), prompt), OrgID: org,
		UserID: user, Username: "name-" + user, AuthKind: "session", TokenID: tokenID, Model: model,
		ProviderModel: "up-" + model, Provider: "api.example.com", Route: "/v1/chat/completions", Status: status,
		PromptTokens: prompt, CompletionTokens: completion, TotalTokens: prompt + completion, UpstreamMS: 12,
		TTFBMS: 3, StartedAt: at}
}

func TestUsageRepository(t *testing.T) {
	forEachDialect(t, func(t *testing.T, s *db.DbServiceImpl) {
		ctx := context.Background()
		a, b := mkOrg(t, s, "acme"), mkOrg(t, s, "globex")
		tok, err := s.CreateAPIToken(ctx, a.ID, db.APIToken{UserID: "u1", Name: "ci", TokenPrefix: "bodhiapp_x1",
			TokenHash: "h", Scopes: "scope_token_user", Status: "active"})
		require.NoError(t, err)
		day1 := time.Date(2026, 12, 1, 23, 59, 59, 999_000, time.UTC)
		day2 := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
		events := []db.UsageEvent{
			usageEvent(a.ID, "u1", "gpt", nil, 200, 10, 5, day1),
			usageEvent(a.ID, "u1", "gpt", &tok.ID, 200, 7, 3, day2),
			usageEvent(a.ID, "u1", "gpt", &tok.ID, 502, 0, 0, day2.Add(time.Second)),
			usageEvent(a.ID, "u2", "llama", nil, 200, 1, 1, day2.Add(time.Hour)),
			usageEvent(b.ID, "u9", "gpt", nil, 200, 100, 100, day2),
		}
		n, err := s.InsertUsageEvents(ctx, events)
		require.NoError(t, err)
		require.EqualValues(t, 5, n, "one statement writes the whole batch, two orgs in it")
		n, err = s.InsertUsageEvents(ctx, events[:3])
		require.NoError(t, err)
		require.Zero(t, n, "a retried batch writes nothing twice")

		from, to := day1.Add(-time.Hour), day2.Add(24*time.Hour)
		sums, err := s.SumUsage(ctx, a.ID, from, to, "")
		require.NoError(t, err)
		require.Equal(t, []db.UsageSum{
			{UserID: "u1", Username: "name-u1", Model: "gpt", Day: "2026-12-01", Requests: 1, PromptTokens: 10,
				CompletionTokens: 5, TotalTokens: 15},
			{UserID: "u1", Username: "name-u1", TokenID: tok.ID, TokenName: "ci", Model: "gpt", Day: "2026-12-02",
				Requests: 2, Errors: 1, PromptTokens: 7, CompletionTokens: 3, TotalTokens: 10},
			{UserID: "u2", Username: "name-u2", Model: "llama", Day: "2026-12-02", Requests: 1, PromptTokens: 1,
				CompletionTokens: 1, TotalTokens: 2},
		}, sums, "grouped by user, token, model and UTC day; globex's row is not acme's")

		own, err := s.SumUsage(ctx, a.ID, from, to, "u2")
		require.NoError(t, err)
		require.Len(t, own, 1)
		require.Equal(t, "u2", own[0].UserID)

		window, err := s.SumUsage(ctx, a.ID, day2, day2.Add(time.Second), "")
		require.NoError(t, err)
		require.Len(t, window, 1, "from is inclusive, to exclusive, to the microsecond")
		require.EqualValues(t, 1, window[0].Requests)

		gone, err := s.DeleteUsageEventsBefore(ctx, a.ID, day2)
		require.NoError(t, err)
		require.EqualValues(t, 1, gone)
		left, err := s.SumUsage(ctx, b.ID, from, to, "")
		require.NoError(t, err)
		require.Len(t, left, 1, "retention of one org leaves the others alone")
	})
}
