package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Timeouts of identity-provider calls (auth.md §15).
const (
	idpTimeout     = 10 * time.Second
	idpLongTimeout = 15 * time.Second
	saTokenMargin  = 30 * time.Second
)

// refreshRetryDelays are the waits before each retry of a refresh after a network error or a 5xx.
var refreshRetryDelays = []time.Duration{100 * time.Millisecond, 500 * time.Millisecond, 2 * time.Second}

// IdPError is an error answer of the identity provider ({error, error_description}).
type IdPError struct {
	Status      int
	Code        string
	Description string
}

func (e *IdPError) Error() string {
	return fmt.Sprintf("identity provider answered %d %s: %s", e.Status, e.Code, e.Description)
}

// Is makes every IdPError an ErrIdentityProvider.
func (e *IdPError) Is(target error) bool { return target == ErrIdentityProvider }

// ClientError reports a 4xx answer (the request was refused, retrying will not help).
func ClientError(err error) bool {
	var e *IdPError
	return errors.As(err, &e) && e.Status >= 400 && e.Status < 500
}

// TokenResponse is the token endpoint's answer.
type TokenResponse struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	ExpiresIn    int64  `json:"expires_in"`
	Scope        string `json:"scope"`
}

// IdP talks to the identity provider's realm AUTH = BODHI_AUTH_URL/realms/REALM: the standard OpenID Connect
// endpoints, with each org's own client credentials, and the "bodhi" extension (auth.md §15).
type IdP struct {
	realm   string
	client  *http.Client
	version string
	now     func() time.Time

	mu       sync.Mutex
	saTokens map[string]saToken // by client id
}

type saToken struct {
	token   string
	expires time.Time
}

// NewIdP returns a client of the realm at realmURL.
func NewIdP(realmURL string, client *http.Client, version string, now func() time.Time) *IdP {
	if client == nil {
		client = http.DefaultClient
	}
	return &IdP{realm: strings.TrimSuffix(realmURL, "/"), client: client, version: version, now: now,
		saTokens: map[string]saToken{}}
}

// RealmURL is AUTH, the expected issuer of every token.
func (p *IdP) RealmURL() string { return p.realm }

// AuthorizeURL is the browser login endpoint.
func (p *IdP) AuthorizeURL() string { return p.realm + "/protocol/openid-connect/auth" }

func (p *IdP) tokenURL() string { return p.realm + "/protocol/openid-connect/token" }

// ExchangeCode runs the authorization_code grant with PKCE.
func (p *IdP) ExchangeCode(ctx context.Context, clientID, secret, code, redirectURI, verifier string) (TokenResponse, error) {
	return p.token(ctx, idpTimeout, url.Values{"grant_type": {"authorization_code"}, "client_id": {clientID},
		"client_secret": {secret}, "code": {code}, "redirect_uri": {redirectURI}, "code_verifier": {verifier}})
}

// Refresh runs the refresh_token grant, retrying network errors and 5xx answers; a 4xx is returned at once.
func (p *IdP) Refresh(ctx context.Context, clientID, secret, refreshToken string) (TokenResponse, error) {
	form := url.Values{"grant_type": {"refresh_token"}, "client_id": {clientID}, "client_secret": {secret},
		"refresh_token": {refreshToken}}
	var lastErr error
	for attempt := 0; ; attempt++ {
		resp, err := p.token(ctx, idpTimeout, form)
		if err == nil || ClientError(err) || attempt == len(refreshRetryDelays) {
			return resp, err
		}
		lastErr = err
		select {
		case <-time.After(refreshRetryDelays[attempt]):
		case <-ctx.Done():
			return TokenResponse{}, fmt.Errorf("%w: %v (after %v)", ErrIdentityProvider, ctx.Err(), lastErr)
		}
	}
}

