package auth0sim

import "net/http"

// apiError is the Management API's error body.
type apiError struct {
	StatusCode int    `json:"statusCode"`
	Error      string `json:"error"`
	Message    string `json:"message"`
	ErrorCode  string `json:"errorCode,omitempty"`
}

func newAPIError(status int, message, code string) *apiError {
	return &apiError{StatusCode: status, Error: http.StatusText(status), Message: message, ErrorCode: code}
}

func errUnauthorized(message, code string) *apiError {
	return newAPIError(http.StatusUnauthorized, message, code)
}

func errInsufficientScope(scopes ...string) *apiError {
	msg := "Insufficient scope, expected any of: "
	for i, sc := range scopes {
		if i > 0 {
			msg += ","
		}
		msg += sc
	}
	return newAPIError(http.StatusForbidden, msg, "insufficient_scope")
}

func errBadRequest(message, code string) *apiError {
	return newAPIError(http.StatusBadRequest, message, code)
}

func errNotFound(message, code string) *apiError {
	return newAPIError(http.StatusNotFound, message, code)
}

// errIDTokenBearer is the answer to an ID token used as a bearer while enable_idtoken_api2 is off.
func errIDTokenBearer() *apiError {
	return errUnauthorized("ID tokens are no longer accepted as bearer tokens for the Management API; "+
		"use an access token (tenant flag enable_idtoken_api2 is off)", "invalid_token")
}
