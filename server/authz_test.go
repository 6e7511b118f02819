package server

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/auth"
)

func TestDecide(t *testing.T) {
	session := func(l auth.Level) auth.Identity { return auth.Identity{Kind: auth.KindSession, Role: l} }
	token := func(l auth.Level) auth.Identity { return auth.Identity{Kind: auth.KindAPIToken, TokenScope: l} }
	app := func(l auth.Level) auth.Identity { return auth.Identity{Kind: auth.KindExternalApp, UserScope: l} }
	tests := []struct {
		group Group
		id    auth.Identity
		want  *APIError
	}{
		{GroupSignedIn, session(auth.LevelNone), nil},
		{GroupSignedIn, token(auth.LevelUser), nil},
		{GroupSignedInSession, session(auth.LevelNone), nil},
		{GroupSignedInSession, token(auth.LevelAdmin), errMissingAuth},
		{GroupSignedInSession, app(auth.LevelAdmin), errMissingAuth},
		{GroupUserAny, session(auth.LevelUser), nil},
		{GroupUserAny, session(auth.LevelNone), errMissingAuth}, // role-less user
		{GroupUserAny, token(auth.LevelUser), nil},
		{GroupUserAny, app(auth.LevelUser), nil},
		{GroupUserSession, token(auth.LevelAdmin), errMissingAuth},
		{GroupUserSession, app(auth.LevelAdmin), errMissingAuth},
		{GroupUserOAuth, app(auth.LevelUser), nil},
		{GroupUserOAuth, token(auth.LevelPowerUser), errMissingAuth},
		{GroupPowerUserAny, session(auth.LevelUser), errForbidden},
		{GroupPowerUserAny, token(auth.LevelUser), errForbidden},
		{GroupPowerUserAny, token(auth.LevelPowerUser), nil},
		{GroupPowerUserAny, app(auth.LevelUser), errForbidden},
		{GroupPowerUserSession, session(auth.LevelPowerUser), nil},
		{GroupPowerUserSession, session(auth.LevelUser), errForbidden},
		{GroupManagerSession, session(auth.LevelPowerUser), errForbidden},
		{GroupManagerSession, session(auth.LevelAdmin), nil},
		{GroupAdminSession, session(auth.LevelManager), errForbidden},
		{GroupAdminSession, session(auth.LevelAdmin), nil},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, decide(tt.group, tt.id), "%s %+v", tt.group.Name, tt.id)
	}
}

func TestParseBearer(t *testing.T) {
	tests := []struct {
		header, token string
		ok            bool
	}{
		{"Bearer abc", "abc", true},
		{"bearer abc", "abc", true},
		{"BEARER  abc ", "abc", true},
		{"Bearer", "", false},
		{"Bearer ", "", false},
		{"Basic abc", "", false},
		{"Bearer a b", "", false},
		{"abc", "", false},
		{"Bearer " + strings.Repeat("x", 9000), "", false},
	}
	for _, tt := range tests {
		token, ok := ParseBearer(tt.header)
		require.Equal(t, tt.ok, ok, tt.header)
		require.Equal(t, tt.token, token, tt.header)
	}
}

func FuzzParseBearer(f *testing.F) {
	for _, s := range []string{"Bearer abc", "bearer bodhiapp_x", "Bearer", "Basic a", "Bearer a b", "Bearer \t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		token, ok := ParseBearer(header)
		if !ok {
			if token != "" {
				t.Fatalf("token %q returned with ok=false", token)
			}
			return
		}
		if token == "" || strings.ContainsAny(token, " \t\r\n") || len(token) > 8192 {
			t.Fatalf("bad token %q from %q", token, header)
		}
		if !strings.Contains(header, token) {
			t.Fatalf("token %q is not part of %q", token, header)
		}
	})
}

func TestSameOrigin(t *testing.T) {
	tests := []struct {
		host, site string
		want       bool
	}{
		{"acme.example.com", "same-origin", true},
		{"acme.example.com", "none", true},
		{"acme.example.com", "same-site", false}, // a sibling org's page
		{"acme.example.com", "cross-site", false},
		{"acme.example.com", "", true},
		{"localhost:1135", "", false},
		{"localhost", "", false},
		{"localhost:1135", "same-origin", true},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.Host = tt.host
		if tt.site != "" {
			r.Header.Set("Sec-Fetch-Site", tt.site)
		}
		require.Equal(t, tt.want, sameOrigin(r), "%s %s", tt.host, tt.site)
	}
}

// Without Fetch Metadata, a browser's Origin header decides.
func TestSameOriginByOrigin(t *testing.T) {
	for _, tt := range []struct {
		host, origin string
		want         bool
	}{
		{"acme.example.com", "https://acme.example.com", true},
		{"acme.example.com", "https://globex.example.com", false}, // a sibling org's page
		{"acme.example.com", "https://acme.example.com.evil.example", false},
		{"acme.example.com", "null", false},
		{"acme.example.com:8443", "https://ACME.example.com:8443", true},
		{"acme.example.com", "", true}, // not a browser
	} {
		r := httptest.NewRequest("POST", "/", nil)
		r.Host = tt.host
		if tt.origin != "" {
			r.Header.Set("Origin", tt.origin)
		}
		require.Equal(t, tt.want, sameOrigin(r), "%s %s", tt.host, tt.origin)
	}
}

func TestParseBearerRefusesNonASCII(t *testing.T) {
	for _, h := range []string{"Bearer bodhiapp_\xff\xfe", "Bearer a\x00b", "Bearer tok\u00e9n", "Bearer a\x7fb"} {
		_, ok := ParseBearer(h)
		require.False(t, ok, "%q", h)
	}
	tok, ok := ParseBearer("Bearer bodhiapp_AZaz09-_")
	require.True(t, ok)
	require.Equal(t, "bodhiapp_AZaz09-_", tok)
}
