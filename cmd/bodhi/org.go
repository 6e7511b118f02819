package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/bodhiapp/bodhi/app"
	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/config"
	"github.com/bodhiapp/bodhi/crypto"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/migrations"
	"github.com/bodhiapp/bodhi/orgs"
	"github.com/bodhiapp/bodhi/publicurl"
)

const invalidationFailed = "database updated, but cache invalidation failed: replicas may serve the old status for up to 5 minutes"

func (c *cli) orgCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "org", Short: "Provision and manage organizations"}
	cmd.AddCommand(c.orgCreateCommand(), c.orgListCommand(), c.orgShowCommand(), c.orgSetStatusCommand())
	return cmd
}

func (c *cli) orgCreateCommand() *cobra.Command {
	var p orgs.CreateParams
	var secret, secretEnv, firstAdmin, description string
	var secretStdin, register bool
	cmd := &cobra.Command{
		Use:   "create --slug S --name N (--client-id C (--client-secret-stdin | --client-secret-env NAME | --client-secret X) | --register)",
		Short: "Create an organization with an existing OAuth client of the realm, or register a new one",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			flags := cmd.Flags()
			sources := 0
			for _, f := range []string{"client-secret", "client-secret-env", "client-secret-stdin"} {
				if flags.Changed(f) {
					sources++
				}
			}
			switch {
			case register && (p.ClientID != "" || sources > 0):
				return usageErr("--register creates the client: do not also give --client-id or a client secret")
			case !register && p.ClientID == "":
				return usageErr("give --client-id (with its secret) or --register")
			case !register && sources != 1:
				return usageErr("give the client secret exactly one way: --client-secret-stdin, --client-secret-env NAME or --client-secret VALUE")
			case flags.Changed("description") && !register:
				return usageErr("--description is sent with --register only")
			}
			switch {
			case register:
				p.ClientID, p.ClientSecret = "to-be-registered", "to-be-registered" // replaced below
			case flags.Changed("client-secret"):
				fmt.Fprintln(c.stderr, "bodhi: warning: --client-secret leaves the secret in your shell history; prefer --client-secret-stdin")
				p.ClientSecret = secret
			case flags.Changed("client-secret-env"):
				p.ClientSecret = lookupEnv(c.environ, secretEnv)
				if p.ClientSecret == "" {
					return usageErr("environment variable %s (--client-secret-env) is empty or unset", secretEnv)
				}
			default:
				line, err := bufio.NewReader(c.stdin).ReadString('\n')
				p.ClientSecret = strings.TrimRight(line, "\r\n")
				if p.ClientSecret == "" {
					return usageErr("no client secret on standard input (--client-secret-stdin): %v", err)
				}
			}
			if flags.Changed("first-admin") {
				p.FirstAdminUserID = &firstAdmin
			}
			if err := p.Validate(); err != nil {
				return usageErr("%v", err)
			}
			cfg, err := c.loadConfig(cmd, config.ForOrgCreate)
			if err != nil {
				return err
			}
			p.SingleOrg = !cfg.MultiTenant
			ctx := cmd.Context()
			if register {
				if cfg.MultiTenant && cfg.OrgDomain == "" {
					return usageErr("--register in hosted mode needs BODHI_ORG_DOMAIN for the redirect URI")
				}
				if u, err := url.Parse(cfg.AuthURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
					return usageErr("--register needs BODHI_AUTH_URL to be an absolute http(s) URL; got %q", cfg.AuthURL)
				}
			}
			master, err := crypto.LoadMasterKey(cfg.EncryptionKey, cfg.Home, cfg.MultiTenant, c.logger(cfg))
			if err != nil {
				return usageErr("%v", err)
			}
			store, err := c.openStore(ctx, cfg)
			if err != nil {
				return err
			}
			defer store.Close()
			if register {
				if err := c.registerClient(ctx, cfg, store, &p, description); err != nil {
					return err
				}
			}
			org, err := orgs.Create(ctx, store, master, p)
			if err != nil {
				return orgError(err)
			}
			if err := c.printJSON(org); err != nil {
				return err
			}
			return c.invalidateOrg(ctx, cfg, org)
		},
	}
	f := cmd.Flags()
	f.StringVar(&p.Slug, "slug", "", "subdomain label and stable name (required)")
	f.StringVar(&p.DisplayName, "name", "", "display name, 1-100 characters (required)")
	f.StringVar(&p.ClientID, "client-id", "", "the org's confidential OAuth client in the realm (required)")
	f.StringVar(&secret, "client-secret", "", "the client secret (visible in shell history)")
	f.StringVar(&secretEnv, "client-secret-env", "", "read the client secret from this environment variable")
	f.BoolVar(&secretStdin, "client-secret-stdin", false, "read the client secret from the first line of standard input")
	f.StringVar(&firstAdmin, "first-admin", "", "sub of the first admin (standalone: the app status is ready at once)")
	f.StringVar(&p.Status, "status", "active", "initial status: active or suspended")
	f.BoolVar(&register, "register", false, "register a new confidential client at the identity provider (instead of --client-id)")
	f.StringVar(&description, "description", "", "client description sent with --register")
	for _, name := range []string{"slug", "name"} {
		_ = cmd.MarkFlagRequired(name)
	}
	return cmd
}

