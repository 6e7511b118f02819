package auth

import "strings"

// Level is a rung of the one ladder shared by session roles, API-token scopes and exchanged-token user scopes
// (auth.md §10.2). A higher level includes every lower one. LevelNone means "none".
type Level int

const (
	LevelNone Level = iota
	LevelUser
	LevelPowerUser
	LevelManager
	LevelAdmin
)

var levelNames = []string{"", "user", "power_user", "manager", "admin"}

// Role is the session role name of l ("resource_admin"), or "" for LevelNone.
func (l Level) Role() string {
	if l <= LevelNone || l > LevelAdmin {
		return ""
	}
	return "resource_" + levelNames[l]
}

// TokenScope is the API-token scope of l ("scope_token_user").
func (l Level) TokenScope() string {
	if l <= LevelNone || l > LevelAdmin {
		return ""
	}
	return "scope_token_" + levelNames[l]
}

// UserScope is the exchanged-token scope of l ("scope_user_user").
func (l Level) UserScope() string {
	if l <= LevelNone || l > LevelAdmin {
		return ""
	}
	return "scope_user_" + levelNames[l]
}

func parseLevel(s, prefix string) Level {
	name, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return LevelNone
	}
	for l := LevelUser; l <= LevelAdmin; l++ {
		if levelNames[l] == name {
			return l
		}
	}
	return LevelNone
}

// ParseRole reads "resource_<level>"; anything else is LevelNone.
func ParseRole(s string) Level { return parseLevel(s, "resource_") }

// ParseTokenScope reads "scope_token_<level>".
func ParseTokenScope(s string) Level { return parseLevel(s, "scope_token_") }

// ParseUserScope reads "scope_user_<level>".
func ParseUserScope(s string) Level { return parseLevel(s, "scope_user_") }

// HighestRole is the highest recognised role among roles, or LevelNone.
func HighestRole(roles []string) Level {
	best := LevelNone
	for _, r := range roles {
		best = max(best, ParseRole(r))
	}
	return best
}

// Kind is how a request authenticated.
type Kind string

const (
	KindAnonymous   Kind = "anonymous"
	KindSession     Kind = "session"
	KindAPIToken    Kind = "api_token"
	KindExternalApp Kind = "external_app"
)

// Identity is the caller of one request (auth.md §3). API tokens carry no user identity for authorization: only
// TokenScope, plus TokenID and TokenOwnerID for audit and logs.
type Identity struct {
	Kind            Kind
	UserID          string
	Username        string
	FirstName       string
	LastName        string
	Role            Level // sessions: LevelNone for a role-less user
	TokenScope      Level // API tokens
	UserScope       Level // external apps
	AccessToken     string
	Azp             string
	AccessRequestID *string
	TokenID         string
	TokenOwnerID    string
}

// Anonymous is the identity of a caller without credentials.
var Anonymous = Identity{Kind: KindAnonymous}

// String never prints a token.
func (i Identity) String() string {
	return string(i.Kind) + "(" + i.UserID + ")"
}
