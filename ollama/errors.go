package ollama

import (
	"encoding/json"
	"fmt"
	"strings"
)

// UpstreamError is the message of a provider's error answer: the provider's own message when it gave one
// ({"error": {"message"}}, {"error": "…"} or {"message"}), else its status and the start of its body.
func UpstreamError(status int, body []byte) string {
	var parsed struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
	}
	if json.Unmarshal(body, &parsed) == nil {
		if msg := errorMessage(parsed.Error); msg != "" {
			return msg
		}
		if parsed.Message != "" {
			return parsed.Message
		}
	}
	msg := fmt.Sprintf("upstream returned HTTP %d", status)
	if text := strings.TrimSpace(string(body)); text != "" {
		msg += ": " + excerpt(text)
	}
	return msg
}

// errorMessage reads an OpenAI error value: a string, or an object with a message.
func errorMessage(raw json.RawMessage) string {
	var text string
	if json.Unmarshal(raw, &text) == nil {
		return text
	}
	var object struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(raw, &object) == nil {
		return object.Message
	}
	return ""
}

// excerpt keeps messages and logs short when an upstream sends a page of HTML or a huge event.
func excerpt(s string) string {
	const limit = 200
	if len(s) <= limit {
		return s
	}
	return strings.ToValidUTF8(s[:limit], "") + "…"
}
