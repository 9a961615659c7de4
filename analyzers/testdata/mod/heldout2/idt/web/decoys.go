// Held-out cases for cross-package struct values: decoys that an analysis merging struct
// values (by type, by field, or by constructor) would flag. Only the lines marked want are
// affected.
package web

import (
	"context"
	"net/http"

	"golang.org/x/oauth2"

	"example.com/auth0vettest/heldout2/idt/session"
)

// Two package variables of the same struct type: webCaller gets the ID token at login and is
// only used to read the profile; apiCaller gets the access token and links.
var (
	webCaller = &session.Caller{Domain: tenant}
	apiCaller = &session.Caller{Domain: tenant}
)

// OnLogin stores the tokens of a login.
func OnLogin(tok *oauth2.Token) {
	if raw, ok := tok.Extra("id_token").(string); ok {
		webCaller.Token = raw
	}
	apiCaller.Token = tok.AccessToken
}

// Profile reads /userinfo with the ID-token caller (not a link): compliant.
func Profile(w http.ResponseWriter, r *http.Request) {
	p, err := webCaller.Profile(r.Context())
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	_ = p
}

// LinkAccount links with the access-token caller: compliant.
func LinkAccount(w http.ResponseWriter, r *http.Request) {
	if err := apiCaller.Link(r.Context(), r.FormValue("primary"), r.FormValue("secondary_id_token")); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
	}
}

// The same constructor with both tokens in one function: the ID-token client only lists
// identities (a GET), the access-token client unlinks: compliant.
func Reconcile(ctx context.Context, tok *oauth2.Token, primary, provider, secondary string) error {
	raw, _ := tok.Extra("id_token").(string)
	reader := session.NewAPI(ctx, tenant, raw)
	writer := session.NewAPI(ctx, tenant, tok.AccessToken)
	if _, err := reader.Identities(ctx, primary); err != nil {
		return err
	}
	return writer.Unlink(ctx, primary, provider, secondary)
}

// 24. The same constructor with both tokens in one function, both linking: only the
// ID-token linker's call is affected.
func LinkBoth(ctx context.Context, tok *oauth2.Token, primary, secondaryIDToken string) {
	raw, _ := tok.Extra("id_token").(string)
	legacy := session.NewLinker(tenant, raw)
	current := session.NewLinker(tenant, tok.AccessToken)
	_ = legacy.Link(ctx, primary, secondaryIDToken) // want `link-idtoken-bearer`
	_ = current.Link(ctx, primary, secondaryIDToken)
}

// A session holding both tokens: its Unlink sends the access-token field, its LogoutURL
// uses the ID-token field (not a request): compliant.
func UnlinkFromSession(ctx context.Context, code, verifier, provider, secondary string) (string, error) {
	tr, err := session.Exchange(ctx, tenant, "spa", verifier, code, "https://app.example.com/callback")
	if err != nil {
		return "", err
	}
	s := session.FromResponse(tenant, "auth0|primary", tr)
	if err := s.Unlink(ctx, provider, secondary); err != nil {
		return "", err
	}
	return s.LogoutURL("https://app.example.com/"), nil
}

// The session literal written here with both tokens, unlinked through the access-token
// method: compliant.
func UnlinkLiteralSession(ctx context.Context, tok *oauth2.Token, userID, provider, secondary string) error {
	raw, _ := tok.Extra("id_token").(string)
	s := &session.Session{Domain: tenant, UserID: userID, IDToken: raw, AccessToken: tok.AccessToken}
	return s.Unlink(ctx, provider, secondary)
}

// The API struct built with the ID token, its client used for a call to the app's own
// backend (not Auth0): compliant.
func OwnBackend(ctx context.Context, tok *oauth2.Token, userID string) error {
	raw, _ := tok.Extra("id_token").(string)
	api := session.NewAPI(ctx, tenant, raw)
	resp, err := api.HTTP.Post("https://api.example.com/v1/users/"+userID+"/identities", "application/json", nil)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
