// Package kit is a second app's auth helpers (written for the review of issue 11, not seen by
// the analyzers' author): helpers that return headers, clients, token sources and holders
// carrying what they are given, used from another package.
package kit

import (
	"context"
	"errors"
	"net/http"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-resty/resty/v2"
	"golang.org/x/oauth2"
)

// Tokens is what the login callback keeps.
type Tokens struct {
	Raw    *oauth2.Token
	rawID  string
	access string
}

// FromExchange exchanges the code and keeps both tokens.
func FromExchange(ctx context.Context, conf *oauth2.Config, code string) (*Tokens, error) {
	tok, err := conf.Exchange(ctx, code)
	if err != nil {
		return nil, err
	}
	rawID, ok := tok.Extra("id_token").(string)
	if !ok {
		return nil, errors.New("no id_token")
	}
	return &Tokens{Raw: tok, rawID: rawID, access: tok.AccessToken}, nil
}

// ID is the raw ID token (a method reading a field set by another function).
func (t *Tokens) ID() string { return t.rawID }

// Access is the access token.
func (t *Tokens) Access() string { return t.access }

// VerifiedRaw verifies the raw ID token and hands it back.
func VerifiedRaw(ctx context.Context, v *oidc.IDTokenVerifier, tok *oauth2.Token) (string, error) {
	raw, _ := tok.Extra("id_token").(string)
	if _, err := v.Verify(ctx, raw); err != nil {
		return "", err
	}
	return raw, nil
}

// HeaderFor builds headers with make and Set (not a literal).
func HeaderFor(tok string) http.Header {
	h := make(http.Header)
	h.Set("Accept", "application/json")
	h.Set("Authorization", "Bearer "+tok)
	return h
}

// AddBearer adds the bearer to headers it is given.
func AddBearer(h http.Header, tok string) {
	h.Add("Authorization", "Bearer "+tok)
}

// APIClient is an HTTP client whose transport sends tok.
func APIClient(tok string) *http.Client {
	return &http.Client{Transport: &oauth2.Transport{Source: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok})}}
}

// Reusable wraps tok in a reusable token source.
func Reusable(tok string) oauth2.TokenSource {
	return oauth2.ReuseTokenSource(nil, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok}))
}

// Resty is a resty client that sends tok.
func Resty(domain, tok string) *resty.Client {
	return resty.New().SetBaseURL("https://"+domain).SetAuthToken(tok).SetHeader("Content-Type", "application/json")
}

// RestyHeader sets the bearer through SetHeader.
func RestyHeader(tok string) *resty.Client {
	return resty.New().SetHeader("Authorization", "Bearer "+tok)
}
