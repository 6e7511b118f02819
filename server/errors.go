package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/db"
)

// Error types and their HTTP statuses (http-api.md §1.3).
const (
	TypeInvalidRequest     = "invalid_request_error"
	TypeAuthentication     = "authentication_error"
	TypeForbidden          = "forbidden_error"
	TypeNotFound           = "not_found_error"
	TypeMethodNotAllowed   = "method_not_allowed_error"
	TypeConflict           = "conflict_error"
	TypeUnsupportedMedia   = "unsupported_media_type_error"
	TypeTooManyRequests    = "rate_limit_error"
	TypeUnprocessable      = "unprocessable_entity_error"
	TypeInternal           = "internal_server_error"
	TypeInvalidAppState    = "invalid_app_state"
	TypeServiceUnavailable = "service_unavailable"
)

var statusOfType = map[string]int{
	TypeInvalidRequest:     http.StatusBadRequest,
	TypeAuthentication:     http.StatusUnauthorized,
	TypeForbidden:          http.StatusForbidden,
	TypeNotFound:           http.StatusNotFound,
	TypeMethodNotAllowed:   http.StatusMethodNotAllowed,
	TypeConflict:           http.StatusConflict,
	TypeUnsupportedMedia:   http.StatusUnsupportedMediaType,
	TypeTooManyRequests:    http.StatusTooManyRequests,
	TypeUnprocessable:      http.StatusUnprocessableEntity,
	TypeInternal:           http.StatusInternalServerError,
	TypeInvalidAppState:    http.StatusInternalServerError,
	TypeServiceUnavailable: http.StatusServiceUnavailable,
}

// APIError is the one error body every route answers with: {error: {message, type, code, param?}}.
type APIError struct {
	Message string            `json:"message"`
	Type    string            `json:"type"`
	Code    string            `json:"code"`
	Param   map[string]string `json:"param,omitempty"`
}

func (e *APIError) Error() string { return e.Code + ": " + e.Message }

// Status is the HTTP status that the error's type maps to.
func (e *APIError) Status() int {
	if s, ok := statusOfType[e.Type]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// NewError builds an APIError.
func NewError(typ, code, message string) *APIError {
	return &APIError{Type: typ, Code: code, Message: message}
}

// Errors of the general catalogue (http-api.md §15) used by the router itself.
var (
	ErrRouteNotFound    = NewError(TypeNotFound, "route_error-not_found", "The requested route was not found.")
	ErrMethodNotAllowed = NewError(TypeMethodNotAllowed, "route_error-method_not_allowed", "The method is not allowed for this route.")
	ErrInternal         = NewError(TypeInternal, "internal_error", "An unexpected error occurred.")
)

// errDBUnavailable answers a request that needed the database while it did not answer within its deadline (and no
// cached value could stand in): the condition passes, so the client may retry.
var errDBUnavailable = NewError(TypeServiceUnavailable, "db_error-unavailable",
	"The database is not answering at the moment; retry shortly.")

// unexpected is the answer to an unexpected error: 503 db_error-unavailable when the database did not answer,
// else fallback.
func unexpected(err error, fallback *APIError) *APIError {
	if db.Unavailable(err) {
		return errDBUnavailable
	}
	return fallback
}

// WriteError aborts the request with e as the response.
func WriteError(c *gin.Context, e *APIError) {
	c.AbortWithStatusJSON(e.Status(), gin.H{"error": e})
}
