package server

import (
	"errors"
	"io"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/membudget"
)

// Request-body limits (http-api.md §1.1).
const (
	apiBodyLimit   = 32 << 20 // /v1/* and /api/*
	otherBodyLimit = 1 << 20
)

// bodyBudgetWait is how long a request waits for room in the body memory budget before it is answered 503
// server_busy: long enough to ride out a burst of large bodies finishing, short enough not to hold the client.
const bodyBudgetWait = time.Second

// bodyBusyRetryAfter is the Retry-After of a request turned away by the body memory budget: the budget frees up
// as soon as the large bodies being handled are done.
const bodyBusyRetryAfter = "2"

// errServerBusy answers a request whose body found no room in the body memory budget (BODHI_BODY_MEMORY_MB)
// within the wait; the connection cap answers with the same code (package httpserve).
var errServerBusy = NewError(TypeServiceUnavailable, "server_busy",
	"The server is busy receiving other large requests. Retry shortly.")

// bodyLimit is the body limit of a path (http-api.md §1.1).
func bodyLimit(path string) int64 {
	if strings.HasPrefix(path, "/v1/") || strings.HasPrefix(path, "/api/") {
		return apiBodyLimit
	}
	return otherBodyLimit
}

// readBody reads the request body, at most limit bytes, into memory reserved from the body memory budget. The
// caller releases the reservation once it no longer holds the bytes. Errors: membudget.ErrTooLarge,
// membudget.ErrBusy, or the read's own (a client that stops sending meets the body timeout, package httpserve).
func (s *Server) readBody(c *gin.Context, limit int64) ([]byte, membudget.Reservation, error) {
	r := c.Request
	if r.ContentLength > limit {
		// Read and dropped, never buffered: the answer is the 400 it always was, without taking memory.
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, limit+1))
		return nil, membudget.Reservation{}, membudget.ErrTooLarge
	}
	return s.bodies.ReadAll(r.Context(), r.Body, r.ContentLength, limit)
}

// writeBodyError answers a failed readBody with the standard error body.
func writeBodyError(c *gin.Context, err error) {
	switch {
	case errors.Is(err, membudget.ErrBusy):
		c.Header("Retry-After", bodyBusyRetryAfter)
		WriteError(c, errServerBusy)
	case errors.Is(err, membudget.ErrTooLarge):
		WriteError(c, jsonRejection("the body exceeds the size limit"))
	default:
		WriteError(c, jsonRejection("cannot read the body"))
	}
}
