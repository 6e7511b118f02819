package app_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/metrics/metricstest"
)

type labels = map[string]string

// getWithToken sends GET path to slug's org with an API token, as a client of the gateway would.
func getWithToken(t *testing.T, d deployment, slug, path, token string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, "http://"+d.bodhi.Host(slug)+path, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := apptest.HTTPClient().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

// After real traffic, the metrics listener (BODHI_METRICS_ADDR, not the public port) reports it: requests by org,
// route and status class, cache hits of the org and token caches, the database pools; the public port has no
// /metrics at all.
func TestMetricsAfterRealTraffic(t *testing.T) {
	for _, hosted := range []bool{true, false} {
		t.Run(map[bool]string{true: "hosted-postgres-redis", false: "standalone-sqlite-memory"}[hosted], func(t *testing.T) {
			t.Parallel()
			d := startDeployment(t, hosted, 0, "BODHI_METRICS_ADDR=127.0.0.1:0", "BODHI_ALLOW_PRIVATE_UPSTREAMS=true")
			require.NotEmpty(t, d.bodhi.MetricsURL)
			require.NotContains(t, d.bodhi.MetricsURL, ":"+strconv.Itoa(d.bodhi.Port)+"/", "its own port")
			p := apptest.StartProvider(t)
			_, token, _ := setupModel(t, d, "acme", "alice", p, "sk-acme", "fake/")

			// The public port serves no /metrics: Bodhi's JSON 404, counted as an unmatched route.
			r := d.browser(t, "acme").Do(http.MethodGet, "/metrics", nil)
			require.Equal(t, http.StatusNotFound, r.Status)
			require.Contains(t, string(r.Body), "route_error-not_found")

			before := metricstest.Scrape(t, d.bodhi.MetricsURL)
			const calls = 5
			for range calls {
				require.Equal(t, http.StatusOK, getWithToken(t, d, "acme", "/v1/models", token))
			}
			require.Equal(t, http.StatusUnauthorized, getWithToken(t, d, "acme", "/v1/models", "bodhiapp_wrong"))
			client := sdk(d, "acme", token)
			resp, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
				Model: "fake/gpt-4o", Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")}})
			require.NoError(t, err)
			require.NotEmpty(t, resp.Choices)
			after := metricstest.Scrape(t, d.bodhi.MetricsURL)

			delta := func(name string, l labels) float64 { return after.Value(name, l) - before.Value(name, l) }
			requests := "bodhi_http_requests_total"
			require.Equal(t, float64(calls), delta(requests, labels{"org": "acme", "route": "/v1/models", "status": "2xx"}))
			require.Equal(t, 1.0, delta(requests, labels{"org": "acme", "route": "/v1/models", "status": "4xx"}))
			require.Equal(t, 1.0, delta(requests, labels{"org": "acme", "route": "/v1/chat/completions", "status": "2xx"}))
			require.GreaterOrEqual(t, before.Value(requests, labels{"org": "none", "route": "unmatched", "status": "4xx"}), 1.0,
				"the public GET /metrics")
			require.Equal(t, float64(calls), delta("bodhi_http_request_duration_seconds",
				labels{"route": "/v1/models", "status": "2xx"}))
			for _, route := range after.LabelValues(requests, "route") {
				require.True(t, route == "unmatched" || strings.HasPrefix(route, "/"), "a route template: %s", route)
				require.NotContains(t, route, token[:12], "never a raw value")
			}

			// Every request after the first found its org and its token in process memory.
			lookups := "bodhi_cache_lookups_total"
			require.GreaterOrEqual(t, delta(lookups, labels{"cache": "org", "tier": "near", "result": "hit"}), float64(calls),
				"org resolution")
			require.GreaterOrEqual(t, delta(lookups, labels{"cache": "apitoken", "tier": "near", "result": "hit"}),
				float64(calls), "API token")
			require.GreaterOrEqual(t, delta(lookups, labels{"cache": "models", "tier": "near", "result": "hit"}), 1.0,
				"the org's model list")
			require.Positive(t, after.Value("bodhi_cache_invalidations_total", labels{"cache": "models"}),
				"creating the API model invalidated the list")

			for _, db := range []string{"app", "session"} {
				require.Positive(t, after.Value("bodhi_db_pool_max_connections", labels{"db": db}), db)
				require.Positive(t, after.Value("bodhi_db_pool_open_connections", labels{"db": db}), db)
			}
			_, llama := after["bodhi_llama_server_loaded"]
			require.Equal(t, !hosted, llama, "llama-server exists on standalone servers only")
			require.Contains(t, after, "process_resident_memory_bytes")
		})
	}
}
