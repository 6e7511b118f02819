package metadata_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/localmodels/gguf/ggufwrite"
	"github.com/bodhiapp/bodhi/localmodels/metadata"
)

func TestHubDirListsTheGGUFFilesOfEverySnapshot(t *testing.T) {
	t.Parallel()
	hf := t.TempDir()
	hub := filepath.Join(hf, "hub")
	ctx := context.Background()

	files, err := metadata.HubDir{Root: hub}.Files(ctx)
	require.NoError(t, err)
	require.Empty(t, files, "no cache yet")

	data := []byte("GGUF")
	a := ggufwrite.PutInHub(t, hf, "Qwen/Qwen3-0.6B-GGUF", "bbb", "Qwen3-0.6B-Q8_0.gguf", data)
	b := ggufwrite.PutInHub(t, hf, "Qwen/Qwen3-0.6B-GGUF", "aaa", "Qwen3-0.6B-Q8_0.gguf", data)
	c := ggufwrite.PutInHub(t, hf, "owner/split--name", "ccc", "Q4_K_M/model-Q4_K_M-00001-of-00002.gguf", data)
	ggufwrite.PutInHub(t, hf, "owner/other", "ddd", "README.md", data)
	dangling := ggufwrite.PutInHub(t, hf, "owner/gone", "eee", "model-Q4_0.gguf", data)
	blobs, err := filepath.Glob(filepath.Join(hub, "models--owner--gone", "blobs", "*"))
	require.NoError(t, err)
	require.NoError(t, os.Remove(blobs[0]))
	_, err = os.Stat(dangling)
	require.ErrorIs(t, err, os.ErrNotExist, "the symlink dangles")
	plain := filepath.Join(hub, "models--plain--files", "snapshots", "fff", "plain-F16.gguf")
	require.NoError(t, os.MkdirAll(filepath.Dir(plain), 0o755))
	require.NoError(t, os.WriteFile(plain, data, 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(hub, "datasets--owner--data", "snapshots", "ggg"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(hub, "version.txt"), []byte("1"), 0o644))

	files, err = metadata.HubDir{Root: hub}.Files(ctx)
	require.NoError(t, err)
	require.Equal(t, []metadata.File{
		{Repo: "Qwen/Qwen3-0.6B-GGUF", Filename: "Qwen3-0.6B-Q8_0.gguf", Snapshot: "aaa", Path: b},
		{Repo: "Qwen/Qwen3-0.6B-GGUF", Filename: "Qwen3-0.6B-Q8_0.gguf", Snapshot: "bbb", Path: a},
		{Repo: "owner/split--name", Filename: "Q4_K_M/model-Q4_K_M-00001-of-00002.gguf", Snapshot: "ccc", Path: c},
		{Repo: "plain/files", Filename: "plain-F16.gguf", Snapshot: "fff", Path: plain},
	}, files)
}

func TestAliasName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ repo, filename, want string }{
		{"bartowski/Llama-3.2-1B-Instruct-GGUF", "Llama-3.2-1B-Instruct-Q4_K_M.gguf", "bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M"},
		{"Qwen/Qwen2.5-0.5B-Instruct-GGUF", "qwen2.5-0.5b-instruct-q8_0.gguf", "Qwen/Qwen2.5-0.5B-Instruct-GGUF:q8_0"},
		{"owner/repo", "model.gguf", "owner/repo:model"},
		{"owner/repo", "a-b.c-d.gguf", "owner/repo:d"},
	} {
		require.Equal(t, tc.want, metadata.AliasName(tc.repo, tc.filename))
	}
}
