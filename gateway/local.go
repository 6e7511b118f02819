package gateway

import (
	"context"
	"net/http"
	"time"
)

// LocalTarget is a local alias resolved for a request: the GGUF file llama-server loads, the arguments it is
// started with, and the request parameters the alias sets as defaults (http-api.md §5.2).
type LocalTarget struct {
	Alias         string
	ModelPath     string         // absolute path of the .gguf file
	ContextParams []string       // llama-server arguments of the alias, each entry split on whitespace
	RequestParams map[string]any // OAIRequestParams applied where the request leaves them unset
}

// LocalModels are the standalone server's models on disk (package localmodels); nil in hosted mode.
type LocalModels interface {
	// Target resolves model as a local alias of orgID (user alias first, then model alias); found is false when
	// model is not a local alias.
	Target(ctx context.Context, orgID, model string) (target LocalTarget, found bool, err error)
	// Names lists the local aliases of orgID, user aliases first, each name once.
	Names(ctx context.Context, orgID string) ([]string, error)
}

// LocalRunner sends a model request to the llama-server process that serves target, starting or switching it
// first (package llamaserver); nil in hosted mode. path is the OpenAI endpoint (EndpointChat, EndpointEmbeddings).
type LocalRunner interface {
	Forward(ctx context.Context, target LocalTarget, path, accept string, body []byte) (*http.Response, error)
}

// LocalLoaded is a LocalRunner that tells which alias it has in memory (package llamaserver does).
type LocalLoaded interface {
	Loaded() (alias string, until time.Time, ok bool)
}

// Loaded is the local alias llama-server has in memory and until when it stays; ok is false when none is (always
// in hosted mode).
func (s *Service) Loaded() (alias string, until time.Time, ok bool) {
	if l, is := s.local.Runner.(LocalLoaded); is {
		return l.Loaded()
	}
	return "", time.Time{}, false
}
