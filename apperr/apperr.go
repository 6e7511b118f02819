// Package apperr is the one error type Bodhi's services return for a failure a client should hear about: a kind
// (which the HTTP layer, and only it, turns into a status), a code from the error catalogue (docs/errors.md), a
// message that never holds a secret, and optional parameters. Services never choose HTTP statuses.
package apperr

import (
	"errors"
	"fmt"
)

// Kind is what went wrong, as a client sees it.
type Kind int

const (
	Internal         Kind = iota // an unexpected failure on Bodhi's side
	Invalid                      // the request is malformed or breaks a rule
	Unauthenticated              // no usable credentials
	Forbidden                    // credentials, but not allowed
	NotFound                     // no such thing (in this org, for this caller)
	Conflict                     // the thing exists already, or changed meanwhile
	Unprocessable                // well-formed, but the state does not allow it
	UnsupportedMedia             // the body is not of a type the route reads
	TooManyRequests              // a limit is reached; retry later
	Unavailable                  // a backend does not answer; retry later
	AppState                     // the server is not set up for this yet
	BadGateway                   // a service Bodhi relies on (a provider, the identity provider) failed or did not answer
)

// Error is a failure with its catalogue code. Err, when set, is the cause: logged, never shown.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Param   map[string]string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// New builds an error of kind with its code and message.
func New(kind Kind, code, message string) *Error {
	return &Error{Kind: kind, Code: code, Message: message}
}

// Wrap is New with the cause kept for the log.
func Wrap(kind Kind, code, message string, cause error) *Error {
	return &Error{Kind: kind, Code: code, Message: message, Err: cause}
}

// WithParam returns a copy of e carrying the parameter name=value (shown to the client as param).
func (e *Error) WithParam(name, value string) *Error {
	c := *e
	c.Param = map[string]string{}
	for k, v := range e.Param {
		c.Param[k] = v
	}
	c.Param[name] = value
	return &c
}

// Because returns a copy of e with cause kept for the log.
func (e *Error) Because(cause error) *Error {
	c := *e
	c.Err = cause
	return &c
}

// Is makes errors.Is match by code: a copy (Because, WithParam) is still the error it was made from.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && t.Kind == e.Kind
}

// As finds the *Error in err's chain.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
