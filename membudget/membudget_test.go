package membudget_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/membudget"
)

// unsized hides a reader's length, as a chunked request body does.
type unsized struct{ io.Reader }

func TestReadAll(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name      string
		body      io.Reader
		size      int64
		limit     int64
		want      string
		err       error
		wantBytes int64 // reserved after a success
	}{
		{name: "declared", body: strings.NewReader("hello"), size: 5, limit: 10, want: "hello", wantBytes: 5},
		{name: "declared empty", body: strings.NewReader(""), size: 0, limit: 10, want: ""},
		{name: "declared at the limit", body: strings.NewReader("0123456789"), size: 10, limit: 10, want: "0123456789", wantBytes: 10},
		{name: "declared over the limit", body: strings.NewReader("0123456789x"), size: 11, limit: 10, err: membudget.ErrTooLarge},
		{name: "longer than declared", body: strings.NewReader("hello!"), size: 5, limit: 10, err: membudget.ErrTooLarge},
		{name: "shorter than declared", body: strings.NewReader("hell"), size: 5, limit: 10, err: io.ErrUnexpectedEOF},
		{name: "unsized", body: unsized{strings.NewReader("hello")}, size: -1, limit: 1 << 20, want: "hello", wantBytes: 16 << 10},
		{name: "unsized, byte by byte", body: iotest.OneByteReader(strings.NewReader("hello")), size: -1, limit: 10, want: "hello", wantBytes: 11},
		{name: "unsized at the limit", body: unsized{strings.NewReader("0123456789")}, size: -1, limit: 10, want: "0123456789", wantBytes: 11},
		{name: "unsized over the limit", body: unsized{strings.NewReader("0123456789x")}, size: -1, limit: 10, err: membudget.ErrTooLarge},
		{name: "read error", body: iotest.ErrReader(errors.New("boom")), size: -1, limit: 10, err: errors.New("boom")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := membudget.New(1<<20, 10*time.Millisecond)
			data, res, err := b.ReadAll(ctx, tt.body, tt.size, tt.limit)
			if tt.err != nil {
				require.Error(t, err)
				require.Contains(t, err.Error(), tt.err.Error())
				require.Zero(t, b.InUse(), "nothing stays reserved after a failure")
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, string(data))
			require.Equal(t, tt.wantBytes, res.Bytes())
			require.Equal(t, tt.wantBytes, b.InUse())
			res.Release()
			res.Release() // twice is harmless
			require.Zero(t, b.InUse())
		})
	}
}

func TestReadAllLargeUnsizedBody(t *testing.T) {
	b := membudget.New(8<<20, 10*time.Millisecond)
	body := bytes.Repeat([]byte("x"), 3<<20+5)
	data, res, err := b.ReadAll(context.Background(), unsized{bytes.NewReader(body)}, -1, 4<<20)
	require.NoError(t, err)
	require.Equal(t, body, data)
	require.Equal(t, int64(4<<20), res.Bytes(), "the buffer grew by doubling from 16 KiB")
	res.Release()
	require.Zero(t, b.InUse())
}

func TestBusy(t *testing.T) {
	ctx := context.Background()
	b := membudget.New(100, 50*time.Millisecond)
	_, held, err := b.ReadAll(ctx, strings.NewReader(strings.Repeat("x", 80)), 80, 1000)
	require.NoError(t, err)

	start := time.Now()
	_, _, err = b.ReadAll(ctx, strings.NewReader(strings.Repeat("y", 30)), 30, 1000)
	require.ErrorIs(t, err, membudget.ErrBusy)
	require.GreaterOrEqual(t, time.Since(start), 50*time.Millisecond, "it waited before giving up")

	_, _, err = b.ReadAll(ctx, strings.NewReader(strings.Repeat("z", 101)), 101, 1000)
	require.ErrorIs(t, err, membudget.ErrBusy, "larger than the whole budget")

	_, _, err = b.ReadAll(ctx, unsized{strings.NewReader(strings.Repeat("u", 30))}, -1, 1000)
	require.ErrorIs(t, err, membudget.ErrBusy, "an unsized body reserves before it buffers")
	require.Equal(t, int64(80), b.InUse())

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, _, err = b.ReadAll(cancelled, strings.NewReader(strings.Repeat("c", 30)), 30, 1000)
	require.ErrorIs(t, err, context.Canceled, "a request that went away is not reported busy")

	held.Release()
	require.Zero(t, b.InUse())
}

func TestRoomMadeDuringTheWaitIsTaken(t *testing.T) {
	ctx := context.Background()
	slow := membudget.New(100, 5*time.Second)
	_, held, err := slow.ReadAll(ctx, strings.NewReader(strings.Repeat("x", 80)), 80, 1000)
	require.NoError(t, err)
	go func() {
		time.Sleep(20 * time.Millisecond)
		held.Release()
	}()
	data, res, err := slow.ReadAll(ctx, strings.NewReader(strings.Repeat("y", 30)), 30, 1000)
	require.NoError(t, err)
	require.Len(t, data, 30)
	res.Release()
	require.Equal(t, int64(80), slow.Peak())
}

func TestConcurrentReservationsStayWithinBudget(t *testing.T) {
	b := membudget.New(1000, 20*time.Millisecond)
	var wg sync.WaitGroup
	var mu sync.Mutex
	outcomes := map[error]int{}
	for i := 0; i < 64; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, res, err := b.ReadAll(context.Background(), strings.NewReader(strings.Repeat("x", 300)), 300, 1000)
			if err == nil {
				time.Sleep(5 * time.Millisecond)
				res.Release()
			}
			mu.Lock()
			outcomes[err]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	require.LessOrEqual(t, b.Peak(), int64(1000))
	require.Equal(t, int64(900), b.Peak(), "three bodies of 300 at once")
	require.Zero(t, b.InUse())
	require.Equal(t, 64, outcomes[nil]+outcomes[membudget.ErrBusy], "%v", outcomes)
}

// BenchmarkReadAll compares reading a small gateway body under the budget with a plain io.ReadAll of it (what the
// handlers did before): the budget's fast path is one semaphore acquire and release, and the body is read into a
// buffer of its declared size instead of a growing one.
func BenchmarkReadAll(b *testing.B) {
	body := []byte(`{"model":"gpt-4o","messages":[{"role":"user","content":"` + strings.Repeat("hi ", 100) + `"}]}`)
	b.Run("io.ReadAll", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			data, err := io.ReadAll(io.LimitReader(bytes.NewReader(body), 32<<20+1))
			if err != nil || len(data) != len(body) {
				b.Fatal(err)
			}
		}
	})
	b.Run("budget", func(b *testing.B) {
		budget := membudget.New(256<<20, time.Second)
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			data, res, err := budget.ReadAll(ctx, bytes.NewReader(body), int64(len(body)), 32<<20)
			if err != nil || len(data) != len(body) {
				b.Fatal(err)
			}
			res.Release()
		}
	})
	b.Run("budget, parallel", func(b *testing.B) {
		budget := membudget.New(256<<20, time.Second)
		ctx := context.Background()
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				data, res, err := budget.ReadAll(ctx, bytes.NewReader(body), int64(len(body)), 32<<20)
				if err != nil || len(data) != len(body) {
					b.Error(err)
					return
				}
				res.Release()
			}
		})
	})
}
