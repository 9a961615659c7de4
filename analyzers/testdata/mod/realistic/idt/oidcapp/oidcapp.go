// Package oidcapp logs users in with go-oidc and links their accounts.
package oidcapp

import (
	"context"
	"net/http"
	"strings"

	"github.com/auth0/go-auth0/management"
	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

type App struct {
	Domain   string
	Verifier *oidc.IDTokenVerifier
	Config   oauth2.Config
}

// Callback verifies the raw ID token from the token response, then links with it.
func (a *App) Callback(w http.ResponseWriter, r *http.Request) {
	tok, err := a.Config.Exchange(r.Context(), r.URL.Query().Get("code"))
	if err != nil {
		return
	}
	rawIDToken, ok := tok.Extra("id_token").(string)
	if !ok {
		return
	}
	if _, err := a.Verifier.Verify(r.Context(), rawIDToken); err != nil {
		return
	}
	a.link(r.Context(), rawIDToken, "auth0|2") // want `link-idtoken-bearer`
}

func (a *App) link(ctx context.Context, bearer, primary string) {
	m, _ := management.New(a.Domain, management.WithStaticToken(bearer))
	m.User.Link(ctx, primary, &management.UserIdentityLink{})
}

// Cookie: the raw string from a cookie is an ID token once Verify accepted it.
func (a *App) Cookie(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie("id_token")
	if err != nil {
		return
	}
	raw := c.Value
	if _, err := a.Verifier.Verify(r.Context(), raw); err != nil {
		http.Error(w, "bad token", http.StatusUnauthorized)
		return
	}
	req, _ := http.NewRequestWithContext(r.Context(), http.MethodDelete, "https://"+a.Domain+"/api/v2/users/auth0|2/identities/github/123", nil)
	req.Header.Set("Authorization", "Bearer "+raw) // want `unlink-idtoken-bearer`
	http.DefaultClient.Do(req)
}

// BearerAccess: a bearer from the Authorization header, not verified as an ID token.
func (a *App) BearerAccess(w http.ResponseWriter, r *http.Request) {
	raw := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	req, _ := http.NewRequestWithContext(r.Context(), http.MethodDelete, "https://"+a.Domain+"/api/v2/users/auth0|2/identities/github/123", nil)
	req.Header.Set("Authorization", "Bearer "+raw)
	http.DefaultClient.Do(req)
}

// VerifyThenAccess verifies the ID token but links with the access token.
func (a *App) VerifyThenAccess(ctx context.Context, tok *oauth2.Token) {
	raw, _ := tok.Extra("id_token").(string)
	if _, err := a.Verifier.Verify(ctx, raw); err != nil {
		return
	}
	a.link(ctx, tok.AccessToken, "auth0|2")
}
