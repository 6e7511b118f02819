package apptest

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// HFHub is a fake Hugging Face hub (BODHI_HF_BASE_URL) with the CDN it sends large files to, answering
// GET /{owner}/{name}/resolve/main/{filename} the way huggingface.co does, as huggingface_hub's file_download.py
// (get_hf_file_metadata, hf_raise_for_status; v0.20–0.30) reads it:
//
//   - an LFS file (every *.gguf on the real hub): 302 to the CDN host, with X-Repo-Commit, X-Linked-Etag (the
//     quoted SHA-256 of the content), X-Linked-Size and ETag on the hub's answer; the CDN answers the body with
//     Content-Length, Accept-Ranges and an ETag of its own that is not the file's hash (S3's);
//   - a small file: 307 to the relative /api/resolve-cache/models/{repo}/{commit}/{filename} on the hub, which
//     answers the body with X-Repo-Commit and ETag (the quoted git blob hash);
//   - Range: bytes=N- gives 206 with Content-Range bytes N-last/size; N ≥ size gives 416 with bytes */size;
//   - a gated repository without a token: 401, X-Error-Code GatedRepo; with another token than Token: 403
//     GatedRepo; an unknown repository: 401 RepoNotFound without a token, 404 with one; an unknown file: 404
//     EntryNotFound.
//
// The CDN's URLs carry a fake signature in their query, as the real ones do. Every request is recorded (Calls),
// so tests can check which carried Authorization or Range.
type HFHub struct {
	URL    string // the hub's base URL
	CDNURL string
	// Token is the only token a gated repository accepts.
	Token string

	mu    sync.Mutex
	repos map[string]*hubRepo
	blobs map[string]*HubFile // CDN key (the content's SHA-256) → file
	calls []HubCall
}

// HubFile is a file of a fake repository and the faults it is served with.
type HubFile struct {
	Content []byte
	// LFS files are sent to the CDN; the others are served by the hub itself.
	LFS bool
	// WrongEtag makes X-Linked-Etag name the SHA-256 of other content.
	WrongEtag bool
	// CutAt > 0 closes the connection once the body has reached byte CutAt of the file, for the next Cuts answers.
	CutAt int64
	Cuts  int
	// ChunkDelay > 0 sends the body ChunkSize bytes (default 32 KiB) at a time, ChunkDelay apart: a slow link.
	ChunkSize  int
	ChunkDelay time.Duration
	// NoRange makes the server ignore Range and send the whole file with 200.
	NoRange bool
	// HoldAt > 0 stops every body at byte HoldAt of the file, the connection open, until Release: a download
	// that is surely still running while a test looks at it.
	HoldAt int64

	released chan struct{}
}

// HubCall is one request the fake hub or its CDN received.
type HubCall struct {
	Server        string // "hub" or "cdn"
	Path          string
	Authorization string
	Range         string
	Status        int
}

type hubRepo struct {
	commit string
	gated  bool
	files  map[string]*HubFile
}

// HFHubToken is the token a fake hub's gated repositories accept (its Token, unless a test changes it).
const HFHubToken = "hf_test_token_0123456789"

// StartHFHub serves a fake hub and its CDN on loopback until t ends.
func StartHFHub(t testing.TB) *HFHub {
	h := &HFHub{Token: HFHubToken, repos: map[string]*hubRepo{}, blobs: map[string]*HubFile{}}
	hub := httptest.NewServer(http.HandlerFunc(h.serveHub))
	t.Cleanup(hub.Close)
	cdn := httptest.NewServer(http.HandlerFunc(h.serveCDN))
	t.Cleanup(cdn.Close)
	h.URL, h.CDNURL = hub.URL, cdn.URL
	return h
}

// HubContent is n bytes of deterministic content, different for each seed.
func HubContent(seed string, n int) []byte {
	s := sha256.Sum256([]byte(seed))
	r := rand.New(rand.NewChaCha8(s))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// SHA256Hex is the lowercase hex SHA-256 of b.
func SHA256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// AddFile puts filename in repo (created with a first commit when new) and returns the repo's commit.
func (h *HFHub) AddFile(repo, filename string, f HubFile) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.repo(repo)
	c := f
	c.released = make(chan struct{})
	r.files[filename] = &c
	h.blobs[SHA256Hex(f.Content)] = &c
	return r.commit
}

// Update changes the faults of a file already added.
func (h *HFHub) Update(repo, filename string, change func(f *HubFile)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	change(h.repo(repo).files[filename])
}

// Release lets the bodies of a file held at HoldAt go on, now and from then on.
func (h *HFHub) Release(repo, filename string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if f := h.repo(repo).files[filename]; f != nil {
		select {
		case <-f.released:
		default:
			close(f.released)
		}
	}
}

// Gate makes repo gated: only Token opens it.
func (h *HFHub) Gate(repo string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.repo(repo).gated = true
}

// Commit is repo's current commit hash.
func (h *HFHub) Commit(repo string) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.repo(repo).commit
}

