// Package web is the app's account-linking handlers. Written as held-out cases for
// cross-package struct values: tokens travel into session's structs (through constructors,
// composite literals, field writes, embedding) and are sent by session's methods or read back
// from the structs here. Each affected case has a compliant twin right below it (the access
// token instead of the ID token); the finding is on the line of this package that makes the
// call.
package web

import (
	"context"
	"errors"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"example.com/auth0vettest/heldout2/idt/session"
)

var tenant = os.Getenv("AUTH0_DOMAIN")

// idToken picks the ID token out of the token response.
func idToken(tok *oauth2.Token) (string, error) {
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return "", errors.New("no id_token in token response")
	}
	return raw, nil
}

// 1. Constructor with unexported fields (pointer result), method sends the field (net/http).
func LinkWithLinker(ctx context.Context, tok *oauth2.Token, primary, secondaryIDToken string) error {
	raw, err := idToken(tok)
	if err != nil {
		return err
	}
	l := session.NewLinker(tenant, raw)
	return l.Link(ctx, primary, secondaryIDToken) // want `link-idtoken-bearer`
}

func LinkWithLinkerAccess(ctx context.Context, tok *oauth2.Token, primary, secondaryIDToken string) error {
	l := session.NewLinker(tenant, tok.AccessToken)
	return l.Link(ctx, primary, secondaryIDToken)
}

// 2. go-oidc raw ID token into a constructor with (value, error) result; resty unlink in a
// value-receiver method.
func UnlinkAfterVerify(ctx context.Context, v *oidc.IDTokenVerifier, tok *oauth2.Token, primary, provider, secondary string) error {
	rawIDToken, ok := tok.Extra("id_token").(string)
	if !ok {
		return errors.New("missing id_token")
	}
	if _, err := v.Verify(ctx, rawIDToken); err != nil {
		return err
	}
	u, err := session.NewUnlinker(tenant, rawIDToken)
	if err != nil {
		return err
	}
	return u.Unlink(ctx, primary, provider, secondary) // want `unlink-idtoken-bearer`
}

func UnlinkAfterVerifyAccess(ctx context.Context, v *oidc.IDTokenVerifier, tok *oauth2.Token, primary, provider, secondary string) error {
	rawIDToken, ok := tok.Extra("id_token").(string)
	if !ok {
		return errors.New("missing id_token")
	}
	if _, err := v.Verify(ctx, rawIDToken); err != nil {
		return err
	}
	u, err := session.NewUnlinker(tenant, tok.AccessToken)
	if err != nil {
		return err
	}
	return u.Unlink(ctx, primary, provider, secondary)
}

// 3. go-auth0 Management client made by a constructor of session, linked through its method.
func AdminLink(ctx context.Context, tok *oauth2.Token, primary, secondaryIDToken string) error {
	raw, _ := tok.Extra("id_token").(string)
	admin, err := session.NewAdmin(tenant, raw)
	if err != nil {
		return err
	}
	return admin.LinkAccount(ctx, primary, secondaryIDToken) // want `link-idtoken-bearer`
}

func AdminLinkAccess(ctx context.Context, tok *oauth2.Token, primary, secondaryIDToken string) error {
	admin, err := session.NewAdmin(tenant, tok.AccessToken)
	if err != nil {
		return err
	}
	return admin.LinkAccount(ctx, primary, secondaryIDToken)
}

// 4. The same constructor; the Management client read from the exported field here.
func AdminFieldUnlink(ctx context.Context, tok *oauth2.Token, primary, provider, secondary string) error {
	raw, _ := tok.Extra("id_token").(string)
	admin, err := session.NewAdmin(tenant, raw)
	if err != nil {
		return err
	}
	_, err = admin.M.User.Unlink(ctx, primary, provider, secondary) // want `unlink-idtoken-bearer`
	return err
}

func AdminFieldUnlinkAccess(ctx context.Context, tok *oauth2.Token, primary, provider, secondary string) error {
	admin, err := session.NewAdmin(tenant, tok.AccessToken)
	if err != nil {
		return err
	}
	_, err = admin.M.User.Unlink(ctx, primary, provider, secondary)
	return err
}

// 5. A composite literal of session's struct written here, its method called.
func LinkHandler(tok *oauth2.Token) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		raw, _ := tok.Extra("id_token").(string)
		c := &session.Caller{Domain: tenant, Token: raw, Client: &http.Client{Timeout: 5 * time.Second}}
		if err := c.Link(r.Context(), r.FormValue("primary"), r.FormValue("secondary_id_token")); err != nil { // want `link-idtoken-bearer`
			http.Error(w, err.Error(), http.StatusBadGateway)
		}
	}
}

func LinkHandlerAccess(tok *oauth2.Token) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := &session.Caller{Domain: tenant, Token: tok.AccessToken, Client: &http.Client{Timeout: 5 * time.Second}}
		if err := c.Link(r.Context(), r.FormValue("primary"), r.FormValue("secondary_id_token")); err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
		}
	}
}

// 6. The exported field set after the literal.
func UnlinkHandler(w http.ResponseWriter, r *http.Request, tok *oauth2.Token) {
	c := &session.Caller{Domain: tenant}
	c.Token, _ = tok.Extra("id_token").(string)
	if err := c.Unlink(r.Context(), r.FormValue("primary"), r.FormValue("provider"), r.FormValue("user_id")); err != nil { // want `unlink-idtoken-bearer`
		http.Error(w, err.Error(), http.StatusBadGateway)
	}
}

func UnlinkHandlerAccess(w http.ResponseWriter, r *http.Request, tok *oauth2.Token) {
	c := &session.Caller{Domain: tenant}
	c.Token = tok.AccessToken
	if err := c.Unlink(r.Context(), r.FormValue("primary"), r.FormValue("provider"), r.FormValue("user_id")); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
	}
}

