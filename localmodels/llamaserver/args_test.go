package llamaserver

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/gateway"
)

func TestArguments(t *testing.T) {
	target := gateway.LocalTarget{Alias: "a", ModelPath: "/m/a.gguf", ContextParams: []string{"--ctx-size 2048",
		"  --parallel\t2 ", "", "--jinja"}}
	require.Equal(t, []string{"--model", "/m/a.gguf", "--host", "127.0.0.1", "--port", "4242", "--no-webui",
		"--chat-template", "a b", "--ctx-size", "2048", "--parallel", "2", "--jinja"},
		arguments(target, 4242, []string{"--no-webui", "--chat-template", "a b"}))
}
