//go:build scale

package scale

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
)

// suspensionGoal is the propagation goal of runtime.md §6.4 and §13; the checks pass within 5 s and report it.
const suspensionGoal = time.Second

// result is one check's outcome for the summary.
type result struct {
	n      int
	name   string
	passed bool
	detail string
}

// TestScale runs the checks of runtime.md §11.2 and the rolling restart, then prints PASS or FAIL for each.
// Check 6 stops Redis, so it runs last.
func TestScale(t *testing.T) {
	s := startTopology(t)
	var results []result
	check := func(n int, name string, fn func(t *testing.T) string) {
		var detail string
		passed := t.Run(fmt.Sprintf("%d_%s", n, strings.ReplaceAll(name, " ", "_")), func(t *testing.T) {
			detail = fn(t)
		})
		results = append(results, result{n, name, passed, detail})
	}
	defer func() {
		slices.SortFunc(results, func(a, b result) int { return a.n - b.n })
		fmt.Println("\nscale: horizontal-scaling checks (runtime.md §11.2), 3 replicas behind HAProxy")
		for _, r := range results {
			verdict := "PASS"
			if !r.passed {
				verdict = "FAIL"
			}
			fmt.Printf("scale: %s %d. %s: %s\n", verdict, r.n, r.name, r.detail)
		}
	}()

	var alice []*http.Cookie
	var token string
	check(1, "sessions are shared", func(t *testing.T) string {
		var detail string
		alice, detail = s.sessionsShared(t)
		return detail
	})
	check(2, "tokens are shared", func(t *testing.T) string { return s.tokensShared(t, alice) })
	check(3, "suspension propagates", s.suspensionPropagates)
	check(4, "a session refreshes once", s.refreshOnce)
	check(5, "chat through the proxy", func(t *testing.T) string {
		var detail string
		token, detail = s.chatThroughProxy(t, alice)
		return detail
	})
	check(7, "rolling restart", func(t *testing.T) string { return s.rollingRestart(t, alice, token) })
	check(6, "Redis outage", s.redisOutage)
}

// browser is a client of host carrying cookies.
func browser(t *testing.T, host string, cookies []*http.Cookie) *apptest.Browser {
	b := apptest.NewBrowser(t, host)
	b.SetCookies(cookies)
	return b
}

// bearer is a client of host presenting token.
func bearer(t *testing.T, host, token string) *apptest.Browser {
	b := apptest.NewBrowser(t, host)
	b.Headers.Set("Authorization", "Bearer "+token)
	return b
}

func requireAdminSession(t *testing.T, r apptest.Response, where string) {
	t.Helper()
	require.Equal(t, http.StatusOK, r.Status, "%s: %s", where, r.Body)
	body := r.JSON(t)
	require.Equal(t, "logged_in", body["auth_status"], "%s: %s", where, r.Body)
	require.Equal(t, "resource_admin", body["role"], "%s: %s", where, r.Body)
}

// sessionsShared is check 1: log in as alice on replica 1, use the cookie on replicas 2 and 3, then 30 times
// through the proxy. It returns alice's cookies.
func (s *topology) sessionsShared(t *testing.T) ([]*http.Cookie, string) {
	first := apptest.NewBrowser(t, s.replicaHost(0, "acme"))
	r := first.Login("alice", apptest.Password)
	require.Equal(t, http.StatusOK, r.Status, "login on r1: %s", r.Body)
	cookies := first.Cookies()
	require.NotEmpty(t, cookies)
	for i := 1; i < replicaCount; i++ {
		requireAdminSession(t, browser(t, s.replicaHost(i, "acme"), cookies).Do(http.MethodGet, "/bodhi/v1/user", nil),
			s.replicaName(i))
	}
	proxied := browser(t, s.proxyHost("acme"), cookies)
	served := map[string]int{}
	for range 30 {
		r := proxied.Do(http.MethodGet, "/bodhi/v1/user", nil)
		requireAdminSession(t, r, "through the proxy")
		served[r.Header.Get("X-Bodhi-Replica")]++
	}
	for i := range replicaCount {
		require.Positive(t, served[s.replicaName(i)], "the proxy sent nothing to %s: %v", s.replicaName(i), served)
	}
	return cookies, fmt.Sprintf("a session made on r1 is logged_in as resource_admin on r2 and r3; 30/30 through "+
		"the proxy (r1 %d, r2 %d, r3 %d)", served["r1"], served["r2"], served["r3"])
}

