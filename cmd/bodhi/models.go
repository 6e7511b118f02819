package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/dustin/go-humanize"
	"github.com/spf13/cobra"

	"github.com/bodhiapp/bodhi/cache"
	"github.com/bodhiapp/bodhi/config"
	"github.com/bodhiapp/bodhi/localmodels"
	"github.com/bodhiapp/bodhi/localmodels/hfcache"
)

// modelsCommand is `bodhi models`: the standalone server's local aliases and the GGUF files of the Hugging Face
// cache, read with the catalog the server uses.
func (c *cli) modelsCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "models",
		Short: "List the local model aliases and the GGUF files of the Hugging Face cache (standalone)",
		Args:  exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := c.loadConfig(cmd, config.ForOrgAdmin)
			if err != nil {
				return err
			}
			if cfg.MultiTenant {
				return usageErr("local models exist on a standalone server only (BODHI_MULTI_TENANT is true)")
			}
			ctx := cmd.Context()
			store, err := c.openStore(ctx, cfg)
			if err != nil {
				return err
			}
			defer store.Close()
			orgs, err := store.ListOrgs(ctx, "")
			if err != nil {
				return failure(fmt.Errorf("load the organization: %w", err))
			}
			orgID := "" // before setup there is no org, and so no user alias: the model aliases and files remain
			if len(orgs) > 0 {
				orgID = orgs[0].ID
			}
			files := hfcache.New(cfg.HFHome, time.Now, c.logger(cfg))
			catalog := localmodels.New(store, files, nil, cache.NewMemory(nil))
			aliases, err := catalog.LocalAliases(ctx, orgID)
			if err != nil {
				return failure(err)
			}
			modelFiles, err := catalog.ModelFiles(ctx, orgID)
			if err != nil {
				return failure(err)
			}
			if asJSON {
				return c.printJSON(modelsJSON(aliases, modelFiles))
			}
			return printModels(c.stdout, files.Hub(), aliases, modelFiles)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "{aliases: [...], files: [...]}")
	return cmd
}

// aliasJSON and fileJSON are the --json shapes.
type aliasJSON struct {
	Alias         string                     `json:"alias"`
	Source        string                     `json:"source"`
	Repo          string                     `json:"repo"`
	Filename      string                     `json:"filename"`
	Snapshot      string                     `json:"snapshot"`
	Size          *int64                     `json:"size"` // null: the file is no longer in the cache
	RequestParams *localmodels.RequestParams `json:"request_params,omitempty"`
	ContextParams []string                   `json:"context_params,omitempty"`
}

type fileJSON struct {
	Repo       string    `json:"repo"`
	Filename   string    `json:"filename"`
	Snapshot   string    `json:"snapshot"`
	Size       int64     `json:"size"`
	ModifiedAt time.Time `json:"modified_at"`
	Path       string    `json:"path"`
}

func modelsJSON(aliases []localmodels.LocalAlias, files []localmodels.ModelFile) map[string]any {
	as := make([]aliasJSON, len(aliases))
	for i, a := range aliases {
		as[i] = aliasJSON{Alias: a.Name, Source: a.Source}
		if a.User != nil {
			as[i].Repo, as[i].Filename, as[i].Snapshot = a.User.Repo, a.User.Filename, a.User.Snapshot
			as[i].RequestParams, as[i].ContextParams = &a.User.RequestParams, a.User.ContextParams
		}
		if a.File != nil {
			as[i].Repo, as[i].Filename, as[i].Snapshot = a.File.Repo, a.File.Filename, a.File.Snapshot
			as[i].Size = &a.File.Size
		}
	}
	fs := make([]fileJSON, len(files))
	for i, f := range files {
		fs[i] = fileJSON{Repo: f.Repo, Filename: f.Filename, Snapshot: f.Snapshot, Size: f.Size,
			ModifiedAt: f.ModTime.UTC(), Path: f.Path}
	}
	return map[string]any{"aliases": as, "files": fs}
}

// printModels writes two tables: the aliases, then the files.
func printModels(out io.Writer, hub string, aliases []localmodels.LocalAlias, files []localmodels.ModelFile) error {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ALIAS\tSOURCE\tREPO\tFILENAME\tSNAPSHOT\tSIZE")
	for _, a := range aliases {
		repo, filename, snapshot, size := "", "", "", "missing"
		if a.User != nil {
			repo, filename, snapshot = a.User.Repo, a.User.Filename, a.User.Snapshot
		}
		if a.File != nil {
			repo, filename, snapshot, size = a.File.Repo, a.File.Filename, a.File.Snapshot, humanize.Bytes(uint64(a.File.Size))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", a.Name, a.Source, repo, filename, short(snapshot), size)
	}
	if err := tw.Flush(); err != nil {
		return failure(err)
	}
	fmt.Fprintln(out)
	if len(files) == 0 {
		fmt.Fprintf(out, "no GGUF files in %s\n", hub)
		return nil
	}
	tw = tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "REPO\tFILENAME\tSNAPSHOT\tSIZE\tMODIFIED")
	for _, f := range files {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", f.Repo, f.Filename, short(f.Snapshot), humanize.Bytes(uint64(f.Size)),
			f.ModTime.UTC().Format(time.RFC3339))
	}
	if err := tw.Flush(); err != nil {
		return failure(err)
	}
	return nil
}

// short is a commit hash as git abbreviates it.
func short(commit string) string { return commit[:min(len(commit), 8)] }