// NewCommit moves repo's main to a new commit with the same files, and returns it.
func (h *HFHub) NewCommit(repo string) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.repo(repo)
	sum := sha1.Sum([]byte(r.commit + "+1"))
	r.commit = hex.EncodeToString(sum[:])
	return r.commit
}

// Calls are the requests received so far, in order.
func (h *HFHub) Calls() []HubCall {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]HubCall(nil), h.calls...)
}

// CDNSawAuthorization reports whether any request to the CDN carried an Authorization header: none may.
func (h *HFHub) CDNSawAuthorization() bool {
	for _, c := range h.Calls() {
		if c.Server == "cdn" && c.Authorization != "" {
			return true
		}
	}
	return false
}

// repo is repo's record, created with a first commit; h.mu is held.
func (h *HFHub) repo(name string) *hubRepo {
	r, ok := h.repos[name]
	if !ok {
		sum := sha1.Sum([]byte("commit of " + name))
		r = &hubRepo{commit: hex.EncodeToString(sum[:]), files: map[string]*HubFile{}}
		h.repos[name] = r
	}
	return r
}

func (h *HFHub) record(server string, r *http.Request, status int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.calls = append(h.calls, HubCall{Server: server, Path: r.URL.Path, Authorization: r.Header.Get("Authorization"),
		Range: r.Header.Get("Range"), Status: status})
}

// serveHub answers resolve/main and the resolve-cache redirect target of small files.
func (h *HFHub) serveHub(w http.ResponseWriter, r *http.Request) {
	repo, filename, cached, ok := hubPath(r.URL.Path)
	if !ok || r.Method != http.MethodGet {
		h.refuse(w, r, http.StatusNotFound, "", "Not Found")
		return
	}
	h.mu.Lock()
	known, exists := h.repos[repo]
	var f *HubFile
	var commit string
	var gated bool
	if exists {
		f, commit, gated = known.files[filename], known.commit, known.gated
	}
	h.mu.Unlock()
	auth := r.Header.Get("Authorization")
	switch {
	case !exists && auth == "":
		h.refuse(w, r, http.StatusUnauthorized, "RepoNotFound", "Repository not found")
	case !exists:
		h.refuse(w, r, http.StatusNotFound, "RepoNotFound", "Repository not found")
	case gated && auth == "":
		h.refuse(w, r, http.StatusUnauthorized, "GatedRepo", "Access to model "+repo+" is restricted. You must "+
			"have access to it and be authenticated to access it. Please log in.")
	case gated && auth != "Bearer "+h.Token:
		h.refuse(w, r, http.StatusForbidden, "GatedRepo", "Access to model "+repo+" is restricted and you are "+
			"not in the authorized list.")
	case f == nil:
		h.refuse(w, r, http.StatusNotFound, "EntryNotFound", filename+" does not exist on \"main\"")
	default:
		h.answerFile(w, r, repo, filename, commit, cached, f)
	}
}

func (h *HFHub) answerFile(w http.ResponseWriter, r *http.Request, repo, filename, commit string, cached bool, f *HubFile) {
	w.Header().Set("X-Repo-Commit", commit)
	w.Header().Set("Accept-Ranges", "bytes")
	sum := SHA256Hex(f.Content)
	switch {
	case f.LFS:
		linked := sum
		if f.WrongEtag {
			linked = SHA256Hex(append([]byte("other "), f.Content...))
		}
		w.Header().Set("X-Linked-Etag", `"`+linked+`"`)
		w.Header().Set("ETag", `"`+linked+`"`)
		w.Header().Set("X-Linked-Size", strconv.Itoa(len(f.Content)))
		w.Header().Set("Location", h.CDNURL+"/repos/"+sum+"?X-Amz-Signature=fake-signature&X-Amz-Expires=3600")
		h.record("hub", r, http.StatusFound)
		w.WriteHeader(http.StatusFound)
	case !cached:
		w.Header().Set("Location", "/api/resolve-cache/models/"+repo+"/"+commit+"/"+filename)
		h.record("hub", r, http.StatusTemporaryRedirect)
		w.WriteHeader(http.StatusTemporaryRedirect)
	default:
		w.Header().Set("ETag", `"`+gitBlobHash(f.Content)+`"`)
		h.serveBody(w, r, "hub", f)
	}
}

// serveCDN answers /repos/{sha256}?signature with the content, as a CDN would: no token needed, none checked.
func (h *HFHub) serveCDN(w http.ResponseWriter, r *http.Request) {
	key := strings.TrimPrefix(r.URL.Path, "/repos/")
	h.mu.Lock()
	f := h.blobs[key]
	h.mu.Unlock()
	if f == nil || r.URL.Query().Get("X-Amz-Signature") == "" {
		h.record("cdn", r, http.StatusForbidden)
		http.Error(w, "<Error><Code>AccessDenied</Code></Error>", http.StatusForbidden)
		return
	}
	w.Header().Set("ETag", `"`+key[:16]+`-1"`) // S3's multipart etag: not the file's hash
	w.Header().Set("Content-Type", "binary/octet-stream")
	h.serveBody(w, r, "cdn", f)
}

