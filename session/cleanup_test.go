package session_test

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/session"
)

func TestRunCleanupDeletesExpiredRowsUntilCancelled(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			clock := newClock()
			w := newWeb(t, d.URL(t))
			var store session.AppSessionStore
			if w.conn.Dialect == db.Postgres {
				store = session.NewPostgresStore(w.conn, clock.Now)
			} else {
				store = session.NewSQLiteStore(w.conn, clock.Now)
			}
			ctx := context.Background()

			// Saved 15 days ago by the clock: expired by now. The second row is fresh.
			clock.Set(time.Now().Add(-15 * 24 * time.Hour))
			require.NoError(t, store.Save(ctx, &session.Record{ID: rowID(1), OrgID: "org-a", Data: map[string]string{}}))
			clock.Set(time.Now())
			require.NoError(t, store.Save(ctx, &session.Record{ID: rowID(2), OrgID: "org-a", Data: map[string]string{}}))
			require.Equal(t, 2, w.rowCount())

			var logs bytes.Buffer
			runCtx, cancel := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() {
				defer close(done)
				session.RunCleanup(runCtx, store, 10*time.Millisecond, slog.New(slog.NewTextHandler(&logs, nil)))
			}()
			require.Eventually(t, func() bool { return w.rowCount() == 1 }, 5*time.Second, 10*time.Millisecond)

			// A row that expires while the loop runs goes at a later tick.
			clock.Set(time.Now().Add(-15 * 24 * time.Hour))
			require.NoError(t, store.Save(ctx, &session.Record{ID: rowID(3), OrgID: "org-a", Data: map[string]string{}}))
			require.Eventually(t, func() bool { return w.rowCount() == 1 }, 5*time.Second, 10*time.Millisecond)

			cancel()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("RunCleanup did not return after its context ended")
			}
			require.NotNil(t, w.row(rowID(2)), "the fresh row survives")
			require.Contains(t, logs.String(), "deleted expired sessions")
			require.NotContains(t, logs.String(), "level=WARN")
		})
	}
}
