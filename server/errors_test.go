package server

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/db"
)

// Every kind of service error has its status, and only here.
func TestAnswerFor(t *testing.T) {
	for kind, status := range map[apperr.Kind]int{
		apperr.Internal: 500, apperr.Invalid: 400, apperr.Unauthenticated: 401, apperr.Forbidden: 403,
		apperr.NotFound: 404, apperr.Conflict: 409, apperr.Unprocessable: 422, apperr.UnsupportedMedia: 415,
		apperr.TooManyRequests: 429, apperr.Unavailable: 503, apperr.AppState: 500,
	} {
		e := apperr.New(kind, "some_error-code", "Message.").WithParam("k", "v")
		got := answerFor(fmt.Errorf("doing it: %w", e), ErrInternal)
		require.Equal(t, status, got.Status(), "kind %d", kind)
		require.Equal(t, "some_error-code", got.Code)
		require.Equal(t, "Message.", got.Message)
		require.Equal(t, map[string]string{"k": "v"}, got.Param)
	}
	require.Equal(t, http.StatusServiceUnavailable, answerFor(fmt.Errorf("x: %w", db.ErrUnavailable), ErrInternal).Status())
	require.Same(t, ErrInternal, answerFor(errors.New("boom"), ErrInternal))
}
