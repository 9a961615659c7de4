package main

import (
	"net/http"

	"github.com/auth0/go-auth0/v3/management"
	"github.com/auth0/go-auth0/v3/management/client"
	"github.com/auth0/go-auth0/v3/management/option"
)

// unlink uses go-auth0 v3 with the user's ID token as the bearer token.
func (a *app) unlink(w http.ResponseWriter, r *http.Request) {
	s := a.session(r)
	mgmt, err := client.New(a.cfg.Domain, option.WithToken(s.IDToken))
	if err != nil {
		http.Error(w, "unlink failed", http.StatusInternalServerError)
		return
	}
	provider := management.UserIdentityProviderEnum(r.FormValue("provider"))
	if _, err := mgmt.Users.Identities.Delete(r.Context(), s.UserID, &provider, r.FormValue("user_id")); err != nil {
		http.Error(w, "unlink failed", http.StatusBadGateway)
	}
}
