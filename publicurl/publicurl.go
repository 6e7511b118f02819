// Package publicurl derives the public URLs of a Bodhi server from its configuration (auth.md §2.8): an org's
// base URL, a standalone server's own URL, and the login callbacks a standalone server registers. The server and
// the CLI (`bodhi org create --register`) both use it. requestHost is the Host a request arrived with ("" when
// there is no request, as in the CLI).
package publicurl

import (
	"net"
	"regexp"
	"strconv"
	"strings"

	"github.com/bodhiapp/bodhi/config"
)

// callbackPath is where the identity provider sends a browser back after login.
const callbackPath = "/ui/auth/callback"

var plainHost = regexp.MustCompile(`^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])$`)

// portSuffix is ":port" unless port is the scheme's default.
func portSuffix(scheme string, port int) string {
	if (scheme == "http" && port == 80) || (scheme == "https" && port == 443) {
		return ""
	}
	return ":" + strconv.Itoa(port)
}

// OrgBase is the URL every link and redirect for slug's org starts with.
func OrgBase(cfg *config.Config, requestHost, slug string) string {
	if cfg.MultiTenant {
		return cfg.PublicScheme + "://" + slug + "." + cfg.OrgDomain + portSuffix(cfg.PublicScheme, cfg.PublicPort)
	}
	return Server(cfg, requestHost)
}

// Server is a standalone server's public URL: BODHI_PUBLIC_HOST when set, else the request's host name when it
// looks like one, else BODHI_HOST (0.0.0.0 shown as localhost).
func Server(cfg *config.Config, requestHost string) string {
	scheme := cfg.PublicScheme
	port := portSuffix(scheme, cfg.PublicPort)
	if cfg.PublicHost != "" {
		return scheme + "://" + cfg.PublicHost + port
	}
	h := hostName(requestHost)
	if h == "" || !plainHost.MatchString(h) {
		h = cfg.Host
		if h == "0.0.0.0" || h == "" {
			h = "localhost"
		}
	}
	return scheme + "://" + h + port
}

// Callback is the login callback of slug's org.
func Callback(cfg *config.Config, requestHost, slug string) string {
	return OrgBase(cfg, requestHost, slug) + callbackPath
}

// StandaloneCallbacks lists the login callbacks to register for a standalone server (auth.md §12.1 step 4): the
// public host alone when it is set, else the loopback names, the request's host and the machine's LAN address.
func StandaloneCallbacks(cfg *config.Config, requestHost string) []string {
	if cfg.PublicHost != "" {
		return []string{Server(cfg, "") + callbackPath}
	}
	port := portSuffix(cfg.PublicScheme, cfg.PublicPort)
	var out []string
	add := func(h string) {
		u := cfg.PublicScheme + "://" + h + port + callbackPath
		for _, existing := range out {
			if existing == u {
				return
			}
		}
		out = append(out, u)
	}
	for _, h := range []string{"localhost", "127.0.0.1", "0.0.0.0"} {
		add(h)
	}
	h := requestHost
	if host, _, err := net.SplitHostPort(requestHost); err == nil {
		h = host // an IPv6 address stays bare here, so plainHost leaves it out
	}
	if h != "" && plainHost.MatchString(h) && !isLoopbackName(h) {
		add(h)
	}
	if ip := primaryLANAddress(); ip != "" {
		add(ip)
	}
	return out
}

// hostName is the host part of a Host header, an IPv6 address in brackets.
func hostName(requestHost string) string {
	h := requestHost
	if host, _, err := net.SplitHostPort(requestHost); err == nil {
		h = host
		if strings.Contains(h, ":") {
			h = "[" + h + "]"
		}
	}
	return h
}

func isLoopbackName(h string) bool {
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(h, "[]"))
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}

// primaryLANAddress is the first private IPv4 address of an up, non-loopback interface, if any.
func primaryLANAddress() string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return ""
	}
	for _, a := range addrs {
		if ipn, ok := a.(*net.IPNet); ok {
			if ip4 := ipn.IP.To4(); ip4 != nil && ip4.IsPrivate() {
				return ip4.String()
			}
		}
	}
	return ""
}
