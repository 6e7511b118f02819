package devidp

import (
	"crypto/rand"
	"encoding/base64"
	"slices"
	"time"

	"github.com/google/uuid"
)

// idNamespace derives stable ids (users without one, service accounts) from names, so a restarted provider with
// the same seed hands out the same `sub` values.
var idNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://getbodhi.app/devidp"))

// state is everything the provider knows, all in memory. It has no lock of its own: Server.mu guards it, and
// every method expects the caller to hold that lock.
type state struct {
	orgs       map[string]Organization
	clients    map[string]*clientRecord
	users      map[string]*User  // by id
	usernames  map[string]string // username → id
	codes      map[string]*authCode
	refresh    map[string]*refreshRecord
	sso        map[string]ssoSession
	consents   map[string]*consent        // by access_request_id
	byScope    map[string]*consent        // by access_request_scope
	appTargets map[string]map[string]bool // app client id → resource client ids registered at run time
	stats      counters
	sweepAt    int // size of refresh at which expired records are next dropped
}

// clientRecord is a client plus the id of its service-account user.
type clientRecord struct {
	Client
	serviceAccountID string
}

// authCode is an issued authorization code: single use, bound to everything the token request must repeat.
type authCode struct {
	clientID, redirectURI, challenge, userID, nonce string
	scopes                                          []string
	authTime, expires                               time.Time
}

// refreshRecord is an issued refresh token. Revoked ones are kept so that reuse is told apart from garbage.
type refreshRecord struct {
	clientID, userID string
	scopes           []string
	authTime         time.Time
	expires          time.Time
	revoked          bool
}

// minSweep is the smallest refresh-token map that gets swept.
const minSweep = 1024

// storeRefresh records a refresh token. Expired records are dropped whenever the map has doubled since the last
// sweep: amortised constant time, and a long run (the scale test refreshes for minutes) stays bounded.
func (st *state) storeRefresh(token string, rec *refreshRecord, now time.Time) {
	if len(st.refresh) >= max(st.sweepAt, minSweep) {
		for t, r := range st.refresh {
			if !now.Before(r.expires) {
				delete(st.refresh, t)
			}
		}
		st.sweepAt = 2 * len(st.refresh)
	}
	st.refresh[token] = rec
}

// ssoSession is what the DEVIDP_SSO cookie stands for.
type ssoSession struct {
	userID   string
	authTime time.Time
}

// consent is a user's approval of an app's access request to a resource client (extension users/request-access).
type consent struct {
	accessRequestID, appClientID, resourceClientID, userID, scope string
}

// counters are the statistics of /dev/stats: successful grants, and fetches of the signing keys.
type counters struct {
	grants           map[string]int
	refreshByUser    map[string]int
	exchangeByClient map[string]int
	jwksFetches      int
}

func newCounters() counters {
	return counters{grants: map[string]int{}, refreshByUser: map[string]int{}, exchangeByClient: map[string]int{}}
}

// newState loads a validated seed.
func newState(seed Seed) *state {
	st := &state{
		orgs: map[string]Organization{}, clients: map[string]*clientRecord{}, users: map[string]*User{},
		usernames: map[string]string{}, codes: map[string]*authCode{}, refresh: map[string]*refreshRecord{},
		sso: map[string]ssoSession{}, consents: map[string]*consent{}, byScope: map[string]*consent{},
		appTargets: map[string]map[string]bool{}, stats: newCounters(),
	}
	for _, o := range seed.Organizations {
		st.orgs[o.Slug] = o
	}
	for _, c := range seed.Clients {
		st.addClient(c)
	}
	for _, u := range seed.Users {
		st.addUser(u)
	}
	return st
}

// catalog lists what new clients and users may refer to.
func (st *state) catalog() catalog {
	k := newCatalog()
	for slug := range st.orgs {
		k.orgs[slug] = true
	}
	for id, c := range st.clients {
		k.clients[id] = c.Kind
	}
	return k
}

func (st *state) addClient(c Client) {
	c.RedirectURIs = slices.Clone(c.RedirectURIs)
	c.AllowedResources = slices.Clone(c.AllowedResources)
	st.clients[c.ClientID] = &clientRecord{
		Client:           c,
		serviceAccountID: uuid.NewSHA1(idNamespace, []byte("service-account/"+c.ClientID)).String(),
	}
}

// addUser stores a copy of u and returns its id.
func (st *state) addUser(u User) string {
	if u.ID == "" {
		u.ID = derivedUserID(u.Username)
	}
	u.Organizations = slices.Clone(u.Organizations)
	u.ClientRoles = cloneRoles(u.ClientRoles)
	st.users[u.ID] = &u
	st.usernames[u.Username] = u.ID
	return u.ID
}

// derivedUserID is the id of a user declared without one: stable for a username.
func derivedUserID(username string) string {
	return uuid.NewSHA1(idNamespace, []byte("user/"+username)).String()
}

func (st *state) userByName(username string) (*User, bool) {
	id, ok := st.usernames[username]
	if !ok {
		return nil, false
	}
	return st.users[id], true
}

// serviceAccountOf returns the client whose service account has the id sub.
func (st *state) serviceAccountOf(sub string) (*clientRecord, bool) {
	for _, c := range st.clients {
		if c.serviceAccountID == sub && c.hasServiceAccount() {
			return c, true
		}
	}
	return nil, false
}

// appMayTarget reports whether app was registered for resource client resource, by its seed or at run time.
func (st *state) appMayTarget(app *clientRecord, resource string) bool {
	if app.Kind != KindApp {
		return false
	}
	if r, ok := st.clients[resource]; !ok || r.Kind != KindResource {
		return false
	}
	return slices.Contains(app.AllowedResources, resource) || st.appTargets[app.ClientID][resource]
}

func (st *state) allowTarget(app, resource string) {
	if st.appTargets[app] == nil {
		st.appTargets[app] = map[string]bool{}
	}
	st.appTargets[app][resource] = true
}

// setRole replaces u's roles on client with role (none when role is empty) and keeps the membership of the
// client's organization in step: a role adds it, removal drops it.
func (st *state) setRole(u *User, client *clientRecord, role string) {
	roles := cloneRoles(u.ClientRoles)
	if role == "" {
		delete(roles, client.ClientID)
	} else {
		roles[client.ClientID] = []string{role}
	}
	u.ClientRoles = roles
	org := client.Organization
	if org == "" {
		return
	}
	orgs := slices.DeleteFunc(slices.Clone(u.Organizations), func(o string) bool { return o == org })
	if role != "" {
		orgs = append(orgs, org)
	}
	u.Organizations = orgs
}

func cloneRoles(in map[string][]string) map[string][]string {
	out := make(map[string][]string, len(in))
	for k, v := range in {
		out[k] = slices.Clone(v)
	}
	return out
}

// randomToken is 32 CSPRNG bytes, base64url without padding: 43 characters, opaque.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go ≥ 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}

// randomSecret is n alphanumeric characters without modulo bias.
func randomSecret(n int) string {
	const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	out := make([]byte, 0, n)
	buf := make([]byte, 1)
	for len(out) < n {
		_, _ = rand.Read(buf)
		// 248 = 4 × 62: values at or above it would favour the first letters.
		if buf[0] < 248 {
			out = append(out, letters[int(buf[0])%len(letters)])
		}
	}
	return string(out)
}
