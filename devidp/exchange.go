package devidp

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// grantExchange is RFC 8693 token exchange as Bodhi uses it for third-party app tokens (auth.md §8, §16.5): a
// resource client trades an app's user token, issued for it, for a token of its own. The caller holds the lock.
func (s *Server) grantExchange(requester *clientRecord, form url.Values, now time.Time) (issued, *oauthError) {
	if requester.Kind != KindResource || requester.Public {
		return issued{}, accessDenied("Client not allowed to exchange tokens")
	}
	raw := form.Get("subject_token")
	if raw == "" {
		return issued{}, invalidRequest("Missing parameter: subject_token")
	}
	if t := form.Get("requested_token_type"); t != "" && t != accessTokenType {
		return issued{}, invalidRequest("Unsupported requested_token_type: " + t)
	}
	if t := form.Get("subject_token_type"); t != "" && t != accessTokenType {
		return issued{}, accessDenied("Unsupported subject_token_type: " + t)
	}
	for _, aud := range form["audience"] {
		if aud != requester.ClientID {
			return issued{}, accessDenied("Requested audience is not the requesting client")
		}
	}
	subject, err := s.verifyAccess(raw)
	if err != nil {
		return issued{}, accessDenied("Invalid subject token: " + err.Error())
	}
	if !slices.Contains(subject.Audience, requester.ClientID) {
		return issued{}, accessDenied("Client is not within the token audience")
	}
	u, found := s.st.users[subject.Subject]
	if !found {
		return issued{}, accessDenied("The subject token does not belong to a user")
	}
	subjectScopes := strings.Fields(subject.Scope)
	requested := subjectScopes
	if form.Has("scope") {
		requested = parseScopes(form.Get("scope"))
	}
	scopes := exchangeScopes(requested, subjectScopes)

	claims := s.st.userAccessClaims(s.stamp(now), requester.ClientID, u, scopes)
	claims.Audience = []string{requester.ClientID}
	claims.AccessRequestID = s.st.accessRequestID(scopes, subject.Azp, u.ID, requester.ClientID)
	s.st.stats.exchangeByClient[requester.ClientID]++
	return issued{access: claims, accessTTL: s.set.accessTTL, issuedTokenType: accessTokenType}, nil
}

// accessRequestID is the id of the recorded consent behind a granted scope_access_request:<uuid>, when it was
// given by this user to this app for this resource client.
func (st *state) accessRequestID(scopes []string, app, userID, resource string) string {
	for _, sc := range scopes {
		if !strings.HasPrefix(sc, accessRequestScope) {
			continue
		}
		if c, found := st.byScope[sc]; found && c.appClientID == app && c.userID == userID &&
			c.resourceClientID == resource {
			return c.accessRequestID
		}
	}
	return ""
}
