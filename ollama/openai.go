package ollama

import (
	"encoding/base64"
	"encoding/json"
	"strings"
)

// OpenAIChat is the OpenAI chat-completion body an /api/chat or /api/generate request becomes.
type OpenAIChat struct {
	Model               string            `json:"model"`
	Messages            []openAIMessage   `json:"messages"`
	Stream              bool              `json:"stream"`
	StreamOptions       *streamOptions    `json:"stream_options,omitempty"`
	Tools               []json.RawMessage `json:"tools,omitempty"`
	MaxCompletionTokens *int64            `json:"max_completion_tokens,omitempty"`
	Seed                *int64            `json:"seed,omitempty"`
	Stop                []string          `json:"stop,omitempty"`
	Temperature         *float64          `json:"temperature,omitempty"`
	TopP                *float64          `json:"top_p,omitempty"`
	PresencePenalty     *float64          `json:"presence_penalty,omitempty"`
	FrequencyPenalty    *float64          `json:"frequency_penalty,omitempty"`
	ResponseFormat      *responseFormat   `json:"response_format,omitempty"`
}

// streamOptions asks a streaming provider for a last chunk with the usage: Ollama's final line has the counts.
type streamOptions struct {
	IncludeUsage bool `json:"include_usage"`
}

// openAIMessage is an OpenAI message. Content is a string, or []contentPart when the Ollama message had images;
// null for an assistant message that only calls tools.
type openAIMessage struct {
	Role       string           `json:"role"`
	Content    any              `json:"content"`
	ToolCalls  []openAIToolCall `json:"tool_calls,omitempty"`
	ToolCallID string           `json:"tool_call_id,omitempty"`
}

type contentPart struct {
	Type     string    `json:"type"`
	Text     *string   `json:"text,omitempty"`
	ImageURL *imageURL `json:"image_url,omitempty"`
}

type imageURL struct {
	URL string `json:"url"`
}

// openAIToolCall is a call in an OpenAI assistant message; Arguments is a string holding a JSON object.
type openAIToolCall struct {
	Index    *int           `json:"index,omitempty"`
	ID       string         `json:"id,omitempty"`
	Type     string         `json:"type,omitempty"`
	Function openAIFunction `json:"function"`
}

type openAIFunction struct {
	Name      string `json:"name,omitempty"`
	Arguments string `json:"arguments"`
}

type responseFormat struct {
	Type       string      `json:"type"`
	JSONSchema *jsonSchema `json:"json_schema,omitempty"`
}

// jsonSchema names the client's schema: OpenAI requires a name, and Ollama has none to give.
type jsonSchema struct {
	Name   string          `json:"name"`
	Schema json.RawMessage `json:"schema"`
}

// applyOptions sets the OpenAI parameters of o on out.
func (out *OpenAIChat) applyOptions(o *Options) {
	if o == nil {
		return
	}
	// Ollama's negative num_predict means "no limit" (-1) or "fill the context" (-2); OpenAI says both by leaving
	// the limit out, and rejects negative values.
	if o.NumPredict != nil && *o.NumPredict >= 0 {
		out.MaxCompletionTokens = o.NumPredict
	}
	out.Seed, out.Stop, out.Temperature, out.TopP = o.Seed, o.Stop, o.Temperature, o.TopP
	out.PresencePenalty, out.FrequencyPenalty = o.PresencePenalty, o.FrequencyPenalty
}

// withImages is the content of a message with images: its text, then each image as a data: URL.
func withImages(text string, images []string) any {
	if len(images) == 0 {
		return text
	}
	parts := []contentPart{{Type: "text", Text: &text}}
	for _, image := range images {
		parts = append(parts, contentPart{Type: "image_url", ImageURL: &imageURL{URL: dataURL(image)}})
	}
	return parts
}

// dataURL makes a data: URL of a base64 image, with the media type its first bytes show (JPEG when unknown); a
// client that already sent a data: URL keeps it.
func dataURL(image string) string {
	if strings.HasPrefix(image, "data:") {
		return image
	}
	return "data:" + imageType(image) + ";base64," + image
}

// imageType reads the signature of a base64 image: PNG, GIF, WebP or else JPEG.
func imageType(image string) string {
	head := image
	if len(head) > 24 {
		head = head[:24]
	}
	raw, _ := base64.StdEncoding.DecodeString(head[:len(head)/4*4])
	switch s := string(raw); {
	case strings.HasPrefix(s, "\x89PNG"):
		return "image/png"
	case strings.HasPrefix(s, "GIF8"):
		return "image/gif"
	case len(s) >= 12 && s[:4] == "RIFF" && s[8:12] == "WEBP":
		return "image/webp"
	}
	return "image/jpeg"
}