func (c *cli) orgListCommand() *cobra.Command {
	var status string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List organizations in creation order",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if status != "" && !orgs.ValidStatus(status) {
				return usageErr("unknown status %q: use active, suspended or deleted", status)
			}
			cfg, err := c.loadConfig(cmd, config.ForOrgAdmin)
			if err != nil {
				return err
			}
			store, err := c.openStore(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer store.Close()
			list, err := store.ListOrgs(cmd.Context(), status)
			if err != nil {
				return failure(fmt.Errorf("list organizations: %w", err))
			}
			if asJSON {
				return c.printJSON(list)
			}
			tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tSLUG\tDISPLAY NAME\tCLIENT ID\tSTATUS\tCREATED AT")
			for _, o := range list {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", o.ID, o.Slug, o.DisplayName, o.KCClientID, o.Status,
					o.CreatedAt.Format(time.RFC3339))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&status, "status", "", "only orgs with this status")
	cmd.Flags().BoolVar(&asJSON, "json", false, "a JSON array of org objects")
	return cmd
}

func (c *cli) orgShowCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show SLUG",
		Short: "Show one organization",
		Args:  exactArgs(1, "the org slug"),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := c.loadConfig(cmd, config.ForOrgAdmin)
			if err != nil {
				return err
			}
			store, err := c.openStore(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer store.Close()
			org, err := store.GetOrgBySlug(cmd.Context(), args[0])
			if errors.Is(err, db.ErrNotFound) {
				return failure(fmt.Errorf("%w: %s", orgs.ErrNotFound, args[0]))
			}
			if err != nil {
				return failure(err)
			}
			if asJSON {
				return c.printJSON(org)
			}
			admin := "null"
			if org.FirstAdminUserID != nil {
				admin = *org.FirstAdminUserID
			}
			fmt.Fprintf(c.stdout, "id: %s\nslug: %s\ndisplay_name: %s\nkc_client_id: %s\nstatus: %s\n"+
				"first_admin_user_id: %s\ncreated_at: %s\nupdated_at: %s\n", org.ID, org.Slug, org.DisplayName,
				org.KCClientID, org.Status, admin, org.CreatedAt.Format(time.RFC3339Nano), org.UpdatedAt.Format(time.RFC3339Nano))
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "the org object as JSON")
	return cmd
}

func (c *cli) orgSetStatusCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "set-status SLUG active|suspended|deleted",
		Short: "Change an organization's status",
		Args:  exactArgs(2, "the org slug and a status"),
		RunE: func(cmd *cobra.Command, args []string) error {
			slug, status := args[0], args[1]
			if !orgs.ValidStatus(status) {
				return usageErr("unknown status %q: use active, suspended or deleted", status)
			}
			cfg, err := c.loadConfig(cmd, config.ForOrgAdmin)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			store, err := c.openStore(ctx, cfg)
			if err != nil {
				return err
			}
			defer store.Close()
			old, org, err := orgs.SetStatus(ctx, store, slug, status)
			if err != nil {
				return orgError(err)
			}
			if asJSON {
				err = c.printJSON(map[string]string{"slug": slug, "old_status": old, "new_status": org.Status})
			} else {
				_, err = fmt.Fprintf(c.stdout, "%s: %s → %s\n", slug, old, org.Status)
			}
			if err != nil {
				return err
			}
			return c.invalidateOrg(ctx, cfg, org)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "{slug, old_status, new_status}")
	return cmd
}

