package localmodels_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/localmodels"
)

func TestMetadataRoundTripsThroughItsRow(t *testing.T) {
	yes, ctx, params := true, int64(8192), int64(7_000_000_000)
	family, quant, tmpl := "llama", "Q4_K_M", "{{ messages }}"
	m := localmodels.Metadata{
		Capabilities: localmodels.Capabilities{Thinking: &yes, Tools: localmodels.Tools{FunctionCalling: &yes}},
		Context:      localmodels.Context{MaxInputTokens: &ctx},
		Architecture: localmodels.Architecture{Family: &family, ParameterCount: &params, Quantization: &quant, Format: "gguf"},
		ChatTemplate: &tmpl,
	}
	row := m.Row("owner/repo", "model-Q4_K_M.gguf", "abc123")
	require.Equal(t, "model", row.Source)
	require.Equal(t, "owner/repo", *row.Repo)
	require.Equal(t, m, localmodels.MetadataOf(row))
	require.Equal(t, "gguf", localmodels.MetadataOf(localmodels.Metadata{}.Row("a/b", "f", "s")).Architecture.Format)
}
