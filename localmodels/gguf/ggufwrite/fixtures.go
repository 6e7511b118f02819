package ggufwrite

// Model is a fixture: a GGUF file and where it lives in the Hugging Face cache. The chat templates are short
// templates written for these tests, each showing the features the capability heuristics look for in real ones.
type Model struct {
	Repo, Filename string
	File           File
}

// Chat templates of the fixtures.
const (
	// LlamaTemplate lists tools and renders tool calls: function calling.
	LlamaTemplate = `{{- bos_token }}{%- if tools %}Environment: ipython
{% for t in tools %}{{ t | tojson }}{% endfor %}{%- endif %}{%- for message in messages %}<|start_header_id|>` +
		`{{ message.role }}<|end_header_id|>{%- if message.tool_calls %}{{ message.tool_calls | tojson }}{%- else %}` +
		`{{ message.content }}{%- endif %}<|eot_id|>{%- endfor %}`
	// QwenTemplate has tools and a JSON schema for the answer: function calling and structured output.
	QwenTemplate = `{%- if tools %}<|im_start|>system
<tools>{% for tool in tools %}{{ tool | tojson }}{% endfor %}</tools> Answer with <tool_call></tool_call>.<|im_end|>
{%- endif %}{%- if response_format and response_format.json_schema %}<|im_start|>system
Reply with JSON that follows {{ response_format.json_schema | tojson }}<|im_end|>{%- endif %}` +
		`{%- for message in messages %}<|im_start|>{{ message.role }}
{{ message.content }}<|im_end|>{%- endfor %}`
	// Qwen3Template opens a <think> block and has tools: thinking and function calling.
	Qwen3Template = `{%- if tools %}<tools>{{ tools | tojson }}</tools>{%- endif %}{%- for message in messages %}` +
		`<|im_start|>{{ message.role }}
{{ message.content }}<|im_end|>{%- endfor %}{%- if add_generation_prompt %}<|im_start|>assistant
<think>
{%- endif %}`
	// GemmaTemplate interleaves images and has no tools.
	GemmaTemplate = `{{ bos_token }}{%- for message in messages %}<start_of_turn>{{ message.role }}
{%- for item in message.content %}{%- if item.type == 'image' %}<start_of_image>{%- else %}{{ item.text }}` +
		`{%- endif %}{%- endfor %}<end_of_turn>{%- endfor %}`
	// LlavaTemplate is a plain instruction template.
	LlavaTemplate = `{% for message in messages %}[INST] {{ message.content }} [/INST]{% endfor %}`
	// DeepSeekR1Template is plain too (non-ASCII markers included): the model is a reasoning one by its name.
	DeepSeekR1Template = `{% for message in messages %}{% if message.role == 'user' %}<｜User｜>{{ message.content }}` +
		`{% else %}<｜Assistant｜>{{ message.content }}<｜end▁of▁sentence｜>{% endif %}{% endfor %}`
)

// vocabulary is a small tokenizer section, so that the reader skips arrays of every kind as in real files.
func vocabulary() []KV {
	return []KV{
		{"tokenizer.ggml.model", "gpt2"},
		{"tokenizer.ggml.tokens", []string{"<s>", "</s>", "hello", "world", "▁Ġ"}},
		{"tokenizer.ggml.scores", []float32{0, 0, -1.5, -2.25, -3}},
		{"tokenizer.ggml.token_type", []int32{3, 3, 1, 1, 1}},
		{"tokenizer.ggml.merges", []string{"h e", "l l", "o w"}},
		{"tokenizer.ggml.bos_token_id", uint32(0)},
		{"tokenizer.ggml.add_bos_token", true},
		{"bodhi.test.nested", Array{Of: ArrayType, Items: []any{
			Array{Of: Int32, Items: []any{int32(1), int32(2)}}, Array{Of: String, Items: []any{"a", "bc"}}}}},
	}
}

// Llama is a Llama 3.2 1B-like file: file type 15 (Q4_K_M), 131072 tokens of context, a template with tools,
// three tensors of 262,668,288 + 4,194,304 + 2,048 = 266,864,640 elements.
func Llama() Model {
	kv := append([]KV{
		{"general.architecture", "llama"},
		{"general.name", "Llama 3.2 1B Instruct"},
		{"general.file_type", uint32(15)},
		{"general.quantization_version", uint32(2)},
		{"llama.context_length", uint32(131072)},
		{"llama.embedding_length", uint32(2048)},
		{"llama.block_count", uint32(16)},
		{"llama.rope.freq_base", float32(500000)},
		{"llama.attention.layer_norm_rms_epsilon", float32(1e-5)},
		{"tokenizer.chat_template", LlamaTemplate},
	}, vocabulary()...)
	return Model{Repo: "bartowski/Llama-3.2-1B-Instruct-GGUF", Filename: "Llama-3.2-1B-Instruct-Q4_K_M.gguf",
		File: File{KV: kv, Tensors: []Tensor{
			{Name: "token_embd.weight", Dims: []uint64{2048, 128256}, Type: 12},
			{Name: "blk.0.attn_q.weight", Dims: []uint64{2048, 2048}, Type: 12},
			{Name: "output_norm.weight", Dims: []uint64{2048}, Type: 0},
		}}}
}

