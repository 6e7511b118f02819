package outbound_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/outbound"
)

func TestBlocked(t *testing.T) {
	for _, a := range []string{"127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
		"fe80::1", "fc00::1", "0.0.0.0", "::", "224.0.0.1", "ff02::1", "::ffff:10.0.0.1"} {
		require.True(t, outbound.Blocked(netip.MustParseAddr(a)), a)
	}
	for _, a := range []string{"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "93.184.216.34"} {
		require.False(t, outbound.Blocked(netip.MustParseAddr(a)), a)
	}
}

func TestClientRefusesLoopbackWhenBlocking(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) }))
	defer srv.Close()

	_, err := outbound.NewClient(true, 0).Get(srv.URL)
	require.Error(t, err)
	require.True(t, outbound.IsBlocked(err), "%v", err)

	// localhost resolves to loopback: the check runs on the resolved address, not on the name.
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	_, err = outbound.NewClient(true, 0).Get("http://localhost:" + port)
	require.True(t, outbound.IsBlocked(err), "%v", err)

	resp, err := outbound.NewClient(false, 0).Get(srv.URL)
	require.NoError(t, err, "standalone (or BODHI_ALLOW_PRIVATE_UPSTREAMS) allows it")
	resp.Body.Close()
	require.Equal(t, 204, resp.StatusCode)
}
