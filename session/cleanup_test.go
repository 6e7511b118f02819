package session_test

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/clocktest"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/session"
)

func TestRunCleanupDeletesExpiredRowsUntilCancelled(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(d.Name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			url := d.URL(t)
			clock := clocktest.New(time.Now()) // moved by the test to save rows "in the past"
			store, err := db.OpenSessions(ctx, url, "", db.WithClock(clock.Now))
			require.NoError(t, err)
			t.Cleanup(func() { require.NoError(t, store.Close()) })
			conn, err := db.Connect(ctx, url, "")
			require.NoError(t, err)
			t.Cleanup(func() { require.NoError(t, conn.Close()) })
			rows := func() int {
				var n int
				require.NoError(t, conn.SQL.QueryRow("SELECT count(*) FROM sessions").Scan(&n))
				return n
			}
			saveAt := func(at time.Time, id string) {
				clock.Set(at)
				_, err := store.Save(ctx, db.SessionRecord{ID: id, OrgID: "org-a"})
				require.NoError(t, err)
				clock.Set(time.Now())
			}

			// Saved 15 days ago: expired by now. The second row is fresh.
			saveAt(time.Now().Add(-15*24*time.Hour), "expired-1")
			saveAt(time.Now(), "fresh")
			require.Equal(t, 2, rows())

			var logs bytes.Buffer
			runCtx, cancel := context.WithCancel(ctx)
			done := make(chan struct{})
			go func() {
				defer close(done)
				session.RunCleanup(runCtx, store, 10*time.Millisecond, slog.New(slog.NewTextHandler(&logs, nil)))
			}()
			require.Eventually(t, func() bool { return rows() == 1 }, 5*time.Second, 10*time.Millisecond)

			// A row that expires while the loop runs goes at a later tick.
			saveAt(time.Now().Add(-15*24*time.Hour), "expired-2")
			require.Eventually(t, func() bool { return rows() == 1 }, 5*time.Second, 10*time.Millisecond)

			cancel()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("RunCleanup did not return after its context ended")
			}
			_, err = store.Load(ctx, "fresh")
			require.NoError(t, err, "the fresh row survives")
			require.Contains(t, logs.String(), "deleted expired sessions")
			require.NotContains(t, logs.String(), "level=WARN")
		})
	}
}
