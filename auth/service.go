package auth

// Service bundles the authentication parts a server needs.
type Service struct {
	IdP       *IdP
	Verifier  *Verifier
	APITokens *APITokens
	External  *ExternalTokens
	Sessions  *SessionTokens
}
