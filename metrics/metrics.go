// Package metrics is Bodhi's Prometheus instrumentation: the HTTP requests, the gateway's upstream calls and
// tokens, the usage buffer, the caches, the database pools and llama-server, on a registry of its own (never the
// client library's global one, so several servers in one process, as in the tests, keep their figures apart).
// GET /metrics is served only on the separate listener of BODHI_METRICS_ADDR (Listen), never on the public port.
//
// Labels are bounded: an org is its slug (orgs are few and created by operators), a route is Gin's template, a
// status its class; never a user, a token or a raw path.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/usage"
)

// Label values standing for "none".
const (
	// NoOrg labels a request answered before its org was resolved (or without one).
	NoOrg = "none"
	// Unmatched is the route of a request no route matched.
	Unmatched = "unmatched"
	// NoProvider labels a gateway request that reached no model.
	NoProvider = "none"
)

// latencyBuckets cover a cached answer (milliseconds) to a long model answer (minutes).
var latencyBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 120, 300}

// ttfbBuckets are finer at the low end: a first byte comes within seconds.
var ttfbBuckets = []float64{.01, .025, .05, .1, .25, .5, 1, 2, 5, 10, 30, 60}

// Metrics holds Bodhi's metrics and their registry. Build it with New; its methods are safe for concurrent use.
type Metrics struct {
	reg *prometheus.Registry

	httpRequests *prometheus.CounterVec
	httpDuration *prometheus.HistogramVec
	// httpOrgDuration is the same latency by org.
	httpOrgDuration *prometheus.HistogramVec

	gatewayRequests  *prometheus.CounterVec
	upstreamDuration *prometheus.HistogramVec
	upstreamTTFB     *prometheus.HistogramVec
	tokens           *prometheus.CounterVec

	cacheLookups       *prometheus.CounterVec
	cacheInvalidations *prometheus.CounterVec

	pools *poolCollector
}

// New registers every metric on a fresh registry, with the Go runtime's and the process's own.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		reg: reg,
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bodhi_http_requests_total",
			Help: "HTTP requests answered, by org slug (none before resolution), route template and status class.",
		}, []string{"org", "route", "status"}),
		// Latency by route and by org in two histograms, not one by both: a histogram is ~17 series per label
		// set, and routes × orgs × classes would grow by a hundred histograms with every org.
		httpDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "bodhi_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, streams to their end, by route template and status class.",
			Buckets: latencyBuckets,
		}, []string{"route", "status"}),
		httpOrgDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "bodhi_http_org_request_duration_seconds",
			Help:    "Time to answer an HTTP request, streams to their end, by org slug and status class.",
			Buckets: latencyBuckets,
		}, []string{"org", "status"}),
		gatewayRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bodhi_gateway_requests_total",
			Help: "Gateway requests (OpenAI and Ollama routes), by org, provider (host or local; none when no model was reached) and status class.",
		}, []string{"org", "provider", "status"}),
		upstreamDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "bodhi_upstream_duration_seconds",
			Help:    "Duration of the call to the model provider, to the end of its body, by provider.",
			Buckets: latencyBuckets,
		}, []string{"provider"}),
		upstreamTTFB: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "bodhi_upstream_ttfb_seconds",
			Help:    "Time to the first byte of the model provider's body, by provider.",
			Buckets: ttfbBuckets,
		}, []string{"provider"}),
		tokens: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bodhi_tokens_total",
			Help: "Tokens as the providers counted them, by org, model (the alias the client named) and kind (prompt, completion).",
		}, []string{"org", "model", "kind"}),
		cacheLookups: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bodhi_cache_lookups_total",
			Help: "Cache reads, by cache (org, apitoken, token, models, useraliases), tier (near: decoded in process; shared: memory or Redis) and result (hit, miss).",
		}, []string{"cache", "tier", "result"}),
		cacheInvalidations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bodhi_cache_invalidations_total",
			Help: "Invalidations received by this process (its own and, through Redis, other replicas'), by cache (all: everything, after a Redis resubscription).",
		}, []string{"cache"}),
		pools: &poolCollector{},
	}
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.httpRequests, m.httpDuration, m.httpOrgDuration, m.gatewayRequests, m.upstreamDuration, m.upstreamTTFB, m.tokens,
		m.cacheLookups, m.cacheInvalidations, m.pools)
	return m
}

// Registry is the registry every metric is on (tests gather it).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the registry in the text exposition format (GET /metrics on the metrics listener).
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// ObserveHTTP counts one answered request. org is the resolved org's slug ("" before resolution), route Gin's
// template ("" when none matched).
func (m *Metrics) ObserveHTTP(org, route string, status int, elapsed time.Duration) {
	if org == "" {
		org = NoOrg
	}
	if route == "" {
		route = Unmatched
	}
	class := StatusClass(status)
	m.httpRequests.WithLabelValues(org, route, class).Inc()
	m.httpDuration.WithLabelValues(route, class).Observe(elapsed.Seconds())
	m.httpOrgDuration.WithLabelValues(org, class).Observe(elapsed.Seconds())
}

// ObserveUsage records one gateway request: its count by org, provider and status class; when it reached a
// model, the upstream latency and time to first byte by provider, and its tokens by org and model. Model is a
// label only then: a request that reached a model named one of the org's aliases, not any text a client sent.
func (m *Metrics) ObserveUsage(ev usage.Event) {
	org := ev.OrgSlug
	if org == "" {
		org = NoOrg
	}
	provider := ev.Provider
	if provider == "" {
		provider = NoProvider
	}
	m.gatewayRequests.WithLabelValues(org, provider, StatusClass(ev.Status)).Inc()
	if ev.Provider == "" {
		return
	}
	if ev.Upstream > 0 {
		m.upstreamDuration.WithLabelValues(ev.Provider).Observe(ev.Upstream.Seconds())
	}
	if ev.TTFB > 0 {
		m.upstreamTTFB.WithLabelValues(ev.Provider).Observe(ev.TTFB.Seconds())
	}
	if ev.Model != "" {
		m.tokens.WithLabelValues(org, ev.Model, "prompt").Add(float64(max(ev.PromptTokens, 0)))
		m.tokens.WithLabelValues(org, ev.Model, "completion").Add(float64(max(ev.CompletionTokens, 0)))
	}
}

// StatusClass is "2xx" for 200..299, and so on; "other" outside 100..599.
func StatusClass(status int) string {
	if status < 100 || status > 599 {
		return "other"
	}
	return strconv.Itoa(status/100) + "xx"
}

// CacheObserver is what package cache reports lookups and invalidations to (cache.WithObserver).
func (m *Metrics) CacheObserver() cache.Observer { return cacheObserver{m} }

type cacheObserver struct{ m *Metrics }

func (o cacheObserver) Lookup(tier, name string, hit bool) {
	result := "miss"
	if hit {
		result = "hit"
	}
	o.m.cacheLookups.WithLabelValues(name, tier, result).Inc()
}

func (o cacheObserver) Invalidation(name string) { o.m.cacheInvalidations.WithLabelValues(name).Inc() }
