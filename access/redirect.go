package access

import (
	"net/url"
	"strings"
)

// maxRedirectURL bounds a stored redirect_url: far above any real callback, far below a body limit.
const maxRedirectURL = 2048

// webRedirectURL parses raw as a return address the consent page may navigate to: an absolute http or https URL
// with a host, and without userinfo (https://bodhi.example@evil.example/ reads as Bodhi's to a user) or fragment
// (the id Bodhi appends to the query would land in it). Anything else, javascript: and data: included, is refused.
func webRedirectURL(raw string) (*url.URL, bool) {
	if raw == "" || len(raw) > maxRedirectURL {
		return nil, false
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Opaque != "" || u.User != nil ||
		u.Hostname() == "" || u.Fragment != "" || strings.ContainsAny(raw, " \t\r\n\\") {
		return nil, false
	}
	return u, true
}

// registeredRedirect reports whether raw is one of the app client's registered redirect URIs: equal to an exact
// entry, or starting with the part before a trailing "*" (the identity provider's own rule for its redirects).
func registeredRedirect(raw string, registered []string) bool {
	for _, r := range registered {
		if prefix, wildcard := strings.CutSuffix(r, "*"); wildcard {
			if strings.HasPrefix(raw, prefix) {
				return true
			}
		} else if raw == r {
			return true
		}
	}
	return false
}

// withRequestID appends id=<id> to the redirect URL's query, keeping the app's URL exactly as it sent it.
func withRequestID(raw, id string) string {
	sep := "?"
	if strings.Contains(raw, "?") {
		sep = "&"
	}
	return raw + sep + "id=" + url.QueryEscape(id)
}
