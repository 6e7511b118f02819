package usage_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/usage"
)

// stored counts the org's events in the database, by summing them.
func stored(t *testing.T, s *db.DbServiceImpl, orgID string) (requests, tokens int64) {
	t.Helper()
	sums, err := s.SumUsage(context.Background(), orgID, time.Unix(0, 0), time.Now().Add(time.Hour), "")
	require.NoError(t, err)
	for _, r := range sums {
		requests += r.Requests
		tokens += r.TotalTokens
	}
	return requests, tokens
}

func event(orgID string, i int) usage.Event {
	return usage.Event{OrgID: orgID, UserID: fmt.Sprintf("user-%d", i%7), AuthKind: usage.KindSession,
		Model: "gpt", Route: "/v1/chat/completions", Status: 200, PromptTokens: 2, CompletionTokens: 1,
		TotalTokens: 3}
}

func TestBatchesBySizeAndTime(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		s := dbtest.Store(t, d)
		org := apptest.NewOrg(t, s, "acme")
		r := usage.NewRecorder(s, usage.Options{BatchSize: 100, FlushInterval: 50 * time.Millisecond})
		defer r.Close(context.Background())
		for i := range 250 {
			r.Record(event(org.OrgID, i))
		}
		require.Eventually(t, func() bool { n, _ := stored(t, s, org.OrgID); return n == 250 }, 5*time.Second,
			20*time.Millisecond, "every event is written within the flush interval")
		st := r.Stats()
		require.EqualValues(t, 250, st.FlushedEvents)
		require.GreaterOrEqual(t, st.Flushes, uint64(3), "no batch holds more than 100 events")
		require.Zero(t, st.Dropped)
		require.Zero(t, st.Depth)
	})
}

func TestCloseWritesEverythingBuffered(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		s := dbtest.Store(t, d)
		org := apptest.NewOrg(t, s, "acme")
		// An interval longer than the test: only Close can write these.
		r := usage.NewRecorder(s, usage.Options{FlushInterval: time.Hour})
		for i := range 1234 {
			r.Record(event(org.OrgID, i))
		}
		require.NoError(t, r.Close(context.Background()))
		n, tokens := stored(t, s, org.OrgID)
		require.EqualValues(t, 1234, n)
		require.EqualValues(t, 3*1234, tokens)
		r.Record(event(org.OrgID, 0))
		require.EqualValues(t, 1, r.Stats().Dropped, "an event after Close is counted, not written")
	})
}

// ackLost writes the first batch and then reports a failure, as a commit whose acknowledgement never arrived.
type ackLost struct {
	usage.Store
	calls atomic.Int32
}

func (a *ackLost) InsertUsageEvents(ctx context.Context, rows []db.UsageEvent) (int64, error) {
	n, err := a.Store.InsertUsageEvents(ctx, rows)
	if a.calls.Add(1) == 1 && err == nil {
		return 0, errors.New("connection reset after commit")
	}
	return n, err
}

func TestRetriedBatchWritesNothingTwice(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		s := dbtest.Store(t, d)
		org := apptest.NewOrg(t, s, "acme")
		store := &ackLost{Store: s}
		r := usage.NewRecorder(store, usage.Options{FlushInterval: time.Hour})
		for i := range 300 {
			r.Record(event(org.OrgID, i))
		}
		require.NoError(t, r.Close(context.Background()))
		n, _ := stored(t, s, org.OrgID)
		require.EqualValues(t, 300, n, "the retry of a committed batch adds no row")
		require.GreaterOrEqual(t, store.calls.Load(), int32(2))
		require.EqualValues(t, 1, r.Stats().FlushFailures)
	})
}

// killOnFirstInsert cuts every database connection just before the first insert, as a database that is
// killed and restarted during a flush.
type killOnFirstInsert struct {
	usage.Store
	stall *dbtest.Stall
	once  sync.Once
}

func (k *killOnFirstInsert) InsertUsageEvents(ctx context.Context, rows []db.UsageEvent) (int64, error) {
	k.once.Do(k.stall.Cut)
	return k.Store.InsertUsageEvents(ctx, rows)
}

func TestKilledDatabaseDuringFlush(t *testing.T) {
	stall := dbtest.NewStall(t, dbtest.PostgresTarget(t))
	s := dbtest.Store(t, stall.StalledPostgres())
	org := apptest.NewOrg(t, s, "acme")
	r := usage.NewRecorder(&killOnFirstInsert{Store: s, stall: stall}, usage.Options{FlushInterval: time.Hour})
	for i := range 700 {
		r.Record(event(org.OrgID, i))
	}
	require.NoError(t, r.Close(context.Background()))
	n, _ := stored(t, s, org.OrgID)
	require.EqualValues(t, 700, n, "every event once, written after the connections came back")
	require.GreaterOrEqual(t, r.Stats().FlushFailures, uint64(1), "the cut connection failed an attempt")
}

// blocked holds every insert until released, as a stalled database (a call ends with its context).
type blocked struct {
	usage.Store
	release chan struct{}
}

func (b *blocked) InsertUsageEvents(ctx context.Context, rows []db.UsageEvent) (int64, error) {
	select {
	case <-b.release:
		return b.Store.InsertUsageEvents(ctx, rows)
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func TestFullBufferDropsCountedNeverBlocks(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		s := dbtest.Store(t, d)
		org := apptest.NewOrg(t, s, "acme")
		store := &blocked{Store: s, release: make(chan struct{})}
		r := usage.NewRecorder(store, usage.Options{Capacity: 40, BatchSize: 10, FlushInterval: time.Hour})
		// The writer takes one batch and blocks in the store; the buffer then fills and the rest are dropped.
		recorded := make(chan struct{})
		go func() {
			for i := range 200 {
				r.Record(event(org.OrgID, i))
			}
			close(recorded)
		}()
		select {
		case <-recorded:
		case <-time.After(5 * time.Second):
			t.Fatal("Record blocked on a full buffer")
		}
		close(store.release)
		require.NoError(t, r.Close(context.Background()))
		n, _ := stored(t, s, org.OrgID)
		st := r.Stats()
		require.Positive(t, st.Dropped, "a buffer that stays full drops")
		require.EqualValues(t, 200, uint64(n)+st.Dropped, "every event is either written or counted as dropped")
		require.LessOrEqual(t, n, int64(40+10), "at most the buffer and the batch in hand")
	})
}

func TestCloseGivesUpAtItsDeadline(t *testing.T) {
	s := dbtest.Store(t, dbtest.Dialects[0])
	org := apptest.NewOrg(t, s, "acme")
	store := &blocked{Store: s, release: make(chan struct{})}
	defer close(store.release)
	r := usage.NewRecorder(store, usage.Options{FlushInterval: time.Hour})
	for i := range 10 {
		r.Record(event(org.OrgID, i))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, r.Close(ctx), context.DeadlineExceeded)
	require.EqualValues(t, 10, r.Stats().Dropped, "what could not be written is counted and logged")
}

func TestInFlightStreams(t *testing.T) {
	r := usage.NewRecorder(nil, usage.Options{})
	defer r.Close(context.Background())
	end1, end2 := r.StreamStarted(), r.StreamStarted()
	require.EqualValues(t, 2, r.Stats().InFlightStreams)
	end1()
	end1()
	require.EqualValues(t, 1, r.Stats().InFlightStreams, "ending twice counts once")
	end2()
	require.Zero(t, r.Stats().InFlightStreams)
}
