package outbound_test

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/outbound"
)

// The address rule is tested as a pure function of the address: no packet leaves the machine.

// ipv4Verdicts are IPv4 addresses at the edges of each range, with the rule's verdict. Every one of them must get
// the same verdict in each IPv6 form that carries it (TestBlockedEmbeddedForms).
var ipv4Verdicts = []struct {
	addr    string
	blocked bool
}{
	{"0.0.0.0", true}, {"0.255.255.255", true}, // "this network"
	{"10.0.0.0", true}, {"10.255.255.255", true}, // RFC 1918
	{"100.64.0.0", true}, {"100.100.100.200", true}, {"100.127.255.255", true}, // shared address space
	{"127.0.0.1", true}, {"127.255.255.254", true}, // loopback
	{"169.254.0.1", true}, {"169.254.169.254", true}, // link-local, cloud metadata
	{"172.16.0.0", true}, {"172.31.255.255", true}, // RFC 1918
	{"192.0.0.0", true}, {"192.0.0.192", true}, {"192.0.0.255", true}, // IETF protocol assignments
	{"192.168.0.1", true}, {"192.168.255.255", true}, // RFC 1918
	{"198.18.0.0", true}, {"198.19.255.255", true}, // benchmarking
	{"224.0.0.1", true}, {"239.255.255.250", true}, // multicast
	{"240.0.0.1", true}, {"255.255.255.254", true}, {"255.255.255.255", true}, // reserved, broadcast

	{"8.8.8.8", false}, {"1.1.1.1", false}, {"93.184.216.34", false}, {"104.18.0.1", false},
	{"9.255.255.255", false}, {"11.0.0.0", false}, // around 10/8
	{"100.63.255.255", false}, {"100.128.0.0", false}, // around 100.64/10
	{"126.255.255.255", false}, {"128.0.0.0", false}, // around 127/8
	{"169.253.255.255", false}, {"169.255.0.0", false}, // around 169.254/16
	{"172.15.255.255", false}, {"172.32.0.0", false}, // around 172.16/12
	{"191.255.255.255", false}, {"192.0.1.0", false}, // around 192.0.0/24
	{"192.167.255.255", false}, {"192.169.0.0", false}, // around 192.168/16
	{"198.17.255.255", false}, {"198.20.0.0", false}, // around 198.18/15
	{"223.255.255.255", false}, // below multicast
}

func TestBlocked(t *testing.T) {
	cases := []struct {
		addr    string
		blocked bool
	}{
		// IPv6 ranges.
		{"::", true},                                   // unspecified
		{"::1", true},                                  // loopback
		{"::10.0.0.1", true},                           // IPv4-compatible (deprecated), whatever it embeds
		{"::8.8.8.8", true},                            // same: the deprecated form is refused outright
		{"::ffff:0:8.8.8.8", true},                     // SIIT IPv4-translated form
		{"100::1", true},                               // discard-only
		{"fc00::1", true},                              // unique-local
		{"fd12:3456:789a::1", true},                    // unique-local
		{"fe80::1", true},                              // link-local
		{"fe80::1%eth0", true},                         // link-local with a zone
		{"febf:ffff::1", true},                         // link-local, top of fe80::/10
		{"fec0::1", true},                              // site-local (deprecated)
		{"feff:ffff::1", true},                         // site-local, top of fec0::/10
		{"ff02::1", true},                              // multicast
		{"ff05::1:3", true},                            // multicast
		{"2001::1", true},                              // Teredo
		{"2001:0:4136:e378:8000:63bf:3fff:fdd2", true}, // Teredo, RFC 4380's example
		{"64:ff9b:1::1", true},                         // local-use NAT64
		{"64:ff9b:1:ffff::a00:1", true},                // local-use NAT64
		{"2606:4700:4700::1111", false},                // public
		{"2606:4700::1111", false},                     // public
		{"2001:4860:4860::8888", false},                // public
		{"2a00:1450:4001::1", false},                   // public
		{"fbff:ffff::1", false},                        // just below fc00::/7
		{"2001:1::1", false},                           // just above Teredo's /32
		{"64:ff9b:2::1", false},                        // beside local-use NAT64 (RFC 8215 reserves only 1::/48)

		// NAT64: decided by the embedded IPv4, so IPv6-only hosts still reach public providers.
		{"64:ff9b::808:808", false},    // 8.8.8.8
		{"64:ff9b::1.1.1.1", false},    // 1.1.1.1
		{"64:ff9b::a00:1", true},       // 10.0.0.1
		{"64:ff9b::7f00:1", true},      // 127.0.0.1
		{"64:ff9b::a9fe:a9fe", true},   // 169.254.169.254
		{"64:ff9b::100.64.0.1", true},  // shared address space
		{"64:ff9b::192.168.1.1", true}, // RFC 1918
		{"64:ff9b::", true},            // 0.0.0.0

		// 6to4: decided by the IPv4 in bits 16-48.
		{"2002:0808:0808::1", false},     // 8.8.8.8
		{"2002:0101:0101:1::1", false},   // 1.1.1.1
		{"2002:0a00:0001::1", true},      // 10.0.0.1
		{"2002:7f00:0001::1", true},      // 127.0.0.1
		{"2002:a9fe:a9fe::1", true},      // 169.254.169.254
		{"2002:c0a8:0101:ffff::1", true}, // 192.168.1.1
		{"2002:6440:0001::1", true},      // 100.64.0.1
		{"2002::1", true},                // 0.0.0.0

		// IPv4-mapped forms.
		{"::ffff:10.0.0.1", true},
		{"::ffff:100.64.0.1", true},
		{"::ffff:100.100.100.200", true},
		{"::ffff:169.254.169.254", true},
		{"::ffff:127.0.0.1", true},
		{"::ffff:0.0.0.0", true},
		{"::ffff:198.18.0.1", true},
		{"::ffff:192.0.0.192", true},
		{"::ffff:255.255.255.255", true},
		{"::ffff:8.8.8.8", false},
		{"::ffff:1.1.1.1", false},
	}
	for _, v := range ipv4Verdicts {
		cases = append(cases, struct {
			addr    string
			blocked bool
		}{v.addr, v.blocked})
	}
	for _, c := range cases {
		t.Run(c.addr, func(t *testing.T) {
			require.Equal(t, c.blocked, outbound.Blocked(netip.MustParseAddr(c.addr)))
		})
	}
}

// TestBlockedEmbeddedForms: each IPv4 of the table gets its own verdict in every IPv6 form that carries it:
// IPv4-mapped, NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
func TestBlockedEmbeddedForms(t *testing.T) {
	forms := map[string]func(v4 [4]byte) netip.Addr{
		"mapped": func(v4 [4]byte) netip.Addr { return netip.AddrFrom16(netip.AddrFrom4(v4).As16()) },
		"nat64": func(v4 [4]byte) netip.Addr {
			a := netip.MustParseAddr("64:ff9b::").As16()
			copy(a[12:], v4[:])
			return netip.AddrFrom16(a)
		},
		"6to4": func(v4 [4]byte) netip.Addr {
			a := netip.MustParseAddr("2002::1").As16()
			copy(a[2:6], v4[:])
			return netip.AddrFrom16(a)
		},
	}
	for _, v := range ipv4Verdicts {
		v4 := netip.MustParseAddr(v.addr).As4()
		for name, form := range forms {
			addr := form(v4)
			t.Run(name+"/"+v.addr, func(t *testing.T) {
				require.Equal(t, v.blocked, outbound.Blocked(addr), "%s carries %s", addr, v.addr)
			})
		}
	}
}
