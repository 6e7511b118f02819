package gateway

import "github.com/bodhiapp/bodhi/apperr"

// Refusals of the gateway; a model the org does not have is apimodels.ErrModelNotFound, a key that cannot be opened
// apimodels.ErrDecrypt, and a provider address the outbound rule refuses apimodels.ErrProviderBlocked.
var (
	ErrAliasNotFound = apperr.New(apperr.NotFound, "data_service_error-alias_not_found", "Model not found.")
	// ErrProviderUnreachable is a provider call that got no answer (refused, reset, timed out): 502, as a gateway
	// answers when the server behind it fails.
	ErrProviderUnreachable = apperr.New(apperr.BadGateway, "ai_api_service_error-bad_gateway",
		"The model provider could not be reached.")
	// ErrBody is a request body that could not be addressed to the provider's name for the model.
	ErrBody = apperr.New(apperr.Invalid, "json_rejection_error", "Invalid JSON in request.")
)

// bodyError is ErrBody saying why, as the routes' other JSON rejections do.
func bodyError(err error) *apperr.Error {
	return apperr.New(ErrBody.Kind, ErrBody.Code, "Invalid JSON in request: "+err.Error()).Because(err)
}

// aliasNotFound is ErrAliasNotFound naming the id the client asked for.
func aliasNotFound(id string) *apperr.Error {
	return apperr.New(ErrAliasNotFound.Kind, ErrAliasNotFound.Code, "Model '"+id+"' not found.")
}
