package server

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/bodhiapp/bodhi/apperr"
	"github.com/bodhiapp/bodhi/auth"
	"github.com/bodhiapp/bodhi/db"
	"github.com/bodhiapp/bodhi/ollama"
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
	TypeBadGateway         = "bad_gateway"
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
	TypeBadGateway:         http.StatusBadGateway,
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
func (e *APIError) Status() int { return StatusOfType(e.Type) }

// StatusOfType is the HTTP status of an error type (500 for a type it does not know); the OpenAPI document's
// error responses are filed under it too (package apidoc).
func StatusOfType(typ string) int {
	if s, ok := statusOfType[typ]; ok {
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

// typeOfKind is the one place a service's failure becomes HTTP: each kind of apperr.Error has its wire type,
// and the type its status (statusOfType).
var typeOfKind = map[apperr.Kind]string{
	apperr.Internal:         TypeInternal,
	apperr.Invalid:          TypeInvalidRequest,
	apperr.Unauthenticated:  TypeAuthentication,
	apperr.Forbidden:        TypeForbidden,
	apperr.NotFound:         TypeNotFound,
	apperr.Conflict:         TypeConflict,
	apperr.Unprocessable:    TypeUnprocessable,
	apperr.UnsupportedMedia: TypeUnsupportedMedia,
	apperr.TooManyRequests:  TypeTooManyRequests,
	apperr.Unavailable:      TypeServiceUnavailable,
	apperr.AppState:         TypeInvalidAppState,
	apperr.BadGateway:       TypeBadGateway,
}

// errDBUnavailable answers a request that needed the database while it did not answer within its deadline (and no
// cached value could stand in): the condition passes, so the client may retry.
var errDBUnavailable = NewError(TypeServiceUnavailable, "db_error-unavailable",
	"The database is not answering at the moment; retry shortly.")

// errQueryFailed answers a statement the database refused: Bodhi's storage failed, not the client.
var errQueryFailed = NewError(TypeInternal, "db_error-query_failed", "A database operation failed.")

// answerFor is the wire error for err, the one place any failure becomes HTTP: a service's *apperr.Error as its
// kind says; the identity provider's failure; "not logged in"; 503 db_error-unavailable when the database did not
// answer; 500 db_error-query_failed when it refused a statement; else fallback.
func answerFor(err error, fallback *APIError) *APIError {
	if e, ok := apperr.As(err); ok {
		typ, known := typeOfKind[e.Kind]
		if !known {
			typ = TypeInternal
		}
		return &APIError{Type: typ, Code: e.Code, Message: e.Message, Param: e.Param}
	}
	switch {
	case errors.Is(err, auth.ErrIdentityProvider):
		return errIdP
	case errors.Is(err, auth.ErrNoSessionToken):
		return errInvalidAccess
	case db.Unavailable(err):
		return errDBUnavailable
	case db.QueryFailure(err):
		return errQueryFailed
	}
	return fallback
}

// unexpected is answerFor for an error that is not expected to be a service's refusal.
func unexpected(err error, fallback *APIError) *APIError { return answerFor(err, fallback) }

// fail answers err (answerFor, 500 internal_error when nothing else fits). Failures on Bodhi's side (internal,
// unavailable) are logged with what was being done; a client's own mistakes are not.
func (s *Server) fail(c *gin.Context, what string, err error) {
	answer := answerFor(err, ErrInternal)
	if answer.Status() >= http.StatusInternalServerError {
		s.deps.Logger.Error(what, "code", answer.Code, "err", err)
	}
	WriteError(c, answer)
}

// dbFailure answers a failed repository call: 503 when the database did not answer, else 500 db_error-query_failed.
func (s *Server) dbFailure(c *gin.Context, what string, err error) {
	s.deps.Logger.Error(what, "err", err)
	WriteError(c, unexpected(err, errQueryFailed))
}

// WriteError aborts the request with e as the response. On the Ollama routes the body is Ollama's,
// {"error": "<message>"}, with the same status: their clients read error as a string.
func WriteError(c *gin.Context, e *APIError) {
	if IsOllamaRoute(c.Request.URL.Path) {
		c.AbortWithStatusJSON(e.Status(), ollama.Error{Error: e.Message})
		return
	}
	c.AbortWithStatusJSON(e.Status(), gin.H{"error": e})
}
