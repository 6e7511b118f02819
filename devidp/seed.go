package devidp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
)

// Seed is the provider's starting state (auth.md §16.2), usually read from a JSON file with LoadSeed.
type Seed struct {
	Realm               string         `json:"realm,omitempty"`
	AccessTokenTTLSecs  int            `json:"access_token_ttl_secs,omitempty"`
	RefreshTokenTTLSecs int            `json:"refresh_token_ttl_secs,omitempty"`
	Organizations       []Organization `json:"organizations,omitempty"`
	Clients             []Client       `json:"clients,omitempty"`
	Users               []User         `json:"users,omitempty"`
}

// Organization is an organization known to the provider; its slug is what the `organization` claim carries.
type Organization struct {
	Slug string `json:"slug"`
	Name string `json:"name,omitempty"`
}

// ClientKind tells a Bodhi org client from a third-party app.
type ClientKind string

const (
	KindResource ClientKind = "resource" // a Bodhi org's confidential client
	KindApp      ClientKind = "app"      // a third-party app that calls Bodhi with exchanged tokens
)

// Client is an OAuth client of the realm.
type Client struct {
	ClientID    string     `json:"client_id"`
	Secret      string     `json:"secret,omitempty"`
	Kind        ClientKind `json:"kind"`
	Public      bool       `json:"public,omitempty"`
	Name        string     `json:"name,omitempty"`
	Description string     `json:"description,omitempty"`
	// RedirectURIs are exact URLs, or prefixes ending in "*".
	RedirectURIs []string `json:"redirect_uris,omitempty"`
	// Organization is the org slug a resource client belongs to; role changes through the extension also change
	// membership of that org.
	Organization string `json:"organization,omitempty"`
	// ServiceAccount enables the client_credentials grant; nil means true for resource clients, false for apps.
	ServiceAccount *bool `json:"service_account,omitempty"`
	// DirectAccess enables the password grant (tests only).
	DirectAccess bool `json:"direct_access,omitempty"`
	// AllowedResources are the resource client ids an app may target without an apps/request-access call.
	AllowedResources []string `json:"allowed_resources,omitempty"`
}

// hasServiceAccount applies the default of ServiceAccount.
func (c Client) hasServiceAccount() bool {
	if c.ServiceAccount != nil {
		return *c.ServiceAccount
	}
	return c.Kind == KindResource
}

// User is a realm user.
type User struct {
	// ID is the user's `sub`. When empty it is derived from the username, so it is stable across restarts.
	ID            string              `json:"id,omitempty"`
	Username      string              `json:"username"`
	Password      string              `json:"password"`
	Email         string              `json:"email,omitempty"`
	GivenName     string              `json:"given_name,omitempty"`
	FamilyName    string              `json:"family_name,omitempty"`
	Organizations []string            `json:"organizations,omitempty"`
	ClientRoles   map[string][]string `json:"client_roles,omitempty"`
}

// LoadSeed reads and validates a JSON seed file. Unknown fields are rejected, so a typo never silently drops a
// setting.
func LoadSeed(path string) (Seed, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Seed{}, fmt.Errorf("load seed %q: %w", path, err)
	}
	seed, err := ParseSeed(data)
	if err != nil {
		return Seed{}, fmt.Errorf("load seed %q: %w", path, err)
	}
	return seed, nil
}

// ParseSeed decodes and validates a JSON seed.
func ParseSeed(data []byte) (Seed, error) {
	var seed Seed
	if err := decodeStrict(bytes.NewReader(data), &seed); err != nil {
		return Seed{}, err
	}
	if err := seed.Validate(); err != nil {
		return Seed{}, err
	}
	return seed, nil
}

// decodeStrict decodes exactly one JSON value and rejects unknown fields.
func decodeStrict(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("decode JSON: %w", err)
	}
	if dec.More() {
		return fmt.Errorf("decode JSON: unexpected data after the first value")
	}
	return nil
}

// DefaultPassword is the password of every user in DefaultSeed.
const DefaultPassword = "bodhi-dev"

// DefaultSeed is the built-in minimal seed: org `dev`, the resource client `bodhi-dev` (secret
// `bodhi-dev-secret`) for a Bodhi on port 1135 or the Vite dev server, the public app `demo-app`, and the users
// admin, manager, power, user (one per role on `bodhi-dev`) and newbie (no role), all with DefaultPassword.
func DefaultSeed() Seed {
	roles := func(role string) map[string][]string { return map[string][]string{"bodhi-dev": {role}} }
	user := func(name, given, role string) User {
		u := User{Username: name, Password: DefaultPassword, Email: name + "@dev.localhost", GivenName: given,
			FamilyName: "Dev", Organizations: []string{"dev"}}
		if role != "" {
			u.ClientRoles = roles(role)
		}
		return u
	}
	return Seed{
		Realm:         "bodhi",
		Organizations: []Organization{{Slug: "dev", Name: "Bodhi Dev"}},
		Clients: []Client{
			{
				ClientID: "bodhi-dev", Secret: "bodhi-dev-secret", Kind: KindResource, Name: "Bodhi Dev",
				Organization: "dev",
				RedirectURIs: []string{
					"http://localhost:1135/ui/auth/callback",
					"http://127.0.0.1:1135/ui/auth/callback",
					"http://localhost:5173/ui/auth/callback",
				},
			},
			{
				ClientID: "demo-app", Kind: KindApp, Public: true, DirectAccess: true, Name: "Demo App",
				Description:  "A third-party app for trying external app tokens",
				RedirectURIs: []string{"http://localhost:*"}, AllowedResources: []string{"bodhi-dev"},
			},
		},
		Users: []User{
			user("admin", "Admin", RoleAdmin),
			user("manager", "Manager", RoleManager),
			user("power", "Power", RolePowerUser),
			user("user", "User", RoleUser),
			user("newbie", "Newbie", ""),
		},
	}
}
