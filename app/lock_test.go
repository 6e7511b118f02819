package app

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/dbtest"
)

// TestLocksAcrossReplicas: two servers on one Redis hand out a named lock to one holder at a time, as the token
// refresh will need (auth.md §6).
func TestLocksAcrossReplicas(t *testing.T) {
	redisURL, prefix := dbtest.Redis(t)
	env := []string{"BODHI_MULTI_TENANT=true", "REDIS_URL=" + redisURL, "BODHI_REDIS_PREFIX=" + prefix,
		"BODHI_ORG_DOMAIN=localhost"}
	pg := dbtest.Dialect{Name: "postgres", URL: dbtest.PostgresURL}
	replicas := []*App{newTestApp(t, pg, env...), newTestApp(t, pg, env...)}
	require.Equal(t, "redis", replicas[0].locks.Backend())

	var holders, maxHolders, acquired atomic.Int32
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func(a *App) {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			_, release, err := a.locks.Acquire(ctx, "refresh:org-1:session-1")
			if err != nil {
				t.Errorf("acquire: %v", err)
				return
			}
			if n := holders.Add(1); n > maxHolders.Load() {
				maxHolders.Store(n)
			}
			time.Sleep(5 * time.Millisecond)
			holders.Add(-1)
			acquired.Add(1)
			release()
		}(replicas[i%2])
	}
	wg.Wait()
	require.EqualValues(t, 10, acquired.Load())
	require.EqualValues(t, 1, maxHolders.Load())
}

func TestStandaloneLocksAreInProcess(t *testing.T) {
	a := newTestApp(t, dbtest.Dialect{Name: "sqlite", URL: dbtest.SQLiteURL})
	require.Equal(t, "memory", a.locks.Backend())
}
