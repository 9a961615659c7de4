package main

import (
	"net/http"

	"github.com/auth0/go-auth0/management"
)

// selfServiceLink links with the user's access token (update:current_user_identities) but
// sends the secondary account's user_id: rejected under the new rules.
func (a *app) selfServiceLink(w http.ResponseWriter, r *http.Request) {
	tok, err := a.oauth.Exchange(r.Context(), r.FormValue("code"))
	if err != nil {
		http.Error(w, "login failed", http.StatusUnauthorized)
		return
	}
	m, err := management.New(a.cfg.Domain, management.WithStaticToken(tok.AccessToken))
	if err != nil {
		http.Error(w, "link failed", http.StatusInternalServerError)
		return
	}
	provider, secondary := r.FormValue("provider"), r.FormValue("user_id")
	if _, err := m.User.Link(r.Context(), r.FormValue("primary"), &management.UserIdentityLink{Provider: &provider, UserID: &secondary}); err != nil {
		http.Error(w, "link failed", http.StatusBadGateway)
	}
}

// linkWithSecondary is the compliant flow: the user's access token as bearer, and the
// secondary account's ID token as link_with.
func (a *app) linkWithSecondary(w http.ResponseWriter, r *http.Request) {
	tok, err := a.oauth.Exchange(r.Context(), r.FormValue("code"))
	if err != nil {
		http.Error(w, "login failed", http.StatusUnauthorized)
		return
	}
	secondary, _ := tok.Extra("id_token").(string)
	primary := a.session(r)
	m, err := management.New(a.cfg.Domain, management.WithStaticToken(primary.Token.AccessToken))
	if err != nil {
		http.Error(w, "link failed", http.StatusInternalServerError)
		return
	}
	if _, err := m.User.Link(r.Context(), primary.UserID, &management.UserIdentityLink{LinkWith: &secondary}); err != nil {
		http.Error(w, "link failed", http.StatusBadGateway)
	}
}
