// Package devidp is Bodhi's development identity provider (auth.md §16): a small, Keycloak-compatible OpenID
// Connect provider for local runs and automated tests only, never for production.
//
// It serves one realm under /realms/{realm}/: discovery, the authorization endpoint with a login form, the token
// endpoint (authorization code with PKCE, refresh with rotation, client credentials, password, token exchange),
// JWKS, userinfo, logout, the Bodhi extension endpoints (/bodhi/...) and test hooks (/dev/...). Every piece of
// state lives in memory; passwords are compared in plain text from the seed.
//
// A test usually learns its URL only once the httptest server has started, and the issuer depends on it, so
// create the server with a nil handler first and plug the provider in afterwards:
//
//	srv := httptest.NewServer(nil)
//	defer srv.Close()
//	idp, err := devidp.New(devidp.Config{IssuerBase: srv.URL, Seed: seed})
//	if err != nil { ... }
//	srv.Config.Handler = idp
//	issuer := idp.Issuer() // srv.URL + "/realms/bodhi"
//
// The command `bodhi devidp` runs the same server on its own (cmd/bodhi/devidp.go).
package devidp