// tokensShared is check 2: a token made on replica 2 works on all three; set inactive on replica 3, it is
// refused on 1 and 2; it is never valid for another org.
func (s *topology) tokensShared(t *testing.T, cookies []*http.Cookie) string {
	name := fmt.Sprintf("scale-%d", time.Now().UnixNano())
	onR2 := browser(t, s.replicaHost(1, "acme"), cookies)
	r := onR2.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]string{"name": name, "scope": "scope_token_user"})
	require.Equal(t, http.StatusCreated, r.Status, "create on r2: %s", r.Body)
	token := r.JSON(t)["token"].(string)
	id := tokenID(t, onR2, name)
	for i := range replicaCount {
		r := bearer(t, s.replicaHost(i, "acme"), token).Do(http.MethodGet, "/v1/models", nil)
		require.Equal(t, http.StatusOK, r.Status, "%s: %s", s.replicaName(i), r.Body)
	}
	r = browser(t, s.replicaHost(2, "acme"), cookies).Do(http.MethodPut, "/bodhi/v1/tokens/"+id,
		map[string]string{"name": name, "status": "inactive"})
	require.Equal(t, http.StatusOK, r.Status, "deactivate on r3: %s", r.Body)
	deactivated := time.Now()
	var slowest time.Duration
	for i := range 2 {
		var last apptest.Response
		refused := waitFor(5*time.Second, func() bool {
			last = bearer(t, s.replicaHost(i, "acme"), token).Do(http.MethodGet, "/v1/models", nil)
			return last.Status == http.StatusUnauthorized
		})
		require.True(t, refused, "%s still accepts the inactive token: %d %s", s.replicaName(i), last.Status, last.Body)
		require.Equal(t, "auth_error-token_inactive", last.ErrorCode(t), s.replicaName(i))
		slowest = max(slowest, time.Since(deactivated))
	}
	r = bearer(t, s.proxyHost("globex"), token).Do(http.MethodGet, "/v1/models", nil)
	require.Equal(t, http.StatusUnauthorized, r.Status, "globex: %s", r.Body)
	require.Equal(t, "token_error-invalid_token", r.ErrorCode(t))
	return fmt.Sprintf("made on r2: 200 on r1, r2, r3; set inactive on r3: 401 auth_error-token_inactive on r1 "+
		"and r2 within %s; 401 token_error-invalid_token on globex", slowest.Round(time.Millisecond))
}

// tokenID finds the id of the caller's token called name (the create response carries only the token).
func tokenID(t *testing.T, b *apptest.Browser, name string) string {
	r := b.Do(http.MethodGet, "/bodhi/v1/tokens?page=1&page_size=100", nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	var list struct {
		Data []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal(r.Body, &list))
	for _, tok := range list.Data {
		if tok.Name == name {
			return tok.ID
		}
	}
	t.Fatalf("token %q is not listed: %s", name, r.Body)
	return ""
}

// orgStatusCode is a replica's answer to GET /bodhi/v1/orgs/current for acme: the status and the error code.
func (s *topology) orgStatusCode(i int) (int, string) {
	req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("http://%s/bodhi/v1/orgs/current", s.replicaHost(i, "acme")), nil)
	resp, err := apptest.HTTPClient().Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	var body struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body.Error.Code
}

