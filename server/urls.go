package server

import (
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/bodhiapp/bodhi/config"
)

var plainHost = regexp.MustCompile(`^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])$`)

// portSuffix is ":port" unless port is the scheme's default.
func portSuffix(scheme string, port int) string {
	if (scheme == "http" && port == 80) || (scheme == "https" && port == 443) {
		return ""
	}
	return ":" + strconv.Itoa(port)
}

// OrgBaseURL is the URL every link and redirect for slug's org starts with (auth.md §2.8).
func OrgBaseURL(cfg *config.Config, r *http.Request, slug string) string {
	scheme := cfg.PublicScheme
	port := portSuffix(scheme, cfg.PublicPort)
	if cfg.MultiTenant {
		return scheme + "://" + slug + "." + cfg.OrgDomain + port
	}
	return PublicServerURL(cfg, r)
}

// PublicServerURL is the standalone server's public URL: BODHI_PUBLIC_HOST when set, else the request's host name
// when it looks like one, else BODHI_HOST (0.0.0.0 shown as localhost).
func PublicServerURL(cfg *config.Config, r *http.Request) string {
	scheme := cfg.PublicScheme
	port := portSuffix(scheme, cfg.PublicPort)
	if cfg.PublicHost != "" {
		return scheme + "://" + cfg.PublicHost + port
	}
	h := ""
	if r != nil {
		h = r.Host
		if host, _, err := net.SplitHostPort(h); err == nil {
			h = host
			if strings.Contains(h, ":") {
				h = "[" + h + "]"
			}
		}
	}
	if h == "" || !plainHost.MatchString(h) {
		h = cfg.Host
		if h == "0.0.0.0" || h == "" {
			h = "localhost"
		}
	}
	return scheme + "://" + h + port
}
