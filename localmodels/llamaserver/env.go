package llamaserver

import (
	"os"
	"slices"
	"strings"
)

// childEnv is Bodhi's environment less Bodhi's own settings and secrets (the master key, database and Redis URLs
// with their passwords, the Hugging Face token): llama-server needs none of them, and a child's environment is
// readable in /proc. The rest stays: PATH, HOME, the GPU's variables, llama-server's own LLAMA_ARG_*.
func childEnv() []string {
	return slices.DeleteFunc(os.Environ(), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return strings.HasPrefix(name, "BODHI_") || slices.Contains(withheldEnv, name)
	})
}

var withheldEnv = []string{"DATABASE_URL", "SESSION_DB_URL", "SESSION_DB_SCHEMA", "REDIS_URL", "HF_TOKEN"}

// loggedArgs are args with the values of the flags that carry secrets masked, for the log.
func loggedArgs(args []string) []string {
	out := slices.Clone(args)
	for i := 0; i+1 < len(out); i++ {
		if out[i] == "--api-key" || out[i] == "--hf-token" || out[i] == "-hft" {
			out[i+1] = "***"
		}
	}
	return out
}
