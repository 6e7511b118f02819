package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/config"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/localmodels/hfpull"
	"github.com/bodhiapp/bodhi/outbound"
)

// plainProgressEvery spaces the progress lines written when stderr is not a terminal (a log, CI).
const plainProgressEvery = 5 * time.Second

func (c *cli) pullCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "pull REPO FILE",
		Short: "Download a model file from the Hugging Face hub into the local cache (standalone)",
		Long: "Downloads FILE of the Hugging Face repository REPO (owner/name) at main into $HF_HOME/hub, as the " +
			"server's POST /bodhi/v1/modelfiles/pull does, in the foreground: an interrupted download resumes " +
			"when run again. HF_TOKEN is sent to the hub for gated repositories.",
		Args: exactArgs(2, "REPO and FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := c.loadConfig(cmd, config.ForOrgAdmin)
			if err != nil {
				return err
			}
			if cfg.MultiTenant {
				return usageErr("bodhi pull is for standalone servers: local models are not available with BODHI_MULTI_TENANT=true")
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return c.pull(ctx, cfg, args[0], args[1])
		},
	}
}

// pull runs one download in the foreground with the server's own service; the download is recorded in the
// standalone org's list when the server is set up.
func (c *cli) pull(ctx context.Context, cfg *config.Config, repo, filename string) error {
	store, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return failure(err)
	}
	defer store.Close()
	if err := store.Migrate(ctx); err != nil { // as `bodhi serve` does: a fresh standalone home works at once
		return failure(err)
	}
	orgs, err := store.ListOrgs(ctx, "")
	if err != nil {
		return failure(fmt.Errorf("list organizations: %w", err))
	}
	orgID := ""
	if len(orgs) > 0 {
		orgID = orgs[0].ID // standalone: the one org
	}
	svc, err := hfpull.New(store, hfpull.Config{HFHome: cfg.HFHome, BaseURL: cfg.HFBaseURL, Token: cfg.HFToken,
		Client: outbound.NewClient(false, 0), UserAgent: "bodhi/" + cfg.Version}, hfpull.WithLogger(c.logger(cfg)))
	if err != nil {
		return usageErr("%v", err)
	}
	if path, ok := svc.Cached(repo, filename); ok {
		fmt.Fprintf(c.stdout, "%s/%s is already in the Hugging Face cache: %s\n", repo, filename, path)
		return nil
	}
	show := c.progress(repo + "/" + filename)
	res, err := svc.Download(ctx, orgID, repo, filename, show.report)
	show.end(err == nil)
	var ae *apperr.Error
	switch {
	case errors.As(err, &ae) && ae.Kind == apperr.Invalid:
		return usageErr("%s", ae.Message)
	case err != nil:
		return failure(fmt.Errorf("download %s/%s: %w", repo, filename, err))
	}
	fmt.Fprintf(c.stdout, "downloaded %s/%s (%d bytes, commit %s) to %s\n", repo, filename, res.Size, res.Commit, res.Path)
	return nil
}

// progressView shows a download's progress on stderr: a progress bar on a terminal, else a plain line every few
// seconds.
type progressView struct {
	w     io.Writer
	name  string
	bar   *progressbar.ProgressBar
	tty   bool
	last  time.Time
	state hfpull.Progress
}

func (c *cli) progress(name string) *progressView {
	return &progressView{w: c.stderr, name: name, tty: isTerminal(c.stderr)}
}

func (p *progressView) report(at hfpull.Progress) {
	p.state = at
	if p.tty {
		if p.bar == nil {
			p.bar = progressbar.NewOptions64(at.Total, progressbar.OptionSetWriter(p.w),
				progressbar.OptionSetDescription(p.name), progressbar.OptionShowBytes(true),
				progressbar.OptionShowCount(), progressbar.OptionSetWidth(30),
				progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionSetPredictTime(true),
				progressbar.OptionOnCompletion(func() { fmt.Fprintln(p.w) }))
		}
		_ = p.bar.Set64(at.Done)
		return
	}
	if time.Since(p.last) >= plainProgressEvery {
		p.line()
	}
}

// line writes the plain progress line: "owner/name/file: 12.3 MB of 4.4 GB (0%)".
func (p *progressView) line() {
	p.last = time.Now()
	if p.state.Total <= 0 {
		fmt.Fprintf(p.w, "%s: %s\n", p.name, mb(p.state.Done))
		return
	}
	fmt.Fprintf(p.w, "%s: %s of %s (%d%%)\n", p.name, mb(p.state.Done), mb(p.state.Total),
		p.state.Done*100/p.state.Total)
}

// end closes the bar, or writes the last plain line of a finished download.
func (p *progressView) end(ok bool) {
	switch {
	case p.bar != nil && ok:
		_ = p.bar.Finish()
	case p.bar != nil:
		_ = p.bar.Exit()
		fmt.Fprintln(p.w)
	case ok:
		p.line()
	}
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
