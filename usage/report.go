package usage

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/bodhiapp/bodhi/db"
)

// Dimensions a report can group by.
const (
	ByUser  = "user"
	ByToken = "token"
	ByModel = "model"
	ByDay   = "day"
)

// Query asks for the usage of one org in [From, To), grouped by any of the dimensions (none: totals only).
type Query struct {
	From, To time.Time
	GroupBy  []string
	// UserID limits the report to one user ("" for every user).
	UserID         string
	Page, PageSize int64
}

// Figures are the counts of a row or of the whole report.
type Figures struct {
	Requests         int64 `json:"requests"`
	Errors           int64 `json:"errors"`
	PromptTokens     int64 `json:"prompt_tokens"`
	CompletionTokens int64 `json:"completion_tokens"`
	TotalTokens      int64 `json:"total_tokens"`
}

func (f *Figures) add(s db.UsageSum) {
	f.Requests += s.Requests
	f.Errors += s.Errors
	f.PromptTokens += s.PromptTokens
	f.CompletionTokens += s.CompletionTokens
	f.TotalTokens += s.TotalTokens
}

// Row is one group: the dimensions grouped by are set, the others nil.
type Row struct {
	UserID    *string `json:"user_id,omitempty"`
	Username  *string `json:"username,omitempty"`
	TokenID   *string `json:"token_id,omitempty"` // "" for requests made without an API token
	TokenName *string `json:"token_name,omitempty"`
	Model     *string `json:"model,omitempty"`
	Day       *string `json:"day,omitempty"` // YYYY-MM-DD, UTC
	Figures
}

// Report is a query's answer: the totals over the period and one page of groups.
type Report struct {
	Totals Figures
	Rows   []Row
	// Groups is the number of groups over every page.
	Groups int64
}

// Summer reads the stored sums.
type Summer interface {
	SumUsage(ctx context.Context, orgID string, from, to time.Time, userID string) ([]db.UsageSum, error)
}

// Summarize answers q for the org. The store sums by every dimension; the requested ones are added up here, so any
// combination needs one query, whose rows number the distinct (user, token, model, day) of the period.
func Summarize(ctx context.Context, store Summer, orgID string, q Query) (Report, error) {
	sums, err := store.SumUsage(ctx, orgID, q.From, q.To, q.UserID)
	if err != nil {
		return Report{}, fmt.Errorf("sum the usage of org %s: %w", orgID, err)
	}
	by := map[string]bool{}
	for _, g := range q.GroupBy {
		by[g] = true
	}
	var rep Report
	groups := map[[4]string]*Row{}
	var order [][4]string
	for _, s := range sums {
		rep.Totals.add(s)
		if len(by) == 0 {
			continue
		}
		var key [4]string
		row := Row{}
		if by[ByUser] {
			key[0], row.UserID, row.Username = s.UserID, ptr(s.UserID), ptr(s.Username)
		}
		if by[ByToken] {
			key[1], row.TokenID, row.TokenName = s.TokenID, ptr(s.TokenID), ptr(s.TokenName)
		}
		if by[ByModel] {
			key[2], row.Model = s.Model, ptr(s.Model)
		}
		if by[ByDay] {
			key[3], row.Day = s.Day, ptr(s.Day)
		}
		g, ok := groups[key]
		if !ok {
			g = &row
			groups[key] = g
			order = append(order, key)
		}
		g.add(s)
	}
	rows := make([]Row, len(order))
	for i, k := range order {
		rows[i] = *groups[k]
	}
	// By day when grouped by day (a series), else the largest first (the top users, tokens, models).
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if by[ByDay] && *a.Day != *b.Day {
			return *a.Day < *b.Day
		}
		if a.TotalTokens != b.TotalTokens {
			return a.TotalTokens > b.TotalTokens
		}
		return a.Requests > b.Requests
	})
	rep.Groups = int64(len(rows))
	start := min((q.Page-1)*q.PageSize, rep.Groups)
	end := min(start+q.PageSize, rep.Groups)
	rep.Rows = rows[start:end]
	return rep, nil
}

func ptr(s string) *string { return &s }

// Retention is what the purge needs: the orgs, and the delete.
type Retention interface {
	ListOrgs(ctx context.Context, status string) ([]db.Organization, error)
	DeleteUsageEventsBefore(ctx context.Context, orgID string, before time.Time) (int64, error)
}

// Purge deletes every org's events older than days; it returns how many went.
func Purge(ctx context.Context, store Retention, before time.Time) (int64, error) {
	orgs, err := store.ListOrgs(ctx, "")
	if err != nil {
		return 0, fmt.Errorf("list orgs for the usage purge: %w", err)
	}
	var total int64
	for _, o := range orgs {
		n, err := store.DeleteUsageEventsBefore(ctx, o.ID, before)
		if err != nil {
			return total, fmt.Errorf("purge the usage of org %s: %w", o.Slug, err)
		}
		total += n
	}
	return total, nil
}

// RunRetention purges events older than days at start and then every interval, until ctx ends. Every replica may
// run it: a delete that finds nothing costs one indexed query per org.
func RunRetention(ctx context.Context, store Retention, days int, interval time.Duration, now func() time.Time,
	log *slog.Logger) {
	if days <= 0 {
		return // kept forever
	}
	for {
		cutoff := now().Add(-time.Duration(days) * 24 * time.Hour)
		if n, err := Purge(ctx, store, cutoff); err != nil {
			if ctx.Err() != nil {
				return
			}
			log.Warn("usage retention purge failed; next attempt at the next interval", "err", err)
		} else if n > 0 {
			log.Info("usage events purged", "events", n, "older_than", cutoff.Format(time.RFC3339))
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}
