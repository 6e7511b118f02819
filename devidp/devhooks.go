package devidp

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
)

// The test hooks of auth.md §16.9. They need no authentication: the provider is for development only.

// Stats is the body of GET /dev/stats.
type Stats struct {
	// Grants counts successful token responses per grant_type, as sent by the client.
	Grants map[string]int `json:"grants"`
	// RefreshByUser counts refresh grants per username.
	RefreshByUser map[string]int `json:"refresh_by_user"`
	// ExchangeByClient counts token exchanges per requesting client.
	ExchangeByClient map[string]int `json:"exchange_by_client"`
	// JWKSFetches counts requests for the realm's signing keys (the certs endpoint): how often relying parties
	// refetch them, e.g. when a forged token names an unknown kid.
	JWKSFetches int `json:"jwks_fetches"`
}

// Stats returns a copy of the counters (the same as GET /dev/stats).
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Stats{
		Grants:           maps.Clone(s.st.stats.grants),
		RefreshByUser:    maps.Clone(s.st.stats.refreshByUser),
		ExchangeByClient: maps.Clone(s.st.stats.exchangeByClient),
		JWKSFetches:      s.st.stats.jwksFetches,
	}
}

func (s *Server) handleStats(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.Stats())
}

func (s *Server) handleStatsReset(w http.ResponseWriter, _ *http.Request) {
	writeReply(w, s.locked(func(st *state) reply {
		st.stats = newCounters()
		return reply{status: http.StatusNoContent}
	}))
}

// handleAddUser adds a user with the fields of the seed; 409 when the username or id is taken.
func (s *Server) handleAddUser(w http.ResponseWriter, r *http.Request) {
	var u User
	if err := decodeStrict(r.Body, &u); err != nil {
		writeReply(w, badRequest(err.Error()))
		return
	}
	writeReply(w, s.locked(func(st *state) reply {
		if err := st.catalog().checkUser(u); err != nil {
			return badRequest(err.Error())
		}
		if _, taken := st.usernames[u.Username]; taken {
			return errReply(http.StatusConflict, "conflict", fmt.Sprintf("username %q already exists", u.Username))
		}
		if u.ID == "" {
			u.ID = derivedUserID(u.Username)
		}
		if _, taken := st.users[u.ID]; taken {
			return errReply(http.StatusConflict, "conflict", fmt.Sprintf("user id %q already exists", u.ID))
		}
		id := st.addUser(u)
		return reply{status: http.StatusCreated, body: map[string]string{"id": id}}
	}))
}

// membershipUpdate is the body of PUT /dev/users/{username}: a field that is present replaces the user's value,
// an absent one is kept.
type membershipUpdate struct {
	Organizations *[]string            `json:"organizations"`
	ClientRoles   *map[string][]string `json:"client_roles"`
}

// memberships is the answer of PUT /dev/users/{username}.
type memberships struct {
	ID            string              `json:"id"`
	Username      string              `json:"username"`
	Organizations []string            `json:"organizations"`
	ClientRoles   map[string][]string `json:"client_roles"`
}

func (s *Server) handleUpdateUser(w http.ResponseWriter, r *http.Request) {
	username := r.PathValue("username")
	var upd membershipUpdate
	if err := decodeStrict(r.Body, &upd); err != nil {
		writeReply(w, badRequest(err.Error()))
		return
	}
	writeReply(w, s.locked(func(st *state) reply {
		u, found := st.userByName(username)
		if !found {
			return notFound(fmt.Sprintf("user %q not found", username))
		}
		orgs, roles := u.Organizations, u.ClientRoles
		if upd.Organizations != nil {
			orgs = slices.Clone(*upd.Organizations)
		}
		if upd.ClientRoles != nil {
			roles = cloneRoles(*upd.ClientRoles)
		}
		fail := func(format string, args ...any) error {
			return fmt.Errorf("user %q: %s", username, fmt.Sprintf(format, args...))
		}
		if err := st.catalog().checkMemberships(orgs, roles, fail); err != nil {
			return badRequest(err.Error())
		}
		// New values, never edits in place: claims built earlier keep the slices they copied.
		u.Organizations, u.ClientRoles = orgs, roles
		return ok(memberships{ID: u.ID, Username: u.Username, Organizations: append([]string{}, orgs...),
			ClientRoles: cloneRoles(roles)})
	}))
}

// handleAddClient adds a client with the fields of the seed; 409 when the client id is taken.
func (s *Server) handleAddClient(w http.ResponseWriter, r *http.Request) {
	var c Client
	if err := decodeStrict(r.Body, &c); err != nil {
		writeReply(w, badRequest(err.Error()))
		return
	}
	writeReply(w, s.locked(func(st *state) reply {
		if _, taken := st.clients[c.ClientID]; taken {
			return errReply(http.StatusConflict, "conflict", fmt.Sprintf("client %q already exists", c.ClientID))
		}
		if err := st.catalog().checkClient(c); err != nil {
			return badRequest(err.Error())
		}
		st.addClient(c)
		return reply{status: http.StatusCreated, body: map[string]string{"client_id": c.ClientID}}
	}))
}
