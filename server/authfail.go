package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/throttle"
)

// unavailableLogEvery spaces the warnings about unreachable counters: during a Redis outage every failed
// authentication would log one.
const unavailableLogEvery = 5 * time.Second

// authFailures holds the limits on failed bearer authentications and their counters (the rule is in bearer.go).
type authFailures struct {
	counters throttle.Limiter
	perAddr  int // failures allowed per client address and window
	perOrg   int // failures allowed per org and window
	log      *slog.Logger
	lastWarn atomic.Int64 // unix nanoseconds of the last "unavailable" warning
}

func newAuthFailures(counters throttle.Limiter, perAddr, perOrg int, log *slog.Logger) *authFailures {
	return &authFailures{counters: counters, perAddr: perAddr, perOrg: perOrg, log: log}
}

// overLimit says which limit a client passed and when its window closes.
type overLimit struct {
	org        bool // the org's limit, else the address's
	retryAfter time.Duration
}

// addrBlocked reports whether addr has used up its allowance in its current window. Unreachable counters block
// nothing.
func (f *authFailures) addrBlocked(ctx context.Context, addr string) (overLimit, bool) {
	retry, blocked, err := f.counters.Blocked(ctx, addrKey(addr), f.perAddr)
	if err != nil {
		f.unavailable(err)
		return overLimit{}, false
	}
	return overLimit{retryAfter: retry}, blocked
}

// record counts a refused credential from addr against orgID and reports a limit now passed. The org counts only
// failures within their address's allowance, so a single address cannot push its org over the org's limit.
func (f *authFailures) record(ctx context.Context, addr, orgID string) (overLimit, bool) {
	n, retry, err := f.counters.Fail(ctx, addrKey(addr))
	if err != nil {
		f.unavailable(err)
		return overLimit{}, false
	}
	if n == f.perAddr { // counts are cluster-wide: one replica, once per window, sees the allowance used up
		f.log.Warn("client address used up its failed-authentication allowance; its unproven API tokens wait",
			"client_ip", addr, "org_id", orgID, "limit", f.perAddr, "retry_after", retry.Round(time.Second))
	}
	if n > f.perAddr {
		return overLimit{retryAfter: retry}, true
	}
	n, retry, err = f.counters.Fail(ctx, "authfail:org:"+orgID)
	if err != nil {
		f.unavailable(err)
		return overLimit{}, false
	}
	if n == f.perOrg+1 {
		f.log.Warn("org passed its failed-authentication limit; refused credentials are answered 429",
			"org_id", orgID, "limit", f.perOrg, "retry_after", retry.Round(time.Second))
	}
	return overLimit{org: true, retryAfter: retry}, n > f.perOrg
}

func (f *authFailures) unavailable(err error) {
	now, last := time.Now().UnixNano(), f.lastWarn.Load()
	if now-last < int64(unavailableLogEvery) || !f.lastWarn.CompareAndSwap(last, now) {
		return
	}
	f.log.Warn("failed-authentication counters unavailable: failures are neither counted nor limited", "err", err)
}

// addrKey is the counter of a client address. An IPv6 client counts as its /64, the block a single subscriber is
// normally given: counted address by address, one client could rotate through 2^64 of them.
func addrKey(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return "authfail:addr:" + ip
	}
	if addr = addr.Unmap(); addr.Is6() {
		block, _ := addr.Prefix(64)
		return "authfail:addr:" + block.String()
	}
	return "authfail:addr:" + addr.String()
}

// tooManyFailures sets Retry-After (whole seconds, at least 1) and returns the 429 of o.
func tooManyFailures(c *gin.Context, o overLimit) *APIError {
	secs := max(1, int((o.retryAfter+time.Second-1)/time.Second))
	c.Header("Retry-After", strconv.Itoa(secs))
	who := "from this address"
	if o.org {
		who = "for this organization"
	}
	return NewError(TypeTooManyRequests, "auth_error-too_many_failures",
		fmt.Sprintf("Too many failed authentications %s; retry after %d s.", who, secs))
}
