package server

import (
	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/auth"
)

// authenticateBearer authenticates an Authorization header, under the limits on failed authentications per
// client address and per org (BODHI_AUTH_FAIL_LIMIT_ADDR, BODHI_AUTH_FAIL_LIMIT_ORG: failures per one-minute
// window, counted by every replica together). In order:
//
//  1. An API token that process memory alone proves valid (its row in the near cache, see
//     auth.APITokens.VerifyCached) is accepted without consulting the counters: the hot path of a valid token
//     gains no Redis round trip. An external JWT is checked as before, never held back first: a bad one fails
//     locally, before any database read or token exchange (an unknown key id at most triggers the verifier's
//     rate-limited key refetch), so only its failure is counted.
//  2. Otherwise an API token from a client address that has used up its allowance (the address limit reached in
//     its current window) is answered 429 at once, without a database read.
//  3. Otherwise the credential is checked as before. A refusal (what would be a 401: an unknown, invalid or
//     inactive token, a bad JWT, a malformed header; never a 403, nor an outage of the database or the identity
//     provider) is counted for the address and, while the address is within its allowance, for the org. If
//     either is now past its limit, the answer is 429 instead of 401 (on optional routes too, instead of
//     anonymous: a caller that sent a credential learns why it is not used).
//
// The org limit only changes the answer to a refusal: it never holds back a lookup, so an attacker spread over
// many addresses cannot lock the org's users out. The address limit holds back only credentials that memory
// cannot prove valid: a user behind a throttled address keeps working with a token it used recently on this
// replica, but a token this replica has not seen in the last minute waits for the window to close. Counters that
// cannot be reached (Redis down) block nothing and count nothing.
func (s *Server) authenticateBearer(c *gin.Context, org *auth.OrgContext, header string, strict bool) (auth.Identity, *APIError) {
	ctx := c.Request.Context()
	token, ok := ParseBearer(header)
	apiToken := ok && auth.IsAPIToken(token)
	if apiToken {
		if id, ok := s.deps.Auth.APITokens.VerifyCached(org.OrgID, token); ok {
			return id, nil
		}
	}
	addr := clientIP(c, s.trusted.Contains(c.Request.RemoteAddr))
	if apiToken {
		if over, blocked := s.failures.addrBlocked(ctx, addr); blocked {
			return auth.Anonymous, tooManyFailures(c, over)
		}
	}

	var id auth.Identity
	var err error
	switch {
	case !ok:
		err = auth.ErrTokenInvalid
	case apiToken:
		id, err = s.deps.Auth.APITokens.Verify(ctx, org.OrgID, token)
	default:
		id, err = s.deps.Auth.External.Authenticate(ctx, org, token)
	}
	if err == nil {
		return id, nil
	}
	if refused := authError(err); refused != nil && refused.Type == TypeAuthentication {
		if over, limited := s.failures.record(ctx, addr, org.OrgID); limited {
			return auth.Anonymous, tooManyFailures(c, over)
		}
	}
	if !strict {
		return auth.Anonymous, nil
	}
	return auth.Anonymous, s.authFailure(err)
}
