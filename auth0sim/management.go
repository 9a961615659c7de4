package auth0sim

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// apiHandler serves one Management API route. It runs with Server.mu held, after the caller
// was authenticated; it answers a status and body, or an error.
type apiHandler func(c *call) (status int, body any, err *apiError)

// call is one Management API request being served.
type call struct {
	r    *http.Request
	p    *principal
	body map[string]any // the JSON body; nil when there was none
	// changed is set by handlers that changed state (counted by Applied).
	changed bool
	// accessedSecrets names the secrets a successful read returned (logged as mgmt_api_read).
	accessedSecrets []string
}

// managementAPI authenticates, runs h under the state lock, counts applied changes and logs
// the call as a real tenant would: writes as sapi/fapi, failed reads as fapi, successful reads
// that returned a secret as mgmt_api_read (so reading the logs adds no events unless it fails).
func (s *Server) managementAPI(route, description string, h apiHandler) func(*http.Request) outcome {
	return func(r *http.Request) outcome {
		c := &call{r: r}
		raw, err := readBody(r)
		var apiErr *apiError
		switch {
		case err != nil:
			apiErr = errBadRequest("Could not read the request body", "invalid_body")
		case len(bytes.TrimSpace(raw)) > 0:
			if err := json.Unmarshal(raw, &c.body); err != nil {
				apiErr = errBadRequest("Invalid request payload JSON format", "invalid_body")
			}
		}
		if apiErr == nil {
			c.p, apiErr = s.authenticate(r.Header.Get("Authorization"))
		}

		s.mu.Lock()
		defer s.mu.Unlock()
		var status int
		var body any
		if apiErr == nil {
			status, body, apiErr = h(c)
		}
		if apiErr != nil {
			status, body = apiErr.StatusCode, apiErr
		}
		if c.changed {
			s.applied[route]++
		}
		s.logAPICallLocked(c, description, status, body)
		return outcome{status: status, body: body}
	}
}

// requireScopeLocked answers 403 unless the caller holds one of scopes. An ID token holds no
// scopes: it gets 401 while enable_idtoken_api2 is off, 403 otherwise.
func (s *Server) requireScopeLocked(p *principal, scopes ...string) *apiError {
	if p.kind == kindIDToken && !s.enableIDTokenAPI2 {
		return errIDTokenBearer()
	}
	for _, sc := range scopes {
		if p.has(sc) {
			return nil
		}
	}
	return errInsufficientScope(scopes...)
}
