package lock_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/rueidis"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/lock"
)

func newRedisLocker(t *testing.T, url, prefix string) *lock.Redis {
	t.Helper()
	l, err := lock.NewRedis(url, prefix, nil)
	require.NoError(t, err)
	t.Cleanup(func() { l.Close() })
	return l
}

// lockers returns two Lockers that must exclude each other: one Memory twice, or two Redis lockers (two
// "replicas") on one prefix.
func forEachBackend(t *testing.T, fn func(t *testing.T, a, b lock.Locker)) {
	t.Run("memory", func(t *testing.T) {
		t.Parallel()
		m := lock.NewMemory()
		fn(t, m, m)
	})
	t.Run("redis", func(t *testing.T) {
		t.Parallel()
		url, prefix := dbtest.Redis(t)
		fn(t, newRedisLocker(t, url, prefix), newRedisLocker(t, url, prefix))
	})
}

func TestMutualExclusion(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a, b lock.Locker) {
		var holders, maxHolders, done atomic.Int32
		var wg sync.WaitGroup
		for i := 0; i < 16; i++ {
			l := a
			if i%2 == 1 {
				l = b
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				_, release, err := l.Acquire(ctx, "refresh:org:session")
				if !assertNoError(t, err) {
					return
				}
				n := holders.Add(1)
				for {
					m := maxHolders.Load()
					if n <= m || maxHolders.CompareAndSwap(m, n) {
						break
					}
				}
				time.Sleep(5 * time.Millisecond)
				holders.Add(-1)
				done.Add(1)
				release()
			}()
		}
		wg.Wait()
		require.EqualValues(t, 16, done.Load())
		require.EqualValues(t, 1, maxHolders.Load(), "exactly one holder at a time")
	})
}

func assertNoError(t *testing.T, err error) bool {
	t.Helper()
	if err != nil {
		t.Errorf("acquire: %v", err)
		return false
	}
	return true
}

func TestDistinctNamesDoNotBlock(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a, b lock.Locker) {
		ctx := context.Background()
		_, r1, err := a.Acquire(ctx, "one")
		require.NoError(t, err)
		defer r1()
		short, cancel := context.WithTimeout(ctx, 2*time.Second)
		defer cancel()
		_, r2, err := b.Acquire(short, "two")
		require.NoError(t, err)
		r2()
	})
}

func TestAcquireWaitsAndGivesUpWithTheContext(t *testing.T) {
	forEachBackend(t, func(t *testing.T, a, b lock.Locker) {
		ctx := context.Background()
		held, release, err := a.Acquire(ctx, "busy")
		require.NoError(t, err)
		short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		defer cancel()
		_, _, err = b.Acquire(short, "busy")
		require.Error(t, err, "a held lock is not handed out twice")

		release()
		require.Eventually(t, func() bool { return held.Err() != nil }, 5*time.Second, 5*time.Millisecond,
			"releasing ends the holder's context")
		next, cancel2 := context.WithTimeout(ctx, 5*time.Second)
		defer cancel2()
		_, r2, err := b.Acquire(next, "busy")
		require.NoError(t, err, "a released lock can be taken")
		r2()
	})
}

// TestExpiredHolderCannotReleaseNewHolder simulates a holder whose keys expired: its context ends, a new holder
// acquires, and the old holder's late release leaves the new holder's keys alone.
func TestExpiredHolderCannotReleaseNewHolder(t *testing.T) {
	url, prefix := dbtest.Redis(t)
	a, b := newRedisLocker(t, url, prefix), newRedisLocker(t, url, prefix)
	ctx := context.Background()
	oldCtx, oldRelease, err := a.Acquire(ctx, "refresh:x")
	require.NoError(t, err)

	deleteLockKeys(t, url, prefix)
	require.Eventually(t, func() bool { return oldCtx.Err() != nil }, 5*time.Second, 10*time.Millisecond,
		"losing the keys cancels the holder's context")

	wait, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	newCtx, newRelease, err := b.Acquire(wait, "refresh:x")
	require.NoError(t, err)
	defer newRelease()

	oldRelease()
	time.Sleep(100 * time.Millisecond)
	require.NoError(t, newCtx.Err(), "the new holder keeps its lock")
	short, cancel3 := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel3()
	_, _, err = a.Acquire(short, "refresh:x")
	require.Error(t, err, "and nobody else can take it")
}

func deleteLockKeys(t *testing.T, url, prefix string) {
	t.Helper()
	opts, err := rueidis.ParseURL(url)
	require.NoError(t, err)
	c, err := rueidis.NewClient(opts)
	require.NoError(t, err)
	defer c.Close()
	ctx := context.Background()
	keys, err := c.Do(ctx, c.B().Keys().Pattern(prefix+"lock*").Build()).AsStrSlice()
	require.NoError(t, err)
	require.NotEmpty(t, keys, "rueidislock keeps its keys under the prefix")
	require.NoError(t, c.Do(ctx, c.B().Del().Key(keys...).Build()).Error())
}

func TestRedisOutageFallsBackToProcessLock(t *testing.T) {
	srv := dbtest.StartRedis(t)
	l := newRedisLocker(t, srv.URL(), "outage:")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, release, err := l.Acquire(ctx, "k")
	require.NoError(t, err)
	release()

	srv.Stop()
	held, release, err := l.Acquire(ctx, "k")
	require.NoError(t, err, "an outage falls back to the in-process lock")
	short, cancel2 := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel2()
	_, _, err = l.Acquire(short, "k")
	require.Error(t, err, "which still excludes within the process")
	release()
	require.Error(t, held.Err())
}

func TestRedisDownAtStartup(t *testing.T) {
	l, err := lock.NewRedis("redis://127.0.0.1:1/0", "x:", nil)
	require.NoError(t, err, "an unreachable Redis does not stop startup")
	defer l.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, release, err := l.Acquire(ctx, "k")
	require.NoError(t, err)
	release()
}