// registerClient checks the org can be created, then registers its client through the identity provider's
// extension (auth.md §15.2) and puts the credentials into p.
func (c *cli) registerClient(ctx context.Context, cfg *config.Config, store *db.DbServiceImpl, p *orgs.CreateParams, description string) error {
	if p.SingleOrg {
		if n, err := store.CountOrgs(ctx); err != nil || n > 0 {
			return orgError(errors.Join(err, orgs.ErrStandaloneHasOrg))
		}
	}
	if _, err := store.GetOrgBySlug(ctx, p.Slug); err == nil {
		return failure(fmt.Errorf("%w: %s", orgs.ErrSlugExists, p.Slug))
	}
	redirects := publicurl.StandaloneCallbacks(cfg, "")
	if cfg.MultiTenant {
		redirects = []string{publicurl.Callback(cfg, "", p.Slug)}
	}
	idp := auth.NewIdP(cfg.AuthURL+"/realms/"+cfg.AuthRealm, nil, cfg.Version, time.Now)
	id, secret, err := idp.RegisterResource(ctx, p.DisplayName, description, redirects)
	if err != nil {
		return failure(fmt.Errorf("register the client: %w", err))
	}
	p.ClientID, p.ClientSecret = id, secret
	return nil
}

// openStore opens the app database and refuses to work on a schema with pending migrations.
func (c *cli) openStore(ctx context.Context, cfg *config.Config) (*db.DbServiceImpl, error) {
	store, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, failure(err)
	}
	runner, err := store.Conn().Migrator(migrations.App)
	var statuses []migrations.Status
	if err == nil {
		statuses, err = runner.Status(ctx)
	}
	if err != nil {
		store.Close()
		return nil, failure(err)
	}
	for _, s := range statuses {
		if s.State != "applied" {
			store.Close()
			return nil, failure(errors.New("the app database has pending migrations: run `bodhi migrate up` first"))
		}
	}
	return store, nil
}

// invalidateOrg drops the org's shared-cache entries on every replica, twice: right away and once more after a
// delay, which closes the race with a replica re-reading the old row just before the commit (runtime.md §6.4).
func (c *cli) invalidateOrg(ctx context.Context, cfg *config.Config, org db.Organization) error {
	keys := []string{"org:" + org.Slug, "org:id:" + org.ID}
	if cfg.RedisURL == "" {
		if cfg.MultiTenant {
			return &exitError{code: exitInvalidated, err: errors.New(invalidationFailed + " (REDIS_URL is not set)")}
		}
		// Standalone with the in-process cache: a running server picks the change up within its 60 s org TTL.
		return nil
	}
	r, err := cache.NewRedis(ctx, cache.RedisOptions{URL: cfg.RedisURL, Prefix: cfg.RedisPrefix,
		ConnectWait: 5 * time.Second, Logger: c.logger(cfg)})
	if err == nil {
		defer r.Close()
		if err = r.Invalidate(ctx, keys...); err == nil {
			time.Sleep(c.invalidateRepeat)
			err = r.Invalidate(ctx, keys...)
		}
	}
	if err != nil {
		return &exitError{code: exitInvalidated, err: fmt.Errorf("%s: %w", invalidationFailed, err)}
	}
	return nil
}

func orgError(err error) error {
	var inv *orgs.InvalidError
	if errors.As(err, &inv) {
		return usageErr("%v", err)
	}
	return failure(err)
}

func (c *cli) printJSON(v any) error {
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return failure(err)
	}
	return nil
}

func (c *cli) logger(cfg *config.Config) *slog.Logger { return app.NewLogger(cfg, c.stderr) }

func lookupEnv(environ []string, name string) string {
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k == name {
			return v
		}
	}
	return ""
}
