package lock_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/lock"
)

// TestContentionAcrossReplicas is the session-refresh pattern of the scale check (runtime.md §11.2 #4): three
// replicas, ten requests each, all waiting for one lock at once. Every waiter must get it within the refresh
// lock wait (10 s); a lost wake-up shows up as a timeout.
func TestContentionAcrossReplicas(t *testing.T) {
	url, prefix := dbtest.Redis(t)
	lockers := []lock.Locker{newRedisLocker(t, url, prefix), newRedisLocker(t, url, prefix), newRedisLocker(t, url, prefix)}
	start := make(chan struct{})
	errs := make([]error, 30)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() {
			<-start
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, release, err := lockers[i%3].Acquire(ctx, "refresh:org:row")
			if err != nil {
				errs[i] = err
				return
			}
			time.Sleep(5 * time.Millisecond)
			release()
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "waiter %d (replica %d)", i, i%3)
	}
}
