package db

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	pggen "github.com/bodhiapp/bodhi/db/gen/postgres"
	sqlitegen "github.com/bodhiapp/bodhi/db/gen/sqlite"
)

// UsageEvent is a row of usage_events: one gateway request (package usage writes them).
type UsageEvent struct {
	ID               string    `json:"id"`
	OrgID            string    `json:"org_id"`
	UserID           string    `json:"user_id"`
	Username         string    `json:"username"`
	AuthKind         string    `json:"auth_kind"`
	TokenID          *string   `json:"token_id"`
	AppClientID      *string   `json:"app_client_id"`
	Model            string    `json:"model"`
	ProviderModel    string    `json:"provider_model"`
	APIModelID       *string   `json:"api_model_id"`
	Provider         string    `json:"provider"`
	Route            string    `json:"route"`
	Stream           bool      `json:"stream"`
	Status           int64     `json:"status"`
	PromptTokens     int64     `json:"prompt_tokens"`
	CompletionTokens int64     `json:"completion_tokens"`
	TotalTokens      int64     `json:"total_tokens"`
	UpstreamMS       int64     `json:"upstream_ms"`
	TTFBMS           int64     `json:"ttfb_ms"`
	StartedAt        time.Time `json:"-"`
}

// UsageSum is the usage of one user, token, model and UTC day.
type UsageSum struct {
	UserID, Username, TokenID, TokenName, Model string
	Day                                         string // YYYY-MM-DD, UTC
	Requests, Errors                            int64
	PromptTokens, CompletionTokens, TotalTokens int64
}

// batchTime is how go-sqlite3 writes a time.Time, so rows written through JSON compare with bound times on SQLite;
// PostgreSQL reads the same text as a timestamptz.
const batchTime = "2006-01-02 15:04:05.999999999-07:00"

// InsertUsageEvents writes a batch in one statement (a JSON array of rows); rows whose id is already stored are
// skipped (a retried batch). It returns how many rows were new.
func (s *DbServiceImpl) InsertUsageEvents(ctx context.Context, events []UsageEvent) (int64, error) {
	if len(events) == 0 {
		return 0, nil
	}
	type row struct {
		UsageEvent
		StartedAt string `json:"started_at"`
	}
	rows := make([]row, len(events))
	for i, e := range events {
		rows[i] = row{UsageEvent: e, StartedAt: Timestamp(e.StartedAt).Format(batchTime)}
	}
	batch, err := json.Marshal(rows)
	if err != nil {
		return 0, fmt.Errorf("encode usage batch: %w", err)
	}
	var n int64
	if s.pg != nil {
		n, err = s.pg.InsertUsageEvents(ctx, string(batch))
	} else {
		n, err = s.lite.InsertUsageEvents(ctx, string(batch))
	}
	return n, mapError(err)
}

// SumUsage totals the org's usage in [from, to) per user, token, model and day; userID "" means every user.
func (s *DbServiceImpl) SumUsage(ctx context.Context, orgID string, from, to time.Time, userID string) ([]UsageSum, error) {
	p := sqlitegen.SumUsageParams{OrgID: orgID, FromTime: Timestamp(from), ToTime: Timestamp(to), UserID: userID}
	if s.pg != nil {
		return many(func(r pggen.SumUsageRow) UsageSum { return UsageSum(r) })(
			s.pg.SumUsage(ctx, pggen.SumUsageParams(p)))
	}
	return many(func(r sqlitegen.SumUsageRow) UsageSum { return UsageSum(r) })(s.lite.SumUsage(ctx, p))
}

// DeleteUsageEventsBefore removes the org's events that started before the cutoff (retention); it returns how
// many went.
func (s *DbServiceImpl) DeleteUsageEventsBefore(ctx context.Context, orgID string, before time.Time) (int64, error) {
	p := sqlitegen.DeleteUsageEventsBeforeParams{OrgID: orgID, Before: Timestamp(before)}
	var n int64
	var err error
	if s.pg != nil {
		n, err = s.pg.DeleteUsageEventsBefore(ctx, pggen.DeleteUsageEventsBeforeParams(p))
	} else {
		n, err = s.lite.DeleteUsageEventsBefore(ctx, p)
	}
	return n, mapError(err)
}
