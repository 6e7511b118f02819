package toolsets_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/toolsets"
)

// TestRefusalKinds pins each refusal's code and kind: the kind is what gives the route its status (http-api.md
// §9.2, §9.3, auth.md §14), so a changed kind is a changed answer.
func TestRefusalKinds(t *testing.T) {
	for _, c := range []struct {
		err  *apperr.Error
		kind apperr.Kind
		code string
	}{
		{toolsets.ErrNotFound, apperr.NotFound, "entity_error-not_found"},
		{toolsets.ErrInvalidType, apperr.NotFound, "toolset_error-invalid_toolset_type"},
		{toolsets.ErrAppDisabled, apperr.Invalid, "toolset_error-toolset_app_disabled"},
		{toolsets.ErrSlugExists, apperr.Conflict, "toolset_error-slug_exists"},
		{toolsets.ErrToolsetNotFound, apperr.NotFound, "toolset_error-toolset_not_found"},
		{toolsets.ErrToolsetDisabled, apperr.Invalid, "toolset_error-toolset_disabled"},
		{toolsets.ErrNotConfigured, apperr.Invalid, "toolset_error-toolset_not_configured"},
		{toolsets.ErrMethodNotFound, apperr.NotFound, "toolset_error-method_not_found"},
		{toolsets.ErrDecrypt, apperr.Internal, "encryption_error-decrypt_failed"},
		{toolsets.ErrEncrypt, apperr.Internal, "encryption_error-encrypt_failed"},
		{toolsets.ErrAuthToolsetNotFound, apperr.NotFound, "toolset_auth_error-toolset_not_found"},
		{toolsets.ErrAuthMissing, apperr.Unauthenticated, "toolset_auth_error-missing_auth"},
		{toolsets.ErrAuthAccessRequestNotFound, apperr.Forbidden, "toolset_auth_error-access_request_not_found"},
		{toolsets.ErrAuthAccessRequestNotApproved, apperr.Forbidden, "toolset_auth_error-access_request_not_approved"},
		{toolsets.ErrAuthAppClientMismatch, apperr.Forbidden, "toolset_auth_error-app_client_mismatch"},
		{toolsets.ErrAuthUserMismatch, apperr.Forbidden, "toolset_auth_error-user_mismatch"},
		{toolsets.ErrAuthToolsetNotApproved, apperr.Forbidden, "toolset_auth_error-toolset_not_approved"},
	} {
		require.Equal(t, c.code, c.err.Code)
		require.Equal(t, c.kind, c.err.Kind, c.code)
		require.NotEmpty(t, c.err.Message, c.code)
	}
}
