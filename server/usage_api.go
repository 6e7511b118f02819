package server

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/usage"
)

// Usage report bounds: the default period, the longest one, and the largest page.
const (
	usageDefaultPeriod = 30 * 24 * time.Hour
	usageMaxPeriod     = 400 * 24 * time.Hour
	usageMaxPageSize   = 1000
)

func (s *Server) usageRoutes(scoped *gin.RouterGroup) {
	userAny := scoped.Group("/", s.guard(GroupUserAny))
	userAny.GET("/bodhi/v1/usage", s.usageReport)
}

type usageReportView struct {
	From     string        `json:"from"`
	To       string        `json:"to"`
	GroupBy  []string      `json:"group_by"`
	UserID   *string       `json:"user_id"`
	Totals   usage.Figures `json:"totals"`
	Data     []usage.Row   `json:"data"`
	Total    int64         `json:"total"`
	Page     int64         `json:"page"`
	PageSize int64         `json:"page_size"`
}

// usageReport answers GET /bodhi/v1/usage: managers and admins (by session) see the whole org and may pick a user;
// everyone else sees their own usage only.
func (s *Server) usageReport(c *gin.Context) {
	ctx := c.Request.Context()
	org, _ := Org(ctx)
	id := Identity(ctx)
	q, ok := usageQuery(c)
	if !ok {
		return
	}
	own := id.UserID
	if own == "" {
		own = id.TokenOwnerID
	}
	seesAll := id.Kind == auth.KindSession && id.Role >= auth.LevelManager
	switch {
	case seesAll:
	case q.UserID != "" && q.UserID != own:
		WriteError(c, errForbidden)
		return
	default:
		q.UserID = own
	}
	// Reports page further than lists: a day series of a year fits one page.
	page, size, ok := pageQueryUpTo(c, usageMaxPageSize)
	if !ok {
		return
	}
	q.Page, q.PageSize = page, size
	rep, err := usage.Summarize(ctx, s.deps.UsageReports, org.OrgID, q)
	if err != nil {
		s.fail(c, "usage report", err)
		return
	}
	view := usageReportView{From: rfc3339(q.From), To: rfc3339(q.To), GroupBy: q.GroupBy, Totals: rep.Totals,
		Data: rep.Rows, Total: rep.Groups, Page: page, PageSize: size}
	if q.UserID != "" {
		view.UserID = &q.UserID
	}
	noStore(c)
	c.JSON(http.StatusOK, view)
}

// usageQuery reads from, to, group_by and user_id. Times are RFC 3339 or dates (YYYY-MM-DD, UTC); a date in to
// includes that whole day.
func usageQuery(c *gin.Context) (usage.Query, bool) {
	now := time.Now().UTC()
	q := usage.Query{To: now, GroupBy: []string{}}
	if raw := c.Query("to"); raw != "" {
		t, dateOnly, ok := usageTime(raw)
		if !ok {
			WriteError(c, queryRejection("to must be an RFC 3339 time or a date (YYYY-MM-DD)"))
			return q, false
		}
		if dateOnly {
			t = t.Add(24 * time.Hour)
		}
		q.To = t
	}
	q.From = q.To.Add(-usageDefaultPeriod)
	if raw := c.Query("from"); raw != "" {
		t, _, ok := usageTime(raw)
		if !ok {
			WriteError(c, queryRejection("from must be an RFC 3339 time or a date (YYYY-MM-DD)"))
			return q, false
		}
		q.From = t
	}
	if !q.From.Before(q.To) {
		WriteError(c, queryRejection("from must be before to"))
		return q, false
	}
	if q.To.Sub(q.From) > usageMaxPeriod {
		WriteError(c, queryRejection("the period from..to is at most 400 days"))
		return q, false
	}
	for _, raw := range c.QueryArray("group_by") {
		for _, g := range strings.Split(raw, ",") {
			g = strings.TrimSpace(g)
			switch g {
			case "":
			case usage.ByUser, usage.ByToken, usage.ByModel, usage.ByDay:
				if !slices.Contains(q.GroupBy, g) {
					q.GroupBy = append(q.GroupBy, g)
				}
			default:
				WriteError(c, queryRejection("group_by takes user, token, model and day; got '"+g+"'"))
				return q, false
			}
		}
	}
	q.UserID = strings.TrimSpace(c.Query("user_id"))
	return q, true
}

func usageTime(raw string) (t time.Time, dateOnly bool, ok bool) {
	if d, err := time.Parse(time.DateOnly, raw); err == nil {
		return d, true, true
	}
	t, err := time.Parse(time.RFC3339Nano, raw)
	return t.UTC(), false, err == nil
}
