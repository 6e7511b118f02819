package devidp

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

// The Bodhi extension endpoints (auth.md §15.2, §16.8). Every user-token call is scoped to the resource client
// named by the token's azp ("R"); levels are read from the caller's current roles, not from the token.

func (s *Server) handleRegisterResource(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Name         string   `json:"name"`
		Description  string   `json:"description"`
		RedirectURIs []string `json:"redirect_uris"`
	}
	if err := decodeBody(r, &body); err != nil {
		writeReply(w, badRequest(err.Error()))
		return
	}
	if strings.TrimSpace(body.Name) == "" || len(body.RedirectURIs) == 0 {
		writeReply(w, badRequest("name and redirect_uris are required"))
		return
	}
	writeReply(w, s.locked(func(st *state) reply {
		c := Client{
			ClientID: "resource-" + uuid.NewString(), Secret: randomSecret(32), Kind: KindResource,
			Name: body.Name, Description: body.Description, RedirectURIs: body.RedirectURIs,
		}
		st.addClient(c)
		return reply{status: http.StatusCreated, body: map[string]string{
			"client_id": c.ClientID, "client_secret": c.Secret, "scope": resourceScopePfx + c.ClientID,
		}}
	}))
}

func (s *Server) handleMakeResourceAdmin(w http.ResponseWriter, r *http.Request) {
	claims, verr := s.bearerClaims(r)
	var body struct {
		UserID string `json:"user_id"`
	}
	derr := decodeBody(r, &body)
	writeReply(w, s.locked(func(st *state) reply {
		resource, rep := st.serviceAccountCaller(claims, verr)
		if rep != nil {
			return *rep
		}
		if derr != nil || body.UserID == "" {
			return badRequest("user_id is required")
		}
		u, found := st.users[body.UserID]
		if !found {
			return notFound("user not found")
		}
		st.setRole(u, resource, RoleAdmin)
		return ok(struct{}{})
	}))
}

func (s *Server) handleAssignRole(w http.ResponseWriter, r *http.Request) {
	claims, verr := s.bearerClaims(r)
	var body struct {
		UserID string `json:"user_id"`
		Role   string `json:"role"`
	}
	derr := decodeBody(r, &body)
	writeReply(w, s.locked(func(st *state) reply {
		c, rep := st.managerCaller(claims, verr)
		if rep != nil {
			return *rep
		}
		level := c.level()
		if derr != nil || body.UserID == "" {
			return badRequest("user_id and role are required")
		}
		if roleLevel(body.Role) == 0 {
			return badRequest("role must be one of " + strings.Join(resourceRoles[:], ", "))
		}
		target, found := st.users[body.UserID]
		if !found {
			return notFound("user not found")
		}
		if level < roleLevel(body.Role) || level < highestLevel(target.ClientRoles[c.client.ClientID]) {
			return forbidden("cannot assign a role above your own, or change a user above you")
		}
		st.setRole(target, c.client, body.Role)
		return ok(struct{}{})
	}))
}

func (s *Server) handleRemoveUser(w http.ResponseWriter, r *http.Request) {
	claims, verr := s.bearerClaims(r)
	var body struct {
		UserID string `json:"user_id"`
	}
	derr := decodeBody(r, &body)
	writeReply(w, s.locked(func(st *state) reply {
		c, rep := st.managerCaller(claims, verr)
		if rep != nil {
			return *rep
		}
		level := c.level()
		if derr != nil || body.UserID == "" {
			return badRequest("user_id is required")
		}
		target, found := st.users[body.UserID]
		if !found {
			return notFound("user not found")
		}
		if level < highestLevel(target.ClientRoles[c.client.ClientID]) {
			return forbidden("cannot remove a user above you")
		}
		st.setRole(target, c.client, "")
		return ok(struct{}{})
	}))
}

// listedUser is one entry of GET /resources/users.
type listedUser struct {
	UserID    string `json:"user_id"`
	Username  string `json:"username"`
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
	Role      string `json:"role"`
}

