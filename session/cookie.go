package session

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"

	gsessions "github.com/gorilla/sessions"
)

// CookieName is the browser session cookie (auth.md §4.1).
const CookieName = "bodhiapp_session_id"

// Session data keys (auth.md §4.3). Every value is a string.
const (
	KeyOAuthState   = "oauth_state"
	KeyPKCEVerifier = "pkce_verifier"
	KeyCallbackURL  = "callback_url"
	KeyUserID       = "user_id"
	KeyAccessToken  = "access_token"
	KeyRefreshToken = "refresh_token"
)

const cookieValueBytes = 32

var cookieEncoding = base64.RawURLEncoding

// cookieValueLen is the length of an encoded cookie value: 43 characters.
var cookieValueLen = cookieEncoding.EncodedLen(cookieValueBytes)

// newCookieValue returns a fresh cookie value (32 random bytes, base64url without padding) and its row id.
func newCookieValue() (value, id string) {
	b := make([]byte, cookieValueBytes)
	if _, err := rand.Read(b); err != nil {
		panic("session: the system random source failed: " + err.Error()) // crypto/rand never fails on Linux
	}
	value = cookieEncoding.EncodeToString(b)
	return value, RowID(value)
}

// RowID is the database id of a cookie value: its lowercase hex SHA-256. The raw value never reaches the
// database (auth.md §4.2).
func RowID(cookieValue string) string {
	sum := sha256.Sum256([]byte(cookieValue))
	return hex.EncodeToString(sum[:])
}

// wellFormed reports whether v could be a cookie value Bodhi issued; anything else is ignored without a query.
func wellFormed(v string) bool {
	if len(v) != cookieValueLen {
		return false
	}
	_, err := cookieEncoding.DecodeString(v)
	return err == nil
}

// defaultOptions are the cookie attributes of auth.md §4.1: host-only, Path=/, HttpOnly, SameSite=Strict and no
// Max-Age, so the cookie ends with the browser session.
func defaultOptions(secure bool) gsessions.Options {
	return gsessions.Options{Path: "/", HttpOnly: true, Secure: secure, SameSite: http.SameSiteStrictMode}
}

// setCookie sends the cookie name=value under opts. opts.MaxAge < 0 expires it ("Max-Age=0").
func setCookie(w http.ResponseWriter, name, value string, opts *gsessions.Options) {
	http.SetCookie(w, &http.Cookie{
		Name:        name,
		Value:       value,
		Path:        opts.Path,
		Domain:      opts.Domain,
		MaxAge:      opts.MaxAge,
		Secure:      opts.Secure,
		HttpOnly:    opts.HttpOnly,
		SameSite:    opts.SameSite,
		Partitioned: opts.Partitioned,
	})
}

// expireCookie tells the browser to drop the cookie name (logout).
func expireCookie(w http.ResponseWriter, name string, opts *gsessions.Options) {
	expired := *opts
	expired.MaxAge = -1
	setCookie(w, name, "", &expired)
}
