package hfpull

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxRedirects bounds a redirect chain (the hub answers with one or two: a renamed repository, then the CDN).
const maxRedirects = 10

// hub is the Hugging Face hub at BODHI_HF_BASE_URL. Its client follows no redirect on its own: hub follows them
// itself, so that HF_TOKEN goes to the hub's own origin only, never to the CDN host that serves large files
// (Go's client would forward it to a subdomain such as cdn-lfs.huggingface.co).
type hub struct {
	base   *url.URL
	token  string
	client *http.Client
	agent  string
}

func newHub(baseURL, token string, client *http.Client, agent string) (*hub, error) {
	base, err := url.Parse(strings.TrimSuffix(baseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("BODHI_HF_BASE_URL must be an absolute http(s) URL; got %q", baseURL)
	}
	c := *client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &hub{base: base, token: token, client: &c, agent: agent}, nil
}

// fileInfo is what the hub's own answers say about a file (never the CDN's: its ETag is not the file's hash).
type fileInfo struct {
	Commit string // X-Repo-Commit
	// Etag is X-Linked-Etag (an LFS file: its SHA-256), else the hub's ETag (a small file: its git blob hash);
	// without W/ and quotes.
	Etag string
	LFS  bool  // the etag came from X-Linked-Etag: it is the SHA-256 of the content
	Size int64 // X-Linked-Size; -1 when not given
}

// merge takes the headers of one hub answer; the first value seen wins.
func (i *fileInfo) merge(h http.Header) {
	if i.Commit == "" {
		i.Commit = h.Get("X-Repo-Commit")
	}
	if linked := normalizeEtag(h.Get("X-Linked-Etag")); linked != "" && !i.LFS {
		i.Etag, i.LFS = linked, true
	}
	if i.Etag == "" {
		i.Etag = normalizeEtag(h.Get("ETag"))
	}
	if n, err := strconv.ParseInt(h.Get("X-Linked-Size"), 10, 64); err == nil && i.Size < 0 {
		i.Size = n
	}
}

// sha256 is the content's SHA-256 in lowercase hex, when the hub gave it.
func (i fileInfo) sha256() string {
	if i.LFS && len(i.Etag) == 64 && blobName.MatchString(i.Etag) {
		return i.Etag
	}
	return ""
}

// blob is the name huggingface_hub gives the content in blobs/ (its etag), or "" when the hub gave none usable.
func (i fileInfo) blob() string {
	if blobName.MatchString(i.Etag) {
		return i.Etag
	}
	return ""
}

// normalizeEtag strips a weak marker and the quotes: W/"abc" → abc (huggingface_hub's _normalize_etag).
func normalizeEtag(v string) string {
	return strings.ToLower(strings.Trim(strings.TrimPrefix(strings.TrimSpace(v), "W/"), `"`))
}

// resolved is the hub's answer to resolve/main/<filename>: what it says about the file, and either its own
// final answer (it serves small files itself) or the off-hub location it redirects to (large files).
type resolved struct {
	info fileInfo
	last *url.URL       // the last hub URL asked
	resp *http.Response // the hub's final answer, when it did not send us off the hub
	next *url.URL       // the off-hub location, when it did
}

func (r *resolved) close() {
	if r.resp != nil {
		drain(r.resp)
	}
}

// resolve asks the hub for repo's filename at main, following redirects while they stay on the hub.
func (h *hub) resolve(ctx context.Context, repo, filename string) (*resolved, error) {
	u := h.fileURL(repo, filename)
	info := fileInfo{Size: -1}
	for range maxRedirects {
		resp, err := h.get(ctx, u, 0)
		if err != nil {
			return nil, err
		}
		info.merge(resp.Header)
		next, redirect := redirectOf(resp, u)
		if !redirect {
			return &resolved{info: info, last: u, resp: resp}, nil
		}
		drain(resp)
		if next == nil {
			return nil, fmt.Errorf("the hub answered HTTP %d without a usable Location", resp.StatusCode)
		}
		if !h.own(next) {
			return &resolved{info: info, last: u, next: next}, nil
		}
		u = next
	}
	return nil, errors.New("the hub redirected too many times")
}

// fetch asks u for the file from offset, following redirects anywhere; the first answer that is not a redirect
// is returned.
func (h *hub) fetch(ctx context.Context, u *url.URL, offset int64) (*http.Response, *url.URL, error) {
	for range maxRedirects {
		resp, err := h.get(ctx, u, offset)
		if err != nil {
			return nil, nil, err
		}
		next, redirect := redirectOf(resp, u)
		if !redirect {
			return resp, u, nil
		}
		drain(resp)
		if next == nil {
			return nil, nil, fmt.Errorf("%s answered HTTP %d without a usable Location", u.Host, resp.StatusCode)
		}
		u = next
	}
	return nil, nil, errors.New("the download redirected too many times")
}

// get sends one GET. HF_TOKEN goes to the hub's own origin only. Accept-Encoding: identity keeps the body and its
// Content-Length those of the file (Go would otherwise ask for gzip), as huggingface_hub does.
func (h *hub) get(ctx context.Context, u *url.URL, offset int64) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("build the request to %s: %w", u.Host, err)
	}
	req.Header.Set("User-Agent", h.agent)
	req.Header.Set("Accept-Encoding", "identity")
	if offset > 0 {
		req.Header.Set("Range", fmt.Sprintf("bytes=%d-", offset))
	}
	if h.token != "" && h.own(u) {
		req.Header.Set("Authorization", "Bearer "+h.token)
	}
	resp, err := h.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL may carry a CDN signature: keep it out of the stored message
		}
		return nil, fmt.Errorf("cannot reach %s: %w", u.Host, err)
	}
	return resp, nil
}

