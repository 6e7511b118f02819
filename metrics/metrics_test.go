package metrics_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/localmodels/llamaserver"
	"github.com/bodhiapp/bodhi/metrics"
	"github.com/bodhiapp/bodhi/metrics/metricstest"
	"github.com/bodhiapp/bodhi/usage"
)

type labels = map[string]string

func TestObserveHTTP(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	for range 3 {
		m.ObserveHTTP("acme", "/v1/models", 200, 20*time.Millisecond)
	}
	m.ObserveHTTP("", "", 404, time.Millisecond)
	m.ObserveHTTP("acme", "/v1/chat/completions", 502, 2*time.Second)
	f := metricstest.ScrapeHandler(t, m.Handler())
	require.Equal(t, 3.0, f.Value("bodhi_http_requests_total", labels{"org": "acme", "route": "/v1/models", "status": "2xx"}))
	require.Equal(t, 1.0, f.Value("bodhi_http_requests_total", labels{"org": "none", "route": "unmatched", "status": "4xx"}))
	require.Equal(t, 1.0, f.Value("bodhi_http_requests_total", labels{"org": "acme", "status": "5xx"}))
	require.Equal(t, 3.0, f.Value("bodhi_http_request_duration_seconds", labels{"route": "/v1/models", "status": "2xx"}))
	require.InDelta(t, 0.06, f.Sum("bodhi_http_request_duration_seconds", labels{"route": "/v1/models"}), 1e-9)
	require.InDelta(t, 2, f.Sum("bodhi_http_request_duration_seconds", labels{"route": "/v1/chat/completions"}), 1e-9)
	require.NotContains(t, f.LabelValues("bodhi_http_request_duration_seconds", "org"), "acme",
		"the route histogram has no org label")
	require.Equal(t, 3.0, f.Value("bodhi_http_org_request_duration_seconds", labels{"org": "acme", "status": "2xx"}))
	require.InDelta(t, 2.06, f.Sum("bodhi_http_org_request_duration_seconds", labels{"org": "acme"}), 1e-9)
	require.Equal(t, 1.0, f.Value("bodhi_http_org_request_duration_seconds", labels{"org": "none", "status": "4xx"}))
	require.NotContains(t, f.LabelValues("bodhi_http_org_request_duration_seconds", "route"), "/v1/models",
		"the org histogram has no route label")
	require.Contains(t, f, "go_goroutines", "the Go runtime's metrics are on the registry")
}

func TestStatusClass(t *testing.T) {
	t.Parallel()
	for status, want := range map[int]string{101: "1xx", 200: "2xx", 204: "2xx", 304: "3xx", 429: "4xx", 503: "5xx",
		0: "other", 600: "other"} {
		require.Equal(t, want, metrics.StatusClass(status), status)
	}
}

