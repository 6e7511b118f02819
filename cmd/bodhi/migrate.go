package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/bodhiapp/bodhi/config"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/migrations"
)

func (c *cli) migrateCommand() *cobra.Command {
	var which string
	var yes, asJSON bool
	cmd := &cobra.Command{
		Use:   "migrate up|down|status",
		Short: "Apply, roll back or report the schema migrations of the app and session databases",
		Args:  exactArgs(1, "one of up, down, status"),
		RunE: func(cmd *cobra.Command, args []string) error {
			action := args[0]
			if action != "up" && action != "down" && action != "status" {
				return usageErr("unknown migrate action %q: use up, down or status", action)
			}
			sets, err := selectedSets(which)
			if err != nil {
				return err
			}
			if action == "down" && !yes {
				return usageErr("migrate down rolls back one migration per database and needs --yes")
			}
			cfg, err := c.loadConfig(cmd, config.ForMigrate)
			if err != nil {
				return err
			}
			var statuses []migrations.Status
			for _, set := range sets {
				st, err := c.migrateSet(cmd.Context(), cfg, set, action)
				if err != nil {
					return failure(err)
				}
				statuses = append(statuses, st...)
			}
			if action == "status" {
				return c.printMigrationStatus(statuses, asJSON)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&which, "db", "all", "app, session or all")
	cmd.Flags().BoolVar(&yes, "yes", false, "confirm migrate down")
	cmd.Flags().BoolVar(&asJSON, "json", false, "status as JSON")
	return cmd
}

func selectedSets(which string) ([]migrations.Set, error) {
	switch which {
	case "all":
		return []migrations.Set{migrations.App, migrations.Session}, nil
	case "app":
		return []migrations.Set{migrations.App}, nil
	case "session":
		return []migrations.Set{migrations.Session}, nil
	}
	return nil, usageErr("--db must be app, session or all; got %q", which)
}

func (c *cli) migrateSet(ctx context.Context, cfg *config.Config, set migrations.Set, action string) ([]migrations.Status, error) {
	url, schema := cfg.DatabaseURL, ""
	if set == migrations.Session {
		url, schema = cfg.SessionDBURL, cfg.SessionDBSchema
	}
	conn, err := db.Connect(ctx, url, schema)
	if err != nil {
		return nil, fmt.Errorf("%s database: %w", set, err)
	}
	defer conn.Close()
	runner, err := conn.Migrator(set)
	if err != nil {
		return nil, err
	}
	switch action {
	case "up":
		applied, err := runner.Up(ctx)
		if err != nil {
			return nil, err
		}
		if len(applied) == 0 {
			fmt.Fprintf(c.stdout, "%s: up to date\n", set)
		}
		for _, name := range applied {
			fmt.Fprintf(c.stdout, "%s: applied %s\n", set, name)
		}
	case "down":
		name, err := runner.Down(ctx)
		if err != nil {
			return nil, err
		}
		if name == "" {
			fmt.Fprintf(c.stdout, "%s: nothing to roll back\n", set)
		} else {
			fmt.Fprintf(c.stdout, "%s: rolled back %s\n", set, name)
		}
	case "status":
		return runner.Status(ctx)
	}
	return nil, nil
}

func (c *cli) printMigrationStatus(statuses []migrations.Status, asJSON bool) error {
	if asJSON {
		if statuses == nil {
			statuses = []migrations.Status{}
		}
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(statuses)
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "DB\tVERSION\tNAME\tSTATE\tAPPLIED AT")
	for _, s := range statuses {
		at := "-"
		if s.AppliedAt != nil {
			at = s.AppliedAt.Format("2006-01-02T15:04:05Z07:00")
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\n", s.DB, s.Version, s.Name, s.State, at)
	}
	return tw.Flush()
}