// own reports whether u is on the hub's origin (scheme, host and port).
func (h *hub) own(u *url.URL) bool {
	return u.Scheme == h.base.Scheme && strings.EqualFold(u.Host, h.base.Host)
}

// fileURL is {base}/{owner}/{name}/resolve/main/{filename}, each path part escaped.
func (h *hub) fileURL(repo, filename string) *url.URL {
	parts := strings.Split(repo+"/resolve/main/"+filename, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	u, _ := url.Parse(h.base.String() + "/" + strings.Join(parts, "/")) // escaped parts of a parsed base
	return u
}

// refusal is the readable message of an answer that is neither the file nor a redirect (runtime.md §9.3).
func (h *hub) refusal(resp *http.Response, u *url.URL, repo, filename string) error {
	status := resp.StatusCode
	code := resp.Header.Get("X-Error-Code")
	switch {
	case !h.own(u):
		return fmt.Errorf("the download server %s answered HTTP %d", u.Host, status)
	case code == "RepoNotFound":
		return fmt.Errorf("repository %s not found on the hub (a private repository needs HF_TOKEN)", repo)
	case (status == http.StatusUnauthorized || status == http.StatusForbidden) && h.token == "":
		return errors.New("access denied; the repository may be gated — set HF_TOKEN")
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return fmt.Errorf("access denied (HTTP %d) with the HF_TOKEN given; the repository may be gated — "+
			"request access to it on the hub, or check the token", status)
	case status == http.StatusNotFound && code == "EntryNotFound":
		return fmt.Errorf("file %s not found in repository %s on the hub", filename, repo)
	case status == http.StatusNotFound:
		return fmt.Errorf("%s/%s not found on the hub", repo, filename)
	}
	return fmt.Errorf("the hub answered HTTP %d", status)
}

// redirectOf reports whether resp is a redirect, and where to (nil when its Location is unusable).
func redirectOf(resp *http.Response, from *url.URL) (*url.URL, bool) {
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect,
		http.StatusPermanentRedirect:
	default:
		return nil, false
	}
	loc, err := from.Parse(resp.Header.Get("Location"))
	if err != nil || resp.Header.Get("Location") == "" || (loc.Scheme != "http" && loc.Scheme != "https") {
		return nil, true
	}
	return loc, true
}

// drain reads a little of a body we do not use, so the connection can be reused, and closes it.
func drain(resp *http.Response) {
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	_ = resp.Body.Close()
}
