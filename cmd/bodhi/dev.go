package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/bodhiapp/bodhi/config"
	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/devidp"
	"github.com/bodhiapp/bodhi/orgs"
)

type devOptions struct {
	home, password, seedPath string
	port, idpPort            int
	reset                    bool
}

// Seeded development users and their roles on the dev org's client (runtime.md §4.5).
var devUsers = []struct{ name, role string }{
	{"admin", "resource_admin"}, {"manager", "resource_manager"}, {"power", "resource_power_user"},
	{"user", "resource_user"}, {"newbie", ""},
}

const (
	devOrgSlug  = "dev"
	devClientID = "bodhi-dev"
)

func (c *cli) devCommand() *cobra.Command {
	var o devOptions
	cmd := &cobra.Command{
		Use:   "dev",
		Short: "A standalone Bodhi with the development identity provider, a seeded org and users (never for production)",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			// --home and --port are the global flags, then BODHI_HOME and BODHI_PORT as for serve; dev only changes
			// the defaults, so its data never mixes with a real server's.
			o.home, o.port = filepath.Join(userHomeDir(c.environ), ".cache", "bodhi-dev"), 1135
			if h := lookupEnv(c.environ, "BODHI_HOME"); h != "" {
				o.home = h
			}
			if p := lookupEnv(c.environ, "BODHI_PORT"); p != "" {
				n, err := strconv.Atoi(p)
				if err != nil || n < 1 || n > 65535 {
					return usageErr("BODHI_PORT must be a port number (1-65535); got %q", p)
				}
				o.port = n
			}
			if cmd.Flags().Changed("home") {
				o.home = c.home
			}
			if cmd.Flags().Changed("port") {
				o.port = c.port
			}
			return c.runDev(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.idpPort, "idp-port", 1136, "development identity provider port, on 127.0.0.1")
	f.StringVar(&o.password, "password", "bodhi-dev", "password of every seeded user")
	f.StringVar(&o.seedPath, "seed", "", "identity-provider seed to use instead of the generated one")
	f.BoolVar(&o.reset, "reset", false, "delete the dev home first")
	return cmd
}

func (c *cli) runDev(ctx context.Context, o devOptions) error {
	if o.reset {
		if err := os.RemoveAll(o.home); err != nil {
			return failure(fmt.Errorf("reset %s: %w", o.home, err))
		}
	}
	if err := os.MkdirAll(o.home, 0o700); err != nil {
		return failure(fmt.Errorf("create %s: %w", o.home, err))
	}
	seed, err := devSeed(o)
	if err != nil {
		return err
	}
	key, _, err := devidp.LoadOrCreateSigningKey(filepath.Join(o.home, "devidp-key.pem"))
	if err != nil {
		return failure(err)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(o.idpPort)))
	if err != nil {
		return failure(fmt.Errorf("listen for the identity provider: %w", err))
	}
	idpPort := ln.Addr().(*net.TCPAddr).Port
	idpURL := "http://localhost:" + strconv.Itoa(idpPort)
	idp, err := devidp.New(devidp.Config{IssuerBase: idpURL, Seed: seed, SigningKey: key, Logger: c.plainLogger()})
	if err != nil {
		ln.Close()
		return usageErr("%v", err)
	}
	idpSrv := &http.Server{Handler: idp, ReadHeaderTimeout: 30 * time.Second}
	go func() { _ = idpSrv.Serve(ln) }()
	defer func() {
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = idpSrv.Shutdown(shutdownCtx)
	}()

	cmdline := map[string]string{
		"BODHI_HOME": o.home, "BODHI_HOST": "127.0.0.1", "BODHI_PORT": strconv.Itoa(o.port),
		"BODHI_MULTI_TENANT": "false", "BODHI_AUTH_URL": idpURL, "BODHI_AUTH_REALM": idp.Realm(),
		"DATABASE_URL":   "sqlite:" + filepath.Join(o.home, "bodhi.sqlite"),
		"SESSION_DB_URL": "sqlite:" + filepath.Join(o.home, "session.sqlite"),
	}
	cfg, err := config.Load(cmdline, c.environ, map[string]string{"BODHI_VERSION": c.version, "BODHI_COMMIT_SHA": c.commitSHA})
	if err != nil {
		return usageErr("%v", err)
	}
	if err := cfg.Validate(config.ForServe); err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if err := c.ensureDevOrg(ctx, cfg, idp, seed); err != nil {
		return err
	}
	c.printDevBanner(cfg, idpURL, o)
	return c.serve(ctx, cfg)
}

