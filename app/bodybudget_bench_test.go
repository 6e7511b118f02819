package app_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/dbtest"
)

// BenchmarkBodyMemoryRSS measures what a burst of large chat bodies costs the process in resident memory, with
// the default body memory budget and with an unbounded one (the README figure): 32 concurrent bodies of 32 MiB
// through a real standalone Bodhi to a provider that drops what it receives and answers after 2 s. It reports
// the rise of the process's peak RSS (VmHWM, reset before the burst) over its RSS before, the budget's peak, and
// how many bodies were served and turned away. The client, its one shared payload and the provider live in the
// same process: their share is the payload (32 MiB) and small buffers. Run it once: -benchtime=1x.
func BenchmarkBodyMemoryRSS(b *testing.B) {
	if _, err := os.Stat("/proc/self/clear_refs"); err != nil {
		b.Skip("needs Linux /proc to read and reset the peak RSS")
	}
	const bodies, size = 32, 32<<20 - 1<<10
	for _, budgetMB := range []int{256, 65536} {
		b.Run(fmt.Sprintf("budget=%dMiB", budgetMB), func(b *testing.B) {
			bodhi, token := standaloneWithModel(b, droppingProvider(b, 2*time.Second),
				"BODHI_BODY_MEMORY_MB="+strconv.Itoa(budgetMB))
			payload := largeChat(size)
			client := &http.Client{Transport: &http.Transport{}, Timeout: time.Minute}
			b.Cleanup(client.CloseIdleConnections)
			url := "http://127.0.0.1:" + strconv.Itoa(bodhi.Port) + "/v1/chat/completions"
			for b.Loop() {
				runtime.GC()
				debug.FreeOSMemory()
				before := procStatusKB(b, "VmRSS")
				if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
					b.Fatalf("reset the peak RSS: %v", err)
				}
				bodhi.App.BodyBudget().ResetPeak()
				var wg sync.WaitGroup
				var mu sync.Mutex
				statuses := map[int]int{}
				for range bodies {
					wg.Add(1)
					go func() {
						defer wg.Done()
						req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(payload))
						req.Host = bodhi.Host("acme")
						req.Header.Set("Content-Type", "application/json")
						req.Header.Set("Authorization", "Bearer "+token)
						status := 0
						if resp, err := client.Do(req); err == nil {
							_, _ = io.Copy(io.Discard, resp.Body)
							resp.Body.Close()
							status = resp.StatusCode
						}
						mu.Lock()
						statuses[status]++
						mu.Unlock()
					}()
				}
				wg.Wait()
				peak := procStatusKB(b, "VmHWM")
				b.ReportMetric(float64(before)/1024, "RSS-before-MB")
				b.ReportMetric(float64(peak-before)/1024, "RSS-rise-MB")
				b.ReportMetric(float64(bodhi.App.BodyBudget().Peak())/(1<<20), "budget-peak-MiB")
				b.ReportMetric(float64(statuses[http.StatusOK]), "served")
				b.ReportMetric(float64(statuses[http.StatusServiceUnavailable]), "busy")
				if other := bodies - statuses[http.StatusOK] - statuses[http.StatusServiceUnavailable]; other != 0 {
					b.Fatalf("%d requests ended otherwise: %v", other, statuses)
				}
			}
		})
	}
}

// standaloneWithModel starts a standalone Bodhi with extra settings, registers p as the API model "fake/…" and
// returns the server with a user API token.
func standaloneWithModel(b *testing.B, p *apptest.Provider, extraEnv ...string) (*apptest.Bodhi, string) {
	l := apptest.Listen(b)
	idp := apptest.StartIdP(b, apptest.TwoOrgSeed(false, l.Port), 0)
	acme := apptest.Acme
	aliceID, _ := idp.UserID("alice")
	acme.FirstAdmin = &aliceID
	bodhi := l.Start(b, idp, dbtest.Dialect{Name: "sqlite", URL: dbtest.SQLiteURL}, false, []apptest.Org{acme}, extraEnv...)
	browser := apptest.NewBrowser(b, bodhi.Host("acme"))
	if r := browser.Login("alice", apptest.Password); r.Status != http.StatusOK {
		b.Fatalf("login: %d %s", r.Status, r.Body)
	}
	r := browser.Do(http.MethodPost, "/bodhi/v1/api-models", map[string]any{"api_format": "openai",
		"base_url": p.URL, "api_key": "sk-bench", "models": []string{"gpt-4o"}, "prefix": "fake/"})
	if r.Status != http.StatusCreated {
		b.Fatalf("create the API model: %d %s", r.Status, r.Body)
	}
	r = browser.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]string{"scope": "scope_token_user"})
	if r.Status != http.StatusCreated {
		b.Fatalf("create a token: %d %s", r.Status, r.Body)
	}
	return bodhi, r.JSON(b)["token"].(string)
}

// droppingProvider answers every chat completion after delay, having read and dropped the request body.
func droppingProvider(b *testing.B, delay time.Duration) *apptest.Provider {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if r.URL.Path != "/v1/chat/completions" {
			http.NotFound(w, r)
			return
		}
		time.Sleep(delay)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"c","object":"chat.completion","choices":[{"index":0,"finish_reason":"stop",`+
			`"message":{"role":"assistant","content":"ok"}}]}`)
	}))
	b.Cleanup(srv.Close)
	return &apptest.Provider{URL: srv.URL + "/v1"}
}

// procStatusKB reads one "Vm…" line of /proc/self/status, in kB.
func procStatusKB(b *testing.B, field string) int64 {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(raw), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				b.Fatal(err)
			}
			return n
		}
	}
	b.Fatalf("no %s in /proc/self/status", field)
	return 0
}
