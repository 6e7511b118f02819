package devidp

import (
	"fmt"
	"net/http"
	"sync"
)

// Banner is logged at warn level whenever a provider starts (auth.md §16.1).
const Banner = "DEVELOPMENT IDENTITY PROVIDER — NOT FOR PRODUCTION"

// maxBody bounds request bodies; the provider only ever receives small forms and JSON objects.
const maxBody = 1 << 20

// Server is a running development identity provider. It implements http.Handler and is safe for concurrent use.
type Server struct {
	set  settings
	keys *keys
	mux  *http.ServeMux

	mu sync.Mutex // guards st
	st *state
}

// New validates cfg and its seed and returns a provider serving the realm under /realms/{realm}/. It logs the
// development-only banner.
func New(cfg Config) (*Server, error) {
	set, err := resolve(cfg)
	if err != nil {
		return nil, fmt.Errorf("devidp config: %w", err)
	}
	if err := cfg.Seed.Validate(); err != nil {
		return nil, fmt.Errorf("devidp seed: %w", err)
	}
	key := cfg.SigningKey
	if key == nil {
		if key, err = GenerateSigningKey(); err != nil {
			return nil, err
		}
	}
	k, err := newKeys(key)
	if err != nil {
		return nil, err
	}
	s := &Server{set: set, keys: k, mux: http.NewServeMux(), st: newState(cfg.Seed)}
	s.routes()
	set.log.Warn(Banner, "issuer", set.issuer)
	return s, nil
}

// Issuer is the realm's issuer URL: <issuer base>/realms/<realm>. Bodhi's BODHI_AUTH_URL is the issuer base.
func (s *Server) Issuer() string { return s.set.issuer }

// Realm is the realm's name.
func (s *Server) Realm() string { return s.set.realm }

// UserID returns the id (`sub`) of the user with that username.
func (s *Server) UserID(username string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.st.userByName(username)
	if !ok {
		return "", false
	}
	return u.ID, true
}

// ServiceAccountID returns the `sub` of a client's service-account tokens: stable for a client id.
func (s *Server) ServiceAccountID(clientID string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.st.clients[clientID]
	if !ok || !c.hasServiceAccount() {
		return "", false
	}
	return c.serviceAccountID, true
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Body != nil {
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	}
	s.mux.ServeHTTP(w, r)
}

// routes registers every realm URL (auth.md §16.3).
func (s *Server) routes() {
	realm := "/realms/" + s.set.realm
	oidc := realm + "/protocol/openid-connect"
	handle := func(methods []string, path string, h http.HandlerFunc) {
		for _, m := range methods {
			s.mux.HandleFunc(m+" "+path, h)
		}
	}
	get, post, both := []string{"GET"}, []string{"POST"}, []string{"GET", "POST"}

	handle(get, realm+"/.well-known/openid-configuration", s.handleDiscovery)
	handle(both, oidc+"/auth", s.handleAuthorize)
	handle(post, oidc+"/token", s.handleToken)
	handle(get, oidc+"/certs", s.handleCerts)
	handle(both, oidc+"/userinfo", s.handleUserinfo)
	handle(both, oidc+"/logout", s.handleLogout)

	ext := realm + "/bodhi"
	handle(post, ext+"/resources", s.handleRegisterResource)
	handle(post, ext+"/resources/make-resource-admin", s.handleMakeResourceAdmin)
	handle(post, ext+"/resources/assign-role", s.handleAssignRole)
	handle(post, ext+"/resources/remove-user", s.handleRemoveUser)
	handle(get, ext+"/resources/users", s.handleListUsers)
	handle(post, ext+"/resources/apps/request-access", s.handleAppRequestAccess)
	handle(post, ext+"/users/request-access", s.handleUserRequestAccess)
	handle(get, ext+"/users/apps/{app_client_id}/info", s.handleAppInfo)

	dev := realm + "/dev"
	handle(get, dev+"/stats", s.handleStats)
	handle(post, dev+"/stats/reset", s.handleStatsReset)
	handle(post, dev+"/users", s.handleAddUser)
	handle([]string{"PUT"}, dev+"/users/{username}", s.handleUpdateUser)
	handle(post, dev+"/clients", s.handleAddClient)
}

// locked runs fn with the state lock held and returns its reply, which the caller writes after unlocking so a
// slow client never holds the lock.
func (s *Server) locked(fn func(st *state) reply) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fn(s.st)
}
