package app_test

import (
	"context"
	"testing"

	"github.com/openai/openai-go/v3"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
)

// The chat page shows each reply's token usage: it asks for stream_options.include_usage, and the final chunk (no
// choices, only usage) must come through the gateway as the provider sent it.
func TestStreamUsageChunkReachesTheClient(t *testing.T) {
	t.Parallel()
	d := gatewayDeployment(t, true)
	p := apptest.StartProvider(t)
	_, token, _ := setupModel(t, d, "acme", "alice", p, "sk-acme", "fake/")
	client := sdk(d, "acme", token)
	stream := client.Chat.Completions.NewStreaming(context.Background(), openai.ChatCompletionNewParams{
		Model:         "fake/gpt-4o",
		Messages:      []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")},
		StreamOptions: openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)},
	})
	var last openai.ChatCompletionChunk
	chunks := 0
	for stream.Next() {
		last = stream.Current()
		chunks++
	}
	require.NoError(t, stream.Err())
	require.Equal(t, 4, chunks, "three text chunks and the usage chunk")
	require.Empty(t, last.Choices)
	require.EqualValues(t, 5, last.Usage.CompletionTokens)
	require.EqualValues(t, 12, last.Usage.TotalTokens)
	calls := p.Calls()
	require.Equal(t, map[string]any{"include_usage": true}, calls[len(calls)-1].Body["stream_options"],
		"the provider got the option")
}
