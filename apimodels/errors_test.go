package apimodels_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apimodels"
	"github.com/bodhiapp/bodhi/apperr"
)

// TestRefusalKinds pins the exported refusals' codes and kinds: the kind is what gives the routes their status
// (http-api.md §6, §7), so a changed kind is a changed answer.
func TestRefusalKinds(t *testing.T) {
	for _, c := range []struct {
		err  *apperr.Error
		kind apperr.Kind
		code string
	}{
		{apimodels.ErrPrefixExists, apperr.Invalid, "db_error-prefix_exists"},
		{apimodels.ErrNotFound, apperr.NotFound, "entity_error-not_found"},
		{apimodels.ErrModelNotFound, apperr.NotFound, "model_router_error-api_model_not_found"},
		{apimodels.ErrDecrypt, apperr.Internal, "encryption_error-decrypt_failed"},
		{apimodels.ErrEncrypt, apperr.Internal, "encryption_error-encrypt_failed"},
		{apimodels.ErrProviderBlocked, apperr.Invalid, "ai_api_service_error-blocked_address"},
	} {
		require.Equal(t, c.code, c.err.Code)
		require.Equal(t, c.kind, c.err.Kind, c.code)
		require.NotEmpty(t, c.err.Message, c.code)
	}
}