// ServiceAccountToken returns a client_credentials token of the org's client, cached until 30 s before expiry.
func (p *IdP) ServiceAccountToken(ctx context.Context, clientID, secret string) (string, error) {
	p.mu.Lock()
	cached, ok := p.saTokens[clientID]
	p.mu.Unlock()
	if ok && p.now().Before(cached.expires) {
		return cached.token, nil
	}
	resp, err := p.token(ctx, idpTimeout, url.Values{"grant_type": {"client_credentials"}, "client_id": {clientID},
		"client_secret": {secret}, "scope": {"service_account"}})
	if err != nil {
		return "", err
	}
	p.mu.Lock()
	p.saTokens[clientID] = saToken{token: resp.AccessToken,
		expires: p.now().Add(time.Duration(resp.ExpiresIn)*time.Second - saTokenMargin)}
	p.mu.Unlock()
	return resp.AccessToken, nil
}

// ExchangeToken runs the RFC 8693 token exchange with the org's credentials (auth.md §8 step 6).
func (p *IdP) ExchangeToken(ctx context.Context, clientID, secret, subjectToken string, scopes []string) (TokenResponse, error) {
	return p.token(ctx, idpLongTimeout, url.Values{
		"grant_type":           {"urn:ietf:params:oauth:grant-type:token-exchange"},
		"client_id":            {clientID},
		"client_secret":        {secret},
		"subject_token":        {subjectToken},
		"subject_token_type":   {"urn:ietf:params:oauth:token-type:access_token"},
		"requested_token_type": {"urn:ietf:params:oauth:token-type:access_token"},
		"audience":             {clientID},
		"scope":                {strings.Join(scopes, " ")},
	})
}

func (p *IdP) token(ctx context.Context, timeout time.Duration, form url.Values) (TokenResponse, error) {
	var out TokenResponse
	err := p.do(ctx, timeout, http.MethodPost, p.tokenURL(), "", "application/x-www-form-urlencoded",
		strings.NewReader(form.Encode()), &out)
	if err == nil && out.AccessToken == "" {
		err = fmt.Errorf("%w: token response has no access token", ErrIdentityProvider)
	}
	return out, err
}

// RegisterResource creates a confidential resource client through the extension (standalone setup).
func (p *IdP) RegisterResource(ctx context.Context, name, description string, redirectURIs []string) (clientID, secret string, err error) {
	var out struct {
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
	}
	body, _ := json.Marshal(map[string]any{"name": name, "description": description, "redirect_uris": redirectURIs})
	if err := p.do(ctx, idpTimeout, http.MethodPost, p.realm+"/bodhi/resources", "", "application/json",
		strings.NewReader(string(body)), &out); err != nil {
		return "", "", err
	}
	if out.ClientID == "" || out.ClientSecret == "" {
		return "", "", fmt.Errorf("%w: register resource: no client credentials in the answer", ErrIdentityProvider)
	}
	return out.ClientID, out.ClientSecret, nil
}

// MakeResourceAdmin gives userID resource_admin on the org's client (standalone first login).
func (p *IdP) MakeResourceAdmin(ctx context.Context, saToken, userID string) error {
	body, _ := json.Marshal(map[string]string{"user_id": userID})
	return p.do(ctx, idpTimeout, http.MethodPost, p.realm+"/bodhi/resources/make-resource-admin", saToken,
		"application/json", strings.NewReader(string(body)), nil)
}

// do sends one request and decodes a 2xx JSON answer into out (if non-nil). Error answers become *IdPError;
// network errors wrap ErrIdentityProvider.
func (p *IdP) do(ctx context.Context, timeout time.Duration, method, target, bearer, contentType string, body io.Reader, out any) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrIdentityProvider, err)
	}
	req.Header.Set("x-bodhi-app-version", p.version)
	req.Header.Set("Accept", "application/json")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := p.client.Do(req)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrIdentityProvider, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("%w: read answer: %v", ErrIdentityProvider, err)
	}
	if resp.StatusCode/100 != 2 {
		e := &IdPError{Status: resp.StatusCode}
		var body struct {
			Error            string `json:"error"`
			ErrorDescription string `json:"error_description"`
		}
		if json.Unmarshal(data, &body) == nil {
			e.Code, e.Description = body.Error, body.ErrorDescription
		}
		return e
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return fmt.Errorf("%w: decode answer: %v", ErrIdentityProvider, err)
		}
	}
	return nil
}

