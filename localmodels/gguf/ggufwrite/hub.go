package ggufwrite

import (
	"testing"

	"github.com/bodhiapp/bodhi/localmodels/hfcache/hfcachetest"
)

// PutModel stores m's file in the Hugging Face cache under hfHome at snapshot, as huggingface_hub lays it out
// (hfcachetest), and returns the snapshot path of the file.
func PutModel(t testing.TB, hfHome, snapshot string, m Model) string {
	t.Helper()
	return hfcachetest.New(hfHome).Download(t, m.Repo, snapshot, m.Filename, m.File.Bytes())
}