// Qwen2 is a GGUF version 2 file with a 64-byte alignment: file type 7 (Q8_0), context under
// qwen2.context_length (uint64), the architecture after it, tools and a JSON schema in the template; one tensor
// of 896 × 151936 = 136,134,656 elements.
func Qwen2() Model {
	kv := append([]KV{
		{"qwen2.context_length", uint64(32768)},
		{"general.architecture", "qwen2"},
		{"general.name", "Qwen2.5 0.5B Instruct"},
		{"general.file_type", int32(7)},
		{"tokenizer.chat_template", QwenTemplate},
	}, vocabulary()...)
	return Model{Repo: "Qwen/Qwen2.5-0.5B-Instruct-GGUF", Filename: "qwen2.5-0.5b-instruct-q8_0.gguf",
		File: File{Version: 2, Alignment: 64, KV: kv, Tensors: []Tensor{
			{Name: "token_embd.weight", Dims: []uint64{896, 151936}, Type: 8},
		}}}
}

// Qwen3 is a reasoning model by its template (<think>), with tools; file type 7 with llama.cpp's "guessed" flag
// (1024) set; two tensors of 1024 × 151936 + 1024 = 155,583,488 elements.
func Qwen3() Model {
	kv := []KV{
		{"general.architecture", "qwen3"},
		{"general.name", "Qwen3 0.6B"},
		{"general.file_type", uint32(7 | 1024)},
		{"qwen3.context_length", uint32(40960)},
		{"tokenizer.chat_template", Qwen3Template},
	}
	return Model{Repo: "Qwen/Qwen3-0.6B-GGUF", Filename: "Qwen3-0.6B-Q8_0.gguf", File: File{KV: kv, Tensors: []Tensor{
		{Name: "token_embd.weight", Dims: []uint64{1024, 151936}, Type: 8},
		{Name: "output_norm.weight", Dims: []uint64{1024}},
	}}}
}

// Gemma3 is a vision model by its architecture, whose header states its parameter count (general.parameter_count
// wins over the tensors' 2560 × 262208 = 671,252,480 elements); file type 15; no tools.
func Gemma3() Model {
	kv := []KV{
		{"general.architecture", "gemma3"},
		{"general.name", "Gemma 3 4b It"},
		{"general.parameter_count", uint64(3_880_000_000)},
		{"general.file_type", uint32(15)},
		{"gemma3.context_length", uint32(131072)},
		{"tokenizer.chat_template", GemmaTemplate},
	}
	return Model{Repo: "ggml-org/gemma-3-4b-it-GGUF", Filename: "gemma-3-4b-it-Q4_K_M.gguf", File: File{KV: kv,
		Tensors: []Tensor{{Name: "token_embd.weight", Dims: []uint64{2560, 262208}, Type: 12}}}}
}

// Llava is a Llama-architecture model carrying CLIP keys (vision by its keys), without general.file_type (the
// quantization comes from its name, Q5_K_S) and without tensors (no parameter count).
func Llava() Model {
	kv := []KV{
		{"general.architecture", "llama"},
		{"general.name", "LLaVA v1.6 Mistral 7B"},
		{"llama.context_length", uint32(32768)},
		{"clip.has_vision_encoder", true},
		{"clip.vision.image_size", uint32(336)},
		{"clip.vision.image_mean", []float32{0.48145466, 0.4578275, 0.40821073}},
		{"tokenizer.chat_template", LlavaTemplate},
	}
	return Model{Repo: "cjpais/llava-1.6-mistral-7b-gguf", Filename: "llava-v1.6-mistral-7b-Q5_K_S.gguf",
		File: File{KV: kv}}
}

// DeepSeekR1 is a reasoning model by its name (…-R1-…) whose template shows no <think>; architecture qwen2, file
// type 15, context 131072, one tensor of 1536 × 151936 = 233,373,696 elements.
func DeepSeekR1() Model {
	kv := []KV{
		{"general.architecture", "qwen2"},
		{"general.name", "DeepSeek R1 Distill Qwen 1.5B"},
		{"general.file_type", uint32(15)},
		{"qwen2.context_length", uint32(131072)},
		{"tokenizer.chat_template", DeepSeekR1Template},
	}
	return Model{Repo: "unsloth/DeepSeek-R1-Distill-Qwen-1.5B-GGUF", Filename: "DeepSeek-R1-Distill-Qwen-1.5B-Q4_K_M.gguf",
		File: File{KV: kv, Tensors: []Tensor{{Name: "token_embd.weight", Dims: []uint64{1536, 151936}, Type: 12}}}}
}

// Models are every valid fixture.
func Models() []Model { return []Model{Llama(), Qwen2(), Qwen3(), Gemma3(), Llava(), DeepSeekR1()} }
