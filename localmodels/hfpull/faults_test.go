package hfpull_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apptest"
	"github.com/bodhiapp/bodhi/dbtest"
	"github.com/bodhiapp/bodhi/localmodels/hfpull"
)

// A connection cut halfway fails the download with a message that says so and keeps the partial file; the next
// pull asks the CDN for the rest with Range, gets 206, and the whole file is verified against X-Linked-Etag and
// installed. A server that ignores Range makes it start over, and the result is still right.
func TestResumeAfterACutConnection(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		b := newBundle(t, d, "")
		content := apptest.HubContent("cut", 500_000)
		commit := b.hub.AddFile(repo, "cut-Q4_K_M.gguf", apptest.HubFile{Content: content, LFS: true, CutAt: 200_000,
			Cuts: 1})
		msg := b.failed(t, b.pull(t, repo, "cut-Q4_K_M.gguf").ID)
		require.Contains(t, msg, "the connection was cut after 200 kB of 500 kB")
		require.Contains(t, msg, "start the download again to resume")
		require.NotContains(t, msg, "fake-signature", "the CDN's signed URL stays out of the message")
		require.Equal(t, []string{"snapshots/" + commit + "/cut-Q4_K_M.gguf.incomplete (200000 bytes)"},
			b.listing(t, repo))

		row := b.completed(t, b.pull(t, repo, "cut-Q4_K_M.gguf").ID)
		require.EqualValues(t, 500_000, row.DownloadedBytes)
		require.EqualValues(t, 500_000, *row.TotalBytes, "the full size, not the 206's Content-Length")
		require.Equal(t, []string{"", "bytes=200000-"}, b.cdnRanges())
		calls := b.hub.Calls()
		require.Equal(t, 206, calls[len(calls)-1].Status)
		sum := apptest.SHA256Hex(content)
		require.Equal(t, []string{"blobs/" + sum + " (500000 bytes)", "refs/main (40 bytes)",
			"snapshots/" + commit + "/cut-Q4_K_M.gguf -> ../../blobs/" + sum}, b.listing(t, repo))
		got, err := os.ReadFile(filepath.Join(b.repoDir(repo), "snapshots", commit, "cut-Q4_K_M.gguf"))
		require.NoError(t, err)
		require.Equal(t, content, got)

		// Without Range support the second attempt starts over.
		other := apptest.HubContent("norange", 300_000) // other content: the same would reuse the blob
		b.hub.AddFile(repo, "norange.gguf", apptest.HubFile{Content: other, LFS: true, CutAt: 100_000, Cuts: 1,
			NoRange: true})
		b.failed(t, b.pull(t, repo, "norange.gguf").ID)
		b.completed(t, b.pull(t, repo, "norange.gguf").ID)
		ranges := b.cdnRanges()
		require.Equal(t, []string{"", "bytes=100000-"}, ranges[len(ranges)-2:], "it asked for the rest")
		require.Equal(t, 200, b.hub.Calls()[len(b.hub.Calls())-1].Status, "and got the whole file")
		got, err = os.ReadFile(filepath.Join(b.repoDir(repo), "snapshots", commit, "norange.gguf"))
		require.NoError(t, err)
		require.Equal(t, other, got)

		// A partial file that is already whole (the process stopped before the rename) is verified and installed:
		// the CDN answers 416 to a range from its end.
		whole := apptest.HubContent("whole", 1000)
		b.hub.AddFile(repo, "whole.gguf", apptest.HubFile{Content: whole, LFS: true})
		require.NoError(t, os.WriteFile(filepath.Join(b.repoDir(repo), "snapshots", commit, "whole.gguf.incomplete"), whole, 0o644))
		b.completed(t, b.pull(t, repo, "whole.gguf").ID)
		calls = b.hub.Calls()
		require.Equal(t, 416, calls[len(calls)-1].Status)
	})
}

