package llamaserver_test

import (
	"bufio"
	"context"
	"net/http"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/gateway"
	"github.com/bodhiapp/bodhi/localmodels/llamaserver"
	"github.com/bodhiapp/bodhi/localmodels/llamaserver/llamaservertest"
)

// forwardAsync sends a whole chat completion for target in a goroutine; the channel gets its answer's status or
// its error.
func (b *bundle) forwardAsync(target gateway.LocalTarget) chan error {
	done := make(chan error, 1)
	go func() {
		resp, err := b.m.Forward(context.Background(), target, gateway.EndpointChat, "", chatBody(target.Alias, false))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				err = &apperr.Error{Message: resp.Status}
			}
		}
		done <- err
	}()
	return done
}

// index is the position of the first event of kind from pid in events, -1 when none.
func index(events []llamaservertest.Event, kind string, pid int) int {
	return slices.IndexFunc(events, func(e llamaservertest.Event) bool { return e.Event == kind && e.PID == pid })
}

func TestSwitchWaitsForTheStreamInFlight(t *testing.T) {
	t.Parallel()
	b := newBundle(t)
	first := b.target(t, "o/a:Q4_0", "--fake-stream-delay 150ms")
	second := b.target(t, "o/b:Q4_0")
	resp, err := b.m.Forward(context.Background(), first, gateway.EndpointChat, "text/event-stream",
		chatBody(first.Alias, true))
	require.NoError(t, err)
	require.Equal(t, "text/event-stream", resp.Header.Get("Content-Type"))
	firstPID := b.pid(t)
	stream := bufio.NewReader(resp.Body)
	line, err := stream.ReadString('\n')
	require.NoError(t, err)
	require.Contains(t, line, `"role":"assistant"`)

	switched := b.forwardAsync(second)
	time.Sleep(200 * time.Millisecond)
	select {
	case err := <-switched:
		t.Fatalf("the switch did not wait for the stream in flight: %v", err)
	default:
	}
	require.True(t, llamaservertest.Alive(firstPID))
	rest := readAll(t, stream)
	require.NoError(t, resp.Body.Close())
	require.Contains(t, rest, `"content":" from"`)
	require.Contains(t, rest, `"finish_reason":"stop"`)
	require.True(t, strings.HasSuffix(rest, "data: [DONE]\n\n"), "the stream completed: %s", rest)

	select {
	case err := <-switched:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the switch never happened")
	}
	secondPID := b.pid(t)
	require.NotEqual(t, firstPID, secondPID)
	require.Equal(t, "o/b:Q4_0", b.m.Status().Alias)
	llamaservertest.RequireGone(t, firstPID, time.Second)
	events := llamaservertest.Events(t, b.record)
	require.Less(t, index(events, "exit", firstPID), index(events, "start", secondPID),
		"the first child stopped (SIGTERM) before the second started: one process at a time")
	require.Equal(t, "terminated", events[index(events, "exit", firstPID)].Signal)
}

func TestSwitchGivesUpWaitingAfterTheDrainTimeout(t *testing.T) {
	t.Parallel()
	b := newBundle(t, func(o *llamaserver.Options) { o.Timing.DrainTimeout = 300 * time.Millisecond })
	stuck := b.target(t, "o/a:Q4_0", "--fake-stream-delay 1m")
	resp, err := b.m.Forward(context.Background(), stuck, gateway.EndpointChat, "", chatBody(stuck.Alias, true))
	require.NoError(t, err)
	defer resp.Body.Close()
	stuckPID := b.pid(t)

	start := time.Now()
	b.chat(t, b.target(t, "o/b:Q4_0"))
	require.GreaterOrEqual(t, time.Since(start), 300*time.Millisecond)
	require.False(t, llamaservertest.Alive(stuckPID), "stopped with its request still in flight")
	_, err = readAllErr(resp)
	require.Error(t, err, "the cut stream ends with an error")
	require.Contains(t, b.logs.String(), "llama-server still has requests in flight; stopping it anyway")
}

func readAllErr(resp *http.Response) (string, error) {
	var sb strings.Builder
	_, err := bufio.NewReader(resp.Body).WriteTo(&sb)
	return sb.String(), err
}

func TestAnAliasWithChangedParametersRestarts(t *testing.T) {
	t.Parallel()
	b := newBundle(t)
	target := b.target(t, "o/a:Q4_0", "--ctx-size 1024")
	b.chat(t, target)
	before := b.pid(t)
	target.ContextParams = []string{"--ctx-size 4096"}
	b.chat(t, target)
	require.NotEqual(t, before, b.pid(t))
	starts := b.events(t, "start")
	require.Len(t, starts, 2)
	require.Equal(t, "4096", starts[1].Args[len(starts[1].Args)-1])
}