// setStatus runs `bodhi org set-status acme <status>`; T0 is when it prints its line (after the commit). It
// polls every replica every 50 ms from T0 until each answers want, and returns each replica's delay.
func (s *topology) setStatus(t *testing.T, status string, want int, wantCode string) [replicaCount]time.Duration {
	cmd := s.command("org", "set-status", "acme", status)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	line, err := bufio.NewReader(stdout).ReadString('\n')
	t0 := time.Now()
	require.NoError(t, err, "set-status printed nothing: %s", stderr.String())
	require.Contains(t, line, status)

	var delays [replicaCount]time.Duration
	var wg sync.WaitGroup
	seen := make([]bool, replicaCount)
	for i := range replicaCount {
		wg.Go(func() {
			seen[i] = waitFor(5*time.Second, func() bool {
				code, errCode := s.orgStatusCode(i)
				return code == want && errCode == wantCode
			})
			delays[i] = time.Since(t0)
		})
	}
	wg.Wait()
	_, _ = io.Copy(io.Discard, stdout)
	require.NoError(t, cmd.Wait(), "set-status %s: %s", status, stderr.String())
	for i, ok := range seen {
		require.True(t, ok, "%s did not answer %d %s within 5 s of T0", s.replicaName(i), want, wantCode)
	}
	return delays
}

func maxDelay(d [replicaCount]time.Duration) time.Duration { return slices.Max(d[:]) }

func formatDelays(d [replicaCount]time.Duration) string {
	parts := make([]string, len(d))
	for i, v := range d {
		parts[i] = fmt.Sprintf("r%d %s", i+1, v.Round(time.Millisecond))
	}
	return strings.Join(parts, ", ")
}

// suspensionPropagates is check 3.
func (s *topology) suspensionPropagates(t *testing.T) string {
	for i := range replicaCount {
		code, _ := s.orgStatusCode(i) // warm every replica's in-process org entry
		require.Equal(t, http.StatusOK, code, s.replicaName(i))
	}
	suspended := s.setStatus(t, "suspended", http.StatusForbidden, "org_error-suspended")
	active := s.setStatus(t, "active", http.StatusOK, "")
	goal := "met"
	if max(maxDelay(suspended), maxDelay(active)) > suspensionGoal {
		goal = "NOT met"
	}
	return fmt.Sprintf("403 org_error-suspended on every replica %s after T0 (%s); 200 again %s after T0 (%s); "+
		"goal <= 1 s %s", maxDelay(suspended).Round(time.Millisecond), formatDelays(suspended),
		maxDelay(active).Round(time.Millisecond), formatDelays(active), goal)
}

// refreshOnce is check 4: with an access token inside its refresh window, 30 concurrent requests on three
// replicas refresh it once.
func (s *topology) refreshOnce(t *testing.T) string {
	login := apptest.NewBrowser(t, s.replicaHost(0, "acme"))
	r := login.Login("alice", apptest.Password)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	loggedIn := time.Now()
	cookies := login.Cookies()
	// Access tokens live 15 s and are refreshed within 10 s of expiry: after 5 s this one needs a refresh.
	time.Sleep(time.Until(loggedIn.Add(6 * time.Second)))
	s.idp(t, http.MethodPost, "/realms/bodhi/dev/stats/reset", http.StatusNoContent)

	statuses := make([]string, 30)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 30 {
		wg.Go(func() {
			<-start
			req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("http://%s/bodhi/v1/user", s.replicaHost(i%replicaCount, "acme")), nil)
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			for _, c := range cookies {
				req.AddCookie(c)
			}
			resp, err := apptest.HTTPClient().Do(req)
			if err != nil {
				statuses[i] = err.Error()
				return
			}
			defer resp.Body.Close()
			var body map[string]any
			_ = json.NewDecoder(resp.Body).Decode(&body)
			statuses[i] = fmt.Sprintf("%d %v", resp.StatusCode, body["auth_status"])
		})
	}
	close(start)
	wg.Wait()
	for i, st := range statuses {
		require.Equal(t, "200 logged_in", st, "request %d (to %s)", i, s.replicaName(i%replicaCount))
	}
	var stats struct {
		RefreshByUser map[string]int `json:"refresh_by_user"`
	}
	require.NoError(t, json.Unmarshal(s.idp(t, http.MethodGet, "/realms/bodhi/dev/stats", http.StatusOK), &stats))
	require.Equal(t, 1, stats.RefreshByUser["alice"], "refresh grants for alice: %v", stats.RefreshByUser)
	return "30 concurrent requests (10 per replica) all logged_in; the identity provider saw refresh_by_user.alice == 1"
}

