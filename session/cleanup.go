package session

import (
	"context"
	"log/slog"
	"time"
)

// CleanupInterval is how often production servers delete expired rows (auth.md §4.4).
const CleanupInterval = 10 * time.Minute

// Sweeper deletes the session rows expired at now; db.SessionStore implements it.
type Sweeper interface {
	DeleteExpired(ctx context.Context, now time.Time) (int64, error)
}

// RunCleanup deletes expired rows at once and then every interval, until ctx ends. Every replica may run it: a
// sweep is idempotent. Failures are logged and retried at the next tick. Run it in its own goroutine.
func RunCleanup(ctx context.Context, store Sweeper, interval time.Duration, logger *slog.Logger) {
	if logger == nil {
		logger = slog.Default()
	}
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		n, err := store.DeleteExpired(ctx, time.Now())
		switch {
		case err != nil && ctx.Err() == nil:
			logger.Warn("delete expired sessions", "err", err)
		case n > 0:
			logger.Info("deleted expired sessions", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}
