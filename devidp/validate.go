package devidp

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// realmName keeps the realm usable as a literal path segment.
var realmName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

func validateRealm(realm string) error {
	if !realmName.MatchString(realm) {
		return fmt.Errorf("realm %q: use letters, digits, '.', '_' and '-'", realm)
	}
	return nil
}

// Validate checks the seed on its own: unique slugs, client ids, usernames and user ids, and references to
// organizations and clients that exist. Every problem is reported, one per line.
func (s Seed) Validate() error {
	var errs []error
	if s.Realm != "" {
		errs = append(errs, validateRealm(s.Realm))
	}
	if s.AccessTokenTTLSecs < 0 || s.RefreshTokenTTLSecs < 0 {
		errs = append(errs, errors.New("token lifetimes must not be negative"))
	}
	known := newCatalog()
	for _, o := range s.Organizations {
		switch {
		case o.Slug == "":
			errs = append(errs, errors.New("organization: slug is required"))
		case known.orgs[o.Slug]:
			errs = append(errs, fmt.Errorf("organization %q: duplicate slug", o.Slug))
		}
		known.orgs[o.Slug] = true
	}
	for _, c := range s.Clients {
		if _, dup := known.clients[c.ClientID]; dup && c.ClientID != "" {
			errs = append(errs, fmt.Errorf("client %q: duplicate client_id", c.ClientID))
		}
		known.clients[c.ClientID] = c.Kind
	}
	// References between clients are checked once every client is known, so the order in the file is free.
	for _, c := range s.Clients {
		errs = append(errs, known.checkClient(c))
	}
	usernames, ids := map[string]bool{}, map[string]bool{}
	for _, u := range s.Users {
		if usernames[u.Username] && u.Username != "" {
			errs = append(errs, fmt.Errorf("user %q: duplicate username", u.Username))
		}
		usernames[u.Username] = true
		if id := u.ID; id != "" {
			if ids[id] {
				errs = append(errs, fmt.Errorf("user %q: duplicate id %q", u.Username, id))
			}
			ids[id] = true
		}
		errs = append(errs, known.checkUser(u))
	}
	return errors.Join(errs...)
}

// catalog is what clients and users may refer to: organization slugs and client ids with their kind.
type catalog struct {
	orgs    map[string]bool
	clients map[string]ClientKind
}

func newCatalog() catalog {
	return catalog{orgs: map[string]bool{}, clients: map[string]ClientKind{}}
}

// checkClient validates one client's own fields and its references.
func (k catalog) checkClient(c Client) error {
	if c.ClientID == "" {
		return errors.New("client: client_id is required")
	}
	fail := func(format string, args ...any) error {
		return fmt.Errorf("client %q: %s", c.ClientID, fmt.Sprintf(format, args...))
	}
	var errs []error
	switch c.Kind {
	case KindResource:
		if c.Public {
			errs = append(errs, fail("a resource client cannot be public"))
		}
		if len(c.AllowedResources) > 0 {
			errs = append(errs, fail("allowed_resources is for app clients"))
		}
		if c.Organization != "" && !k.orgs[c.Organization] {
			errs = append(errs, fail("unknown organization %q", c.Organization))
		}
	case KindApp:
		if c.Organization != "" {
			errs = append(errs, fail("organization is for resource clients"))
		}
		for _, r := range c.AllowedResources {
			if k.clients[r] != KindResource {
				errs = append(errs, fail("allowed_resources: %q is not a resource client", r))
			}
		}
	default:
		errs = append(errs, fail("kind must be %q or %q, got %q", KindResource, KindApp, c.Kind))
	}
	switch {
	case c.Public && c.Secret != "":
		errs = append(errs, fail("a public client has no secret"))
	case !c.Public && c.Secret == "":
		errs = append(errs, fail("secret is required for a confidential client"))
	}
	if c.Public && c.ServiceAccount != nil && *c.ServiceAccount {
		errs = append(errs, fail("a public client cannot have a service account"))
	}
	for _, u := range c.RedirectURIs {
		if u == "" || strings.Contains(strings.TrimSuffix(u, "*"), "*") {
			errs = append(errs, fail("redirect_uris: %q must be an exact URL or a prefix ending in *", u))
		}
	}
	return errors.Join(errs...)
}

// checkUser validates one user's own fields and its references.
func (k catalog) checkUser(u User) error {
	if u.Username == "" {
		return errors.New("user: username is required")
	}
	fail := func(format string, args ...any) error {
		return fmt.Errorf("user %q: %s", u.Username, fmt.Sprintf(format, args...))
	}
	var errs []error
	if u.Password == "" {
		errs = append(errs, fail("password is required"))
	}
	errs = append(errs, k.checkMemberships(u.Organizations, u.ClientRoles, fail))
	return errors.Join(errs...)
}

// checkMemberships validates org slugs and role assignments, which tests may also replace later.
func (k catalog) checkMemberships(orgs []string, roles map[string][]string, fail func(string, ...any) error) error {
	var errs []error
	for _, o := range orgs {
		if !k.orgs[o] {
			errs = append(errs, fail("unknown organization %q", o))
		}
	}
	for clientID, list := range roles {
		if _, ok := k.clients[clientID]; !ok {
			errs = append(errs, fail("client_roles: unknown client %q", clientID))
		}
		for _, r := range list {
			if r == "" {
				errs = append(errs, fail("client_roles: empty role on %q", clientID))
			}
		}
	}
	return errors.Join(errs...)
}
