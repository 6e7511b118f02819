package hfpull

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
)

// The disk-space decision as a pure function of (free, needed).
func TestCheckRoom(t *testing.T) {
	for _, c := range []struct {
		free, needed uint64
		want         string
	}{
		{free: 10, needed: 0},
		{free: 10, needed: 10},
		{free: 0, needed: 0},
		{free: 9, needed: 10, want: "not enough disk space: the download needs 10 B more and the disk has 9 B free"},
		{free: 3_900_000_000, needed: 4_370_000_000,
			want: "not enough disk space: the download needs 4.4 GB more and the disk has 3.9 GB free"},
		{free: 0, needed: 1_500, want: "not enough disk space: the download needs 1.5 kB more and the disk has 0 B free"},
	} {
		err := checkRoom(c.free, c.needed)
		if c.want == "" {
			require.NoError(t, err, "%d free, %d needed", c.free, c.needed)
			continue
		}
		require.EqualError(t, err, c.want)
	}
}

func TestContentRange(t *testing.T) {
	for _, c := range []struct {
		in           string
		first, total int64
		ok           bool
	}{
		{"bytes 100-999/1000", 100, 1000, true},
		{"bytes 0-0/1", 0, 1, true},
		{"bytes */1000", 0, 1000, true},
		{"bytes 5-9/*", 5, -1, true},
		{"bytes=5-9/10", 0, 0, false},
		{"bytes 5-9", 0, 0, false},
		{"bytes x-9/10", 0, 0, false},
		{"", 0, 0, false},
	} {
		first, total, ok := contentRange(c.in)
		require.Equal(t, c.ok, ok, c.in)
		if ok {
			require.Equal(t, []int64{c.first, c.total}, []int64{first, total}, c.in)
		}
	}
}

// The hub's etag headers as huggingface_hub reads them: X-Linked-Etag first (the LFS SHA-256), else ETag, weak
// marker and quotes stripped.
func TestFileInfoFromHubHeaders(t *testing.T) {
	sha := "323089effb35f2fa28c2364b38727667180014e01cbe2c119cfe70f2acd71ab4"
	lfs := fileInfo{Size: -1}
	lfs.merge(http.Header{"X-Repo-Commit": {"2a42ec54996ff9579b493cf7bbbb411e07facb0f"},
		"X-Linked-Etag": {`"` + sha + `"`}, "Etag": {`W/"something-else"`}, "X-Linked-Size": {"300000"}})
	require.Equal(t, fileInfo{Commit: "2a42ec54996ff9579b493cf7bbbb411e07facb0f", Etag: sha, LFS: true, Size: 300000}, lfs)
	require.Equal(t, sha, lfs.sha256())
	require.Equal(t, sha, lfs.blob())

	small := fileInfo{Size: -1}
	small.merge(http.Header{"Etag": {`W/"daa5053ecf5f9a37b2de733d0751cc1ab53ac010"`}})
	require.Equal(t, "daa5053ecf5f9a37b2de733d0751cc1ab53ac010", small.blob())
	require.Empty(t, small.sha256(), "a git blob hash is not a SHA-256 to verify against")

	odd := fileInfo{Size: -1}
	odd.merge(http.Header{"Etag": {`"../../etc/passwd"`}})
	require.Empty(t, odd.blob(), "an etag is a file name only when it is a hash")
}

// HF_TOKEN goes to the hub's own origin only: same scheme, host and port.
func TestTokenGoesToTheHubOnly(t *testing.T) {
	h, err := newHub("https://huggingface.co/", "hf_x", http.DefaultClient, "bodhi")
	require.NoError(t, err)
	for raw, own := range map[string]bool{
		"https://huggingface.co/a/b/resolve/main/f":                    true,
		"https://HuggingFace.co/api/resolve-cache/models/a/b/c/f":      true,
		"https://cdn-lfs.huggingface.co/repos/ab/cd/sha?X-Amz-Sig=1":   false,
		"https://cas-bridge.xethub.hf.co/xet-bridge-us/sha?Signature=": false,
		"http://huggingface.co/a/b/resolve/main/f":                     false,
		"https://huggingface.co:8443/a":                                false,
	} {
		u, err := url.Parse(raw)
		require.NoError(t, err)
		require.Equal(t, own, h.own(u), raw)
	}
	require.Equal(t, "https://huggingface.co/a%20b/c/resolve/main/dir/f%23x.gguf",
		h.fileURL("a b/c", "dir/f#x.gguf").String())
	_, err = newHub("huggingface.co", "", http.DefaultClient, "bodhi")
	require.EqualError(t, err, `BODHI_HF_BASE_URL must be an absolute http(s) URL; got "huggingface.co"`)
}