func (s *Server) handleListUsers(w http.ResponseWriter, r *http.Request) {
	claims, verr := s.bearerClaims(r)
	page, perr := positiveParam(r, "page", 1)
	size, serr := positiveParam(r, "page_size", 10)
	writeReply(w, s.locked(func(st *state) reply {
		c, rep := st.managerCaller(claims, verr)
		if rep != nil {
			return *rep
		}
		if perr != nil || serr != nil {
			return badRequest("page and page_size must be positive integers")
		}
		var all []listedUser
		for _, u := range st.users {
			if roles := u.ClientRoles[c.client.ClientID]; len(roles) > 0 {
				all = append(all, listedUser{UserID: u.ID, Username: u.Username, FirstName: u.GivenName,
					LastName: u.FamilyName, Role: highestRole(roles)})
			}
		}
		slices.SortFunc(all, func(a, b listedUser) int { return strings.Compare(a.Username, b.Username) })
		totalPages := (len(all) + size - 1) / size
		from := min((page-1)*size, len(all))
		return ok(map[string]any{
			"client_id": c.client.ClientID, "users": append([]listedUser{}, all[from:min(from+size, len(all))]...),
			"page": page, "page_size": size, "total_pages": totalPages, "total_users": len(all),
			"has_next": page < totalPages, "has_previous": page > 1,
		})
	}))
}

func (s *Server) handleAppRequestAccess(w http.ResponseWriter, r *http.Request) {
	claims, verr := s.bearerClaims(r)
	var body struct {
		AppClientID string `json:"app_client_id"`
	}
	derr := decodeBody(r, &body)
	writeReply(w, s.locked(func(st *state) reply {
		resource, rep := st.serviceAccountCaller(claims, verr)
		if rep != nil {
			return *rep
		}
		if derr != nil || body.AppClientID == "" {
			return badRequest("app_client_id is required")
		}
		if app, found := st.clients[body.AppClientID]; !found || app.Kind != KindApp {
			return notFound("app client not found")
		}
		st.allowTarget(body.AppClientID, resource.ClientID)
		return ok(map[string]string{"scope": resourceScopePfx + resource.ClientID})
	}))
}

func (s *Server) handleUserRequestAccess(w http.ResponseWriter, r *http.Request) {
	claims, verr := s.bearerClaims(r)
	var body struct {
		AppClientID     string `json:"app_client_id"`
		AccessRequestID string `json:"access_request_id"`
		Description     string `json:"description"`
	}
	derr := decodeBody(r, &body)
	writeReply(w, s.locked(func(st *state) reply {
		c, rep := st.resourceUserCaller(claims, verr)
		if rep != nil {
			return *rep
		}
		if derr != nil || body.AppClientID == "" || body.AccessRequestID == "" {
			return badRequest("app_client_id and access_request_id are required")
		}
		if app, found := st.clients[body.AppClientID]; !found || app.Kind != KindApp {
			return notFound("app client not found")
		}
		if _, seen := st.consents[body.AccessRequestID]; seen {
			return errReply(http.StatusConflict, "conflict", "access_request_id is already registered")
		}
		cons := &consent{
			accessRequestID: body.AccessRequestID, appClientID: body.AppClientID,
			resourceClientID: c.client.ClientID, userID: c.user.ID, scope: accessRequestScope + uuid.NewString(),
		}
		st.consents[cons.accessRequestID] = cons
		st.byScope[cons.scope] = cons
		st.allowTarget(body.AppClientID, c.client.ClientID)
		return ok(map[string]string{
			"scope": resourceScopePfx + c.client.ClientID, "access_request_id": cons.accessRequestID,
			"access_request_scope": cons.scope,
		})
	}))
}

func (s *Server) handleAppInfo(w http.ResponseWriter, r *http.Request) {
	claims, verr := s.bearerClaims(r)
	appID := r.PathValue("app_client_id")
	writeReply(w, s.locked(func(st *state) reply {
		// A user (the consent review) or a resource client's service account (Bodhi checking a redirect_url
		// of a public access request, where no user is present).
		if rep := st.userCaller(claims, verr); rep != nil {
			if _, saRep := st.serviceAccountCaller(claims, verr); saRep != nil {
				return *rep
			}
		}
		app, found := st.clients[appID]
		if !found || app.Kind != KindApp {
			return notFound("app client not found")
		}
		name := app.Name
		if name == "" {
			name = app.ClientID
		}
		return ok(appInfo{Name: name, Description: app.Description, RedirectURIs: slices.Clone(app.RedirectURIs)})
	}))
}

// appInfo is the answer of GET /users/apps/{id}/info: redirect_uris lists the app's registered redirect URIs
// (exact URLs, or prefixes ending in "*"), so a resource server can refuse any other return address.
type appInfo struct {
	Name         string   `json:"name"`
	Description  string   `json:"description"`
	RedirectURIs []string `json:"redirect_uris,omitempty"`
}

func decodeBody(r *http.Request, v any) error {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		return errInvalidJSON
	}
	return nil
}

// positiveParam reads an optional positive integer query parameter.
func positiveParam(r *http.Request, name string, def int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, errInvalidParam
	}
	return n, nil
}