// serveBody sends f's content, from the Range asked unless NoRange, slowly or cut short as f says.
func (h *HFHub) serveBody(w http.ResponseWriter, r *http.Request, server string, f *HubFile) {
	h.mu.Lock()
	content, chunk, delay := f.Content, f.ChunkSize, f.ChunkDelay
	cutAt := int64(-1)
	if f.Cuts > 0 && f.CutAt > 0 {
		cutAt = f.CutAt
		f.Cuts--
	}
	noRange := f.NoRange
	hold := slowBody{chunk: chunk, delay: delay, cutAt: cutAt, holdAt: f.HoldAt, released: f.released}
	h.mu.Unlock()
	size, start, status := int64(len(content)), int64(0), http.StatusOK
	if n, ok := rangeStart(r.Header.Get("Range")); ok && !noRange {
		if n >= size {
			w.Header().Set("Content-Range", fmt.Sprintf("bytes */%d", size))
			h.record(server, r, http.StatusRequestedRangeNotSatisfiable)
			w.WriteHeader(http.StatusRequestedRangeNotSatisfiable)
			return
		}
		start, status = n, http.StatusPartialContent
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", n, size-1, size))
	}
	w.Header().Set("Content-Length", strconv.FormatInt(size-start, 10))
	h.record(server, r, status)
	w.WriteHeader(status)
	hold.write(w, r, content, start)
}

// slowBody is how a body is sent: in chunks, delay apart; cut at byte cutAt (when ≥ 0); held at byte holdAt
// (when > 0) until released.
type slowBody struct {
	chunk         int
	delay         time.Duration
	cutAt, holdAt int64
	released      chan struct{}
}

func (b slowBody) write(w http.ResponseWriter, r *http.Request, content []byte, start int64) {
	chunk := int64(b.chunk)
	if chunk <= 0 {
		chunk = 32 << 10
	}
	flusher, _ := w.(http.Flusher)
	for pos := start; pos < int64(len(content)); {
		end := min(pos+chunk, int64(len(content)))
		for _, stop := range []int64{b.cutAt, b.holdAt} {
			if stop > pos && stop < end {
				end = stop
			}
		}
		if _, err := w.Write(content[pos:end]); err != nil {
			return
		}
		pos = end
		if flusher != nil {
			flusher.Flush()
		}
		if pos == b.cutAt {
			cutConnection(w)
			return
		}
		if !b.pause(r, pos) {
			return
		}
	}
}

// pause waits between chunks, and at holdAt until released; false when the client has gone.
func (b slowBody) pause(r *http.Request, pos int64) bool {
	if pos == b.holdAt {
		select {
		case <-b.released:
		case <-r.Context().Done():
			return false
		}
	}
	if b.delay <= 0 {
		return true
	}
	select {
	case <-time.After(b.delay):
		return true
	case <-r.Context().Done():
		return false
	}
}

// cutConnection closes the connection under a response, as a network failure would.
func cutConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = buf.Flush()
	_ = conn.Close()
}

func (h *HFHub) refuse(w http.ResponseWriter, r *http.Request, status int, code, message string) {
	if code != "" {
		w.Header().Set("X-Error-Code", code)
	}
	w.Header().Set("X-Error-Message", message)
	h.record("hub", r, status)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, `{"error":%q}`, message)
}

// hubPath splits /{owner}/{name}/resolve/main/{filename} and
// /api/resolve-cache/models/{owner}/{name}/{commit}/{filename}.
func hubPath(path string) (repo, filename string, cached, ok bool) {
	if rest, found := strings.CutPrefix(path, "/api/resolve-cache/models/"); found {
		parts := strings.SplitN(rest, "/", 4)
		if len(parts) < 4 {
			return "", "", false, false
		}
		return parts[0] + "/" + parts[1], parts[3], true, true
	}
	parts := strings.SplitN(strings.TrimPrefix(path, "/"), "/", 5)
	if len(parts) < 5 || parts[2] != "resolve" || parts[3] != "main" {
		return "", "", false, false
	}
	return parts[0] + "/" + parts[1], parts[4], false, true
}

// rangeStart reads "bytes=N-", the only form a download client sends.
func rangeStart(v string) (int64, bool) {
	rest, ok := strings.CutPrefix(v, "bytes=")
	if !ok || !strings.HasSuffix(rest, "-") {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSuffix(rest, "-"), 10, 64)
	return n, err == nil && n >= 0
}

// gitBlobHash is git's object id of content: what the hub gives as the ETag of a file not in LFS.
func gitBlobHash(content []byte) string {
	s := sha1.New()
	fmt.Fprintf(s, "blob %d\x00", len(content))
	s.Write(content)
	return hex.EncodeToString(s.Sum(nil))
}
