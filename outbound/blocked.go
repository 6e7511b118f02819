package outbound

import "net/netip"

// The outbound address rule (http-api.md §14.2): in hosted mode a power user's provider base URL must not reach
// the platform's own network. An address is refused when it is, or carries, an address that is not a public
// unicast one. IPv6 can carry an IPv4 address in several forms, and each is unwrapped before the check: a rule that
// looked only at the outer address would let ::ffff:169.254.169.254 or 64:ff9b::a9fe:a9fe reach the metadata
// service.

// blockedIPv4 are the refused IPv4 ranges, in whatever form they arrive (plain, IPv4-mapped, NAT64, 6to4).
var blockedIPv4 = mustPrefixes(
	// "This network"; Linux delivers a connection to 0.0.0.0 to the local host.
	"0.0.0.0/8",
	// Private (RFC 1918).
	"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
	// Shared address space (RFC 6598): carrier-grade NAT, and clouds' internal services (Alibaba Cloud's metadata
	// service is 100.100.100.200).
	"100.64.0.0/10",
	// Loopback.
	"127.0.0.0/8",
	// Link-local, which holds the usual cloud metadata address 169.254.169.254.
	"169.254.0.0/16",
	// IETF protocol assignments (RFC 6890): DS-Lite, NAT64 discovery, a legacy cloud metadata address
	// (192.0.0.192); never a public service.
	"192.0.0.0/24",
	// Benchmarking (RFC 2544): lab networks, and the fake-IP range of some DNS proxies; not globally routed.
	"198.18.0.0/15",
	// Multicast.
	"224.0.0.0/4",
	// Reserved (class E), which ends with the limited broadcast 255.255.255.255.
	"240.0.0.0/4",
)

// blockedIPv6 are the refused IPv6 ranges that carry no IPv4 to decide by, or whose IPv4 must not be trusted.
var blockedIPv6 = mustPrefixes(
	// The unspecified address, loopback, and the deprecated IPv4-compatible form (RFC 4291), refused whatever it
	// embeds: some stacks still treat ::a.b.c.d as a.b.c.d, and nothing public is addressed this way.
	"::/96",
	// SIIT's IPv4-translated form (RFC 2765): a translator would deliver to the embedded IPv4; nothing public
	// uses it.
	"::ffff:0:0:0/96",
	// Local-use NAT64 (RFC 8215): the operator's own translators, which may map to anything.
	"64:ff9b:1::/48",
	// Discard-only (RFC 6666).
	"100::/64",
	// Teredo (RFC 4380): it embeds a relay's IPv4 and an obfuscated client IPv4, and the tunnel may end on either
	// side of the platform's network. Deciding by the embedded addresses would mean trusting both; Teredo is all
	// but retired and no provider depends on it, so the whole prefix is refused.
	"2001::/32",
	// Unique-local: IPv6's private addresses.
	"fc00::/7",
	// Link-local.
	"fe80::/10",
	// Site-local: deprecated (RFC 3879) but still routed within some sites.
	"fec0::/10",
	// Multicast.
	"ff00::/8",
)

var (
	// nat64 is the well-known NAT64 prefix (RFC 6052): the last 32 bits are the IPv4 the translator connects to.
	// It is decided by that IPv4, so an IPv6-only host behind DNS64/NAT64 still reaches public providers.
	nat64 = netip.MustParsePrefix("64:ff9b::/96")
	// sixToFour is 6to4 (RFC 3056): bits 16 to 48 are the IPv4 of the tunnel's end, decided the same way.
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// Blocked reports whether addr may not be dialled under the rule.
func Blocked(addr netip.Addr) bool {
	addr = addr.WithZone("") // prefixes never contain an address with a zone
	switch {
	case !addr.IsValid():
		return true
	case addr.Is4() || addr.Is4In6():
		return inAny(blockedIPv4, addr.Unmap())
	case nat64.Contains(addr):
		a := addr.As16()
		return inAny(blockedIPv4, netip.AddrFrom4([4]byte(a[12:16])))
	case sixToFour.Contains(addr):
		a := addr.As16()
		return inAny(blockedIPv4, netip.AddrFrom4([4]byte(a[2:6])))
	}
	return inAny(blockedIPv6, addr)
}

func inAny(prefixes []netip.Prefix, addr netip.Addr) bool {
	for _, p := range prefixes {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

func mustPrefixes(s ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(s))
	for i, p := range s {
		out[i] = netip.MustParsePrefix(p)
	}
	return out
}
