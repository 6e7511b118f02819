package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
)

// caller is one user's API token in one org.
type caller struct {
	slug, user, token string
}

// usageTotals is the totals object of GET /bodhi/v1/usage.
type usageTotals struct {
	Requests, Errors, PromptTokens, CompletionTokens, TotalTokens int64
}

func (a usageTotals) plus(b usageTotals) usageTotals {
	return usageTotals{a.Requests + b.Requests, a.Errors + b.Errors, a.PromptTokens + b.PromptTokens,
		a.CompletionTokens + b.CompletionTokens, a.TotalTokens + b.TotalTokens}
}

func totalsOf(m map[string]any) usageTotals {
	n := func(k string) int64 { return int64(m[k].(float64)) }
	return usageTotals{n("requests"), n("errors"), n("prompt_tokens"), n("completion_tokens"), n("total_tokens")}
}

// usageReport asks GET /bodhi/v1/usage with query through b.
func usageReport(t *testing.T, b *apptest.Browser, query string) map[string]any {
	t.Helper()
	r := b.Do(http.MethodGet, "/bodhi/v1/usage?"+query, nil)
	require.Equal(t, http.StatusOK, r.Status, "%s", r.Body)
	return r.JSON(t)
}

// rowsBy maps a report's rows by the value of key.
func rowsBy(report map[string]any, key string) map[string]usageTotals {
	out := map[string]usageTotals{}
	for _, r := range report["data"].([]any) {
		row := r.(map[string]any)
		out[fmt.Sprint(row[key])] = totalsOf(row)
	}
	return out
}

// expected usage per caller: what the fake provider reports for each kind of call (apptest.Provider).
type plan struct {
	whole, streamed, unknown int
}

func (p plan) totals() usageTotals {
	prompt := int64(p.whole*5 + p.streamed*7)
	completion := int64(p.whole*3 + p.streamed*5)
	return usageTotals{Requests: int64(p.whole + p.streamed + p.unknown), Errors: int64(p.unknown),
		PromptTokens: prompt, CompletionTokens: completion, TotalTokens: prompt + completion}
}

// hammer sends every caller's plan at once through the OpenAI client, spread over the replicas' ports, with
// workers concurrent calls; streamed calls do not ask for usage (the server asks for it on its own).
func hammer(t *testing.T, ports []int, hosted bool, callers []caller, plans []plan, workers int) {
	t.Helper()
	type call struct {
		c      caller
		kind   string
		client openai.Client
	}
	var calls []call
	i := 0
	for ci, c := range callers {
		host := func(port int) string {
			if hosted {
				return fmt.Sprintf("%s.localhost:%d", c.slug, port)
			}
			return fmt.Sprintf("localhost:%d", port)
		}
		add := func(kind string, n int) {
			for range n {
				port := ports[i%len(ports)]
				i++
				client := openai.NewClient(option.WithBaseURL("http://"+host(port)+"/v1/"),
					option.WithAPIKey(c.token), option.WithHTTPClient(apptest.HTTPClient()), option.WithMaxRetries(0))
				calls = append(calls, call{c: c, kind: kind, client: client})
			}
		}
		add("whole", plans[ci].whole)
		add("streamed", plans[ci].streamed)
		add("unknown", plans[ci].unknown)
	}
	work := make(chan call)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(failures) < 5 {
			failures = append(failures, fmt.Sprintf(format, args...))
		}
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			for cl := range work {
				msgs := []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")}
				switch cl.kind {
				case "whole":
					resp, err := cl.client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
						Model: "fake/gpt-4o", Messages: msgs})
					if err != nil || resp.Usage.TotalTokens != 8 {
						fail("whole call for %s: %v", cl.c.user, err)
					}
				case "streamed":
					stream := cl.client.Chat.Completions.NewStreaming(ctx, openai.ChatCompletionNewParams{
						Model: "fake/gpt-4o", Messages: msgs})
					chunks := 0
					for stream.Next() {
						if len(stream.Current().Choices) == 0 {
							fail("a usage chunk reached a client that did not ask for it")
						}
						chunks++
					}
					if stream.Err() != nil || chunks == 0 {
						fail("streamed call for %s: %v (%d chunks)", cl.c.user, stream.Err(), chunks)
					}
				case "unknown":
					_, err := cl.client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
						Model: "fake/no-such-model", Messages: msgs})
					if err == nil {
						fail("an unknown model answered")
					}
				}
			}
		}()
	}
	for _, c := range calls {
		work <- c
	}
	close(work)
	wg.Wait()
	require.Empty(t, failures)
}

