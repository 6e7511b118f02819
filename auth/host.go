package auth

import (
	"regexp"
	"strings"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// ValidSlug reports whether s has the org slug syntax.
func ValidSlug(s string) bool { return slugPattern.MatchString(s) }

// SlugFromHost returns the candidate org slug of a Host header under orgDomain (auth.md §2.3): the port and a
// trailing dot are removed, case is ignored, and the host must be exactly one label followed by "." + orgDomain.
// The apex, nested labels and other domains give ok == false. The candidate is not yet checked against the slug
// syntax (ValidSlug): an invalid one is "not found", a missing one is "missing".
func SlugFromHost(host, orgDomain string) (candidate string, ok bool) {
	host = strings.ToLower(stripPort(host))
	host = strings.TrimSuffix(host, ".")
	suffix := "." + strings.TrimSuffix(strings.ToLower(orgDomain), ".")
	if orgDomain == "" || !strings.HasSuffix(host, suffix) {
		return "", false
	}
	label := strings.TrimSuffix(host, suffix)
	if label == "" || strings.ContainsAny(label, ".:") { // nested labels, or a stray colon left by a bad port
		return "", false
	}
	return label, true
}

// stripPort removes ":port" from a host, leaving bracketed IPv6 literals whole.
func stripPort(host string) string {
	if strings.HasPrefix(host, "[") {
		if i := strings.LastIndex(host, "]"); i >= 0 {
			return host[:i+1]
		}
		return host
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		return host[:i]
	}
	return host
}
