package devidp

import (
	"crypto/sha256"
	"encoding/base64"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
)

// accessClaims is the payload of an access token (auth.md §16.6).
type accessClaims struct {
	Issuer            string              `json:"iss"`
	Subject           string              `json:"sub"`
	Audience          []string            `json:"aud,omitempty"`
	Azp               string              `json:"azp"`
	Expiry            int64               `json:"exp"`
	IssuedAt          int64               `json:"iat"`
	JTI               string              `json:"jti"`
	Typ               string              `json:"typ"`
	Scope             string              `json:"scope"`
	PreferredUsername string              `json:"preferred_username,omitempty"`
	Email             string              `json:"email,omitempty"`
	GivenName         string              `json:"given_name,omitempty"`
	FamilyName        string              `json:"family_name,omitempty"`
	ResourceAccess    map[string]roleList `json:"resource_access,omitempty"`
	// Organization is omitted unless the scope is granted, and then present even when empty.
	Organization    []string `json:"organization,omitzero"`
	AccessRequestID string   `json:"access_request_id,omitempty"`
}

type roleList struct {
	Roles []string `json:"roles"`
}

// idClaims is the payload of an ID token.
type idClaims struct {
	Issuer            string `json:"iss"`
	Subject           string `json:"sub"`
	Audience          string `json:"aud"`
	Azp               string `json:"azp"`
	Expiry            int64  `json:"exp"`
	IssuedAt          int64  `json:"iat"`
	AuthTime          int64  `json:"auth_time"`
	JTI               string `json:"jti"`
	Typ               string `json:"typ"`
	Nonce             string `json:"nonce,omitempty"`
	AtHash            string `json:"at_hash"`
	PreferredUsername string `json:"preferred_username,omitempty"`
	Email             string `json:"email,omitempty"`
	GivenName         string `json:"given_name,omitempty"`
	FamilyName        string `json:"family_name,omitempty"`
}

// stamp is the issuer and lifetime shared by the tokens of one response.
type stamp struct {
	issuer string
	iat    time.Time
	exp    time.Time
}

func (s stamp) access(sub, azp string, scopes []string) accessClaims {
	return accessClaims{
		Issuer: s.issuer, Subject: sub, Azp: azp, Expiry: s.exp.Unix(), IssuedAt: s.iat.Unix(),
		JTI: uuid.NewString(), Typ: "Bearer", Scope: strings.Join(scopes, " "),
	}
}

// userAccessClaims computes a user's access token from the user's current roles and memberships, so a refresh
// after a role change carries the new roles.
func (st *state) userAccessClaims(s stamp, azp string, u *User, scopes []string) accessClaims {
	c := s.access(u.ID, azp, scopes)
	c.Audience = audienceOf(scopes)
	if grantsProfile(scopes) {
		c.PreferredUsername, c.Email, c.GivenName, c.FamilyName = u.Username, u.Email, u.GivenName, u.FamilyName
	}
	if slices.Contains(scopes, scopeRoles) {
		for clientID, roles := range u.ClientRoles {
			if len(roles) == 0 {
				continue
			}
			if c.ResourceAccess == nil {
				c.ResourceAccess = map[string]roleList{}
			}
			c.ResourceAccess[clientID] = roleList{Roles: slices.Clone(roles)}
		}
	}
	if slices.Contains(scopes, scopeOrganization) {
		c.Organization = append([]string{}, u.Organizations...)
	}
	return c
}

// serviceAccountClaims is a client's service-account token: a stable sub and the username only.
func serviceAccountClaims(s stamp, client *clientRecord, scopes []string) accessClaims {
	c := s.access(client.serviceAccountID, client.ClientID, scopes)
	c.Audience = audienceOf(scopes)
	c.PreferredUsername = serviceAccountName(client.ClientID)
	return c
}

func serviceAccountName(clientID string) string { return "service-account-" + clientID }

// idTokenClaims is the ID token of a user grant; signIssued adds at_hash once the access token is signed.
func idTokenClaims(s stamp, azp string, u *User, scopes []string, nonce string, authTime time.Time) idClaims {
	c := idClaims{
		Issuer: s.issuer, Subject: u.ID, Audience: azp, Azp: azp, Expiry: s.exp.Unix(), IssuedAt: s.iat.Unix(),
		AuthTime: authTime.Unix(), JTI: uuid.NewString(), Typ: "ID", Nonce: nonce,
	}
	if grantsProfile(scopes) {
		c.PreferredUsername, c.Email, c.GivenName, c.FamilyName = u.Username, u.Email, u.GivenName, u.FamilyName
	}
	return c
}

// atHash binds an ID token to its access token (OIDC Core §3.1.3.6).
func atHash(accessToken string) string {
	sum := sha256.Sum256([]byte(accessToken))
	return base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2])
}

// grantsProfile: the profile claims come with either the profile or the email scope (auth.md §16.6).
func grantsProfile(scopes []string) bool {
	return slices.Contains(scopes, scopeProfile) || slices.Contains(scopes, scopeEmail)
}
