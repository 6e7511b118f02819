package auth_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/auth"
)

func TestSlugFromHost(t *testing.T) {
	tests := []struct {
		host, domain, want string
		ok                 bool
	}{
		{"acme.example.com", "example.com", "acme", true},
		{"Acme.Example.com:8443", "example.com", "acme", true},
		{"acme.example.com.", "example.com", "acme", true},
		{"acme.localhost:8080", "localhost", "acme", true},
		{"acme.EXAMPLE.COM", "Example.com", "acme", true},
		{"example.com", "example.com", "", false},           // apex
		{"a.b.example.com", "example.com", "", false},       // nested labels
		{".example.com", "example.com", "", false},          // empty label
		{"acme.other.com", "example.com", "", false},        // another domain
		{"acmeexample.com", "example.com", "", false},       // not a label boundary
		{"acme.example.com", "", "", false},                 // no org domain configured
		{"[::1]:8080", "example.com", "", false},            // IP literal
		{"127.0.0.1:8080", "example.com", "", false},        // IP
		{"ac_me.example.com", "example.com", "ac_me", true}, // a candidate, invalid as a slug
		{"%2e.example.com", "example.com", "%2e", true},     // same
		{"..example.com", "example.com", "", false},         // dots
		{"ácme.example.com", "example.com", "ácme", true},   // unicode: a candidate, invalid as a slug
		{strings.Repeat("a", 300) + ".example.com", "example.com", strings.Repeat("a", 300), true},
	}
	for _, tt := range tests {
		got, ok := auth.SlugFromHost(tt.host, tt.domain)
		require.Equal(t, tt.ok, ok, tt.host)
		require.Equal(t, tt.want, got, tt.host)
	}
}

func TestValidSlug(t *testing.T) {
	for _, s := range []string{"a", "acme", "a-b", "0", strings.Repeat("a", 63)} {
		require.True(t, auth.ValidSlug(s), s)
	}
	for _, s := range []string{"", "-a", "a-", "A", "a_b", "a.b", "ácme", "%2e", "..", strings.Repeat("a", 64)} {
		require.False(t, auth.ValidSlug(s), s)
	}
}

// FuzzSlugFromHost: the parser never panics, a candidate is a single lowercase label without a port, and a
// candidate that passes ValidSlug is safe to use in a cache key.
func FuzzSlugFromHost(f *testing.F) {
	for _, seed := range []string{"acme.example.com", "Acme.Example.com:8443", "a.b.example.com", "example.com",
		"[::1]:80", "..example.com", "%2e.example.com", "ácme.example.com", ":", "", "x.example.com.:1"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, host string) {
		got, ok := auth.SlugFromHost(host, "example.com")
		if !ok {
			if got != "" {
				t.Fatalf("no candidate but %q returned", got)
			}
			return
		}
		if got == "" || strings.Contains(got, ".") || strings.Contains(got, ":") {
			t.Fatalf("bad candidate %q from %q", got, host)
		}
		if utf8.ValidString(got) && strings.ToLower(got) != got {
			t.Fatalf("candidate %q is not lowercase", got)
		}
		if auth.ValidSlug(got) && (len(got) > 63 || strings.ContainsAny(got, "*?[]{} ")) {
			t.Fatalf("ValidSlug accepted %q", got)
		}
	})
}
