// Package throttle counts failures per key in fixed windows, agreed by every replica: an in-process
// implementation for a single server, and a Redis one for replicas. Its first user is the limit on failed bearer
// authentications (README "Failed authentications").
package throttle

import (
	"context"
	"errors"
	"time"
)

// Window is the length of a counting window. A key's window opens with its first failure and closes Window
// later, however many failures follow; the next failure opens a new one.
const Window = time.Minute

// Limiter counts failures per key, in fixed windows.
type Limiter interface {
	// Fail records one failure for key. It returns the number of failures in key's current window, this one
	// included, and the time left until that window closes.
	Fail(ctx context.Context, key string) (count int, retryAfter time.Duration, err error)
	// Blocked reports whether key has used up its allowance: limit failures or more in its current window.
	// retryAfter is the time left until that window closes (zero when key has no open window). It records nothing.
	Blocked(ctx context.Context, key string, limit int) (retryAfter time.Duration, blocked bool, err error)
	// Backend is "memory" or "redis".
	Backend() string
	Close() error
}

// ErrUnavailable is returned while the Redis backend cannot be reached. Callers fail open: a failure that
// cannot be counted is not held against anyone, and nothing is blocked.
var ErrUnavailable = errors.New("failure counter unavailable")
