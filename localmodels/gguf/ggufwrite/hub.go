package ggufwrite

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// PutInHub stores data as filename of repo ("owner/name") at snapshot in the Hugging Face cache under hfHome, as
// huggingface_hub lays it out: the content in blobs/<sha256>, snapshots/<snapshot>/<filename> a relative symlink
// to it, refs/main holding the snapshot. It returns the snapshot path of the file.
func PutInHub(t testing.TB, hfHome, repo, snapshot, filename string, data []byte) string {
	t.Helper()
	dir := filepath.Join(hfHome, "hub", "models--"+strings.ReplaceAll(repo, "/", "--"))
	sum := sha256.Sum256(data)
	blob := filepath.Join(dir, "blobs", hex.EncodeToString(sum[:]))
	link := filepath.Join(dir, "snapshots", snapshot, filepath.FromSlash(filename))
	must(t, os.MkdirAll(filepath.Dir(blob), 0o755))
	must(t, os.MkdirAll(filepath.Dir(link), 0o755))
	must(t, os.WriteFile(blob, data, 0o644))
	target, err := filepath.Rel(filepath.Dir(link), blob)
	must(t, err)
	must(t, os.Symlink(target, link))
	must(t, os.MkdirAll(filepath.Join(dir, "refs"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "refs", "main"), []byte(snapshot), 0o644))
	return link
}

// PutModel stores m's file in the cache under hfHome at snapshot.
func PutModel(t testing.TB, hfHome, snapshot string, m Model) string {
	t.Helper()
	return PutInHub(t, hfHome, m.Repo, snapshot, m.Filename, m.File.Bytes())
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("ggufwrite: %v", err)
	}
}
