package main

import (
	"net/http"
	"net/url"
)

// logout ends the Auth0 session; the ID token goes in id_token_hint, which is fine.
func (a *app) logout(w http.ResponseWriter, r *http.Request) {
	s := a.session(r)
	q := url.Values{"id_token_hint": {s.IDToken}, "post_logout_redirect_uri": {a.cfg.CallbackURL}}
	http.Redirect(w, r, "https://"+a.cfg.Domain+"/oidc/logout?"+q.Encode(), http.StatusFound)
}
