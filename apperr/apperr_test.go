package apperr_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apperr"
)

func TestErrorIdentityIsItsCode(t *testing.T) {
	base := apperr.New(apperr.NotFound, "entity_error-not_found", "Not found.")
	cause := errors.New("no rows")
	wrapped := fmt.Errorf("load: %w", base.Because(cause))

	require.ErrorIs(t, wrapped, base, "a copy with a cause is still the error it was made from")
	require.ErrorIs(t, wrapped, cause, "the cause stays reachable")
	require.NotErrorIs(t, wrapped, apperr.New(apperr.NotFound, "other-code", "Not found."))

	got, ok := apperr.As(wrapped)
	require.True(t, ok)
	require.Equal(t, apperr.NotFound, got.Kind)
	require.Equal(t, "entity_error-not_found", got.Code)

	withParam := base.WithParam("id", "42")
	require.Equal(t, map[string]string{"id": "42"}, withParam.Param)
	require.Nil(t, base.Param, "WithParam leaves the original alone")
	require.ErrorIs(t, withParam, base)

	_, ok = apperr.As(errors.New("plain"))
	require.False(t, ok)
}
