package toolsets

import "net/http"

// Error is a refusal the handlers answer with: the HTTP status (which fixes the error type), the catalogue code
// (http-api.md §15) and a message that never contains a secret.
type Error struct {
	Status int
	Code   string
	Msg    string
}

func (e *Error) Error() string { return e.Code + ": " + e.Msg }

func newError(status int, code, msg string) *Error {
	return &Error{Status: status, Code: code, Msg: msg}
}

func invalid(msg string) *Error {
	return newError(http.StatusBadRequest, "toolset_validation_error-validation", msg)
}

func executionFailed(msg string) *Error {
	return newError(http.StatusInternalServerError, "toolset_error-execution_failed", msg)
}

// Refusals of the CRUD, type and execution routes (http-api.md §9.2, §9.3).
var (
	ErrNotFound    = newError(http.StatusNotFound, "entity_error-not_found", "The requested item was not found.")
	ErrInvalidType = newError(http.StatusNotFound, "toolset_error-invalid_toolset_type",
		"The toolset type is not registered.")
	ErrAppDisabled = newError(http.StatusBadRequest, "toolset_error-toolset_app_disabled",
		"This toolset type is disabled for the organization.")
	ErrSlugExists = newError(http.StatusConflict, "toolset_error-slug_exists",
		"A toolset with this slug already exists.")
	ErrToolsetNotFound = newError(http.StatusNotFound, "toolset_error-toolset_not_found", "The toolset was not found.")
	ErrToolsetDisabled = newError(http.StatusBadRequest, "toolset_error-toolset_disabled", "The toolset is disabled.")
	ErrNotConfigured   = newError(http.StatusBadRequest, "toolset_error-toolset_not_configured",
		"The toolset has no API key configured.")
	ErrMethodNotFound = newError(http.StatusNotFound, "toolset_error-method_not_found",
		"The toolset has no such method.")
	ErrDecrypt = newError(http.StatusInternalServerError, "encryption_error-decrypt_failed",
		"The stored toolset API key could not be decrypted.")
	ErrEncrypt = newError(http.StatusInternalServerError, "encryption_error-encrypt_failed",
		"The toolset API key could not be sealed.")
)

// Refusals of the U-exec authorization (auth.md §14).
var (
	ErrAuthToolsetNotFound = newError(http.StatusNotFound, "toolset_auth_error-toolset_not_found",
		"The toolset was not found.")
	ErrAuthMissing = newError(http.StatusUnauthorized, "toolset_auth_error-missing_auth",
		"Toolset execution needs a signed-in user or an app with an approved access request.")
	ErrAuthAccessRequestNotFound = newError(http.StatusForbidden, "toolset_auth_error-access_request_not_found",
		"The app's access request was not found.")
	ErrAuthAccessRequestNotApproved = newError(http.StatusForbidden, "toolset_auth_error-access_request_not_approved",
		"The app's access request is not approved.")
	ErrAuthAppClientMismatch = newError(http.StatusForbidden, "toolset_auth_error-app_client_mismatch",
		"The access request belongs to another app.")
	ErrAuthUserMismatch = newError(http.StatusForbidden, "toolset_auth_error-user_mismatch",
		"The access request belongs to another user.")
	ErrAuthToolsetNotApproved = newError(http.StatusForbidden, "toolset_auth_error-toolset_not_approved",
		"The access request does not grant this toolset.")
)