// idp calls the identity provider's development hooks.
func (s *topology) idp(t *testing.T, method, path string, want int) []byte {
	req, err := http.NewRequest(method, s.idpURL+path, nil)
	require.NoError(t, err)
	resp, err := apptest.HTTPClient().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	require.Equal(t, want, resp.StatusCode, "%s %s: %s", method, path, body)
	return body
}

// chatThroughProxy is check 5. It returns an active API token of alice's for the next checks.
func (s *topology) chatThroughProxy(t *testing.T, cookies []*http.Cookie) (string, string) {
	admin := browser(t, s.proxyHost("acme"), cookies)
	r := admin.Do(http.MethodPost, "/bodhi/v1/api-models", map[string]any{"api_format": "openai",
		"base_url": s.provider.BaseURL(), "api_key": "sk-scale", "models": []string{"gpt-4o"}, "prefix": "scale/"})
	require.Equal(t, http.StatusCreated, r.Status, "create the API model: %s", r.Body)
	r = admin.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]string{"name": "chat", "scope": "scope_token_user"})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	token := r.JSON(t)["token"].(string)
	for i := range replicaCount {
		var last apptest.Response
		listed := waitFor(5*time.Second, func() bool {
			last = bearer(t, s.replicaHost(i, "acme"), token).Do(http.MethodGet, "/v1/models", nil)
			return last.Status == http.StatusOK && bytes.Contains(last.Body, []byte(`"scale/gpt-4o"`))
		})
		require.True(t, listed, "%s does not list scale/gpt-4o: %s", s.replicaName(i), last.Body)
	}
	st := s.stream(context.Background(), s.proxyPort, token, nil)
	require.NoError(t, st.err)
	spread := st.arrivals[len(st.arrivals)-1].Sub(st.arrivals[0])
	require.Greater(t, spread, time.Duration(streamChunks-2)*streamDelay,
		"the chunks arrived together (%s apart): the proxy buffered the stream", spread)
	return token, fmt.Sprintf("API model created through the proxy and listed on r1, r2, r3; %d streamed chunks "+
		"arrived in order over %s, then [DONE]", streamChunks, spread.Round(time.Millisecond))
}

// streamResult is a streamed chat completion as the client saw it.
type streamResult struct {
	arrivals []time.Time // one per content chunk
	err      error       // nil when every chunk arrived in order and [DONE] ended the stream
}

