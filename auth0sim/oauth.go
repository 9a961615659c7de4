package auth0sim

import (
	"crypto/subtle"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// oauthError is the authentication API's error body.
type oauthError struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

// tokenRequest holds the client-credentials parameters, from a form or JSON body and,
// for client_secret_basic, the Authorization header.
type tokenRequest struct {
	GrantType    string `json:"grant_type"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	Audience     string `json:"audience"`
	Scope        string `json:"scope"`
}

func parseTokenRequest(r *http.Request) (tokenRequest, error) {
	var tr tokenRequest
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	raw, err := readBody(r)
	if err != nil {
		return tr, err
	}
	if ct == "application/json" {
		if err := json.Unmarshal(raw, &tr); err != nil {
			return tr, err
		}
	} else {
		form, err := url.ParseQuery(string(raw))
		if err != nil {
			return tr, err
		}
		tr = tokenRequest{GrantType: form.Get("grant_type"), ClientID: form.Get("client_id"),
			ClientSecret: form.Get("client_secret"), Audience: form.Get("audience"), Scope: form.Get("scope")}
	}
	if id, secret, ok := r.BasicAuth(); ok {
		// client_secret_basic: both parts are form-urlencoded (RFC 6749 2.3.1).
		if v, err := url.QueryUnescape(id); err == nil {
			id = v
		}
		if v, err := url.QueryUnescape(secret); err == nil {
			secret = v
		}
		tr.ClientID, tr.ClientSecret = id, secret
	}
	return tr, nil
}

// handleOAuthToken serves the client-credentials grant, accepting only the client's current
// secret, and logs seccft or feccft.
func (s *Server) handleOAuthToken(r *http.Request) outcome {
	tr, err := parseTokenRequest(r)
	if err != nil {
		return outcome{status: http.StatusBadRequest, body: oauthError{"invalid_request", "Could not parse the request body"}}
	}
	if tr.GrantType != "client_credentials" {
		return outcome{status: http.StatusForbidden, body: oauthError{"unsupported_grant_type",
			"Unsupported grant type: " + tr.GrantType + " (the simulator serves client_credentials only)"}}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	fail := func(status int, code, desc string) outcome {
		s.logTokenExchangeLocked(r, tr.ClientID, tr.Audience, "", desc)
		return outcome{status: status, body: oauthError{code, desc}}
	}
	client, ok := s.clients[tr.ClientID]
	if !ok || tr.ClientSecret == "" ||
		subtle.ConstantTimeCompare([]byte(client.Secret), []byte(tr.ClientSecret)) != 1 {
		return fail(http.StatusUnauthorized, "access_denied", "Unauthorized")
	}
	if !slices.Contains(client.GrantTypes, "client_credentials") {
		return fail(http.StatusForbidden, "unauthorized_client",
			"Grant type 'client_credentials' not allowed for the client.")
	}
	if tr.Audience == "" {
		return fail(http.StatusForbidden, "access_denied",
			"No audience parameter was provided, and no default audience has been configured")
	}
	if !s.isManagementAudience(tr.Audience) {
		return fail(http.StatusForbidden, "access_denied", "Service not enabled within domain: "+tr.Audience)
	}
	granted := s.grantScopesLocked(client.ClientID)
	if granted == nil {
		return fail(http.StatusForbidden, "access_denied", `Client is not authorized to access "`+tr.Audience+
			`". You need to create a "client-grant" associated to this API.`)
	}
	scopes := granted
	if tr.Scope != "" {
		scopes = nil
		for _, sc := range strings.Fields(tr.Scope) {
			if slices.Contains(granted, sc) {
				scopes = append(scopes, sc)
			}
		}
	}
	tok, err := s.mintAccessToken(client.ClientID+"@clients", client.ClientID, "client-credentials", scopes)
	if err != nil {
		return outcome{status: http.StatusInternalServerError, body: oauthError{"server_error", "could not sign the token"}}
	}
	scope := strings.Join(scopes, " ")
	s.logTokenExchangeLocked(r, client.ClientID, s.ManagementAudience(), scope, "")
	return outcome{status: http.StatusOK, body: map[string]any{
		"access_token": tok, "scope": scope, "expires_in": 86400, "token_type": "Bearer"}}
}

// isManagementAudience accepts the canonical https audience and the http one go-auth0 asks
// for after management.WithInsecure.
func (s *Server) isManagementAudience(aud string) bool {
	return aud == s.ManagementAudience() || aud == "http://"+s.domain+"/api/v2/"
}

func (s *Server) handleJWKS(*http.Request) outcome {
	return outcome{status: http.StatusOK, body: s.publicKeys}
}
