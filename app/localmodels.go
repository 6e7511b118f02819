package app

import (
	"strconv"
	"time"

	"github.com/bodhiapp/bodhi/config"
	"github.com/bodhiapp/bodhi/gateway"
	"github.com/bodhiapp/bodhi/localmodels/llamaserver"
)

// WithLocalModels replaces the catalog of local aliases the gateway routes to llama-server (standalone only);
// tests use it to route to models of their own.
func WithLocalModels(m gateway.LocalModels) Option { return func(o *options) { o.localModels = m } }

// openLlamaServer builds the manager of llama-server children (runtime.md §9.4) on a standalone server; hosted
// servers run no local model. Nothing starts until a request names a local alias.
func (a *App) openLlamaServer() error {
	if a.cfg.MultiTenant {
		return nil
	}
	m, err := llamaserver.New(llamaserver.Options{Binary: a.cfg.LlamaServer, Args: a.cfg.LlamaCppArgs,
		KeepAlive: time.Duration(a.cfg.KeepAliveSecs) * time.Second, Logger: a.log})
	if err != nil {
		return err
	}
	a.llama = m
	return nil
}

// localGateway is what the gateway routes local aliases with: the catalog (or a test's own models) and
// llama-server, or nothing (hosted).
func (a *App) localGateway(o options, catalog gateway.LocalModels) gateway.Local {
	if a.llama == nil {
		return gateway.Local{}
	}
	if o.localModels != nil {
		catalog = o.localModels
	}
	return gateway.Local{Models: catalog, Runner: a.llama}
}

// followKeepAlive applies a change of BODHI_KEEP_ALIVE_SECS on the settings page to the running idle timer.
func (a *App) followKeepAlive(settings *config.Settings) {
	if a.llama == nil {
		return
	}
	settings.OnChange(func(key string, v config.Value) {
		if key != "BODHI_KEEP_ALIVE_SECS" {
			return
		}
		secs, err := strconv.Atoi(v.Raw)
		if err != nil {
			a.log.Warn("keep-alive setting is not a number; the timer keeps its value", "value", v.Raw)
			return
		}
		a.llama.SetKeepAlive(time.Duration(secs) * time.Second)
	})
}
