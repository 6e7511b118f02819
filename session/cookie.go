package session

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
)

// CookieName is the browser session cookie (auth.md §4.1).
const CookieName = "bodhiapp_session_id"

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

// cookieAttrs are the cookie attributes of auth.md §4.1: host-only (no Domain), Path=/, HttpOnly, SameSite=Strict
// and no Max-Age, so the cookie ends with the browser session. Only Secure is configurable.
type cookieAttrs struct {
	secure bool
}

// set sends the session cookie with value.
func (a cookieAttrs) set(w http.ResponseWriter, value string) {
	http.SetCookie(w, a.cookie(value, 0))
}

// expire tells the browser to drop the session cookie ("Max-Age=0", logout).
func (a cookieAttrs) expire(w http.ResponseWriter) {
	http.SetCookie(w, a.cookie("", -1))
}

func (a cookieAttrs) cookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: CookieName, Value: value, Path: "/", MaxAge: maxAge,
		Secure: a.secure, HttpOnly: true, SameSite: http.SameSiteStrictMode,
	}
}