// devSeed loads devidp.json from the dev home, or writes a new one with a random client secret.
func devSeed(o devOptions) (devidp.Seed, error) {
	if o.seedPath != "" {
		s, err := devidp.LoadSeed(o.seedPath)
		if err != nil {
			return devidp.Seed{}, usageErr("%v", err)
		}
		return s, nil
	}
	path := filepath.Join(o.home, "devidp.json")
	s, err := devidp.LoadSeed(path)
	if err == nil {
		return s, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return devidp.Seed{}, failure(err)
	}
	secret := make([]byte, 16)
	if _, err := rand.Read(secret); err != nil {
		return devidp.Seed{}, failure(err)
	}
	port := strconv.Itoa(o.port)
	s = devidp.Seed{
		Organizations: []devidp.Organization{{Slug: devOrgSlug, Name: "Bodhi Dev"}},
		Clients: []devidp.Client{
			{ClientID: devClientID, Secret: hex.EncodeToString(secret), Kind: devidp.KindResource, Name: "Bodhi Dev",
				Organization: devOrgSlug, RedirectURIs: []string{"http://localhost:" + port + "/ui/auth/callback",
					"http://127.0.0.1:" + port + "/ui/auth/callback", "http://localhost:5173/ui/auth/callback"}},
			{ClientID: "demo-app", Kind: devidp.KindApp, Public: true, Name: "Demo App", DirectAccess: true,
				RedirectURIs: []string{"http://localhost:*"}},
		},
	}
	for _, u := range devUsers {
		user := devidp.User{Username: u.name, Password: o.password, Email: u.name + "@dev.local",
			Organizations: []string{devOrgSlug}}
		if u.role != "" {
			user.ClientRoles = map[string][]string{devClientID: {u.role}}
		}
		s.Users = append(s.Users, user)
	}
	data, err := json.MarshalIndent(s, "", "  ")
	if err == nil {
		err = os.WriteFile(path, append(data, '\n'), 0o600)
	}
	if err != nil {
		return devidp.Seed{}, failure(fmt.Errorf("write %s: %w", path, err))
	}
	return s, nil
}

// ensureDevOrg creates the dev org (its first admin already set, so the app is ready) unless an org exists.
func (c *cli) ensureDevOrg(ctx context.Context, cfg *config.Config, idp *devidp.Server, seed devidp.Seed) error {
	store, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return failure(err)
	}
	defer store.Close()
	if err := store.Migrate(ctx); err != nil {
		return failure(err)
	}
	n, err := store.CountOrgs(ctx)
	if err != nil {
		return failure(err)
	}
	if n > 0 {
		return nil // an org exists (an earlier `bodhi dev`): keep it
	}
	var client *devidp.Client
	for i := range seed.Clients {
		if seed.Clients[i].Kind == devidp.KindResource {
			client = &seed.Clients[i]
			break
		}
	}
	if client == nil {
		return usageErr("the seed has no resource client for the dev org")
	}
	master, err := crypto.LoadMasterKey(cfg.EncryptionKey, cfg.Home, false, c.plainLogger())
	if err != nil {
		return failure(err)
	}
	p := orgs.CreateParams{Slug: devOrgSlug, DisplayName: "Bodhi Dev", ClientID: client.ClientID,
		ClientSecret: client.Secret, SingleOrg: true}
	if client.Organization != "" && orgs.ValidSlug(client.Organization) {
		p.Slug = client.Organization
	}
	if id, ok := idp.UserID("admin"); ok {
		p.FirstAdminUserID = &id
	}
	if _, err := orgs.Create(ctx, store, master, p); err != nil {
		return orgError(err)
	}
	return nil
}

func (c *cli) printDevBanner(cfg *config.Config, idpURL string, o devOptions) {
	tw := tabwriter.NewWriter(c.stderr, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "\nBodhi dev (NOT FOR PRODUCTION)\n  UI:                 http://localhost:%d/ui/\n", cfg.Port)
	fmt.Fprintf(tw, "  identity provider:  %s/realms/%s\n  org:                %s\n", idpURL, cfg.AuthRealm, devOrgSlug)
	fmt.Fprintf(tw, "  data:               %s (databases, keys, the provider's users; --reset or a new BODHI_HOME starts afresh)\n\n",
		cfg.Home)
	fmt.Fprintln(tw, "  USERNAME\tPASSWORD\tROLE")
	for _, u := range devUsers {
		role := u.role
		if role == "" {
			role = "(none: requests access)"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", u.name, o.password, role)
	}
	tw.Flush()
}

func (c *cli) plainLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

func userHomeDir(environ []string) string {
	if h := lookupEnv(environ, "HOME"); h != "" {
		return h
	}
	if h, err := os.UserHomeDir(); err == nil {
		return h
	}
	return "."
}
