// Package auth resolves who a request is for and from: the organization (OrgContext), and later the caller's
// identity from sessions, API tokens and external app tokens (auth.md).
package auth

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/bodhiapp/bodhi/crypto"
)

// OrgContext is the resolved org of a request, with its secrets decrypted (auth.md §2.6). It lives only in
// process memory: it must never be serialised, and its string and log forms show only the id and slug.
type OrgContext struct {
	OrgID            string
	Slug             string
	DisplayName      string
	KCClientID       string
	ClientSecret     string
	DataKey          crypto.Key
	Status           string
	FirstAdminUserID *string
}

// String prints only the id and slug.
func (o *OrgContext) String() string { return fmt.Sprintf("org(%s, %s)", o.OrgID, o.Slug) }

// LogValue keeps secrets out of structured logs.
func (o *OrgContext) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", o.OrgID), slog.String("slug", o.Slug))
}

// MarshalJSON refuses: an OrgContext holds decrypted secrets.
func (o OrgContext) MarshalJSON() ([]byte, error) {
	return nil, errors.New("auth.OrgContext must never be serialised")
}