// AssignRole replaces userID's role on the caller's org client (the extension scopes the call to the token's azp).
func (p *IdP) AssignRole(ctx context.Context, callerToken, userID, role string) error {
	body, _ := json.Marshal(map[string]string{"user_id": userID, "role": role})
	return p.do(ctx, idpTimeout, http.MethodPost, p.realm+"/bodhi/resources/assign-role", callerToken,
		"application/json", strings.NewReader(string(body)), nil)
}

// RemoveUser removes userID's roles on the caller's org client.
func (p *IdP) RemoveUser(ctx context.Context, callerToken, userID string) error {
	body, _ := json.Marshal(map[string]string{"user_id": userID})
	return p.do(ctx, idpTimeout, http.MethodPost, p.realm+"/bodhi/resources/remove-user", callerToken,
		"application/json", strings.NewReader(string(body)), nil)
}

// ListUsers returns the extension's page of the org client's users, as JSON to relay.
func (p *IdP) ListUsers(ctx context.Context, callerToken string, page, pageSize int64) (json.RawMessage, error) {
	var out json.RawMessage
	target := fmt.Sprintf("%s/bodhi/resources/users?page=%d&page_size=%d", p.realm, page, pageSize)
	if err := p.do(ctx, idpLongTimeout, http.MethodGet, target, callerToken, "", nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// AppsRequestAccess records, with the org's service account, that an app may target the org's client; it returns
// the resource scope to grant (auto-approved app access requests).
func (p *IdP) AppsRequestAccess(ctx context.Context, saToken, appClientID string) (string, error) {
	var out struct {
		Scope string `json:"scope"`
	}
	body, _ := json.Marshal(map[string]string{"app_client_id": appClientID})
	if err := p.do(ctx, idpTimeout, http.MethodPost, p.realm+"/bodhi/resources/apps/request-access", saToken,
		"application/json", strings.NewReader(string(body)), &out); err != nil {
		return "", err
	}
	return out.Scope, nil
}

// ConsentScopes is the answer of the extension's users/request-access.
type ConsentScopes struct {
	Scope              string `json:"scope"`
	AccessRequestID    string `json:"access_request_id"`
	AccessRequestScope string `json:"access_request_scope"`
}

// UsersRequestAccess records the caller's consent for an app (a 409 *IdPError when the id is already known).
func (p *IdP) UsersRequestAccess(ctx context.Context, userToken, appClientID, accessRequestID, description string) (ConsentScopes, error) {
	var out ConsentScopes
	body, _ := json.Marshal(map[string]string{"app_client_id": appClientID, "access_request_id": accessRequestID,
		"description": description})
	err := p.do(ctx, idpTimeout, http.MethodPost, p.realm+"/bodhi/users/request-access", userToken,
		"application/json", strings.NewReader(string(body)), &out)
	return out, err
}

// AppInfo is what the identity provider tells about an app client.
type AppInfo struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	// RedirectURIs are the app client's registered redirect URIs (exact URLs, or prefixes ending in "*"), when
	// the provider lists them; empty otherwise.
	RedirectURIs []string `json:"redirect_uris"`
}

// AppInfo describes an app client. token is a user's access token (the consent review) or the org client's
// service-account token (checking a public access request's redirect_url).
func (p *IdP) AppInfo(ctx context.Context, token, appClientID string, timeout time.Duration) (AppInfo, error) {
	var out AppInfo
	err := p.do(ctx, timeout, http.MethodGet, p.realm+"/bodhi/users/apps/"+url.PathEscape(appClientID)+"/info",
		token, "", nil, &out)
	return out, err
}

// Conflicted reports a 409 answer: the identity provider already holds what the call would have created.
func Conflicted(err error) bool { return Status(err) == http.StatusConflict }

// Withheld reports a 401, 403 or 404 answer about a thing: the provider does not know it, or will not tell this
// caller.
func Withheld(err error) bool {
	switch Status(err) {
	case http.StatusNotFound, http.StatusForbidden, http.StatusUnauthorized:
		return true
	}
	return false
}

// Status is the HTTP status of an identity-provider error answer, or 0.
func Status(err error) int {
	var e *IdPError
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}