func TestIdleStop(t *testing.T) {
	t.Parallel()
	b := newBundle(t, func(o *llamaserver.Options) { o.KeepAlive = 300 * time.Millisecond })
	target := b.target(t, "o/a:Q4_0")

	// A request in flight keeps the child, however long it lasts.
	resp, err := b.m.Forward(context.Background(), target, gateway.EndpointChat, "", chatBody(target.Alias, false))
	require.NoError(t, err)
	pid := b.pid(t)
	require.Equal(t, 1, b.m.Status().InFlight)
	require.True(t, b.m.Status().IdleStop.IsZero(), "no idle stop while a request is in flight")
	time.Sleep(600 * time.Millisecond)
	require.True(t, llamaservertest.Alive(pid))
	idleFrom := time.Now()
	require.NoError(t, resp.Body.Close())

	llamaservertest.RequireGone(t, pid, 5*time.Second)
	require.GreaterOrEqual(t, time.Since(idleFrom), 300*time.Millisecond, "stopped after the keep-alive")
	require.Eventually(t, func() bool { return !b.m.Status().Running }, time.Second, 10*time.Millisecond)
	require.Equal(t, "terminated", b.events(t, "exit")[0].Signal)

	b.chat(t, target)
	require.NotEqual(t, pid, b.pid(t), "the next request starts it again")
}

func TestKeepAliveChangeReachesTheRunningTimer(t *testing.T) {
	t.Parallel()
	b := newBundle(t)
	b.chat(t, b.target(t, "o/a:Q4_0"))
	pid := b.pid(t)
	require.WithinDuration(t, time.Now().Add(time.Hour), b.m.Status().IdleStop, time.Minute)

	b.m.SetKeepAlive(2 * time.Hour)
	require.Equal(t, 2*time.Hour, b.m.KeepAlive())
	require.WithinDuration(t, time.Now().Add(2*time.Hour), b.m.Status().IdleStop, time.Minute,
		"the running timer moved")
	require.True(t, llamaservertest.Alive(pid))

	b.m.SetKeepAlive(100 * time.Millisecond) // already idle for longer: stopped at once
	llamaservertest.RequireGone(t, pid, 5*time.Second)
}

func TestCrashThenRestart(t *testing.T) {
	t.Parallel()
	b := newBundle(t)
	target := b.target(t, "o/a:Q4_0", "--fake-crash-on-request 2")
	b.chat(t, target)
	crashed := b.pid(t)

	_, err := b.m.Forward(context.Background(), target, gateway.EndpointChat, "", chatBody(target.Alias, false))
	require.ErrorIs(t, err, llamaserver.ErrExited)
	require.ErrorIs(t, err, gateway.ErrProviderUnreachable, "a network failure before any answer (http-api.md §7)")
	e, _ := apperr.As(err)
	require.Equal(t, "ai_api_service_error-bad_gateway", e.Code)
	require.Contains(t, e.Message, "llama-server stopped while serving the request: it exited (exit status 3).")
	require.Contains(t, e.Message, "failed to allocate buffer\nfake: crashing on request 2")
	require.Eventually(t, func() bool { return !b.m.Status().Running }, 5*time.Second, 10*time.Millisecond)

	require.Equal(t, "Hello from o_a-Q4_0.gguf", b.chat(t, target), "the next request starts it again")
	require.NotEqual(t, crashed, b.pid(t))
	require.Len(t, b.events(t, "start"), 2)
	require.Equal(t, llamaserver.Counts{Starts: 2, Crashes: 1}, b.m.Counts(), "the metrics' counts")
}

func TestKilledWhileIdleThenRestart(t *testing.T) {
	t.Parallel()
	b := newBundle(t)
	target := b.target(t, "o/a:Q4_0")
	b.chat(t, target)
	killed := b.pid(t)
	require.NoError(t, syscall.Kill(killed, syscall.SIGKILL))
	require.Eventually(t, func() bool { return !b.m.Status().Running }, 5*time.Second, 10*time.Millisecond)
	exits := b.logs.lines(t, "llama-server exited")
	require.Len(t, exits, 1)
	require.Equal(t, "signal: killed", exits[0]["status"])

	b.chat(t, target)
	require.NotEqual(t, killed, b.pid(t))
}

func TestCloseLeavesNoProcess(t *testing.T) {
	t.Parallel()
	b := newBundle(t)
	target := b.target(t, "o/a:Q4_0")
	b.chat(t, target)
	pid := b.pid(t)
	require.NoError(t, b.m.Close(context.Background()))
	require.False(t, llamaservertest.Alive(pid), "gone when Close returns")
	require.Equal(t, "terminated", b.events(t, "exit")[0].Signal, "SIGTERM first")

	_, err := b.m.Forward(context.Background(), target, gateway.EndpointChat, "", chatBody(target.Alias, false))
	require.ErrorIs(t, err, llamaserver.ErrExited)
	require.ErrorContains(t, err, "Bodhi is shutting down")
	require.NoError(t, b.m.Close(context.Background()), "idempotent")
}

