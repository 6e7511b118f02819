package server

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/auth"
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

func TestAnswerForDriverAndProviderFailures(t *testing.T) {
	require.Equal(t, "db_error-query_failed", answerFor(fmt.Errorf("list: %w", &pgconn.PgError{Code: "42P01"}), ErrInternal).Code)
	require.Equal(t, "auth_service_error-auth_service_api_error",
		answerFor(fmt.Errorf("%w: refused", auth.ErrIdentityProvider), ErrInternal).Code)
	require.Equal(t, "auth_error-invalid_access", answerFor(auth.ErrNoSessionToken, ErrInternal).Code)
	// A service's own error around a provider failure keeps the service's code.
	wrapped := apperr.New(apperr.Internal, "access_request_error-kc_registration_failed", "x").Because(
		fmt.Errorf("%w: boom", auth.ErrIdentityProvider))
	require.Equal(t, "access_request_error-kc_registration_failed", answerFor(wrapped, ErrInternal).Code)
}
