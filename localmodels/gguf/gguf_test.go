package gguf_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/localmodels"
	"github.com/bodhiapp/bodhi/localmodels/gguf"
	"github.com/bodhiapp/bodhi/localmodels/gguf/ggufwrite"
)

func parse(t *testing.T, b []byte) (*gguf.File, error) {
	t.Helper()
	return gguf.Parse(bytes.NewReader(b), int64(len(b)))
}

func ptr[T any](v T) *T { return &v }

// capabilities are the four decided capabilities, in the order vision, thinking, function calling, structured
// output.
func capabilities(vision, thinking, functions, schema bool) localmodels.Capabilities {
	return localmodels.Capabilities{Vision: &vision, Thinking: &thinking,
		Tools: localmodels.Tools{FunctionCalling: &functions, StructuredOutput: &schema}}
}

func metadata(family string, params *int64, quant string, ctx int64, template string, c localmodels.Capabilities) localmodels.Metadata {
	return localmodels.Metadata{Capabilities: c, Context: localmodels.Context{MaxInputTokens: &ctx},
		Architecture: localmodels.Architecture{Family: &family, ParameterCount: params, Quantization: &quant,
			Format: "gguf"}, ChatTemplate: &template}
}

func TestParseFixtures(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		model   ggufwrite.Model
		version uint32
		tensors uint64
		kvs     uint64
		name    string
		ftype   *int64
		clip    bool
		want    localmodels.Metadata
	}{
		{ggufwrite.Llama(), 3, 3, 18, "Llama 3.2 1B Instruct", ptr[int64](15), false,
			metadata("llama", ptr[int64](266_864_640), "Q4_K_M", 131072, ggufwrite.LlamaTemplate,
				capabilities(false, false, true, false))},
		{ggufwrite.Qwen2(), 2, 1, 14, "Qwen2.5 0.5B Instruct", ptr[int64](7), false,
			metadata("qwen2", ptr[int64](136_134_656), "Q8_0", 32768, ggufwrite.QwenTemplate,
				capabilities(false, false, true, true))},
		{ggufwrite.Qwen3(), 3, 2, 5, "Qwen3 0.6B", ptr[int64](7 | 1024), false,
			metadata("qwen3", ptr[int64](155_583_488), "Q8_0", 40960, ggufwrite.Qwen3Template,
				capabilities(false, true, true, false))},
		{ggufwrite.Gemma3(), 3, 1, 6, "Gemma 3 4b It", ptr[int64](15), false,
			metadata("gemma3", ptr[int64](3_880_000_000), "Q4_K_M", 131072, ggufwrite.GemmaTemplate,
				capabilities(true, false, false, false))},
		{ggufwrite.Llava(), 3, 0, 7, "LLaVA v1.6 Mistral 7B", nil, true,
			metadata("llama", nil, "Q5_K_S", 32768, ggufwrite.LlavaTemplate, capabilities(true, false, false, false))},
		{ggufwrite.DeepSeekR1(), 3, 1, 5, "DeepSeek R1 Distill Qwen 1.5B", ptr[int64](15), false,
			metadata("qwen2", ptr[int64](233_373_696), "Q4_K_M", 131072, ggufwrite.DeepSeekR1Template,
				capabilities(false, true, false, false))},
	} {
		t.Run(tc.model.Filename, func(t *testing.T) {
			f, err := parse(t, tc.model.File.Bytes())
			require.NoError(t, err)
			require.Equal(t, tc.version, f.Version)
			require.Equal(t, tc.tensors, f.TensorCount)
			require.Equal(t, tc.kvs, f.KVCount)
			require.Equal(t, tc.name, f.Name)
			require.Equal(t, tc.ftype, f.FileType)
			require.Equal(t, tc.clip, f.HasCLIP)
			require.Equal(t, tc.want, f.Metadata(tc.model.Repo, tc.model.Filename))
		})
	}
}

