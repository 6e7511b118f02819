// Package gateway serves an org's models to the OpenAI- and Ollama-compatible routes (http-api.md §7, §8): it lists
// them, finds one, and opens a model request to what serves it: llama-server for a local alias (standalone), else
// the provider of an API model (resolve the model among the org's API models, open the provider's key, address the
// body to the provider's name for the model, send). Relaying the answer, and converting it for Ollama, is the HTTP
// layer's.
//
// It stands apart from package apimodels, which manages the org's remote providers, because the gateway is where
// every kind of model meets: local models are routed here beside the API models, and usage accounting will
// wrap the calls opened here.
package gateway

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/bodhiapp/bodhi/apimodels"
	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/outbound"
	"github.com/bodhiapp/bodhi/proxy"
)

// Service is the gateway.
type Service struct {
	models   *apimodels.Service
	upstream *http.Client
	local    Local // the zero Local in hosted mode
}

// New builds the gateway over the org's API models and, on a standalone server, its local models and the
// llama-server manager that runs them (the zero Local in hosted mode). upstream is the client of relayed provider
// calls: no total timeout (a stream lasts as long as the model writes), the outbound address rule in hosted mode.
func New(models *apimodels.Service, upstream *http.Client, local Local) *Service {
	return &Service{models: models, upstream: upstream, local: local}
}

// The provider paths of the routed endpoints, appended to an API model's base URL.
const (
	EndpointChat       = "/chat/completions"
	EndpointEmbeddings = "/embeddings"
)

// Call is one model request to open.
type Call struct {
	Endpoint string // EndpointChat or EndpointEmbeddings
	Accept   string // the client's Accept header, passed on
	Body     Body
	// Served, when set, is where Forward says what served the call (usage accounting).
	Served *Served
}

// Served is what served a call: the provider (the API model's host, or "local" for llama-server), the model's
// name there, and the API model.
type Served struct {
	Provider      string
	UpstreamModel string
	APIModelID    string // "" for a local model
}

// ProviderLocal is Served.Provider for a local model.
const ProviderLocal = "local"

func (c Call) served(s Served) {
	if c.Served != nil {
		*c.Served = s
	}
}

// Forward opens call with what serves its model in org (http-api.md §7): llama-server when the model is a local
// alias, with the alias's request parameters as defaults; else the first of the org's API models, oldest first,
// that offers the model, with its key, opened with the org's data key, and the body addressed to the provider's
// name for the model. It returns the answer, whatever its status, for the caller to relay and close. The call runs
// under ctx, so a client that goes away cancels the model call too.
//
// Errors: apimodels.ErrModelNotFound, apimodels.ErrDecrypt (the request is never sent without its key), ErrBody,
// apimodels.ErrProviderBlocked, ErrProviderUnreachable, or a failure to load the org's API models; for a local
// alias, the runner's errors (llama-server not found, failed to start, died).
func (s *Service) Forward(ctx context.Context, org *auth.OrgContext, call Call) (*http.Response, error) {
	if resp, routed, err := s.forwardLocal(ctx, org.OrgID, call); routed {
		return resp, err
	}
	target, err := s.models.Resolve(ctx, org, call.Body.Model())
	if err != nil {
		return nil, fmt.Errorf("resolve the model: %w", err)
	}
	call.served(Served{Provider: providerHost(target.Alias.BaseURL), UpstreamModel: target.UpstreamModel,
		APIModelID: target.Alias.ID})
	key, err := apimodels.OpenKey(org, target.Alias)
	if err != nil {
		return nil, err
	}
	body, err := call.Body.For(target.UpstreamModel)
	if err != nil {
		return nil, bodyError(err)
	}
	resp, err := proxy.Send(ctx, s.upstream, proxy.Request{URL: target.Alias.BaseURL + call.Endpoint, Key: key,
		Accept: call.Accept, Body: body})
	switch {
	case err == nil:
		return resp, nil
	case outbound.IsBlocked(err):
		return nil, apimodels.ErrProviderBlocked.Because(err)
	default:
		return nil, ErrProviderUnreachable.Because(fmt.Errorf("api model %s: %w", target.Alias.ID, err))
	}
}

// providerHost names a provider by its base URL's host: a metrics label with few values, and no path or secret.
func providerHost(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil || u.Host == "" {
		return "unknown"
	}
	return u.Host
}
