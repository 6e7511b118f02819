package apptest

import "github.com/bodhiapp/bodhi/devidp"

// Password is every seeded user's password.
const Password = "pass-word"

// The two orgs of the standard fixture, with their clients.
var (
	Acme   = Org{Slug: "acme", Name: "Acme Inc", ClientID: "bodhi-acme", Secret: "acme-client-secret"}
	Globex = Org{Slug: "globex", Name: "Globex Corp", ClientID: "bodhi-globex", Secret: "globex-client-secret"}
)

// App client of a third-party app that may target acme, and one that registered no redirect URIs (so only the
// web-URL rule applies to its redirect_url).
const (
	AppClientID     = "demo-app"
	AppSecret       = "demo-app-secret"
	BareAppClientID = "bare-app"
)

// TwoOrgSeed seeds acme and globex (hosted), or acme alone as the standalone org, with users at every level:
// alice admin, dave manager, carol power user, bob user (in both orgs), erin a member without a role.
func TwoOrgSeed(hosted bool, port int) devidp.Seed {
	resource := func(o Org) devidp.Client {
		return devidp.Client{ClientID: o.ClientID, Secret: o.Secret, Kind: devidp.KindResource, Name: o.Name,
			RedirectURIs: []string{CallbackURL(hosted, o.Slug, port)}, Organization: o.Slug,
			DirectAccess: true} // password grant: lets tests get a user token of the org's client directly
	}
	user := func(name string, orgs []string, roles map[string][]string) devidp.User {
		return devidp.User{Username: name, Password: Password, Email: name + "@example.com", GivenName: name,
			FamilyName: "Tester", Organizations: orgs, ClientRoles: roles}
	}
	acmeRole := func(r string) map[string][]string { return map[string][]string{Acme.ClientID: {r}} }
	return devidp.Seed{
		Organizations: []devidp.Organization{{Slug: Acme.Slug, Name: Acme.Name}, {Slug: Globex.Slug, Name: Globex.Name}},
		Clients: []devidp.Client{
			resource(Acme), resource(Globex),
			{ClientID: AppClientID, Secret: AppSecret, Kind: devidp.KindApp, Name: "Demo App", DirectAccess: true,
				AllowedResources: []string{Acme.ClientID}, RedirectURIs: []string{"http://localhost:*"}},
			{ClientID: BareAppClientID, Kind: devidp.KindApp, Public: true, Name: "Bare App"},
		},
		Users: []devidp.User{
			user("alice", []string{"acme"}, acmeRole("resource_admin")),
			user("dave", []string{"acme"}, acmeRole("resource_manager")),
			user("carol", []string{"acme"}, acmeRole("resource_power_user")),
			user("bob", []string{"acme", "globex"}, map[string][]string{
				Acme.ClientID: {"resource_user"}, Globex.ClientID: {"resource_user"}}),
			user("erin", []string{"acme"}, nil),
		},
	}
}
