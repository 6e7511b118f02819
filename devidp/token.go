package devidp

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"slices"
	"time"
)

// Grant types of the token endpoint (auth.md §16.5).
const (
	grantAuthorizationCode = "authorization_code"
	grantRefreshToken      = "refresh_token"
	grantClientCredentials = "client_credentials"
	grantPassword          = "password"
	grantTokenExchange     = "urn:ietf:params:oauth:grant-type:token-exchange"
	accessTokenType        = "urn:ietf:params:oauth:token-type:access_token"
)

// issued is what a grant decided, computed under the lock; signing happens after it is released.
type issued struct {
	access          accessClaims
	id              *idClaims // nil: no ID token
	refresh         string    // empty: no refresh token
	refreshTTL      time.Duration
	accessTTL       time.Duration
	issuedTokenType string // token exchange only
}

// tokenResponse is the token endpoint's success body.
type tokenResponse struct {
	AccessToken      string `json:"access_token"`
	TokenType        string `json:"token_type"`
	ExpiresIn        int64  `json:"expires_in"`
	RefreshToken     string `json:"refresh_token,omitempty"`
	RefreshExpiresIn int64  `json:"refresh_expires_in,omitempty"`
	IDToken          string `json:"id_token,omitempty"`
	Scope            string `json:"scope"`
	IssuedTokenType  string `json:"issued_token_type,omitempty"`
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	// Token responses carry credentials: never cache them (RFC 6749 §5.1).
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	if err := r.ParseForm(); err != nil {
		writeReply(w, invalidRequest("malformed form body").reply())
		return
	}
	creds := clientCredentials(r)
	s.mu.Lock()
	out, oerr := s.grant(r.PostForm, creds)
	s.mu.Unlock()
	if oerr != nil {
		if oerr.code == "invalid_client" && creds.basic {
			w.Header().Set("WWW-Authenticate", `Basic realm="`+s.set.realm+`"`)
		}
		writeReply(w, oerr.reply())
		return
	}
	resp, err := s.signIssued(out)
	if err != nil {
		s.set.log.Error("devidp: sign token", "err", err)
		writeReply(w, errReply(http.StatusInternalServerError, "server_error", "could not sign the token"))
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// grant authenticates the client and runs the requested grant. The caller holds the lock.
func (s *Server) grant(form url.Values, creds credentials) (issued, *oauthError) {
	grantType := form.Get("grant_type")
	if grantType == "" {
		return issued{}, invalidRequest("Missing form parameter: grant_type")
	}
	client, oerr := s.st.authenticateClient(creds)
	if oerr != nil {
		return issued{}, oerr
	}
	now := s.set.now()
	var out issued
	switch grantType {
	case grantAuthorizationCode:
		out, oerr = s.grantCode(client, form, now)
	case grantRefreshToken:
		out, oerr = s.grantRefresh(client, form, now)
	case grantClientCredentials:
		out, oerr = s.grantClientCredentials(client, form, now)
	case grantPassword:
		out, oerr = s.grantPassword(client, form, now)
	case grantTokenExchange:
		out, oerr = s.grantExchange(client, form, now)
	default:
		return issued{}, &oauthError{http.StatusBadRequest, "unsupported_grant_type",
			"Unsupported grant_type: " + grantType}
	}
	if oerr == nil {
		s.st.stats.grants[grantType]++
	}
	return out, oerr
}

// credentials are the client credentials of a request: HTTP Basic, or the client_id and client_secret fields.
type credentials struct {
	clientID, secret string
	basic            bool
	mismatch         bool // Basic and the client_id field name different clients
}

func clientCredentials(r *http.Request) credentials {
	formID := r.PostForm.Get("client_id")
	if id, secret, ok := r.BasicAuth(); ok {
		// RFC 6749 §2.3.1: both parts are form-encoded before Basic encoding.
		id, secret = formDecode(id), formDecode(secret)
		return credentials{clientID: id, secret: secret, basic: true, mismatch: formID != "" && formID != id}
	}
	return credentials{clientID: formID, secret: r.PostForm.Get("client_secret")}
}

func formDecode(s string) string {
	if d, err := url.QueryUnescape(s); err == nil {
		return d
	}
	return s
}

// authenticateClient finds the client and checks its secret; public clients send only their id.
func (st *state) authenticateClient(creds credentials) (*clientRecord, *oauthError) {
	if creds.clientID == "" {
		return nil, invalidClient("Missing parameter: client_id")
	}
	if creds.mismatch {
		return nil, invalidClient("client_id does not match the authenticated client")
	}
	c, found := st.clients[creds.clientID]
	if !found {
		return nil, invalidClient("Invalid client or Invalid client credentials")
	}
	if c.Public {
		return c, nil
	}
	if subtle.ConstantTimeCompare([]byte(creds.secret), []byte(c.Secret)) != 1 {
		return nil, invalidClient("Invalid client or Invalid client credentials")
	}
	return c, nil
}

// signIssued signs the tokens a grant decided on.
func (s *Server) signIssued(out issued) (tokenResponse, error) {
	access, err := s.keys.sign(out.access)
	if err != nil {
		return tokenResponse{}, err
	}
	resp := tokenResponse{
		AccessToken: access, TokenType: "Bearer", ExpiresIn: int64(out.accessTTL / time.Second),
		Scope: out.access.Scope, IssuedTokenType: out.issuedTokenType,
	}
	if out.refresh != "" {
		resp.RefreshToken, resp.RefreshExpiresIn = out.refresh, int64(out.refreshTTL/time.Second)
	}
	if out.id != nil {
		id := *out.id
		id.AtHash = atHash(access)
		if resp.IDToken, err = s.keys.sign(id); err != nil {
			return tokenResponse{}, err
		}
	}
	return resp, nil
}

// stamp starts the tokens of a response issued now.
func (s *Server) stamp(now time.Time) stamp {
	return stamp{issuer: s.set.issuer, iat: now, exp: now.Add(s.set.accessTTL)}
}

// userTokens issues a user's access token, with an ID token when openid was granted and, for user grants, a
// fresh refresh token carrying the same scopes.
func (s *Server) userTokens(client *clientRecord, u *User, scopes []string, now, authTime time.Time,
	nonce string) issued {
	st := s.stamp(now)
	out := issued{access: s.st.userAccessClaims(st, client.ClientID, u, scopes), accessTTL: s.set.accessTTL}
	if slices.Contains(scopes, scopeOpenID) {
		id := idTokenClaims(st, client.ClientID, u, scopes, nonce, authTime)
		out.id = &id
	}
	out.refresh = randomToken()
	out.refreshTTL = s.set.refreshTTL
	s.st.storeRefresh(out.refresh, &refreshRecord{
		clientID: client.ClientID, userID: u.ID, scopes: scopes, authTime: authTime,
		expires: now.Add(s.set.refreshTTL),
	}, now)
	return out
}
