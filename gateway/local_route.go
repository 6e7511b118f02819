package gateway

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// Local is the standalone server's local models: the catalog that resolves a local alias and the runner that
// serves it (llama-server). The zero value, hosted mode's, routes API models only.
type Local struct {
	Models LocalModels
	Runner LocalRunner
}

// forwardLocal sends call to llama-server when its model is a local alias of orgID. Local aliases come before any
// API model (http-api.md §7: a user alias, then a model alias, then the API models), so an alias shadows an API
// model of the same name. routed is false when the model is not a local alias (or local models are off).
func (s *Service) forwardLocal(ctx context.Context, orgID string, call Call) (_ *http.Response, routed bool, _ error) {
	if s.local.Models == nil || s.local.Runner == nil {
		return nil, false, nil
	}
	target, found, err := s.local.Models.Target(ctx, orgID, call.Body.Model())
	if err != nil {
		return nil, true, fmt.Errorf("resolve the local model: %w", err)
	}
	if !found {
		return nil, false, nil
	}
	body, err := call.Body.For(call.Body.Model()) // llama-server serves one model, whatever the body names
	if err != nil {
		return nil, true, bodyError(err)
	}
	if call.Endpoint == EndpointChat {
		if body, err = withRequestParams(body, target.RequestParams); err != nil {
			return nil, true, bodyError(err)
		}
	}
	call.served(Served{Provider: ProviderLocal, UpstreamModel: call.Body.Model()})
	resp, err := s.local.Runner.Forward(ctx, target, call.Endpoint, call.Accept, body)
	return resp, true, err
}

// withRequestParams applies an alias's request parameters (OAIRequestParams, http-api.md §5.1) to a chat body as
// defaults: a key is added only when the body lacks it, and max_tokens becomes max_completion_tokens, added only
// when the body has neither. The body is re-encoded only when something is added. Embeddings requests take none
// of them: they are sampling parameters.
func withRequestParams(body []byte, params map[string]any) ([]byte, error) {
	if len(params) == 0 {
		return body, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, err
	}
	added := false
	for key, value := range params {
		_, has := fields[key]
		if key == "max_tokens" {
			_, hasCompletion := fields["max_completion_tokens"]
			has, key = has || hasCompletion, "max_completion_tokens"
		}
		if has {
			continue
		}
		raw, err := json.Marshal(value)
		if err != nil {
			return nil, fmt.Errorf("request parameter %s: %w", key, err)
		}
		fields[key] = raw
		added = true
	}
	if !added {
		return body, nil
	}
	return json.Marshal(fields)
}
