package devidp

import (
	"errors"
	"net/http"
)

var (
	errInvalidJSON  = errors.New("the body must be a JSON object")
	errInvalidParam = errors.New("invalid parameter")
)

// The authorization rules of auth.md §16.8: a missing or invalid bearer token is 401, a valid token without the
// rights is 403. Each helper expects the state lock held.

// resourceUser is the caller of an "R user token" call: a user, through resource client R.
type resourceUser struct {
	client *clientRecord
	user   *User
}

// level is the caller's current ladder level on R.
func (c resourceUser) level() int { return highestLevel(c.user.ClientRoles[c.client.ClientID]) }

// resourceUserCaller requires a user token whose azp is a resource client.
func (st *state) resourceUserCaller(claims accessClaims, verr error) (resourceUser, *reply) {
	if rep := st.userCaller(claims, verr); rep != nil {
		return resourceUser{}, rep
	}
	client, found := st.clients[claims.Azp]
	if !found {
		return resourceUser{}, unauthorized("the token's client no longer exists")
	}
	if client.Kind != KindResource {
		return resourceUser{}, ptr(forbidden("the token must be issued to a resource client"))
	}
	return resourceUser{client: client, user: st.users[claims.Subject]}, nil
}

// managerCaller requires a resource user token whose holder is at least a manager on the token's client.
func (st *state) managerCaller(claims accessClaims, verr error) (resourceUser, *reply) {
	c, rep := st.resourceUserCaller(claims, verr)
	if rep != nil {
		return c, rep
	}
	if c.level() < roleLevel(RoleManager) {
		return c, ptr(forbidden("a manager or admin role is required"))
	}
	return c, nil
}

// userCaller requires a valid token of a user (not a service account).
func (st *state) userCaller(claims accessClaims, verr error) *reply {
	if verr != nil {
		return unauthorized("missing or invalid bearer token")
	}
	if _, found := st.users[claims.Subject]; found {
		return nil
	}
	if _, sa := st.serviceAccountOf(claims.Subject); sa {
		return ptr(forbidden("a user token is required"))
	}
	return unauthorized("the token's user no longer exists")
}

// serviceAccountCaller requires the service-account token of a resource client, and returns that client.
func (st *state) serviceAccountCaller(claims accessClaims, verr error) (*clientRecord, *reply) {
	if verr != nil {
		return nil, unauthorized("missing or invalid bearer token")
	}
	client, found := st.clients[claims.Azp]
	if !found {
		return nil, unauthorized("the token's client no longer exists")
	}
	if client.Kind != KindResource || !client.hasServiceAccount() || claims.Subject != client.serviceAccountID {
		return nil, ptr(forbidden("the service-account token of a resource client is required"))
	}
	return client, nil
}

func ptr(r reply) *reply { return &r }

func unauthorized(desc string) *reply {
	return ptr(errReply(http.StatusUnauthorized, "invalid_token", desc))
}

func forbidden(desc string) reply { return errReply(http.StatusForbidden, "access_denied", desc) }

func badRequest(desc string) reply { return errReply(http.StatusBadRequest, "invalid_request", desc) }

func notFound(desc string) reply { return errReply(http.StatusNotFound, "not_found", desc) }
