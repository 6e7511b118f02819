package devidp

import (
	"slices"
	"strings"
)

// Scope names and prefixes of auth.md §16.7.
const (
	scopeOpenID        = "openid"
	scopeEmail         = "email"
	scopeProfile       = "profile"
	scopeRoles         = "roles"
	scopeOrganization  = "organization"
	resourceScopePfx   = "scope_resource-"
	accessRequestScope = "scope_access_request:"
)

// standardScopes are granted whenever they are requested.
var standardScopes = []string{scopeOpenID, scopeEmail, scopeProfile, scopeRoles, scopeOrganization, "service_account"}

// userScopes are the exchanged-token ladder; only app clients get them.
var userScopes = []string{"scope_user_user", "scope_user_power_user", "scope_user_manager", "scope_user_admin"}

// parseScopes splits a scope parameter, dropping duplicates but keeping the order.
func parseScopes(param string) []string {
	var out []string
	for _, s := range strings.Fields(param) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// grantScopes applies auth.md §16.7 to what client requested for userID (empty for a service account). Anything
// not grantable is silently dropped, never an error.
func (st *state) grantScopes(client *clientRecord, userID string, requested []string) []string {
	var granted []string
	for _, s := range requested {
		if st.grantable(client, userID, s) {
			granted = append(granted, s)
		}
	}
	return granted
}

func (st *state) grantable(client *clientRecord, userID, scope string) bool {
	switch {
	case slices.Contains(standardScopes, scope):
		return true
	case slices.Contains(userScopes, scope):
		return client.Kind == KindApp
	case strings.HasPrefix(scope, resourceScopePfx):
		return st.appMayTarget(client, strings.TrimPrefix(scope, resourceScopePfx))
	case strings.HasPrefix(scope, accessRequestScope):
		c, ok := st.byScope[scope]
		return ok && userID != "" && c.appClientID == client.ClientID && c.userID == userID
	default:
		return false
	}
}

// exchangeScopes are the scopes of an exchanged token: the standard scopes requested, plus the requested scopes
// the subject token also carries.
func exchangeScopes(requested, subject []string) []string {
	var granted []string
	for _, s := range requested {
		if slices.Contains(standardScopes, s) || slices.Contains(subject, s) {
			granted = append(granted, s)
		}
	}
	return granted
}

// audienceOf lists the resource clients targeted through granted scope_resource-<id> scopes.
func audienceOf(scopes []string) []string {
	var aud []string
	for _, s := range scopes {
		if r, ok := strings.CutPrefix(s, resourceScopePfx); ok {
			aud = append(aud, r)
		}
	}
	return aud
}
