// Package outbound builds the HTTP clients Bodhi uses toward API providers (http-api.md §14). In hosted mode the
// dialer refuses every address that is not public unicast (Blocked) on every connection, after resolution, so
// neither a stored base URL nor DNS rebinding can reach the platform's private network.
package outbound

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// ErrBlockedAddress is a connection refused by the outbound address rule.
var ErrBlockedAddress = errors.New("the upstream address is not allowed")

// dialer returns a DialContext that checks each resolved address just before connecting (the Control hook sees
// the address actually dialled, after DNS).
func dialer(blockPrivate bool, connectTimeout time.Duration) func(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: connectTimeout, KeepAlive: 30 * time.Second}
	if blockPrivate {
		d.Control = func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: %s", ErrBlockedAddress, address)
			}
			if Blocked(ap.Addr()) {
				return fmt.Errorf("%w: %s", ErrBlockedAddress, ap.Addr())
			}
			return nil
		}
	}
	return d.DialContext
}

// NewClient returns a client for provider calls. timeout 0 means no total timeout (streams may be long); the
// connect timeout is 10 s either way. Redirects are not followed: a provider answer is relayed as is.
func NewClient(blockPrivate bool, timeout time.Duration) *http.Client {
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			DialContext:           dialer(blockPrivate, 10*time.Second),
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          512,
			MaxIdleConnsPerHost:   256,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ExpectContinueTimeout: time.Second,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// IsBlocked reports whether err came from the address rule.
func IsBlocked(err error) bool { return errors.Is(err, ErrBlockedAddress) }
