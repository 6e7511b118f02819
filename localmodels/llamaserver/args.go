package llamaserver

import (
	"strconv"
	"strings"

	"github.com/bodhiapp/bodhi/gateway"
)

// arguments are llama-server's arguments for target, in the order of runtime.md §9.4: the model, the loopback
// address and port, then BODHI_LLAMACPP_ARGS (already split), then the alias's context parameters, each entry
// split on whitespace.
func arguments(target gateway.LocalTarget, port int, extra []string) []string {
	args := []string{"--model", target.ModelPath, "--host", "127.0.0.1", "--port", strconv.Itoa(port)}
	args = append(args, extra...)
	for _, entry := range target.ContextParams {
		args = append(args, strings.Fields(entry)...)
	}
	return args
}
