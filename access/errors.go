package access

import (
	"fmt"

	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/db"
)

// The refusals of the access workflows, with their codes in docs/errors.md. errors.Is matches them by code.
var (
	ErrMissingUser = apperr.New(apperr.Invalid, "header_extraction_error-missing",
		"This route needs a logged-in user.")
	ErrIdentityProvider = apperr.New(apperr.Internal, "auth_service_error-auth_service_api_error",
		"The identity provider could not be reached or refused the request.")

	// Onboarding (http-api.md §10.1, §10.2).
	ErrAlreadyHasAccess = apperr.New(apperr.Unprocessable, "access_request_error-already_has_access",
		"You already have access to this organization.")
	ErrAlreadyPending = apperr.New(apperr.Conflict, "access_request_error-already_pending",
		"An access request is already pending.")
	ErrNoRequest = apperr.New(apperr.NotFound, "access_request_error-pending_request_not_found",
		"No access request was found.")
	ErrInsufficientPrivileges = apperr.New(apperr.Invalid, "access_request_error-insufficient_privileges",
		"You cannot grant a role above your own.")

	// Both kinds of access request.
	ErrRequestNotFound = apperr.New(apperr.NotFound, "access_request_error-request_not_found",
		"The access request was not found.")
	ErrAlreadyProcessed = apperr.New(apperr.Conflict, "access_request_error-already_processed",
		"The access request was already reviewed.")

	// Users (http-api.md §10.3).
	ErrListUsersFailed  = apperr.New(apperr.Internal, "user_route_error-list_failed", "The user list could not be loaded.")
	ErrRoleChangeFailed = apperr.New(apperr.Internal, "user_route_error-role_change_failed", "The role could not be changed.")
	ErrRemoveFailed     = apperr.New(apperr.Internal, "user_route_error-remove_failed", "The user could not be removed.")

	// App consent (http-api.md §11).
	ErrExpired         = apperr.New(apperr.NotFound, "access_request_error-expired", "The access request has expired.")
	ErrInvalidFlowType = apperr.New(apperr.Invalid, "app_access_request_error-invalid_flow_type",
		"flow_type must be redirect or popup.")
	ErrMissingRedirectURL = apperr.New(apperr.Invalid, "app_access_request_error-missing_redirect_url",
		"redirect_url is required for the redirect flow.")
	ErrInvalidRedirectURL = apperr.New(apperr.Invalid, "app_access_request_error-invalid_redirect_url",
		"redirect_url must be an absolute http or https URL without user information or fragment, registered for the app.")
	ErrInvalidToolsetType = apperr.New(apperr.Invalid, "app_access_request_error-invalid_toolset_type",
		"Unknown toolset type.")
	ErrInstanceRequired = apperr.New(apperr.Invalid, "app_access_request_error-instance_required",
		"An approved toolset needs an instance_id.")
	ErrInstanceNotOwned = apperr.New(apperr.Forbidden, "app_access_request_error-tool_instance_not_owned",
		"The toolset instance is not yours.")
	ErrToolTypeMismatch = apperr.New(apperr.Invalid, "app_access_request_error-tool_type_mismatch",
		"The instance is of another toolset type.")
	ErrInstanceNotConfigured = apperr.New(apperr.Invalid, "app_access_request_error-tool_instance_not_configured",
		"The toolset instance is disabled or has no API key.")
	ErrRegistrationFailed = apperr.New(apperr.Internal, "access_request_error-kc_registration_failed",
		"The consent could not be registered with the identity provider.")

	errQueryFailed = apperr.New(apperr.Internal, "db_error-query_failed", "A database operation failed.")
)

// unknownToolsetType is ErrInvalidToolsetType naming the type.
func unknownToolsetType(typ string) error {
	e := *ErrInvalidToolsetType
	e.Message = "Unknown toolset type '" + typ + "'."
	return &e
}

// storeFailure is a failed database call. A database that did not answer stays recognisable as such (db.Unavailable:
// the client may retry); any other failure is db_error-query_failed, with the cause kept for the log.
func storeFailure(what string, err error) error {
	err = fmt.Errorf("%s: %w", what, err)
	if db.Unavailable(err) {
		return err
	}
	return errQueryFailed.Because(err)
}

// idpFailure is a failed identity-provider call answered as refusal, with the cause kept for the log.
func idpFailure(refusal *apperr.Error, what string, err error) error {
	return refusal.Because(fmt.Errorf("%s: %w", what, err))
}
