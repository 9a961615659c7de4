// Package lookalike declares its own types and functions with the SDKs' names: matching is by
// type, so none of this is reported.
package lookalike

import (
	"net/http"
	"net/url"
	"path"

	"golang.org/x/oauth2"
)

type Token struct{ raw map[string]string }

func (t *Token) Extra(key string) any { return t.raw[key] }

func WithStaticToken(tok string) string { return tok }

type session struct {
	IDToken string // not tagged, never given an ID token
}

func Lookalikes(t *Token, s session, userID string) {
	req, _ := http.NewRequest(http.MethodPost, "https://x.auth0.com/api/v2/users/"+userID+"/identities", nil)
	req.Header.Set("Authorization", "Bearer "+t.Extra("id_token").(string))
	req.Header.Set("Authorization", "Bearer "+s.IDToken)
	req.Header.Set("Authorization", WithStaticToken("x"))
}

// Escaped builds the unlink path with path.Join and url.PathEscape: still recognized.
func Escaped(tok *oauth2.Token, method, userID, provider, secondary string) {
	p := path.Join("/api/v2/users", url.PathEscape(userID), "identities", provider, url.PathEscape(secondary))
	req, _ := http.NewRequest(method, "https://x.auth0.com"+p, nil)
	req.Header.Set("Authorization", "Bearer "+tok.Extra("id_token").(string)) // want `unlink-idtoken-bearer`
}

// Reads of other endpoints with an ID token are not the linking endpoints.
func OtherEndpoint(tok *oauth2.Token, userID string) {
	req, _ := http.NewRequest(http.MethodGet, "https://x.auth0.com/api/v2/users/"+userID, nil)
	req.Header.Set("Authorization", "Bearer "+tok.Extra("id_token").(string))
	get, _ := http.NewRequest(http.MethodGet, "https://x.auth0.com/api/v2/users/"+userID+"/identities", nil)
	get.Header.Set("Authorization", "Bearer "+tok.Extra("id_token").(string))
}
