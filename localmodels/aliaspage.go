package localmodels

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/bodhiapp/bodhi/db"
)

// Alias is one entry of GET /bodhi/v1/models (AliasResponse, http-api.md §5.1): exactly one field is set.
type Alias struct {
	User  *UserAlias
	Model *ModelAlias
	API   *db.APIModelAlias
}

// defaultPageSize is http-api.md §1.5's, for a page that names no size.
const defaultPageSize = 30

// AliasPage is one page of orgID's aliases in the order of http-api.md §5.2, and how many there are in all: the
// user and model aliases first, sorted together by name (descending with desc), then the API models newest first;
// the page is cut from that combined list.
func (s *Service) AliasPage(ctx context.Context, orgID string, page db.Page, desc bool) ([]Alias, int64, error) {
	if page.Limit <= 0 {
		page.Limit = defaultPageSize
	}
	users, models, err := s.aliases(ctx, orgID)
	if err != nil {
		return nil, 0, err
	}
	local := make([]Alias, 0, len(users)+len(models))
	for i := range users {
		local = append(local, Alias{User: &users[i]})
	}
	for i := range models {
		local = append(local, Alias{Model: &models[i]})
	}
	slices.SortFunc(local, func(a, b Alias) int {
		c := strings.Compare(a.name(), b.name())
		if desc {
			return -c
		}
		return c
	})
	data, localTotal := pageOf(local, page)

	// The API models on this page, if any room is left, and how many there are: one query either way.
	room := page.Limit - int64(len(data))
	apiPage := db.Page{Limit: max(room, 1), Offset: max(page.Offset-localTotal, 0)}
	rows, apiTotal, err := s.api.List(ctx, orgID, apiPage)
	if err != nil {
		return nil, 0, fmt.Errorf("list api models: %w", err)
	}
	for i := range rows[:min(int64(len(rows)), room)] {
		data = append(data, Alias{API: &rows[i]})
	}
	return data, localTotal + apiTotal, nil
}

// name is a local alias's name, what the local part of the list is sorted by.
func (a Alias) name() string {
	if a.User != nil {
		return a.User.Alias
	}
	if a.Model != nil {
		return a.Model.Alias
	}
	return ""
}
