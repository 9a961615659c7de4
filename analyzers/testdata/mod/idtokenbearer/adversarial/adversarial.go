// Package adversarial holds the shapes real Auth0 code takes: names that lie, helpers,
// URL builders, and clients used for something other than linking.
package adversarial

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/auth0/go-auth0/authentication/oauth"
	"github.com/auth0/go-auth0/management"
	"golang.org/x/oauth2"
)

const domain = "example.eu.auth0.com"

// AccessTokenNamedIDToken: the variable's name lies; its provenance is an access token.
func AccessTokenNamedIDToken(tok *oauth2.Token, userID string) {
	idToken := tok.AccessToken
	req, _ := http.NewRequest(http.MethodPost, "https://"+domain+"/api/v2/users/"+userID+"/identities", nil)
	req.Header.Set("Authorization", "Bearer "+idToken)
	http.DefaultClient.Do(req)
}

// verify stands in for go-oidc's verifier: the ID token is checked and never sent.
func verify(ctx context.Context, raw string) error { return nil }

func VerifiedOnly(ctx context.Context, tok *oauth2.Token) error {
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		return fmt.Errorf("no id_token")
	}
	return verify(ctx, raw)
}

// LogoutHint builds a logout URL with id_token_hint and follows it.
func LogoutHint(tok *oauth2.Token) {
	q := url.Values{}
	q.Set("id_token_hint", tok.Extra("id_token").(string))
	req, _ := http.NewRequest(http.MethodGet, "https://"+domain+"/oidc/logout?"+q.Encode(), nil)
	http.DefaultClient.Do(req)
}

type creds struct{ bearer string }

func credsOf(tok *oauth2.Token) creds { return creds{bearer: tok.Extra("id_token").(string)} }

// StructFieldSprintf: the ID token through a struct field, then Sprintf, on a Sprintf URL.
func StructFieldSprintf(tok *oauth2.Token, id string) {
	c := credsOf(tok)
	u := fmt.Sprintf("https://%s/api/v2/users/%s/identities", domain, id)
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(`{"provider":"github","user_id":"1"}`))
	req.Header.Set("Authorization", fmt.Sprintf("Bearer %s", c.bearer)) // want `link-idtoken-bearer`
	http.DefaultClient.Do(req)
}

// JoinPath builds the link URL with url.JoinPath.
func JoinPath(tok *oauth2.Token, id string) error {
	u, err := url.JoinPath("https://"+domain, "api/v2/users", id, "identities")
	if err != nil {
		return err
	}
	req, _ := http.NewRequest(http.MethodPost, u, nil)
	req.Header["Authorization"] = []string{"Bearer " + tok.Extra("id_token").(string)} // want `link-idtoken-bearer`
	_, err = http.DefaultClient.Do(req)
	return err
}

// JoinPathUnlink: the unlink path through url.JoinPath with escaped segments.
func JoinPathUnlink(ts *oauth.TokenSet, id, provider, secondary string) {
	u, _ := url.JoinPath("https://"+domain+"/api/v2/users", url.PathEscape(id), "identities", provider, secondary)
	req, _ := http.NewRequest(http.MethodDelete, u, nil)
	req.Header = http.Header{"Authorization": []string{"Bearer " + ts.IDToken}} // want `unlink-idtoken-bearer`
	http.DefaultClient.Do(req)
}

// JoinPathElsewhere: url.JoinPath to the app's own API.
func JoinPathElsewhere(tok *oauth2.Token, id string) {
	u, _ := url.JoinPath("https://api.example.com", "users", id)
	req, _ := http.NewRequest(http.MethodPost, u, nil)
	req.Header.Set("Authorization", "Bearer "+tok.Extra("id_token").(string))
	http.DefaultClient.Do(req)
}

// ProfileClient builds a Management client from the ID token only to read the user's own
// profile: not a link, so not link-idtoken-bearer.
func ProfileClient(ctx context.Context, ts *oauth.TokenSet, id string) (*management.User, error) {
	m, err := management.New(domain, management.WithStaticToken(ts.IDToken))
	if err != nil {
		return nil, err
	}
	return m.User.Read(ctx, id)
}

// apiTokens names its access-token field IDToken; the json tag says what it holds.
type apiTokens struct {
	IDToken string `json:"access_token"`
}

func MisnamedField(raw apiTokens, id string) {
	req, _ := http.NewRequest(http.MethodDelete, "https://"+domain+"/api/v2/users/"+id+"/identities/github/42", nil)
	req.Header.Set("Authorization", "Bearer "+raw.IDToken)
	http.DefaultClient.Do(req)
}

const unlinkTemplate = "https://" + domain + "/api/v2/users/{id}/identities/{provider}/{user_id}"

// ReplaceTemplate fills a URL template with strings.Replace.
func ReplaceTemplate(tok *oauth2.Token, id, provider, secondary string) {
	v := strings.Replace(strings.Replace(strings.ReplaceAll(unlinkTemplate, "{id}", id), "{provider}", provider, 1), "{user_id}", secondary, -1)
	req, _ := http.NewRequest(http.MethodDelete, v, nil)
	req.Header.Set("Authorization", "Bearer "+tok.Extra("id_token").(string)) // want `unlink-idtoken-bearer`
	http.DefaultClient.Do(req)
}

// WithContext re-derives the request: it is the same link request.
func WithContext(ctx context.Context, tok *oauth2.Token, id string) {
	req, err := http.NewRequest(http.MethodPost, "https://"+domain+"/api/v2/users/"+id+"/identities", nil)
	if err != nil {
		return
	}
	req = req.WithContext(ctx)
	req.Header.Set("Authorization", "Bearer "+tok.Extra("id_token").(string)) // want `link-idtoken-bearer`
	http.DefaultClient.Do(req)
}

// SuppressedMultiline: a directive trailing the last line of a wrapped call covers the call.
func SuppressedMultiline(ctx context.Context, ts *oauth.TokenSet, id string, body *management.UserIdentityLink) {
	m, _ := management.New(domain, management.WithStaticToken(ts.IDToken))
	_, _ = m.User.Link(ctx, id,
		body) //auth0vet:ignore exercised against the local tenant simulator only
	_, _ = m.User.Link(ctx, id, // want `link-idtoken-bearer`
		body)
}
