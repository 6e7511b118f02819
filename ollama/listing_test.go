package ollama

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var (
	localModel = Model{Name: "llama3:instruct", Modified: testStart, Size: 4920734272,
		Digest: "8eeb52dfb3bb9aefdf9d1ef24b3bdbcfbf01e2ea5dc1b2b7f38b2b1f1b0ee0ad", Format: "gguf", Family: "llama",
		ParameterSize: "8.0B", Quantization: "Q4_K_M", ContextLength: 8192, Capabilities: []string{"completion", "tools"},
		Source: "bartowski/Meta-Llama-3-8B-GGUF/Meta-Llama-3-8B.Q4_K_M.gguf", ContextParams: []string{"--ctx-size 4096"},
		RequestParams: map[string]any{"temperature": 0.7, "stop": []string{"<|eot_id|>"}}}
	apiModel = Model{Name: "openai/gpt-4o", Modified: testStart, Format: "openai", Source: "https://api.openai.com/v1",
		Capabilities: []string{"completion"}}
)

func TestNewTagsResponse(t *testing.T) {
	t.Parallel()
	require.JSONEq(t, `{"models": []}`, mustJSON(NewTagsResponse(nil)))
	require.JSONEq(t, `{"models": [
		{"name": "llama3:instruct", "model": "llama3:instruct", "modified_at": "`+testStamp+`", "size": 4920734272,
			"digest": "8eeb52dfb3bb9aefdf9d1ef24b3bdbcfbf01e2ea5dc1b2b7f38b2b1f1b0ee0ad",
			"details": {"parent_model": "", "format": "gguf", "family": "llama", "families": ["llama"],
				"parameter_size": "8.0B", "quantization_level": "Q4_K_M"}},
		{"name": "openai/gpt-4o", "model": "openai/gpt-4o", "modified_at": "`+testStamp+`", "size": 0,
			"digest": "5e3e0c4a4a44fa9c4c2ee4b1cbcd01b1a26e8d1e8b4f93e30d1d1d0d3d68d8b6",
			"details": {"parent_model": "", "format": "openai", "family": "", "families": null,
				"parameter_size": "", "quantization_level": ""}}]}`,
		mustJSON(NewTagsResponse([]Model{localModel, withDigest(apiModel, "5e3e0c4a4a44fa9c4c2ee4b1cbcd01b1a26e8d1e8b4f93e30d1d1d0d3d68d8b6")})))
	require.Regexp(t, `^[0-9a-f]{64}$`, apiModel.digest(), "an API model's digest is a SHA-256 of its name")
	require.Equal(t, apiModel.digest(), apiModel.digest())
}

func withDigest(m Model, digest string) Model {
	m.Digest = digest
	return m
}

func TestDecodeShowRequest(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]string{`{"model": "a"}`: "a", `{"name": "b"}`: "b", `{"model": "a", "name": "b"}`: "a"} {
		got, err := DecodeShowRequest([]byte(body))
		require.NoError(t, err)
		require.Equal(t, want, got)
	}
	_, err := DecodeShowRequest([]byte(`{}`))
	require.ErrorIs(t, err, ErrModelRequired)
	_, err = DecodeShowRequest([]byte(`{`))
	require.ErrorContains(t, err, "Invalid JSON in request")
}

func TestNewShowResponse(t *testing.T) {
	t.Parallel()
	local, err := NewShowResponse(localModel)
	require.NoError(t, err)
	require.JSONEq(t, `{"license": "", "template": "",
		"modelfile": "# Served by Bodhi from bartowski/Meta-Llama-3-8B-GGUF/Meta-Llama-3-8B.Q4_K_M.gguf\nFROM llama3:instruct\n",
		"parameters": "- --ctx-size 4096\nstop:\n- <|eot_id|>\ntemperature: 0.7\n",
		"details": {"parent_model": "", "format": "gguf", "family": "llama", "families": ["llama"],
			"parameter_size": "8.0B", "quantization_level": "Q4_K_M"},
		"model_info": {"general.architecture": "llama", "llama.context_length": 8192},
		"capabilities": ["completion", "tools"], "modified_at": "`+testStamp+`"}`, mustJSON(local))

	api, err := NewShowResponse(Model{Name: "x/y", Modified: testStart, Format: "openai", Source: "https://p"})
	require.NoError(t, err)
	require.JSONEq(t, `{"license": "", "template": "", "parameters": "",
		"modelfile": "# Served by Bodhi from https://p\nFROM x/y\n",
		"details": {"parent_model": "", "format": "openai", "family": "", "families": null, "parameter_size": "",
			"quantization_level": ""},
		"model_info": {}, "capabilities": [], "modified_at": "`+testStamp+`"}`, mustJSON(api))
}

func TestNewPsResponse(t *testing.T) {
	t.Parallel()
	require.JSONEq(t, `{"models": []}`, mustJSON(NewPsResponse(nil, time.Time{})))
	m := apiModel
	m.Digest = "d"
	require.JSONEq(t, `{"models": [{"name": "openai/gpt-4o", "model": "openai/gpt-4o", "modified_at": "`+testStamp+`",
		"size": 0, "digest": "d", "details": {"parent_model": "", "format": "openai", "family": "", "families": null,
		"parameter_size": "", "quantization_level": ""}, "expires_at": "2024-01-20T12:05:00.000000120Z", "size_vram": 0}]}`,
		mustJSON(NewPsResponse(&m, testStart.Add(5*time.Minute))))
}
