package hfpull

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// opened is the file's body from byte start, and the file's full size (-1 when unknown).
type opened struct {
	io.ReadCloser
	start  int64
	total  int64
	length int64 // bytes in the body; -1 when unknown
}

// errRestart says the server cannot continue at the offset asked: the download starts over.
var errRestart = errors.New("the server cannot continue the partial file")

// open asks for the file from offset: the hub's own answer when it served the file and nothing is to be resumed,
// else a new request, with Range when offset > 0, to where the hub sent us (the CDN) or to the hub again. A
// server that cannot continue at offset is asked again for the whole file (runtime.md §9.3 step 7).
func (s *Service) open(ctx context.Context, r *resolved, repo, filename string, offset int64) (*opened, error) {
	var resp *http.Response
	src, err := r.next, error(nil)
	switch {
	case r.resp != nil && offset == 0:
		resp, src, r.resp = r.resp, r.last, nil
	case r.resp != nil:
		r.close()
		r.resp, src = nil, r.last
		resp, src, err = s.hub.fetch(ctx, src, offset)
	default:
		resp, src, err = s.hub.fetch(ctx, src, offset)
	}
	if err != nil {
		return nil, err
	}
	body, err := span(resp, offset)
	if errors.Is(err, errRestart) {
		drain(resp)
		if resp, src, err = s.hub.fetch(ctx, src, 0); err != nil {
			return nil, err
		}
		body, err = span(resp, 0)
	}
	if err != nil {
		defer drain(resp)
		return nil, s.hub.refusal(resp, src, repo, filename)
	}
	return body, nil
}

// span reads where resp's body starts in the file and the file's full size, for a request from offset: 200 is
// the whole file; 206 continues at its Content-Range; 416 to a request from the file's very end means the partial
// file is already whole.
func span(resp *http.Response, offset int64) (*opened, error) {
	switch resp.StatusCode {
	case http.StatusOK:
		return &opened{ReadCloser: resp.Body, start: 0, total: resp.ContentLength, length: resp.ContentLength}, nil
	case http.StatusPartialContent:
		start, total, ok := contentRange(resp.Header.Get("Content-Range"))
		if !ok || start != offset {
			return nil, errRestart
		}
		if total < 0 && resp.ContentLength >= 0 {
			total = start + resp.ContentLength
		}
		return &opened{ReadCloser: resp.Body, start: start, total: total, length: resp.ContentLength}, nil
	case http.StatusRequestedRangeNotSatisfiable:
		if _, total, ok := contentRange(resp.Header.Get("Content-Range")); ok && offset > 0 && total == offset {
			drain(resp)
			return &opened{ReadCloser: http.NoBody, start: offset, total: offset, length: 0}, nil
		}
		return nil, errRestart
	}
	return nil, fmt.Errorf("HTTP %d", resp.StatusCode)
}

// contentRange parses "bytes <first>-<last>/<total>" and "bytes */<total>"; total is -1 for "*".
func contentRange(v string) (first, total int64, ok bool) {
	rest, found := strings.CutPrefix(v, "bytes ")
	if !found {
		return 0, 0, false
	}
	span, size, found := strings.Cut(rest, "/")
	if !found {
		return 0, 0, false
	}
	total = -1
	if size != "*" {
		n, err := strconv.ParseInt(size, 10, 64)
		if err != nil || n < 0 {
			return 0, 0, false
		}
		total = n
	}
	if span == "*" {
		return 0, total, true
	}
	a, _, found := strings.Cut(span, "-")
	first, err := strconv.ParseInt(a, 10, 64)
	return first, total, found && err == nil && first >= 0
}
