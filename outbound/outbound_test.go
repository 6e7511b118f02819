package outbound_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/outbound"
)

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
