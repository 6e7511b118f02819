// Package localmodels is the standalone server's half that runs models on the user's own machine (runtime.md §9):
// the Hugging Face cache on disk and the aliases over it (this package), downloads from the hub (hfpull), GGUF
// metadata (gguf and the metadata queue), and the llama-server processes that serve them (llamaserver). In hosted
// mode none of it is built, and its routes answer ErrHosted.
package localmodels

import "github.com/bodhiapp/bodhi/apperr"

// ErrHosted answers a local-model route in hosted mode (http-api.md §1.6): the files and the inference of local
// models exist only on a standalone server.
var ErrHosted = apperr.New(apperr.Invalid, "data_service_error-unsupported_operation",
	"Local models are not available on this server: it is hosted; use an API model.")
