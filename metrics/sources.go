package metrics

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/localmodels/llamaserver"
	"github.com/bodhiapp/bodhi/usage"
)

// The figures read at scrape time from the parts that keep them: the usage recorder, the database pools and
// llama-server. Each source is read once per scrape.

var (
	usageDepth = prometheus.NewDesc("bodhi_usage_buffer_depth",
		"Usage events waiting in the in-process buffer.", nil, nil)
	usageCapacity = prometheus.NewDesc("bodhi_usage_buffer_capacity",
		"Size of the usage-event buffer.", nil, nil)
	usageFlushes = prometheus.NewDesc("bodhi_usage_flushes_total",
		"Batches of usage events written to the database.", nil, nil)
	usageFlushed = prometheus.NewDesc("bodhi_usage_flushed_events_total",
		"Usage events written to the database.", nil, nil)
	usageFlushFailures = prometheus.NewDesc("bodhi_usage_flush_failures_total",
		"Failed attempts to write a batch of usage events (each retried).", nil, nil)
	usageDropped = prometheus.NewDesc("bodhi_usage_dropped_events_total",
		"Usage events lost because the buffer stayed full.", nil, nil)
	streamsInFlight = prometheus.NewDesc("bodhi_gateway_streams_in_flight",
		"Streamed gateway answers being relayed now.", nil, nil)
)

// usageCollector reads the usage recorder's counters at scrape time.
type usageCollector struct{ stats func() usage.Stats }

func (c usageCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{usageDepth, usageCapacity, usageFlushes, usageFlushed, usageFlushFailures,
		usageDropped, streamsInFlight} {
		ch <- d
	}
}

func (c usageCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.stats()
	gauge, counter := prometheus.GaugeValue, prometheus.CounterValue
	ch <- prometheus.MustNewConstMetric(usageDepth, gauge, float64(s.Depth))
	ch <- prometheus.MustNewConstMetric(usageCapacity, gauge, float64(s.Capacity))
	ch <- prometheus.MustNewConstMetric(usageFlushes, counter, float64(s.Flushes))
	ch <- prometheus.MustNewConstMetric(usageFlushed, counter, float64(s.FlushedEvents))
	ch <- prometheus.MustNewConstMetric(usageFlushFailures, counter, float64(s.FlushFailures))
	ch <- prometheus.MustNewConstMetric(usageDropped, counter, float64(s.Dropped))
	ch <- prometheus.MustNewConstMetric(streamsInFlight, gauge, float64(s.InFlightStreams))
}

// WatchUsage exports the usage recorder's counters, read through stats at every scrape. One recorder per
// Metrics: a second call fails.
func (m *Metrics) WatchUsage(stats func() usage.Stats) error {
	return m.reg.Register(usageCollector{stats: stats})
}

var (
	poolMax = prometheus.NewDesc("bodhi_db_pool_max_connections",
		"Size of the database's connection pool, by database (app, session).", []string{"db"}, nil)
	poolOpen = prometheus.NewDesc("bodhi_db_pool_open_connections",
		"Open connections, in use or idle, by database.", []string{"db"}, nil)
	poolInUse = prometheus.NewDesc("bodhi_db_pool_in_use_connections",
		"Connections in use, by database.", []string{"db"}, nil)
	poolIdle = prometheus.NewDesc("bodhi_db_pool_idle_connections",
		"Idle connections, by database.", []string{"db"}, nil)
	poolWaits = prometheus.NewDesc("bodhi_db_pool_waits_total",
		"Acquires that found no idle connection and waited, by database.", []string{"db"}, nil)
	poolWaitSeconds = prometheus.NewDesc("bodhi_db_pool_wait_seconds_total",
		"Total time waited for a connection, by database.", []string{"db"}, nil)
)

// poolCollector reads the database pools at scrape time. It is registered by New, so databases can be added
// while it is registered.
type poolCollector struct {
	mu  sync.Mutex
	dbs []pool
}

type pool struct {
	name  string
	stats func() db.PoolStats
}

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolMax, poolOpen, poolInUse, poolIdle, poolWaits, poolWaitSeconds} {
		ch <- d
	}
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	dbs := c.dbs
	c.mu.Unlock()
	gauge, counter := prometheus.GaugeValue, prometheus.CounterValue
	for _, p := range dbs {
		s := p.stats()
		ch <- prometheus.MustNewConstMetric(poolMax, gauge, float64(s.Max), p.name)
		ch <- prometheus.MustNewConstMetric(poolOpen, gauge, float64(s.Open), p.name)
		ch <- prometheus.MustNewConstMetric(poolInUse, gauge, float64(s.InUse), p.name)
		ch <- prometheus.MustNewConstMetric(poolIdle, gauge, float64(s.Idle), p.name)
		ch <- prometheus.MustNewConstMetric(poolWaits, counter, float64(s.Waits), p.name)
		ch <- prometheus.MustNewConstMetric(poolWaitSeconds, counter, s.WaitTime.Seconds(), p.name)
	}
}

// WatchDatabase exports the pool figures of a database (name: app or session), read at every scrape.
func (m *Metrics) WatchDatabase(name string, stats func() db.PoolStats) {
	m.pools.mu.Lock()
	defer m.pools.mu.Unlock()
	m.pools.dbs = append(m.pools.dbs, pool{name: name, stats: stats})
}

var (
	llamaLoaded = prometheus.NewDesc("bodhi_llama_server_loaded",
		"1 while a llama-server child runs with a model loaded, else 0 (standalone).", nil, nil)
	llamaInFlight = prometheus.NewDesc("bodhi_llama_server_requests_in_flight",
		"Requests the llama-server child is answering now.", nil, nil)
	llamaStarts = prometheus.NewDesc("bodhi_llama_server_starts_total",
		"llama-server children that became ready.", nil, nil)
	llamaStartFailures = prometheus.NewDesc("bodhi_llama_server_start_failures_total",
		"llama-server children that exited or timed out before they were ready.", nil, nil)
	llamaCrashes = prometheus.NewDesc("bodhi_llama_server_crashes_total",
		"Ready llama-server children that exited on their own.", nil, nil)
)

// LlamaServer is what the llama-server metrics read (*llamaserver.Manager).
type LlamaServer interface {
	Status() llamaserver.Status
	Counts() llamaserver.Counts
}

type llamaCollector struct{ l LlamaServer }

func (c llamaCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{llamaLoaded, llamaInFlight, llamaStarts, llamaStartFailures, llamaCrashes} {
		ch <- d
	}
}

func (c llamaCollector) Collect(ch chan<- prometheus.Metric) {
	s, n := c.l.Status(), c.l.Counts()
	loaded := 0.0
	if s.Running {
		loaded = 1
	}
	gauge, counter := prometheus.GaugeValue, prometheus.CounterValue
	ch <- prometheus.MustNewConstMetric(llamaLoaded, gauge, loaded)
	ch <- prometheus.MustNewConstMetric(llamaInFlight, gauge, float64(s.InFlight))
	ch <- prometheus.MustNewConstMetric(llamaStarts, counter, float64(n.Starts))
	ch <- prometheus.MustNewConstMetric(llamaStartFailures, counter, float64(n.StartFailures))
	ch <- prometheus.MustNewConstMetric(llamaCrashes, counter, float64(n.Crashes))
}

// WatchLlamaServer exports llama-server's state (standalone servers), read at every scrape.
func (m *Metrics) WatchLlamaServer(l LlamaServer) error { return m.reg.Register(llamaCollector{l: l}) }