func TestObserveUsage(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	m.ObserveUsage(usage.Event{OrgSlug: "acme", Model: "gpt-4o-mini", Provider: "api.openai.com", Status: 200,
		PromptTokens: 12, CompletionTokens: 30, Upstream: 1500 * time.Millisecond, TTFB: 200 * time.Millisecond})
	m.ObserveUsage(usage.Event{OrgSlug: "acme", Model: "gpt-4o-mini", Provider: "api.openai.com", Status: 200,
		PromptTokens: 8, CompletionTokens: 10, Upstream: 500 * time.Millisecond, TTFB: 100 * time.Millisecond})
	m.ObserveUsage(usage.Event{OrgSlug: "acme", Model: "llama", Provider: usage.ProviderLocal, Status: 200,
		PromptTokens: 5, CompletionTokens: 7, Upstream: time.Second, TTFB: 300 * time.Millisecond})
	// Never reached a model: counted, but a client's unknown model name becomes no label.
	m.ObserveUsage(usage.Event{OrgSlug: "acme", Model: "no-such-model-from-a-client", Status: 404})
	f := metricstest.ScrapeHandler(t, m.Handler())

	tokens := "bodhi_tokens_total"
	require.Equal(t, 20.0, f.Value(tokens, labels{"org": "acme", "model": "gpt-4o-mini", "kind": "prompt"}))
	require.Equal(t, 40.0, f.Value(tokens, labels{"org": "acme", "model": "gpt-4o-mini", "kind": "completion"}))
	require.Equal(t, 12.0, f.Value(tokens, labels{"model": "llama"}))
	require.NotContains(t, f.LabelValues(tokens, "model"), "no-such-model-from-a-client")

	require.Equal(t, 2.0, f.Value("bodhi_upstream_duration_seconds", labels{"provider": "api.openai.com"}))
	require.InDelta(t, 2.0, f.Sum("bodhi_upstream_duration_seconds", labels{"provider": "api.openai.com"}), 1e-9)
	require.InDelta(t, 0.3, f.Sum("bodhi_upstream_ttfb_seconds", labels{"provider": "api.openai.com"}), 1e-9)
	require.Equal(t, 1.0, f.Value("bodhi_upstream_ttfb_seconds", labels{"provider": "local"}))
	require.NotContains(t, f.LabelValues("bodhi_upstream_ttfb_seconds", "provider"), "none")

	gw := "bodhi_gateway_requests_total"
	require.Equal(t, 2.0, f.Value(gw, labels{"org": "acme", "provider": "api.openai.com", "status": "2xx"}))
	require.Equal(t, 1.0, f.Value(gw, labels{"org": "acme", "provider": "none", "status": "4xx"}))
}

func TestWatchUsage(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	var calls atomic.Int32
	stats := usage.Stats{Depth: 3, Capacity: 1024, Flushes: 7, FlushedEvents: 90, FlushFailures: 2, Dropped: 1,
		InFlightStreams: 4}
	require.NoError(t, m.WatchUsage(func() usage.Stats { calls.Add(1); return stats }))
	require.Error(t, m.WatchUsage(func() usage.Stats { return usage.Stats{} }), "one recorder per registry")
	f := metricstest.ScrapeHandler(t, m.Handler())
	require.Equal(t, int32(1), calls.Load(), "the stats are read once per scrape")
	for name, want := range map[string]float64{
		"bodhi_usage_buffer_depth": 3, "bodhi_usage_buffer_capacity": 1024, "bodhi_usage_flushes_total": 7,
		"bodhi_usage_flushed_events_total": 90, "bodhi_usage_flush_failures_total": 2,
		"bodhi_usage_dropped_events_total": 1, "bodhi_gateway_streams_in_flight": 4,
	} {
		require.Equal(t, want, f.Value(name, nil), name)
	}
	require.Equal(t, "COUNTER", f["bodhi_usage_dropped_events_total"].GetType().String())
	require.Equal(t, "GAUGE", f["bodhi_usage_buffer_depth"].GetType().String())

	stats.Dropped, stats.Depth = 5, 0
	f = metricstest.ScrapeHandler(t, m.Handler())
	require.Equal(t, 5.0, f.Value("bodhi_usage_dropped_events_total", nil), "read again at every scrape")
	require.Equal(t, 0.0, f.Value("bodhi_usage_buffer_depth", nil))
}

func TestCacheObserver(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	ctx := context.Background()
	c := cache.WithObserver(cache.NewMemory(nil), m.CacheObserver())
	_, _, _ = c.Get(ctx, "org:acme")
	require.NoError(t, c.Set(ctx, "org:acme", []byte("{}"), time.Minute))
	_, _, _ = c.Get(ctx, "org:acme")
	_, _, _ = c.Get(ctx, "org:acme")
	require.NoError(t, c.Invalidate(ctx, "org:acme", "org:id:1"))
	f := metricstest.ScrapeHandler(t, m.Handler())
	require.Equal(t, 2.0, f.Value("bodhi_cache_lookups_total", labels{"cache": "org", "tier": "shared", "result": "hit"}))
	require.Equal(t, 1.0, f.Value("bodhi_cache_lookups_total", labels{"cache": "org", "tier": "shared", "result": "miss"}))
	require.Equal(t, 2.0, f.Value("bodhi_cache_invalidations_total", labels{"cache": "org"}))
}