func TestQuantization(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		fileType *int64
		filename string
		want     string
	}{
		{ptr[int64](15), "model-Q8_0.gguf", "Q4_K_M"}, // the header wins over the name
		{ptr[int64](0), "x.gguf", "F32"},
		{ptr[int64](1), "x.gguf", "F16"},
		{ptr[int64](2), "x.gguf", "Q4_0"},
		{ptr[int64](10), "x.gguf", "Q2_K"},
		{ptr[int64](18), "x.gguf", "Q6_K"},
		{ptr[int64](30), "x.gguf", "IQ4_XS"},
		{ptr[int64](32), "x.gguf", "BF16"},
		{ptr[int64](38), "x.gguf", "MXFP4_MOE"},
		{ptr[int64](1024 | 17), "x.gguf", "Q5_K_M"}, // llama.cpp's "guessed" flag
		{ptr[int64](4), "model-Q4_1.gguf", "Q4_1"},  // a removed file type: the name decides
		{ptr[int64](999), "model-q6_k.gguf", "Q6_K"},
		{nil, "Mistral-7B-Instruct-v0.3-IQ3_XXS.gguf", "IQ3_XXS"},
		{nil, "phi-2-f16.gguf", "F16"},
		{nil, "sub/dir/model-BF16.gguf", "BF16"},
		{nil, "model-TQ1_0.gguf", "TQ1_0"},
		{nil, "model.gguf", ""},
		{nil, "model-final.gguf", ""},
		{nil, "DeepSeek-V3-Q4_K_M-00001-of-00009.gguf", ""}, // a shard's name ends with its number
	} {
		f := &gguf.File{FileType: tc.fileType}
		require.Equal(t, tc.want, f.Quantization(tc.filename), "%v %s", tc.fileType, tc.filename)
	}
}

func TestCapabilityHeuristics(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		file     gguf.File
		filename string
		want     localmodels.Capabilities
	}{
		{"plain", gguf.File{Architecture: "llama", ChatTemplate: ptr("{{ messages }}")}, "m-Q4_0.gguf",
			capabilities(false, false, false, false)},
		{"no template", gguf.File{Architecture: "llama"}, "m.gguf", capabilities(false, false, false, false)},
		{"llava architecture", gguf.File{Architecture: "llava"}, "m.gguf", capabilities(true, false, false, false)},
		{"qwen2vl architecture", gguf.File{Architecture: "qwen2vl"}, "m.gguf", capabilities(true, false, false, false)},
		{"mllama architecture", gguf.File{Architecture: "mllama"}, "m.gguf", capabilities(true, false, false, false)},
		{"clip keys", gguf.File{Architecture: "llama", HasCLIP: true}, "m.gguf", capabilities(true, false, false, false)},
		{"think in template", gguf.File{ChatTemplate: ptr("{{ '<think>' }}")}, "m.gguf",
			capabilities(false, true, false, false)},
		{"qwq in file name", gguf.File{}, "QwQ-32B-Q4_K_M.gguf", capabilities(false, true, false, false)},
		{"-r1 in general.name", gguf.File{Name: "Foo-R1 Distill"}, "m.gguf", capabilities(false, true, false, false)},
		{"r1 without a dash", gguf.File{Name: "Mr1"}, "m.gguf", capabilities(false, false, false, false)},
		{"tool calls only", gguf.File{ChatTemplate: ptr("{{ message.tool_calls }}")}, "m.gguf",
			capabilities(false, false, true, false)},
		{"tools in a named template", gguf.File{ChatTemplate: ptr("{{ messages }}"),
			NamedTemplates: map[string]string{"tool_use": "{% if tools %}{% endif %}"}}, "m.gguf",
			capabilities(false, false, true, false)},
		{"json schema in words", gguf.File{ChatTemplate: ptr("Follow this JSON Schema: {{ schema }}")}, "m.gguf",
			capabilities(false, false, false, true)},
		{"response format", gguf.File{ChatTemplate: ptr("{{ response_format }}")}, "m.gguf",
			capabilities(false, false, false, true)},
		{"json_schema variable", gguf.File{ChatTemplate: ptr("{{ json_schema | tojson }}")}, "m.gguf",
			capabilities(false, false, false, true)},
	} {
		got := tc.file.Metadata("owner/repo", tc.filename)
		require.Equal(t, tc.want, got.Capabilities, tc.name)
		require.Nil(t, got.Capabilities.Audio, tc.name)
		require.Equal(t, "gguf", got.Architecture.Format, tc.name)
	}
}

func TestParseFileFollowsTheHubSymlink(t *testing.T) {
	t.Parallel()
	m := ggufwrite.Llama()
	path := ggufwrite.PutModel(t, t.TempDir(), "abc123", m)
	f, err := gguf.ParseFile(path)
	require.NoError(t, err)
	require.Equal(t, "llama", f.Architecture)

	_, err = gguf.ParseFile(path + ".missing")
	require.Error(t, err)
	_, err = gguf.ParseFile(t.TempDir())
	require.ErrorIs(t, err, gguf.ErrNotGGUF, "a directory is not a model file")
}
