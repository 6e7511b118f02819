package main

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/bodhiapp/bodhi/devidp"
)

// devidpShutdownGrace bounds how long in-flight requests may run after a stop signal; the provider has no
// long-lived requests.
const devidpShutdownGrace = 10 * time.Second

// devidpOptions are the flags of `bodhi devidp` (auth.md §16.2).
type devidpOptions struct {
	addr, issuerBase, realm, seedPath, keyPath string
	accessTTL, refreshTTL                      time.Duration
	allowRemote                                bool
}

func (c *cli) devidpCommand() *cobra.Command {
	var o devidpOptions
	cmd := &cobra.Command{
		Use:   "devidp",
		Short: "Run the development identity provider alone: local runs and tests only, never production",
		Long: "Runs Bodhi's development identity provider (auth.md §16), a small Keycloak-compatible OpenID Connect\n" +
			"provider with all state in memory and plain-text passwords. It listens on loopback unless\n" +
			"--allow-remote is given, and serves until SIGINT or SIGTERM.",
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			for name, ttl := range map[string]*time.Duration{"access-ttl": &o.accessTTL, "refresh-ttl": &o.refreshTTL} {
				switch {
				case !cmd.Flags().Changed(name):
					*ttl = 0 // the seed's lifetime, else the default
				case *ttl < time.Second:
					return usageErr("--%s %s: must be at least 1s", name, *ttl)
				}
			}
			return c.runDevIDP(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:1136", "listen address")
	f.StringVar(&o.issuerBase, "issuer-base", "",
		"public base URL; iss = <issuer-base>/realms/<realm> (default http://localhost:<port>)")
	f.StringVar(&o.realm, "realm", "", "realm name, overriding the seed's (default bodhi)")
	f.StringVar(&o.seedPath, "seed", "", "JSON seed file (default: the built-in minimal seed)")
	f.StringVar(&o.keyPath, "signing-key", "",
		"PEM RSA private key file, created (mode 0600) if missing so tokens survive restarts "+
			"(default: a key generated at start)")
	f.DurationVar(&o.accessTTL, "access-ttl", devidp.DefaultAccessTTL, "access token lifetime (overrides the seed)")
	f.DurationVar(&o.refreshTTL, "refresh-ttl", devidp.DefaultRefreshTTL, "refresh token lifetime (overrides the seed)")
	f.BoolVar(&o.allowRemote, "allow-remote", false, "permit a non-loopback --addr")
	return cmd
}

func (c *cli) runDevIDP(ctx context.Context, o devidpOptions) error {
	log, err := c.devidpLogger()
	if err != nil {
		return err
	}
	if err := checkListenAddr(o.addr, o.allowRemote); err != nil {
		return err
	}
	seed := devidp.DefaultSeed()
	if o.seedPath != "" {
		if seed, err = devidp.LoadSeed(o.seedPath); err != nil {
			return usageErr("%v", err)
		}
	}
	var key *rsa.PrivateKey
	if o.keyPath != "" {
		var created bool
		if key, created, err = devidp.LoadOrCreateSigningKey(o.keyPath); err != nil {
			return failure(err)
		}
		if created {
			log.Info("created signing key", "path", o.keyPath)
		}
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	// Listen before building the provider: with port 0 the issuer's default port is known only now.
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return failure(fmt.Errorf("listen on %s: %w", o.addr, err))
	}
	defer ln.Close()
	issuerBase := o.issuerBase
	if issuerBase == "" {
		issuerBase = "http://localhost:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	}
	idp, err := devidp.New(devidp.Config{
		Realm: o.realm, IssuerBase: issuerBase, Seed: seed, SigningKey: key,
		AccessTTL: o.accessTTL, RefreshTTL: o.refreshTTL, Logger: log,
	})
	if err != nil {
		return usageErr("%v", err)
	}

	srv := &http.Server{Handler: idp, ReadHeaderTimeout: 30 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("development identity provider listening", "addr", ln.Addr().String(), "issuer", idp.Issuer())

	select {
	case err := <-served:
		return failure(fmt.Errorf("serve: %w", err))
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), devidpShutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("in-flight requests did not finish in time", "err", err)
	}
	return nil
}

// checkListenAddr refuses a malformed address, and a non-loopback one without --allow-remote (auth.md §16.1).
func checkListenAddr(addr string, allowRemote bool) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return usageErr("--addr %q: %v", addr, err)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return usageErr("--addr %q: invalid port %q", addr, port)
	}
	if !allowRemote && !isLoopbackHost(host) {
		return usageErr("--addr %q is not a loopback address; the development identity provider is not for "+
			"production (pass --allow-remote to listen there anyway)", addr)
	}
	return nil
}

// isLoopbackHost: an empty host means every interface, which is not loopback.
func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// devidpLogger honours the global --log-level and --log-format flags; it defaults to info so the listening line
// shows. The provider reads no other configuration (runtime.md §4.1).
func (c *cli) devidpLogger() (*slog.Logger, error) {
	levels := map[string]slog.Level{"": slog.LevelInfo, "error": slog.LevelError, "warn": slog.LevelWarn,
		"info": slog.LevelInfo, "debug": slog.LevelDebug, "trace": slog.LevelDebug}
	level, known := levels[c.logLevel]
	if !known {
		return nil, usageErr("--log-level %q: want error, warn, info or debug", c.logLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	var w io.Writer = c.stderr
	switch c.logFormat {
	case "", "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	default:
		return nil, usageErr("--log-format %q: want text or json", c.logFormat)
	}
}