type fakeLlama struct {
	status llamaserver.Status
	counts llamaserver.Counts
}

func (f *fakeLlama) Status() llamaserver.Status { return f.status }
func (f *fakeLlama) Counts() llamaserver.Counts { return f.counts }

func TestWatchDatabaseAndLlamaServer(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	m.WatchDatabase("app", func() db.PoolStats {
		return db.PoolStats{Dialect: db.Postgres, Max: 8, Open: 3, InUse: 2, Idle: 1, Waits: 4, WaitTime: 1500 * time.Millisecond}
	})
	m.WatchDatabase("session", func() db.PoolStats { return db.PoolStats{Dialect: db.SQLite, Max: 1, Open: 1, Idle: 1} })
	llama := &fakeLlama{}
	require.NoError(t, m.WatchLlamaServer(llama))
	f := metricstest.ScrapeHandler(t, m.Handler())
	app := labels{"db": "app"}
	require.Equal(t, 8.0, f.Value("bodhi_db_pool_max_connections", app))
	require.Equal(t, 3.0, f.Value("bodhi_db_pool_open_connections", app))
	require.Equal(t, 2.0, f.Value("bodhi_db_pool_in_use_connections", app))
	require.Equal(t, 1.0, f.Value("bodhi_db_pool_idle_connections", app))
	require.Equal(t, 4.0, f.Value("bodhi_db_pool_waits_total", app))
	require.Equal(t, 1.5, f.Value("bodhi_db_pool_wait_seconds_total", app))
	require.Equal(t, 1.0, f.Value("bodhi_db_pool_max_connections", labels{"db": "session"}))
	require.Equal(t, 0.0, f.Value("bodhi_llama_server_loaded", nil))

	llama.status = llamaserver.Status{Running: true, Alias: "a", InFlight: 2}
	llama.counts = llamaserver.Counts{Starts: 3, StartFailures: 1, Crashes: 1}
	f = metricstest.ScrapeHandler(t, m.Handler())
	require.Equal(t, 1.0, f.Value("bodhi_llama_server_loaded", nil))
	require.Equal(t, 2.0, f.Value("bodhi_llama_server_requests_in_flight", nil))
	require.Equal(t, 3.0, f.Value("bodhi_llama_server_starts_total", nil))
	require.Equal(t, 1.0, f.Value("bodhi_llama_server_start_failures_total", nil))
	require.Equal(t, 1.0, f.Value("bodhi_llama_server_crashes_total", nil))
}

// The listener serves GET /metrics and nothing else; two Metrics never share figures.
func TestListen(t *testing.T) {
	t.Parallel()
	m, other := metrics.New(), metrics.New()
	m.ObserveHTTP("acme", "/ping", 200, time.Millisecond)
	srv, err := metrics.Listen("127.0.0.1:0", m.Handler(), nil)
	require.NoError(t, err)
	f := metricstest.Scrape(t, srv.URL())
	require.Equal(t, 1.0, f.Value("bodhi_http_requests_total", labels{"route": "/ping"}))
	require.Zero(t, metricstest.ScrapeHandler(t, other.Handler()).Value("bodhi_http_requests_total", nil))

	for _, path := range []string{"/", "/ping", "/metrics/x"} {
		resp, err := http.Get("http://" + srv.Addr().String() + path)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusNotFound, resp.StatusCode, path)
	}
	resp, err := http.Post(srv.URL(), "text/plain", nil)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, srv.Shutdown(ctx))
	_, err = http.Get(srv.URL())
	require.Error(t, err, "closed after Shutdown")
}