func TestCloseKillsAChildThatIgnoresSIGTERM(t *testing.T) {
	t.Parallel()
	b := newBundle(t, func(o *llamaserver.Options) { o.Timing.StopGrace = 300 * time.Millisecond })
	b.chat(t, b.target(t, "o/a:Q4_0", "--fake-ignore-sigterm"))
	pid := b.pid(t)
	start := time.Now()
	require.NoError(t, b.m.Close(context.Background()))
	require.GreaterOrEqual(t, time.Since(start), 300*time.Millisecond, "SIGKILL after the grace period")
	require.False(t, llamaservertest.Alive(pid))
	require.Empty(t, b.events(t, "exit"), "it never exited on its own")
	require.Contains(t, b.logs.String(), "llama-server did not stop on SIGTERM; killing it")
}

func TestCloseDuringStart(t *testing.T) {
	t.Parallel()
	b := newBundle(t)
	done := b.forwardAsync(b.target(t, "o/a:Q4_0", "--fake-ready-after never"))
	require.Eventually(t, func() bool { return len(b.events(t, "start")) == 1 }, 5*time.Second, 10*time.Millisecond)
	require.NoError(t, b.m.Close(context.Background()))
	select {
	case err := <-done:
		require.ErrorContains(t, err, "Bodhi is shutting down")
	case <-time.After(5 * time.Second):
		t.Fatal("the start did not give up")
	}
	require.False(t, llamaservertest.Alive(b.events(t, "start")[0].PID))
}

func TestClientCancellationCancelsTheChildRequest(t *testing.T) {
	t.Parallel()
	b := newBundle(t)
	target := b.target(t, "o/a:Q4_0", "--fake-stream-delay 500ms")
	ctx, cancel := context.WithCancel(context.Background())
	resp, err := b.m.Forward(ctx, target, gateway.EndpointChat, "", chatBody(target.Alias, true))
	require.NoError(t, err)
	_, err = bufio.NewReader(resp.Body).ReadString('\n')
	require.NoError(t, err)
	cancel()
	require.Eventually(t, func() bool { return len(b.events(t, "cancelled")) == 1 }, 5*time.Second,
		10*time.Millisecond, "the child saw its request cancelled")
	resp.Body.Close()
	require.Zero(t, b.m.Status().InFlight)

	// A client gone while it waits for a start is not kept waiting either.
	slow := b.target(t, "o/b:Q4_0", "--fake-ready-after 2s")
	first := b.forwardAsync(slow)
	require.Eventually(t, func() bool { return len(b.events(t, "start")) == 2 }, 5*time.Second, 10*time.Millisecond)
	ctx, cancel = context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = b.m.Forward(ctx, b.target(t, "o/c:Q4_0"), gateway.EndpointChat, "", chatBody("c", false))
	require.ErrorIs(t, err, gateway.ErrProviderUnreachable)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.NoError(t, <-first)
}

func TestDeathMidStreamSaysWhy(t *testing.T) {
	t.Parallel()
	b := newBundle(t)
	target := b.target(t, "o/a:Q4_0", "--fake-stream-delay 1s")
	resp, err := b.m.Forward(context.Background(), target, gateway.EndpointChat, "", chatBody(target.Alias, true))
	require.NoError(t, err)
	defer resp.Body.Close()
	stream := bufio.NewReader(resp.Body)
	_, err = stream.ReadString('\n')
	require.NoError(t, err)
	require.NoError(t, syscall.Kill(b.pid(t), syscall.SIGKILL))
	_, err = readAllErr(&http.Response{Body: resp.Body})
	require.ErrorContains(t, err, "llama-server exited: signal: killed", "the relay's log says why the stream broke")
}

func TestClientGoneEndsTheReadAtOnce(t *testing.T) {
	t.Parallel()
	b := newBundle(t)
	target := b.target(t, "o/a:Q4_0", "--fake-stream-delay 1s")
	ctx, cancel := context.WithCancel(context.Background())
	resp, err := b.m.Forward(ctx, target, gateway.EndpointChat, "", chatBody(target.Alias, true))
	require.NoError(t, err)
	defer resp.Body.Close()
	_, err = bufio.NewReader(resp.Body).ReadString('\n')
	require.NoError(t, err)
	cancel()
	start := time.Now()
	_, err = readAllErr(&http.Response{Body: resp.Body})
	require.ErrorIs(t, err, context.Canceled)
	require.Less(t, time.Since(start), time.Second, "no wait for a death that is not coming")
}
