package llamaserver

import (
	"strings"

	"github.com/bodhiapp/bodhi/apperr"
)

// The manager's refusals (runtime.md §9.4, http-api.md §7). Their messages carry what the child said last: the
// lines of a local process's own log, shown to the local user who runs it.
var (
	// ErrBinaryNotFound: neither BODHI_LLAMA_SERVER nor llama-server on PATH names an executable.
	ErrBinaryNotFound = apperr.New(apperr.Internal, "llama_server_error-binary_not_found",
		"llama-server not found; set BODHI_LLAMA_SERVER")
	// ErrStartFailed: the child could not be started, exited, or did not become healthy in time.
	ErrStartFailed = apperr.New(apperr.Internal, "llama_server_error-start_failed", "llama-server failed to start.")
	// ErrExited: the child died while it served the request (a network failure before any answer, as for an API
	// model, http-api.md §7), or Bodhi is shutting down.
	ErrExited = apperr.New(apperr.BadGateway, "ai_api_service_error-bad_gateway",
		"llama-server stopped while serving the request.")
)

// withOutput is e with its message followed by why and the child's last stderr lines.
func withOutput(e *apperr.Error, why string, tail []string, cause error) *apperr.Error {
	msg := strings.TrimSuffix(e.Message, ".") + ": " + why + "."
	if len(tail) > 0 {
		msg += " Its last output:\n" + strings.Join(tail, "\n")
	}
	return apperr.New(e.Kind, e.Code, msg).Because(cause)
}

// startFailed is ErrStartFailed saying why, with the last lines of the child's stderr (runtime.md §9.4).
func startFailed(why string, tail []string, cause error) *apperr.Error {
	return withOutput(ErrStartFailed, why, tail, cause)
}

// exited is ErrExited saying how the child ended (exit status or signal) and what it wrote last.
func exited(status string, tail []string, cause error) *apperr.Error {
	return withOutput(ErrExited, "it exited ("+status+")", tail, cause)
}