// Three replicas on one PostgreSQL and Redis take 2,000 whole and 500 streamed chat calls (and some for an
// unknown model) from three users in two orgs at once; the usage API then reports exactly the provider's usage
// figures, per org and per user, and neither org sees the other's rows.
func TestUsageIsExactAcrossReplicas(t *testing.T) {
	t.Parallel()
	d := gatewayDeployment(t, true)
	p := apptest.StartProvider(t)
	alice, aliceToken, _ := setupModel(t, d, "acme", "alice", p, "sk-acme", "fake/")
	carol := loggedIn(t, d, "acme", "carol")
	r := carol.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]string{"scope": "scope_token_user"})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	carolToken := r.JSON(t)["token"].(string)
	bob := promote(t, d, "globex", "bob")
	r = bob.Do(http.MethodPost, "/bodhi/v1/api-models", map[string]any{"api_format": "openai",
		"base_url": p.URL, "api_key": "sk-globex", "models": []string{"gpt-4o"}, "prefix": "fake/"})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	r = bob.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]string{"scope": "scope_token_user"})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	bobToken := r.JSON(t)["token"].(string)

	replicas := []*apptest.Bodhi{d.bodhi, apptest.Listen(t).Join(t, d.bodhi), apptest.Listen(t).Join(t, d.bodhi)}
	ports := []int{replicas[0].Port, replicas[1].Port, replicas[2].Port}
	callers := []caller{{"acme", "alice", aliceToken}, {"acme", "carol", carolToken}, {"globex", "bob", bobToken}}
	plans := []plan{{whole: 900, streamed: 200, unknown: 20}, {whole: 600, streamed: 150, unknown: 10},
		{whole: 500, streamed: 150, unknown: 15}}
	hammer(t, ports, true, callers, plans, 48)

	// What the provider itself counted: one call per known-model request, by the org's key.
	byKey := map[string]int{}
	for _, c := range p.Calls() {
		if c.Path == "/v1/chat/completions" {
			byKey[c.Authorization]++
		}
	}
	require.Equal(t, 900+200+600+150, byKey["Bearer sk-acme"])
	require.Equal(t, 500+150, byKey["Bearer sk-globex"])

	acmeWant := plans[0].totals().plus(plans[1].totals())
	// Each replica writes within its flush interval (1 s); 10 s is a bound on that, not a speed test.
	var report map[string]any
	require.Eventually(t, func() bool {
		report = usageReport(t, alice, "group_by=user")
		return totalsOf(report["totals"].(map[string]any)) == acmeWant
	}, 10*time.Second, 100*time.Millisecond, "acme's totals: %v", report)
	aliceID, _ := d.idp.UserID("alice")
	carolID, _ := d.idp.UserID("carol")
	require.Equal(t, map[string]usageTotals{aliceID: plans[0].totals(), carolID: plans[1].totals()},
		rowsBy(report, "user_id"), "per user, and no globex user among acme's rows")

	bobID, _ := d.idp.UserID("bob")
	var globex map[string]any
	require.Eventually(t, func() bool {
		globex = usageReport(t, bob, "group_by=user,token,model")
		return totalsOf(globex["totals"].(map[string]any)) == plans[2].totals()
	}, 10*time.Second, 100*time.Millisecond, "globex's totals: %v", globex)
	// A globex admin naming acme's users gets nothing of theirs: the report is of the caller's org only.
	for _, id := range []string{aliceID, carolID} {
		other := usageReport(t, bob, "group_by=user,model&user_id="+url.QueryEscape(id))
		require.Zero(t, totalsOf(other["totals"].(map[string]any)), "acme's %s seen from globex", id)
		require.Empty(t, other["data"])
	}
	rows := globex["data"].([]any)
	require.Len(t, rows, 2, "one row for fake/gpt-4o, one for the unknown model: %v", rows)
	for _, row := range rows {
		require.Equal(t, bobID, row.(map[string]any)["user_id"])
	}

	// Nothing was dropped or left behind on any replica.
	for _, b := range replicas {
		st := b.App.UsageStats()
		require.Zero(t, st.Dropped)
		require.Zero(t, st.Depth)
		require.Zero(t, st.InFlightStreams)
	}
}