// A file whose SHA-256 is not the hub's X-Linked-Etag is removed and the download fails naming both checksums;
// nothing is installed.
func TestVerifyMismatchRemovesTheFile(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		b := newBundle(t, d, "")
		content := apptest.HubContent("tampered", 50_000)
		b.hub.AddFile(repo, "bad.gguf", apptest.HubFile{Content: content, LFS: true, WrongEtag: true})
		msg := b.failed(t, b.pull(t, repo, "bad.gguf").ID)
		require.Contains(t, msg, "checksum mismatch")
		require.Contains(t, msg, apptest.SHA256Hex(content), "the file's checksum")
		require.Contains(t, msg, apptest.SHA256Hex(append([]byte("other "), content...)), "the hub's checksum")
		require.Empty(t, b.listing(t, repo), "no partial file, blob, snapshot or ref")
	})
}

// A gated repository: without HF_TOKEN, or with a token it does not accept, the download fails with a message
// that says what to do; with the right token it succeeds. The token goes to the hub only, never to the CDN.
// Unknown repositories and files say so.
func TestGatedRepositoryAndHubErrors(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		for _, c := range []struct {
			name, token, file, want string
		}{
			{"no token", "", "gated.gguf", "access denied; the repository may be gated — set HF_TOKEN"},
			{"wrong token", "hf_wrong", "gated.gguf", "access denied (HTTP 403) with the HF_TOKEN given; the repository may be gated"},
			{"right token", "right", "gated.gguf", ""},
			{"missing file", "right", "absent.gguf", "file absent.gguf not found in repository " + repo + " on the hub"},
		} {
			t.Run(c.name, func(t *testing.T) {
				token := c.token
				if token == "right" {
					token = apptest.HFHubToken
				}
				b := newBundle(t, d, token)
				b.hub.AddFile(repo, "gated.gguf", apptest.HubFile{Content: apptest.HubContent("gated", 1000), LFS: true})
				b.hub.Gate(repo)
				id := b.pull(t, repo, c.file).ID
				if c.want == "" {
					b.completed(t, id)
				} else {
					require.Contains(t, b.failed(t, id), c.want)
				}
				require.False(t, b.hub.CDNSawAuthorization(), "the CDN never sees the token")
				for _, call := range b.hub.Calls() {
					if call.Server == "hub" && token != "" {
						require.Equal(t, "Bearer "+token, call.Authorization, "every hub request carries it")
					}
				}
			})
		}
		t.Run("unknown repository", func(t *testing.T) {
			b := newBundle(t, d, "")
			require.Equal(t, "repository nobody/nothing not found on the hub (a private repository needs HF_TOKEN)",
				b.failed(t, b.pull(t, "nobody/nothing", "x.gguf").ID))
		})
	})
}

// A download the disk has no room for is refused before a byte is written, with a clear message; the probe is
// asked about the snapshot directory the file goes to.
func TestNoRoomOnTheDisk(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		var asked []string
		b := newBundle(t, d, "", hfpull.WithDiskFree(func(dir string) (uint64, error) {
			asked = append(asked, dir)
			return 1_500_000, nil
		}))
		commit := b.hub.AddFile(repo, "big.gguf", apptest.HubFile{Content: apptest.HubContent("big", 2_000_000), LFS: true})
		msg := b.failed(t, b.pull(t, repo, "big.gguf").ID)
		require.Equal(t, "not enough disk space: the download needs 2.0 MB more and the disk has 1.5 MB free", msg)
		require.Equal(t, []string{filepath.Join(b.repoDir(repo), "snapshots", commit)}, asked)
		require.Empty(t, b.listing(t, repo), "not a byte written")
	})
}

// A connection that hangs without closing fails the download after the stall timeout instead of forever.
func TestStalledConnection(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, d dbtest.Dialect) {
		b := newBundle(t, d, "", hfpull.WithStallTimeout(300*time.Millisecond))
		b.hub.AddFile(repo, "hang.gguf", apptest.HubFile{Content: apptest.HubContent("hang", 100_000), LFS: true,
			ChunkSize: 10_000, ChunkDelay: time.Hour})
		msg := b.failed(t, b.pull(t, repo, "hang.gguf").ID)
		require.True(t, strings.HasPrefix(msg, "the download stalled: nothing arrived for 300ms"), msg)
	})
}
