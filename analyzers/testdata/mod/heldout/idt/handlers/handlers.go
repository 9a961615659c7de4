// Package handlers links and unlinks accounts with helpers from kit (review cases for issue
// 11): every affected function has a compliant twin right below it that must stay silent.
package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"example.com/auth0vettest/heldout/idt/kit"
)

var tenant = os.Getenv("AUTH0_DOMAIN")

func identities(userID string) string {
	return fmt.Sprintf("https://%s/api/v2/users/%s/identities", tenant, userID)
}

// 1. A header built by a helper of another package with make+Set.
func HeaderMake(ctx context.Context, t *kit.Tokens, userID string) {
	req, _ := http.NewRequestWithContext(ctx, "POST", identities(userID), strings.NewReader(`{"link_with":"x"}`))
	req.Header = kit.HeaderFor(t.ID()) // want `link-idtoken-bearer`
	http.DefaultClient.Do(req)
}

func HeaderMakeAccess(ctx context.Context, t *kit.Tokens, userID string) {
	req, _ := http.NewRequestWithContext(ctx, "POST", identities(userID), strings.NewReader(`{"link_with":"x"}`))
	req.Header = kit.HeaderFor(t.Access())
	http.DefaultClient.Do(req)
}

// 3. A client from a helper (oauth2.Transport inside), Do on a link request.
func ClientDo(ctx context.Context, t *kit.Tokens, userID string) error {
	c := kit.APIClient(t.ID())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, identities(userID), nil)
	_, err := c.Do(req) // want `link-idtoken-bearer`
	return err
}

func ClientDoAccess(ctx context.Context, t *kit.Tokens, userID string) error {
	c := kit.APIClient(t.Access())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, identities(userID), nil)
	_, err := c.Do(req)
	return err
}

// 4. A token source from a helper, a client built from it here, DELETE = unlink.
func SourceUnlink(ctx context.Context, tok *oauth2.Token, userID, provider, secondary string) error {
	raw, _ := tok.Extra("id_token").(string)
	c := oauth2.NewClient(ctx, kit.Reusable(raw))
	req, _ := http.NewRequestWithContext(ctx, http.MethodDelete, identities(userID)+"/"+provider+"/"+secondary, nil)
	_, err := c.Do(req) // want `unlink-idtoken-bearer`
	return err
}

func SourceUnlinkAccess(ctx context.Context, tok *oauth2.Token, userID, provider, secondary string) error {
	c := oauth2.NewClient(ctx, kit.Reusable(tok.AccessToken))
	req, _ := http.NewRequestWithContext(ctx, http.MethodDelete, identities(userID)+"/"+provider+"/"+secondary, nil)
	_, err := c.Do(req)
	return err
}

// 5. A closure that sends its parameter.
func Closure(ctx context.Context, t *kit.Tokens, userID string) {
	send := func(bearer string) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, identities(userID), nil)
		req.Header.Set("Authorization", "Bearer "+bearer) // want `link-idtoken-bearer`
		http.DefaultClient.Do(req)
	}
	send(t.ID()) // the finding is on the closure's line above (one caller, same function)
}

func ClosureAccess(ctx context.Context, t *kit.Tokens, userID string) {
	send := func(bearer string) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, identities(userID), nil)
		req.Header.Set("Authorization", "Bearer "+bearer)
		http.DefaultClient.Do(req)
	}
	send(t.Access())
}

// linker sends links for one user.
type linker struct {
	userID string
}

func (l linker) with(ctx context.Context, bearer string) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, identities(l.userID), nil)
	req.Header = http.Header{"Authorization": []string{fmt.Sprintf("Bearer %s", bearer)}}
	http.DefaultClient.Do(req)
}

// 6. A method value.
func MethodValue(ctx context.Context, t *kit.Tokens, userID string) {
	link := linker{userID: userID}.with
	link(ctx, t.ID()) // want `link-idtoken-bearer`
}

func MethodValueAccess(ctx context.Context, t *kit.Tokens, userID string) {
	link := linker{userID: userID}.with
	link(ctx, t.Access())
}

type tokenKey int

const (
	idTokenKey tokenKey = iota
	accessTokenKey
)

// WithTokens is a middleware step.
func WithTokens(ctx context.Context, t *kit.Tokens) context.Context {
	ctx = context.WithValue(ctx, idTokenKey, t.ID())
	return context.WithValue(ctx, accessTokenKey, t.Access())
}

// 7. context.WithValue with an iota key, read in a handler.
func FromContext(ctx context.Context, t *kit.Tokens, userID string) {
	ctx = WithTokens(ctx, t)
	bearer := ctx.Value(idTokenKey).(string)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, identities(userID), nil)
	req.Header.Set("Authorization", "Bearer "+bearer) // want `link-idtoken-bearer`
	http.DefaultClient.Do(req)
}

func FromContextAccess(ctx context.Context, t *kit.Tokens, userID string) {
	ctx = WithTokens(ctx, t)
	bearer := ctx.Value(accessTokenKey).(string)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, identities(userID), nil)
	req.Header.Set("Authorization", "Bearer "+bearer)
	http.DefaultClient.Do(req)
}

// doer is how the app abstracts HTTP clients.
type doer interface {
	Do(*http.Request) (*http.Response, error)
}

