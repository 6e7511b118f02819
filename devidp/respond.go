package devidp

import (
	"encoding/json"
	"net/http"
)

// reply is a JSON response computed under the state lock and written after it.
type reply struct {
	status int
	body   any // nil writes no body
}

// errorBody is the error shape of every JSON endpoint: RFC 6749 §5.2 for OAuth, the same for the extension.
type errorBody struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description,omitempty"`
}

func errReply(status int, code, description string) reply {
	return reply{status: status, body: errorBody{Error: code, ErrorDescription: description}}
}

func ok(body any) reply { return reply{status: http.StatusOK, body: body} }

func writeReply(w http.ResponseWriter, rep reply) {
	if rep.body == nil {
		w.WriteHeader(rep.status)
		return
	}
	writeJSON(w, rep.status, rep.body)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// oauthError is an RFC 6749 error of the token endpoint (auth.md §16.5).
type oauthError struct {
	status      int
	code        string
	description string
}

func (e *oauthError) reply() reply { return errReply(e.status, e.code, e.description) }

func invalidRequest(desc string) *oauthError {
	return &oauthError{http.StatusBadRequest, "invalid_request", desc}
}

func invalidClient(desc string) *oauthError {
	return &oauthError{http.StatusUnauthorized, "invalid_client", desc}
}

func invalidGrant(desc string) *oauthError {
	return &oauthError{http.StatusBadRequest, "invalid_grant", desc}
}

func unauthorizedClient(desc string) *oauthError {
	return &oauthError{http.StatusBadRequest, "unauthorized_client", desc}
}

func accessDenied(desc string) *oauthError {
	return &oauthError{http.StatusForbidden, "access_denied", desc}
}