// On a standalone server (SQLite, in-memory cache) the same holds for one org, and closing the server writes the
// events still buffered: nothing waits for the flush interval.
func TestUsageIsExactStandaloneAndFlushedAtClose(t *testing.T) {
	t.Parallel()
	d := gatewayDeployment(t, false)
	p := apptest.StartProvider(t)
	_, aliceToken, _ := setupModel(t, d, "acme", "alice", p, "sk-acme", "fake/")
	carol := loggedIn(t, d, "acme", "carol")
	r := carol.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]string{"scope": "scope_token_user"})
	require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
	carolToken := r.JSON(t)["token"].(string)
	plans := []plan{{whole: 300, streamed: 80, unknown: 5}, {whole: 200, streamed: 60, unknown: 5}}
	hammer(t, []int{d.bodhi.Port}, false, []caller{{"acme", "alice", aliceToken}, {"acme", "carol", carolToken}},
		plans, 24)

	d.bodhi.StopServing() // as bodhi serve does: the HTTP server drains, then the app closes
	require.NoError(t, d.bodhi.App.Close(context.Background()))
	store := d.bodhi.Store(t)
	org, err := store.GetOrgBySlug(context.Background(), "acme")
	require.NoError(t, err)
	sums, err := store.SumUsage(context.Background(), org.ID, time.Now().Add(-time.Hour), time.Now().Add(time.Hour), "")
	require.NoError(t, err)
	got := usageTotals{}
	for _, s := range sums {
		got = got.plus(usageTotals{s.Requests, s.Errors, s.PromptTokens, s.CompletionTokens, s.TotalTokens})
	}
	require.Equal(t, plans[0].totals().plus(plans[1].totals()), got, "every event written by Close")
}