// stream sends a streaming chat completion for acme to 127.0.0.1:port (the proxy or one replica) and checks it.
// first, when not nil, is closed when the first chunk arrives.
func (s *topology) stream(ctx context.Context, port int, token string, first chan<- struct{}) streamResult {
	body := `{"model":"scale/gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]}`
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost,
		fmt.Sprintf("http://%s/v1/chat/completions", host("acme", port)), strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := apptest.HTTPClient().Do(req)
	if err != nil {
		return streamResult{err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		raw, _ := io.ReadAll(resp.Body)
		return streamResult{err: fmt.Errorf("status %d: %s", resp.StatusCode, raw)}
	}
	var out streamResult
	lines := bufio.NewScanner(resp.Body)
	done := false
	for lines.Scan() {
		data, ok := strings.CutPrefix(lines.Text(), "data: ")
		if !ok {
			continue
		}
		if data == "[DONE]" {
			done = true
			break
		}
		var chunk struct {
			Choices []struct {
				Delta struct {
					Content string `json:"content"`
				} `json:"delta"`
			} `json:"choices"`
		}
		if err := json.Unmarshal([]byte(data), &chunk); err != nil || len(chunk.Choices) == 0 {
			return streamResult{err: fmt.Errorf("bad chunk %q: %v", data, err)}
		}
		if want := fmt.Sprintf("part%d ", len(out.arrivals)); chunk.Choices[0].Delta.Content != want {
			return streamResult{err: fmt.Errorf("chunk %d is %q, want %q", len(out.arrivals), chunk.Choices[0].Delta.Content, want)}
		}
		out.arrivals = append(out.arrivals, time.Now())
		if first != nil && len(out.arrivals) == 1 {
			close(first)
		}
	}
	switch {
	case lines.Err() != nil:
		out.err = fmt.Errorf("after %d chunks: %w", len(out.arrivals), lines.Err())
	case !done || len(out.arrivals) != streamChunks:
		out.err = fmt.Errorf("stream ended after %d of %d chunks (done=%v)", len(out.arrivals), streamChunks, done)
	}
	return out
}

// load sends requests through the proxy until stopped and counts failures: any transport error or non-200.
type load struct {
	total, streams atomic.Int64
	mu             sync.Mutex
	failures       []string
}

func (l *load) fail(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.failures) < 20 {
		l.failures = append(l.failures, fmt.Sprintf(format, args...))
	}
}

func (s *topology) runLoad(ctx context.Context, l *load, cookies []*http.Cookie, token string) *sync.WaitGroup {
	base := fmt.Sprintf("http://%s", s.proxyHost("acme"))
	requests := []func() (*http.Request, error){
		func() (*http.Request, error) { return http.NewRequest(http.MethodGet, base+"/v1/models", nil) },
		func() (*http.Request, error) {
			return http.NewRequest(http.MethodPost, base+"/v1/chat/completions",
				strings.NewReader(`{"model":"scale/gpt-4o","messages":[{"role":"user","content":"hi"}]}`))
		},
		func() (*http.Request, error) { return http.NewRequest(http.MethodGet, base+"/bodhi/v1/user", nil) },
	}
	var wg sync.WaitGroup
	for w := range 6 {
		wg.Go(func() {
			client := apptest.HTTPClient()
			for n := w; ctx.Err() == nil; n++ {
				req, _ := requests[n%len(requests)]()
				if strings.HasSuffix(req.URL.Path, "/user") {
					req.Header.Set("Sec-Fetch-Site", "same-origin")
					for _, c := range cookies {
						req.AddCookie(c)
					}
				} else {
					req.Header.Set("Authorization", "Bearer "+token)
					req.Header.Set("Content-Type", "application/json")
				}
				resp, err := client.Do(req)
				l.total.Add(1)
				if err != nil {
					l.fail("%s %s: %v", req.Method, req.URL.Path, err)
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					l.fail("%s %s: %d via %s", req.Method, req.URL.Path, resp.StatusCode, resp.Header.Get("X-Bodhi-Replica"))
				}
				time.Sleep(5 * time.Millisecond)
			}
		})
	}
	for range 2 { // streamed chats through the proxy, back to back
		wg.Go(func() {
			for ctx.Err() == nil {
				st := s.stream(context.Background(), s.proxyPort, token, nil)
				l.total.Add(1)
				l.streams.Add(1)
				if st.err != nil {
					l.fail("streamed chat through the proxy: %v", st.err)
				}
			}
		})
	}
	return &wg
}