// 8. An interface-typed holder of a client that carries the ID token.
func InterfaceHolder(ctx context.Context, t *kit.Tokens, userID string) {
	var d doer = kit.APIClient(t.ID())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, identities(userID), nil)
	d.Do(req) // want `link-idtoken-bearer`
}

func InterfaceHolderAccess(ctx context.Context, t *kit.Tokens, userID string) {
	var d doer = kit.APIClient(t.Access())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, identities(userID), nil)
	d.Do(req)
}

// service keeps a client in a field, set in one method and used in another.
type service struct {
	hc *http.Client
}

func (s *service) login(t *kit.Tokens)       { s.hc = kit.APIClient(t.ID()) }
func (s *service) loginAccess(t *kit.Tokens) { s.hc = kit.APIClient(t.Access()) }

func (s *service) link(userID string) error {
	_, err := s.hc.Post(identities(userID), "application/json", strings.NewReader(`{"link_with":"x"}`)) // want `link-idtoken-bearer`
	return err
}

// 9. A struct field across methods.
func FieldAcrossMethods(t *kit.Tokens, userID string) error {
	s := &service{}
	s.login(t)
	return s.link(userID) // the field holds an ID-token client: reported where it is used
}

// 10. go-oidc: the raw string verified by the verifier is still an ID token.
func OIDCVerified(ctx context.Context, p *oidc.Provider, tok *oauth2.Token, userID string) error {
	raw, err := kit.VerifiedRaw(ctx, p.Verifier(&oidc.Config{ClientID: "app"}), tok)
	if err != nil {
		return err
	}
	body, _ := json.Marshal(map[string]string{"link_with": "x"})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, identities(userID), bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+raw) // want `link-idtoken-bearer`
	_, err = http.DefaultClient.Do(req)
	return err
}

// 11. go-oidc verify in place, a raw string from the form.
func OIDCForm(w http.ResponseWriter, r *http.Request) {
	v := oidcVerifier(r.Context())
	raw := r.FormValue("id_token")
	if _, err := v.Verify(r.Context(), raw); err != nil {
		http.Error(w, "bad token", http.StatusUnauthorized)
		return
	}
	req, _ := http.NewRequestWithContext(r.Context(), http.MethodPost, identities(r.FormValue("user")), nil)
	req.Header.Set("Authorization", "Bearer "+raw) // want `link-idtoken-bearer`
	http.DefaultClient.Do(req)
}

func OIDCFormAccess(w http.ResponseWriter, r *http.Request) {
	v := oidcVerifier(r.Context())
	raw := r.FormValue("id_token")
	if _, err := v.Verify(r.Context(), raw); err != nil {
		http.Error(w, "bad token", http.StatusUnauthorized)
		return
	}
	req, _ := http.NewRequestWithContext(r.Context(), http.MethodPost, identities(r.FormValue("user")), strings.NewReader(`{"link_with":"`+raw+`"}`))
	req.Header.Set("Authorization", "Bearer "+r.FormValue("access_token"))
	http.DefaultClient.Do(req)
}

func oidcVerifier(ctx context.Context) *oidc.IDTokenVerifier {
	p, _ := oidc.NewProvider(ctx, "https://"+tenant+"/")
	return p.Verifier(&oidc.Config{ClientID: "app"})
}

// 12. resty client from a helper, path parameters.
func RestyHelper(t *kit.Tokens, userID string) error {
	_, err := kit.Resty(tenant, t.ID()).R().
		SetPathParams(map[string]string{"id": userID}).
		SetBody(map[string]string{"link_with": "x"}).
		Post("/api/v2/users/{id}/identities") // want `link-idtoken-bearer`
	return err
}

func RestyHelperAccess(t *kit.Tokens, userID string) error {
	_, err := kit.Resty(tenant, t.Access()).R().
		SetPathParams(map[string]string{"id": userID}).
		SetBody(map[string]string{"link_with": "x"}).
		Post("/api/v2/users/{id}/identities")
	return err
}

// 13. resty with SetHeader from a helper, unlink with Delete.
func RestyUnlink(t *kit.Tokens, userID, provider, secondary string) error {
	_, err := kit.RestyHeader(t.ID()).R().Delete("https://" + tenant + "/api/v2/users/" + userID + "/identities/" + provider + "/" + secondary) // want `unlink-idtoken-bearer`
	return err
}

func RestyUnlinkAccess(t *kit.Tokens, userID, provider, secondary string) error {
	_, err := kit.RestyHeader(t.Access()).R().Delete("https://" + tenant + "/api/v2/users/" + userID + "/identities/" + provider + "/" + secondary)
	return err
}

// 14. The ID token sent to an internal API on a literal non-Auth0 host: compliant.
func InternalAPI(ctx context.Context, t *kit.Tokens, userID string) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://accounts.internal.example.com/api/v2/users/"+userID+"/identities", nil)
	req.Header.Set("Authorization", "Bearer "+t.ID())
	http.DefaultClient.Do(req)
}

// 15. A GET of the identities is not a link: compliant.
func ReadIdentities(ctx context.Context, t *kit.Tokens, userID string) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, identities(userID), nil)
	req.Header = kit.HeaderFor(t.ID())
	http.DefaultClient.Do(req)
}