// The usage API: who sees what, grouping, and refusals of bad input (both deployments).
func TestUsageAPI(t *testing.T) {
	for _, hosted := range []bool{true, false} {
		t.Run(map[bool]string{true: "hosted", false: "standalone"}[hosted], func(t *testing.T) {
			t.Parallel()
			d := gatewayDeployment(t, hosted)
			p := apptest.StartProvider(t)
			alice, aliceToken, _ := setupModel(t, d, "acme", "alice", p, "sk-acme", "fake/")
			carol := loggedIn(t, d, "acme", "carol")
			r := carol.Do(http.MethodPost, "/bodhi/v1/tokens", map[string]any{"scope": "scope_token_user",
				"name": "carol-ci"})
			require.Equal(t, http.StatusCreated, r.Status, "%s", r.Body)
			carolToken := r.JSON(t)["token"].(string)
			hammer(t, []int{d.bodhi.Port}, hosted, []caller{{"acme", "alice", aliceToken},
				{"acme", "carol", carolToken}}, []plan{{whole: 3, streamed: 2}, {whole: 4, unknown: 1}}, 4)
			// Embeddings and the Ollama routes count too.
			sdkCarol := sdk(d, "acme", carolToken)
			_, err := sdkCarol.Embeddings.New(context.Background(), openai.EmbeddingNewParams{
				Model: "fake/gpt-4o", Input: openai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: []string{"a", "b"}}})
			require.NoError(t, err)
			ollama := apptest.HTTPClient()
			req, _ := http.NewRequest(http.MethodPost, "http://"+d.bodhi.Host("acme")+"/api/chat",
				strings.NewReader(`{"model":"fake/gpt-4o","messages":[{"role":"user","content":"hi"}]}`))
			req.Header.Set("Authorization", "Bearer "+carolToken)
			req.Header.Set("Content-Type", "application/json") // as the ollama clients send it
			resp, err := ollama.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, http.StatusOK, resp.StatusCode)

			carolID, _ := d.idp.UserID("carol")
			aliceID, _ := d.idp.UserID("alice")
			// carol: 4 whole chat (8 tokens each), 1 unknown, 1 embeddings (2 inputs: 4 tokens), 1 Ollama stream
			// (the server asked for usage: 12).
			carolWant := usageTotals{Requests: 7, Errors: 1, PromptTokens: 4*5 + 4 + 7,
				CompletionTokens: 4*3 + 5, TotalTokens: 4*8 + 4 + 12}
			var own map[string]any
			require.Eventually(t, func() bool {
				own = usageReport(t, carol, "group_by=model,token")
				return totalsOf(own["totals"].(map[string]any)) == carolWant
			}, 10*time.Second, 100*time.Millisecond, "carol's own usage: %v", own)
			require.Equal(t, carolID, own["user_id"], "a power user sees their own usage only")
			for _, row := range own["data"].([]any) {
				require.Equal(t, "carol-ci", row.(map[string]any)["token_name"])
			}
			r = carol.Do(http.MethodGet, "/bodhi/v1/usage?user_id="+url.QueryEscape(aliceID), nil)
			require.Equal(t, http.StatusForbidden, r.Status, "%s", r.Body)

			// Through her API token, carol sees the same.
			tokenReq, _ := http.NewRequest(http.MethodGet, "http://"+d.bodhi.Host("acme")+"/bodhi/v1/usage", nil)
			tokenReq.Header.Set("Authorization", "Bearer "+carolToken)
			resp, err = ollama.Do(tokenReq)
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, http.StatusOK, resp.StatusCode)

			// alice (admin) sees the org, by user and by day, and one user on asking.
			all := usageReport(t, alice, "group_by=user")
			users := rowsBy(all, "user_id")
			require.Equal(t, carolWant, users[carolID])
			require.EqualValues(t, 5, users[aliceID].Requests)
			days := usageReport(t, alice, "group_by=day")
			require.Len(t, days["data"].([]any), 1)
			require.Equal(t, time.Now().UTC().Format(time.DateOnly), days["data"].([]any)[0].(map[string]any)["day"])
			one := usageReport(t, alice, "user_id="+url.QueryEscape(carolID))
			require.Equal(t, carolWant, totalsOf(one["totals"].(map[string]any)))
			paged := usageReport(t, alice, "group_by=user&page_size=1&page=2")
			require.Len(t, paged["data"].([]any), 1)
			require.EqualValues(t, 2, paged["total"])
			past := usageReport(t, alice, "from=2020-01-01&to=2020-01-31")
			require.Zero(t, totalsOf(past["totals"].(map[string]any)).Requests)

			for _, bad := range []string{"group_by=org", "from=yesterday", "from=2026-02-01&to=2026-01-01",
				"from=2020-01-01&to=2026-01-01", "page=x"} {
				r := alice.Do(http.MethodGet, "/bodhi/v1/usage?"+bad, nil)
				require.Equal(t, http.StatusBadRequest, r.Status, bad)
				require.Equal(t, "query_rejection_error", r.ErrorCode(t), bad)
			}
		})
	}
}
