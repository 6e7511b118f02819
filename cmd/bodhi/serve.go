package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/bodhiapp/bodhi/app"
	"github.com/bodhiapp/bodhi/config"
	"github.com/bodhiapp/bodhi/httpserve"
	"github.com/bodhiapp/bodhi/metrics"
)

// shutdownGrace bounds how long in-flight requests, streams included, may run after a stop signal.
const shutdownGrace = 30 * time.Second

func (c *cli) serveCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "Run the server (applies pending migrations first)",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := c.loadConfig(cmd, config.ForServe)
			if err != nil {
				return err
			}
			return c.serve(cmd.Context(), cfg)
		},
	}
}

func (c *cli) serve(ctx context.Context, cfg *config.Config) error {
	log := app.NewLogger(cfg, c.stderr)
	for _, w := range cfg.Warnings {
		log.Warn(w)
	}
	log.Info("configuration", "mode", mode(cfg), "home", cfg.Home, "host", cfg.Host, "port", cfg.Port,
		"cache", cacheKind(cfg), "version", cfg.Version)

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	a, err := app.New(ctx, cfg, app.WithLogger(log))
	if err != nil {
		return failure(err)
	}
	defer a.Close(context.Background())

	addr := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return failure(fmt.Errorf("listen on %s: %w", addr, err))
	}
	limits := httpserve.FromConfig(cfg)
	log.Info("http limits", "header_timeout", limits.HeaderTimeout, "body_timeout", limits.BodyTimeout,
		"idle_timeout", limits.IdleTimeout, "write_timeout", limits.WriteTimeout,
		"max_connections", limits.MaxConnections, "max_connections_auto", cfg.MaxConnections == 0)
	srv := httpserve.New(a, limits)
	// GET /metrics only on its own listener, never on the public one (README "Metrics").
	var metricsSrv *metrics.Server
	if cfg.MetricsAddr != "" {
		if metricsSrv, err = metrics.Listen(cfg.MetricsAddr, a.Metrics().Handler(), log); err != nil {
			return failure(err)
		}
		defer metricsSrv.Shutdown(context.Background()) // on an early return; after the one below, a no-op
		log.Info("metrics listening", "url", metricsSrv.URL())
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(httpserve.CapConnections(ln, limits.MaxConnections, log)) }()
	announceListening(ctx, log, cfg.Version, ln.Addr())

	select {
	case err := <-served:
		return failure(fmt.Errorf("serve: %w", err))
	case <-ctx.Done():
	}
	log.Info("shutting down")
	a.Drain() // /health answers 503 from now on
	drainDelay(log, time.Duration(cfg.ShutdownDelaySecs)*time.Second)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("in-flight requests did not finish in time", "err", err)
	}
	// The metrics listener closes last, so a scrape during the drain still sees the replica.
	if metricsSrv != nil {
		if err := metricsSrv.Shutdown(shutdownCtx); err != nil {
			log.Warn("metrics listener did not stop in time", "err", err)
		}
	}
	if err := a.Close(shutdownCtx); err != nil {
		return failure(fmt.Errorf("close: %w", err))
	}
	return nil
}

func mode(cfg *config.Config) string {
	if cfg.MultiTenant {
		return "hosted"
	}
	return "standalone"
}

func cacheKind(cfg *config.Config) string {
	if cfg.RedisURL != "" {
		return "redis"
	}
	return "memory"
}

// announceListening logs the one line a person starting Bodhi waits for, whatever the log level: the web app's URL.
// It goes through the handler, so it keeps the configured format (a JSON log stays JSON), but past the level check.
func announceListening(ctx context.Context, log *slog.Logger, version string, addr net.Addr) {
	url := "http://" + browsableAddr(addr) + "/ui/"
	r := slog.NewRecord(time.Now(), slog.LevelInfo, fmt.Sprintf("Bodhi %s listening on %s", version, url), 0)
	r.AddAttrs(slog.String("url", url))
	_ = log.Handler().Handle(ctx, r)
}

// browsableAddr is addr as a browser can open it: a wildcard listen address (0.0.0.0, ::) is reached as localhost.
func browsableAddr(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return addr.String()
	}
	return net.JoinHostPort("localhost", strconv.Itoa(tcp.Port))
}

func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// drainDelay keeps serving for delay after a stop signal (each response closing its connection, see
// server.closeWhileDraining), so a proxy that health-checks (Traefik, HAProxy) takes the replica out before its
// listener closes; requests the proxy still routes here never meet a refused connection. Keep-alive is not
// switched off on the server, which would close idle connections at once, under a proxy that may be reusing
// them. A second signal ends the wait.
func drainDelay(log *slog.Logger, delay time.Duration) {
	if delay <= 0 {
		return
	}
	log.Info("draining before closing the listener", "delay", delay)
	again := make(chan os.Signal, 1)
	signal.Notify(again, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(again)
	select {
	case <-time.After(delay):
	case <-again:
	}
}