// 7. A session built by session.FromResponse (the json:"id_token" field of the token
// response stored in Session.IDToken), the field read back here as the bearer.
func LinkFromSession(ctx context.Context, code, verifier, secondaryIDToken string) error {
	tr, err := session.Exchange(ctx, tenant, "spa", verifier, code, "https://app.example.com/callback")
	if err != nil {
		return err
	}
	s := session.FromResponse(tenant, "auth0|primary", tr)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, session.IdentitiesURL(s.Domain, s.UserID), strings.NewReader(`{"link_with":"`+secondaryIDToken+`"}`))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+s.IDToken) // want `link-idtoken-bearer`
	req.Header.Set("Content-Type", "application/json")
	_, err = http.DefaultClient.Do(req)
	return err
}

func LinkFromSessionAccess(ctx context.Context, code, verifier, secondaryIDToken string) error {
	tr, err := session.Exchange(ctx, tenant, "spa", verifier, code, "https://app.example.com/callback")
	if err != nil {
		return err
	}
	s := session.FromResponse(tenant, "auth0|primary", tr)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, session.IdentitiesURL(s.Domain, s.UserID), strings.NewReader(`{"link_with":"`+secondaryIDToken+`"}`))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+s.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	_, err = http.DefaultClient.Do(req)
	return err
}

// 8. An *http.Client from a static token source, built by session.NewAPI, read from the
// exported field here.
func LinkThroughAPIField(ctx context.Context, tok *oauth2.Token, primary, secondaryIDToken string) error {
	raw, err := idToken(tok)
	if err != nil {
		return err
	}
	api := session.NewAPI(ctx, tenant, raw)
	resp, err := api.HTTP.Post(api.IdentitiesURL(primary), "application/json", strings.NewReader(`{"link_with":"`+secondaryIDToken+`"}`)) // want `link-idtoken-bearer`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func LinkThroughAPIFieldAccess(ctx context.Context, tok *oauth2.Token, primary, secondaryIDToken string) error {
	api := session.NewAPI(ctx, tenant, tok.AccessToken)
	resp, err := api.HTTP.Post(api.IdentitiesURL(primary), "application/json", strings.NewReader(`{"link_with":"`+secondaryIDToken+`"}`))
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// 9. The same client used by a method of session.
func UnlinkThroughAPI(ctx context.Context, tok *oauth2.Token, primary, provider, secondary string) error {
	raw, err := idToken(tok)
	if err != nil {
		return err
	}
	return session.NewAPI(ctx, tenant, raw).Unlink(ctx, primary, provider, secondary) // want `unlink-idtoken-bearer`
}

func UnlinkThroughAPIAccess(ctx context.Context, tok *oauth2.Token, primary, provider, secondary string) error {
	return session.NewAPI(ctx, tenant, tok.AccessToken).Unlink(ctx, primary, provider, secondary)
}

// 10. Two levels: an options struct (token set after the literal) stored in a service struct,
// used by the service's methods.
func LinkWithService(ctx context.Context, tok *oauth2.Token, primary, secondaryIDToken string) error {
	opts := session.Options{Domain: tenant, Timeout: 5 * time.Second}
	if raw, ok := tok.Extra("id_token").(string); ok {
		opts.Token = raw
	}
	svc := session.NewService(opts)
	return svc.LinkIdentity(ctx, primary, secondaryIDToken) // want `link-idtoken-bearer`
}

func LinkWithServiceAccess(ctx context.Context, tok *oauth2.Token, primary, secondaryIDToken string) error {
	opts := session.Options{Domain: tenant, Timeout: 5 * time.Second}
	opts.Token = tok.AccessToken
	svc := session.NewService(opts)
	return svc.LinkIdentity(ctx, primary, secondaryIDToken)
}

// 11. A struct passed by value to a function of session, the token from the json:"id_token"
// field of the token response.
func UnlinkWithOptions(ctx context.Context, code, verifier, primary, provider, secondary string) error {
	tr, err := session.Exchange(ctx, tenant, "spa", verifier, code, "https://app.example.com/callback")
	if err != nil {
		return err
	}
	return session.Unlink(ctx, session.Options{Domain: tenant, Token: tr.IDToken, Timeout: 10 * time.Second}, primary, provider, secondary) // want `unlink-idtoken-bearer`
}

func UnlinkWithOptionsAccess(ctx context.Context, code, verifier, primary, provider, secondary string) error {
	tr, err := session.Exchange(ctx, tenant, "spa", verifier, code, "https://app.example.com/callback")
	if err != nil {
		return err
	}
	return session.Unlink(ctx, session.Options{Domain: tenant, Token: tr.AccessToken, Timeout: 10 * time.Second}, primary, provider, secondary)
}

// accountHandler embeds session's Caller: its Link is a promoted method.
type accountHandler struct {
	session.Caller
	primary string
}

// 12. The embedded struct filled with the ID token, the promoted method called.
func LinkEmbedded(ctx context.Context, tok *oauth2.Token, primary, secondaryIDToken string) error {
	raw, _ := tok.Extra("id_token").(string)
	h := accountHandler{Caller: session.Caller{Domain: tenant, Token: raw}, primary: primary}
	return h.Link(ctx, h.primary, secondaryIDToken) // want `link-idtoken-bearer`
}

func LinkEmbeddedAccess(ctx context.Context, tok *oauth2.Token, primary, secondaryIDToken string) error {
	h := accountHandler{Caller: session.Caller{Domain: tenant, Token: tok.AccessToken}, primary: primary}
	return h.Link(ctx, h.primary, secondaryIDToken)
}
