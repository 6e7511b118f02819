package app_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestConnectionCap(t *testing.T) {
	const limit = 3
	forEachLimitsDeployment(t, func(t *testing.T, d deployment) {
		host := d.bodhi.Host("acme")
		ping := func(c *rawConn) *http.Response {
			c.send(t, "GET /ping HTTP/1.1\r\nHost: %s\r\n\r\n", host)
			resp, _ := c.response(t)
			return resp
		}
		// No client has connected to Bodhi before this point: these are the only connections.
		held := make([]*rawConn, limit)
		for i := range held {
			held[i] = dialBodhi(t, d)
			require.Equal(t, http.StatusOK, ping(held[i]).StatusCode, "connection %d is within the cap", i+1)
		}

		busy := dialBodhi(t, d)
		busy.send(t, "GET /ping HTTP/1.1\r\nHost: %s\r\n\r\n", host)
		resp, body := busy.response(t)
		require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
		require.Equal(t, "application/json", resp.Header.Get("Content-Type"))
		require.NotEmpty(t, resp.Header.Get("Retry-After"))
		require.True(t, resp.Close, "Connection: close")
		var e struct {
			Error struct{ Message, Type, Code string }
		}
		require.NoError(t, json.Unmarshal(body, &e), "%s", body)
		require.Equal(t, "server_busy", e.Error.Code)
		require.Equal(t, "service_unavailable", e.Error.Type)
		require.NotEmpty(t, e.Error.Message)
		busy.closedWithin(t, 3*time.Second)
		require.EqualValues(t, 1, d.bodhi.Conns.Refused())
		require.Equal(t, limit, d.bodhi.Conns.Open(), "the refused connection never counted")

		held[0].Close()
		held[1].Close()
		client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
		require.Eventually(t, func() bool {
			req, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1:"+strconv.Itoa(d.bodhi.Port)+"/ping", nil)
			req.Host = host
			resp, err := client.Do(req)
			if err != nil {
				return false
			}
			resp.Body.Close()
			return resp.StatusCode == http.StatusOK
		}, 5*time.Second, 50*time.Millisecond, "served again once connections are released")
		require.Equal(t, http.StatusOK, ping(held[2]).StatusCode, "a held connection was never disturbed")
	}, "BODHI_MAX_CONNECTIONS="+strconv.Itoa(limit))
}
