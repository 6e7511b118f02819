package app

import (
	"context"
	"fmt"

	"github.com/bodhiapp/bodhi/localmodels/hfpull"
	"github.com/bodhiapp/bodhi/outbound"
)

// startPulls builds the download service of a standalone server (runtime.md §9.3), fails the downloads a
// previous process left pending (their partial files stay for a resume), and runs its queue until Close, which
// waits for the running downloads to record their interruption. A hosted server has none: nothing under HF_HOME
// is touched.
func (a *App) startPulls(ctx context.Context) error {
	cfg := a.cfg
	if cfg.MultiTenant {
		return nil
	}
	// No total timeout: a model file takes as long as it takes; a stalled connection is ended by the service.
	client := outbound.NewClient(cfg.BlockPrivateUpstreams(), 0)
	pulls, err := hfpull.New(a.store, hfpull.Config{HFHome: cfg.HFHome, Files: a.hfFiles, BaseURL: cfg.HFBaseURL,
		Token: cfg.HFToken, Client: client, UserAgent: "bodhi/" + cfg.Version}, hfpull.WithLogger(a.log))
	if err != nil {
		return err
	}
	orgs, err := a.store.ListOrgs(ctx, "")
	if err != nil {
		return fmt.Errorf("list organizations: %w", err)
	}
	for _, org := range orgs {
		n, err := pulls.Recover(ctx, org.ID)
		if err != nil {
			return err
		}
		if n > 0 {
			a.log.Warn("downloads of a previous run marked interrupted", "count", n)
		}
	}
	a.pulls = pulls
	a.background(pulls.Run)
	return nil
}
