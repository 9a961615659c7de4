// Package nethttp links and unlinks accounts with net/http, the way older apps did.
package nethttp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/auth0/go-auth0/authentication/oauth"
	"golang.org/x/oauth2"
)

const domain = "https://example.eu.auth0.com"

// LinkWithExtra sends the ID token from the oauth2 token response as the bearer.
func LinkWithExtra(ctx context.Context, tok *oauth2.Token, userID string, body []byte) error {
	idToken := tok.Extra("id_token").(string)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, domain+"/api/v2/users/"+userID+"/identities", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+idToken) // want `^\[link-idtoken-bearer\] ID token sent as the Authorization bearer of a Management API link request; instead: .* \(https://auth0.com/docs/`
	_, err = http.DefaultClient.Do(req)
	return err
}

// UnlinkWithTokenSet formats go-auth0's TokenSet.IDToken into the header of an unlink.
func UnlinkWithTokenSet(ts *oauth.TokenSet, userID, provider, secondary string) {
	url := fmt.Sprintf("%s/api/v2/users/%s/identities/%s/%s", domain, userID, provider, secondary)
	req, _ := http.NewRequest("DELETE", url, nil)
	req.Header.Add("authorization", fmt.Sprintf("Bearer %s", ts.IDToken)) // want `^\[unlink-idtoken-bearer\] ID token sent`
	http.DefaultClient.Do(req)
}

// session keeps the ID token in a field without a json tag: the field is followed.
type session struct {
	userID string
	token  string
}

func newSession(tok *oauth2.Token) *session {
	return &session{userID: "auth0|1", token: idTokenOf(tok)}
}

// idTokenOf is a helper whose result is an ID token.
func idTokenOf(tok *oauth2.Token) string {
	raw, _ := tok.Extra("id_token").(string)
	return raw
}

// link is a helper that forwards its parameter to the sink: the finding is at the caller that
// passes an ID token, naming the helper.
func link(bearer, userID string) {
	req, _ := http.NewRequest("POST", domain+"/api/v2/users/"+userID+"/identities", strings.NewReader(`{"provider":"github","user_id":"42"}`))
	req.Header.Set("Authorization", "Bearer "+bearer)
	http.DefaultClient.Do(req)
}

func LinkFromSession(tok *oauth2.Token, access *oauth2.Token) {
	s := newSession(tok)
	link(s.token, s.userID) // want `^\[link-idtoken-bearer\] ID token sent as the Authorization bearer of a Management API link request \(via helper link\); instead:`
	link(access.AccessToken, s.userID) // the same helper with an access token: the report above is about the ID-token call
}

// tokenResponse is a hand-decoded /oauth/token response.
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	IDToken     string `json:"id_token"`
}

func HeaderLiteral(raw []byte, userID string) {
	var tr tokenResponse
	_ = json.Unmarshal(raw, &tr)
	req, _ := http.NewRequest(http.MethodPost, domain+"/api/v2/users/"+userID+"/identities", nil)
	req.Header = http.Header{"Authorization": {"Bearer " + tr.IDToken}} // want `link-idtoken-bearer`
	http.DefaultClient.Do(req)
}

func HeaderIndex(m map[string]any, userID string) {
	id := m["id_token"].(string)
	req, _ := http.NewRequest(http.MethodPost, domain+"/api/v2/users/"+userID+"/identities", nil)
	req.Header["Authorization"] = []string{"Bearer " + id} // want `link-idtoken-bearer`
	http.DefaultClient.Do(req)
}

// TokenSourceClient builds an HTTP client whose static token is the ID token.
func TokenSourceClient(ctx context.Context, tok *oauth2.Token, userID string) {
	ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok.Extra("id_token").(string)})
	c := oauth2.NewClient(ctx, ts)
	req, _ := http.NewRequest(http.MethodPost, domain+"/api/v2/users/"+userID+"/identities", nil)
	c.Do(req) // want `link-idtoken-bearer`
}

func Suppressed(tok *oauth2.Token, userID string) {
	req, _ := http.NewRequest(http.MethodPost, domain+"/api/v2/users/"+userID+"/identities", nil)
	//auth0vet:ignore exercised only against the local tenant simulator
	req.Header.Set("Authorization", "Bearer "+tok.Extra("id_token").(string))
	req.Header.Set("Authorization", "Bearer "+tok.Extra("id_token").(string)) //auth0vet:ignore same, trailing form
	//auth0vet:ignore
	req.Header.Set("Authorization", "Bearer "+tok.Extra("id_token").(string)) // want `link-idtoken-bearer`
}

// --- silent cases ---

// AccessToken links with an access token: fine.
func AccessToken(tok *oauth2.Token, userID string) {
	req, _ := http.NewRequest(http.MethodPost, domain+"/api/v2/users/"+userID+"/identities", nil)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	http.DefaultClient.Do(req)
}

// OwnAPI sends the ID token to the app's own API, not to Auth0.
func OwnAPI(tok *oauth2.Token) {
	req, _ := http.NewRequest(http.MethodGet, "https://api.example.com/profile", nil)
	req.Header.Set("Authorization", "Bearer "+tok.Extra("id_token").(string))
	http.DefaultClient.Do(req)
}

// Logout passes the ID token as id_token_hint.
func Logout(tok *oauth2.Token) string {
	return domain + "/oidc/logout?id_token_hint=" + tok.Extra("id_token").(string)
}

// LinkWith sends the secondary ID token in the body with an access token as bearer.
func LinkWith(primary, secondary *oauth2.Token, userID string) {
	body, _ := json.Marshal(map[string]string{"link_with": secondary.Extra("id_token").(string)})
	req, _ := http.NewRequest(http.MethodPost, domain+"/api/v2/users/"+userID+"/identities", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+primary.AccessToken)
	http.DefaultClient.Do(req)
}

// Unknown takes a token of unknown provenance.
func Unknown(token, userID string) {
	req, _ := http.NewRequest(http.MethodPost, domain+"/api/v2/users/"+userID+"/identities", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Authorization", "Bearer "+os.Getenv("AUTH0_TOKEN"))
}

// bearer is used with an ID token for the app's API and with an access token for Auth0:
// evaluated per call, neither use is a finding.
func bearer(t string) string { return "Bearer " + t }

func ContextSensitive(tok *oauth2.Token, userID string) {
	own, _ := http.NewRequest(http.MethodGet, "https://api.example.com/me", nil)
	own.Header.Set("Authorization", bearer(tok.Extra("id_token").(string)))
	req, _ := http.NewRequest(http.MethodPost, domain+"/api/v2/users/"+userID+"/identities", nil)
	req.Header.Set("Authorization", bearer(tok.AccessToken))
}
