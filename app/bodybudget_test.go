package app_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
)

// largeChat is a chat completion request of exactly size bytes.
func largeChat(size int) []byte {
	head, tail := `{"model":"fake/gpt-4o","messages":[{"role":"user","content":"`, `"}]}`
	return []byte(head + strings.Repeat("x", size-len(head)-len(tail)) + tail)
}

func TestBodyMemoryBudget(t *testing.T) {
	const budget, bodies, size = 64 << 20, 16, 32<<20 - 1<<10
	// Not in parallel: each burst offers half a gigabyte of bodies, and the race detector multiplies memory.
	for _, hosted := range []bool{true, false} {
		t.Run(map[bool]string{true: "hosted", false: "standalone"}[hosted], func(t *testing.T) {
			d := startDeployment(t, hosted, 0, "BODHI_ALLOW_PRIVATE_UPSTREAMS=true", "BODHI_BODY_MEMORY_MB=64")
			p := apptest.StartProvider(t)
			_, token, _ := setupModel(t, d, "acme", "alice", p, "sk-acme", "fake/")
			// A slow model keeps the first bodies' reservations for longer than the others may wait.
			p.ResponseDelay = 2 * time.Second
			gauge := d.bodhi.App.BodyBudget()
			require.EqualValues(t, budget, gauge.Size())
			gauge.ResetPeak()
			forwardedBefore := len(p.Calls())

			payload := largeChat(size)
			client := &http.Client{Transport: &http.Transport{}, Timeout: time.Minute}
			t.Cleanup(client.CloseIdleConnections)
			type outcome struct {
				status     int
				code       string
				retryAfter string
				err        error
			}
			outcomes := make([]outcome, bodies)
			var wg sync.WaitGroup
			for i := range outcomes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1:"+strconv.Itoa(d.bodhi.Port)+"/v1/chat/completions",
						bytes.NewReader(payload))
					req.Host = d.bodhi.Host("acme")
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Authorization", "Bearer "+token)
					resp, err := client.Do(req)
					if err != nil {
						outcomes[i].err = err
						return
					}
					defer resp.Body.Close()
					var e struct{ Error struct{ Type, Code string } }
					_ = json.NewDecoder(resp.Body).Decode(&e)
					outcomes[i] = outcome{status: resp.StatusCode, code: e.Error.Code, retryAfter: resp.Header.Get("Retry-After")}
				}()
			}
			wg.Wait()

			served, busy := 0, 0
			for i, o := range outcomes {
				require.NoError(t, o.err, "request %d", i)
				switch o.status {
				case http.StatusOK:
					served++
				case http.StatusServiceUnavailable:
					busy++
					require.Equal(t, "server_busy", o.code, "request %d", i)
					require.NotEmpty(t, o.retryAfter, "request %d", i)
				default:
					t.Fatalf("request %d: status %d, code %s", i, o.status, o.code)
				}
			}
			peak := gauge.Peak()
			t.Logf("%d served, %d answered 503 server_busy; peak of the budget %d MiB of %d MiB", served, busy,
				peak>>20, int64(budget)>>20)
			require.LessOrEqual(t, peak, int64(budget), "the budget is never exceeded")
			require.GreaterOrEqual(t, peak, int64(size), "the bodies went through the budget")
			require.Positive(t, served)
			require.Positive(t, busy, "some bodies found no room")
			require.Equal(t, served, len(p.Calls())-forwardedBefore, "only the served bodies were forwarded")
			require.Zero(t, gauge.InUse(), "every reservation was given back")

			p.ResponseDelay = 0
			r := bearer(t, d, "acme", token).Do(http.MethodPost, "/v1/chat/completions", chatBody("fake/gpt-4o", false))
			require.Equal(t, http.StatusOK, r.Status, "a normal request right after the burst: %s", r.Body)
		})
	}
}