// rollingRestart is check 7: under load through the proxy, each replica in turn gets SIGTERM while serving a
// streaming chat, finishes it, exits 0 and is started again. No request may fail.
func (s *topology) rollingRestart(t *testing.T, cookies []*http.Cookie, token string) string {
	require.NotEmpty(t, token, "check 5 provides the API model and token")
	ctx, stopLoad := context.WithCancel(context.Background())
	l := &load{}
	workers := s.runLoad(ctx, l, cookies, token)
	defer func() { stopLoad(); workers.Wait() }()

	var stops []string
	for i := range replicaCount {
		time.Sleep(time.Second) // load on all three first
		inFlight, first := make(chan streamResult, 1), make(chan struct{})
		go func() { inFlight <- s.stream(context.Background(), s.ports[i], token, first) }()
		select { // the direct stream is under way
		case <-first:
		case st := <-inFlight:
			t.Fatalf("the stream to %s ended before its first chunk: %v", s.replicaName(i), st.err)
		}

		stopped := time.Now()
		exit := make(chan error, 1)
		go func() { exit <- s.replicas[i].stop(syscall.SIGTERM, 40*time.Second) }()
		st := <-inFlight
		require.NoError(t, st.err, "the stream in flight on %s when it was stopped", s.replicaName(i))
		require.NoError(t, <-exit, "%s exits 0 after draining", s.replicaName(i))
		took := time.Since(stopped)
		require.Greater(t, st.arrivals[len(st.arrivals)-1].Sub(stopped), drainSecs*time.Second,
			"the stream outlived the drain delay: the listener closed while it was in flight")

		s.startReplica(t, i)
		s.waitReplica(t, i)
		require.True(t, waitFor(10*time.Second, func() bool { return s.servedBy(t, replicaCount) }),
			"the proxy does not route to the restarted %s", s.replicaName(i))
		stops = append(stops, fmt.Sprintf("%s %s", s.replicaName(i), took.Round(100*time.Millisecond)))
	}
	time.Sleep(time.Second)
	stopLoad()
	workers.Wait()
	l.mu.Lock()
	defer l.mu.Unlock()
	require.Empty(t, l.failures, "failed requests during the rolling restart (of %d)", l.total.Load())
	require.Positive(t, l.streams.Load())
	return fmt.Sprintf("each replica stopped with SIGTERM in turn (stop to exit: %s), finishing its in-flight "+
		"streamed chat, then restarted; %d requests through the proxy meanwhile (%d streamed chats), 0 failed",
		strings.Join(stops, ", "), l.total.Load(), l.streams.Load())
}

// redisOutage is check 6: with the private Redis stopped, checks 1 and 2 still pass and /health is degraded.
func (s *topology) redisOutage(t *testing.T) string {
	require.NoError(t, s.redis.stop(syscall.SIGTERM, 10*time.Second))
	for i := range replicaCount {
		require.True(t, waitFor(10*time.Second, func() bool { return s.health(t, i) == "200 degraded error" }),
			"%s /health: %s", s.replicaName(i), s.health(t, i))
	}
	cookies, _ := s.sessionsShared(t)
	s.tokensShared(t, cookies)
	for i := range replicaCount {
		require.Equal(t, "200 degraded error", s.health(t, i), s.replicaName(i))
	}
	return "Redis stopped: checks 1 and 2 pass again; /health is 200 with status degraded and cache.status error " +
		"on every replica"
}

// health is a replica's /health as "<http status> <status> <cache.status>".
func (s *topology) health(t *testing.T, i int) string {
	resp, err := (&http.Client{Timeout: 2 * time.Second}).Get(fmt.Sprintf("http://127.0.0.1:%d/health", s.ports[i]))
	if err != nil {
		return err.Error()
	}
	defer resp.Body.Close()
	var body struct {
		Status string `json:"status"`
		Cache  struct {
			Status string `json:"status"`
		} `json:"cache"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return fmt.Sprintf("%d %s %s", resp.StatusCode, body.Status, body.Cache.Status)
}
