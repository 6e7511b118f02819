package toolsets

import "github.com/bodhiapp/bodhi/apperr"

// The refusals are apperr.Errors with the catalogue codes of http-api.md §15; their kinds give the statuses of
// §9.2 and §9.3. Messages never contain a secret.

func invalid(msg string) *apperr.Error {
	return apperr.New(apperr.Invalid, "toolset_validation_error-validation", msg)
}

// executionFailed is a method parameter the tool cannot run with. The catalogue answers it 500, as the original
// BodhiApp did, although the caller is at fault.
func executionFailed(msg string) *apperr.Error {
	return apperr.New(apperr.Internal, "toolset_error-execution_failed", msg)
}

// Refusals of the CRUD, type and execution routes (http-api.md §9.2, §9.3).
var (
	ErrNotFound    = apperr.New(apperr.NotFound, "entity_error-not_found", "The requested item was not found.")
	ErrInvalidType = apperr.New(apperr.NotFound, "toolset_error-invalid_toolset_type",
		"The toolset type is not registered.")
	ErrAppDisabled = apperr.New(apperr.Invalid, "toolset_error-toolset_app_disabled",
		"This toolset type is disabled for the organization.")
	ErrSlugExists = apperr.New(apperr.Conflict, "toolset_error-slug_exists",
		"A toolset with this slug already exists.")
	ErrToolsetNotFound = apperr.New(apperr.NotFound, "toolset_error-toolset_not_found", "The toolset was not found.")
	ErrToolsetDisabled = apperr.New(apperr.Invalid, "toolset_error-toolset_disabled", "The toolset is disabled.")
	ErrNotConfigured   = apperr.New(apperr.Invalid, "toolset_error-toolset_not_configured",
		"The toolset has no API key configured.")
	ErrMethodNotFound = apperr.New(apperr.NotFound, "toolset_error-method_not_found",
		"The toolset has no such method.")
	ErrDecrypt = apperr.New(apperr.Internal, "encryption_error-decrypt_failed",
		"The stored toolset API key could not be decrypted.")
	ErrEncrypt = apperr.New(apperr.Internal, "encryption_error-encrypt_failed",
		"The toolset API key could not be sealed.")
)

// Refusals of the U-exec authorization (auth.md §14).
var (
	ErrAuthToolsetNotFound = apperr.New(apperr.NotFound, "toolset_auth_error-toolset_not_found",
		"The toolset was not found.")
	ErrAuthMissing = apperr.New(apperr.Unauthenticated, "toolset_auth_error-missing_auth",
		"Toolset execution needs a signed-in user or an app with an approved access request.")
	ErrAuthAccessRequestNotFound = apperr.New(apperr.Forbidden, "toolset_auth_error-access_request_not_found",
		"The app's access request was not found.")
	ErrAuthAccessRequestNotApproved = apperr.New(apperr.Forbidden, "toolset_auth_error-access_request_not_approved",
		"The app's access request is not approved.")
	ErrAuthAppClientMismatch = apperr.New(apperr.Forbidden, "toolset_auth_error-app_client_mismatch",
		"The access request belongs to another app.")
	ErrAuthUserMismatch = apperr.New(apperr.Forbidden, "toolset_auth_error-user_mismatch",
		"The access request belongs to another user.")
	ErrAuthToolsetNotApproved = apperr.New(apperr.Forbidden, "toolset_auth_error-toolset_not_approved",
		"The access request does not grant this toolset.")
)
