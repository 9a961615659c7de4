package v1app

import (
	"context"
	"net/http"

	"github.com/auth0/go-auth0/authentication/oauth"
	"github.com/auth0/go-auth0/management"
	"golang.org/x/oauth2"
)

// RawRequest: the Management client's own raw request method, on the identities path.
func RawRequest(ctx context.Context, domain string, ts *oauth.TokenSet, primary string) error {
	m, err := management.New(domain, management.WithStaticToken(ts.IDToken))
	if err != nil {
		return err
	}
	return m.Request(ctx, http.MethodPost, m.URI("users", primary, "identities"), map[string]string{"link_with": "x"}) // want `link-idtoken-bearer`
}

func RawRequestAccess(ctx context.Context, domain string, ts *oauth.TokenSet, primary string) error {
	m, err := management.New(domain, management.WithStaticToken(ts.AccessToken))
	if err != nil {
		return err
	}
	return m.Request(ctx, http.MethodPost, m.URI("users", primary, "identities"), map[string]string{"link_with": "x"})
}

// RawRead: the same client reading the identities is no link.
func RawRead(ctx context.Context, domain string, ts *oauth.TokenSet, primary string) error {
	m, err := management.New(domain, management.WithStaticToken(ts.IDToken))
	if err != nil {
		return err
	}
	var out []map[string]any
	return m.Request(ctx, http.MethodGet, m.URI("users", primary, "identities"), &out)
}

// SetAuthHeader: an oauth2.Token whose AccessToken is the ID token sets the header.
func SetAuthHeader(tok *oauth2.Token, domain, primary, provider, secondary string) {
	idTok := &oauth2.Token{AccessToken: tok.Extra("id_token").(string), TokenType: "Bearer"}
	req, _ := http.NewRequest(http.MethodDelete, "https://"+domain+"/api/v2/users/"+primary+"/identities/"+provider+"/"+secondary, nil)
	idTok.SetAuthHeader(req) // want `unlink-idtoken-bearer`
	http.DefaultClient.Do(req)
}

func SetAuthHeaderAccess(tok *oauth2.Token, domain, primary, provider, secondary string) {
	req, _ := http.NewRequest(http.MethodDelete, "https://"+domain+"/api/v2/users/"+primary+"/identities/"+provider+"/"+secondary, nil)
	tok.SetAuthHeader(req)
	http.DefaultClient.Do(req)
}

// OAuth2Transport: an oauth2.Transport over a static source of the ID token.
func OAuth2Transport(tok *oauth2.Token, domain, primary string) {
	src := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok.Extra("id_token").(string)})
	c := &http.Client{Transport: &oauth2.Transport{Source: src}}
	c.Post("https://"+domain+"/api/v2/users/"+primary+"/identities", "application/json", nil) // want `link-idtoken-bearer`
}
