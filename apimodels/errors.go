package apimodels

import "github.com/bodhiapp/bodhi/apperr"

// The service's refusals (http-api.md §6, §7): apperr.Errors with their catalogue codes, whose kinds give the
// statuses the routes answer. errors.Is matches them by code, whatever the message or cause of the copy returned.
var (
	ErrPrefixExists = apperr.New(apperr.Invalid, "db_error-prefix_exists",
		"An API model with this prefix already exists.")
	ErrNotFound      = apperr.New(apperr.NotFound, "entity_error-not_found", "The requested item was not found.")
	ErrModelNotFound = apperr.New(apperr.NotFound, "model_router_error-api_model_not_found", "Model not found.")
	ErrDecrypt       = apperr.New(apperr.Internal, "encryption_error-decrypt_failed",
		"The stored API key could not be decrypted.")
	ErrEncrypt = apperr.New(apperr.Internal, "encryption_error-encrypt_failed", "The API key could not be sealed.")

	errForwardAllNeedsPrefix = apperr.New(apperr.Invalid, "obj_validation_error-forward_all_requires_prefix",
		"forward_all_with_prefix requires a non-empty prefix")
)

// modelNotFound is ErrModelNotFound naming the model the client asked for.
func modelNotFound(model string) *apperr.Error {
	return apperr.New(ErrModelNotFound.Kind, ErrModelNotFound.Code, "Model '"+model+"' not found.")
}

// invalid is bad input to create, update, test or fetch.
func invalid(msg string) *apperr.Error {
	return apperr.New(apperr.Invalid, "obj_validation_error-validation_errors", msg)
}

// ErrProviderBlocked is a provider address the outbound rule refuses (hosted mode): a provider call of test,
// fetch or sync, or a relayed gateway call.
var ErrProviderBlocked = apperr.New(apperr.Invalid, "ai_api_service_error-blocked_address",
	"The provider address is not allowed: it resolves to a private, loopback or link-local address.")

// Failed provider calls of test, fetch and sync (http-api.md §6 error mapping).
var (
	errProviderUnauthorized = apperr.New(apperr.Unauthenticated, "ai_api_service_error-unauthorized",
		"The provider refused the API key.")
	errProviderNotFound = apperr.New(apperr.NotFound, "ai_api_service_error-not_found",
		"The provider answered 404 Not Found.")
	errProviderRateLimit = apperr.New(apperr.Unavailable, "ai_api_service_error-rate_limit",
		"The provider is rate-limiting requests.")
)

// providerFailed is any other error answer of the provider: msg says what happened.
func providerFailed(msg string) *apperr.Error {
	return apperr.New(apperr.BadGateway, "ai_api_service_error-api_error", msg)
}

// providerUnreachable is a provider call that got no answer: msg says why.
func providerUnreachable(msg string) *apperr.Error {
	return apperr.New(apperr.BadGateway, "ai_api_service_error-bad_gateway", msg)
}
