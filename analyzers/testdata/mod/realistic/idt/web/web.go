// Package web is a web app's account-linking handlers, written the way apps write them: the
// token comes from the session or a middleware, requests are built by helpers (here and in
// authkit), and several are sent through clients that carry the bearer.
package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/auth0/go-auth0/authentication/oauth"
	"github.com/auth0/go-auth0/management"
	"golang.org/x/oauth2"

	"example.com/auth0vettest/realistic/idt/authkit"
)

var domain = os.Getenv("AUTH0_DOMAIN")

type ctxKey struct{}

type accessKey struct{}

// Session is what the app keeps after login.
type Session struct {
	UserID  string
	idToken string
	access  string
}

// NewSession stores the tokens of a login.
func NewSession(tok *oauth2.Token) *Session {
	return &Session{UserID: "auth0|1", idToken: authkit.IDToken(tok), access: tok.AccessToken}
}

// Middleware puts the ID token into the request context.
func Middleware(next http.Handler, tok *oauth2.Token) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), ctxKey{}, authkit.IDToken(tok))
		ctx = context.WithValue(ctx, accessKey{}, tok.AccessToken)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// LinkFromContext: the ID token travels in the context.
func LinkFromContext(w http.ResponseWriter, r *http.Request) {
	tok, _ := r.Context().Value(ctxKey{}).(string)
	req, _ := http.NewRequestWithContext(r.Context(), http.MethodPost, authkit.IdentitiesURL(domain, "auth0|1"), strings.NewReader(`{"link_with":"x"}`))
	req.Header.Set("Authorization", "Bearer "+tok) // want `link-idtoken-bearer`
	http.DefaultClient.Do(req)
}

// LinkFromContextAccess is the compliant twin: the access token from the context.
func LinkFromContextAccess(w http.ResponseWriter, r *http.Request) {
	tok, _ := r.Context().Value(accessKey{}).(string)
	req, _ := http.NewRequestWithContext(r.Context(), http.MethodPost, authkit.IdentitiesURL(domain, "auth0|1"), nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	http.DefaultClient.Do(req)
}

// Link uses the session's ID token through a method (a field read across methods).
func (s *Session) Link(ctx context.Context, body []byte) error {
	return authkit.SendLink(ctx, domain, s.idToken, s.UserID, body) // want `link-idtoken-bearer.*authkit.SendLink`
}

// LinkAccess is the compliant twin.
func (s *Session) LinkAccess(ctx context.Context, body []byte) error {
	return authkit.SendLink(ctx, domain, s.access, s.UserID, body)
}

// Chain goes through two helpers of authkit.
func Chain(ctx context.Context, tok *oauth2.Token) error {
	return authkit.LinkAs(ctx, domain, authkit.IDToken(tok), "auth0|1") // want `link-idtoken-bearer`
}

func ChainAccess(ctx context.Context, tok *oauth2.Token) error {
	return authkit.LinkAs(ctx, domain, tok.AccessToken, "auth0|1")
}

// Unlink uses a recursive helper.
func Unlink(ctx context.Context, ts *oauth.TokenSet, provider, secondary string) error {
	id, _ := authkit.SessionTokens(ts)
	return authkit.RetryUnlink(ctx, domain, id, "auth0|1", provider, secondary, 3) // want `unlink-idtoken-bearer`
}

func UnlinkAccess(ctx context.Context, ts *oauth.TokenSet, provider, secondary string) error {
	_, access := authkit.SessionTokens(ts)
	return authkit.RetryUnlink(ctx, domain, access, "auth0|1", provider, secondary, 3)
}

// HeaderHelper: the request's headers replaced by a helper's.
func HeaderHelper(ctx context.Context, tok *oauth2.Token, userID string, body []byte) {
	req, _ := authkit.NewLinkRequest(ctx, domain, userID, body)
	req.Header = authkit.BearerHeader(authkit.IDToken(tok)) // want `link-idtoken-bearer`
	http.DefaultClient.Do(req)
}

func HeaderHelperAccess(ctx context.Context, tok *oauth2.Token, userID string, body []byte) {
	req, _ := authkit.NewLinkRequest(ctx, domain, userID, body)
	req.Header = authkit.BearerHeader(tok.AccessToken)
	http.DefaultClient.Do(req)
}

// ClientPost: Post on a client built from a token source.
func ClientPost(ctx context.Context, tok *oauth2.Token, userID string) error {
	c := authkit.Client(ctx, authkit.IDToken(tok))
	_, err := c.Post(authkit.IdentitiesURL(domain, userID), "application/json", strings.NewReader(`{"provider":"github","user_id":"1"}`)) // want `link-idtoken-bearer`
	return err
}

func ClientPostAccess(ctx context.Context, tok *oauth2.Token, userID string) error {
	c := authkit.Client(ctx, tok.AccessToken)
	_, err := c.Post(authkit.IdentitiesURL(domain, userID), "application/json", nil)
	return err
}

// TransportDo: a custom RoundTripper injects the bearer.
func TransportDo(ctx context.Context, ts *oauth.TokenSet, userID, provider, secondary string) {
	hc := &http.Client{Transport: authkit.Transport(ts.IDToken)}
	req, _ := http.NewRequestWithContext(ctx, http.MethodDelete, authkit.IdentityURL(domain, userID, provider, secondary), nil)
	hc.Do(req) // want `unlink-idtoken-bearer`
}

func TransportDoAccess(ctx context.Context, ts *oauth.TokenSet, userID, provider, secondary string) {
	hc := &http.Client{Transport: authkit.Transport(ts.AccessToken)}
	req, _ := http.NewRequestWithContext(ctx, http.MethodDelete, authkit.IdentityURL(domain, userID, provider, secondary), nil)
	hc.Do(req)
}

// localTransport is the app's own RoundTripper in this package.
type localTransport struct{ src oauth2.TokenSource }

func (t localTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	tok, err := t.src.Token()
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", tok.Type()+" "+tok.AccessToken)
	return http.DefaultTransport.RoundTrip(req)
}

func LocalTransport(ctx context.Context, tok *oauth2.Token, userID string) {
	src := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok.Extra("id_token").(string)})
	hc := http.Client{Transport: localTransport{src: src}}
	req, _ := http.NewRequest("POST", "https://"+domain+"/api/v2/users/"+userID+"/identities", nil)
	hc.Do(req) // want `link-idtoken-bearer`
}

// ManagementHelper: a Management client built by a helper of another package.
func ManagementHelper(ctx context.Context, tok *oauth2.Token, secondary string) error {
	m, err := authkit.Management(domain, authkit.IDToken(tok))
	if err != nil {
		return err
	}
	_, err = m.User.Link(ctx, "auth0|1", &management.UserIdentityLink{LinkWith: &secondary}) // want `link-idtoken-bearer`
	return err
}

func ManagementHelperAccess(ctx context.Context, tok *oauth2.Token, secondary string) error {
	m, err := authkit.Management(domain, tok.AccessToken)
	if err != nil {
		return err
	}
	_, err = m.User.Link(ctx, "auth0|1", &management.UserIdentityLink{LinkWith: &secondary})
	return err
}

// linkWith is a local helper that sends its parameter as the bearer: only one caller passes
// an ID token, and the finding is at that caller.
func linkWith(ctx context.Context, bearer, userID string) error {
	body, _ := json.Marshal(map[string]string{"provider": "google-oauth2", "user_id": "42"})
	req, _ := http.NewRequestWithContext(ctx, "POST", "https://"+domain+"/api/v2/users/"+userID+"/identities", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+bearer)
	_, err := http.DefaultClient.Do(req)
	return err
}

func LocalHelperCallers(ctx context.Context, s *Session) {
	linkWith(ctx, s.idToken, s.UserID) // want `link-idtoken-bearer.*linkWith`
	linkWith(ctx, s.access, s.UserID)
}

// Closure: a function variable with a single definition.
func Closure(ctx context.Context, tok *oauth2.Token, userID string) {
	send := func(bearer string) {
		req, _ := http.NewRequest(http.MethodPost, authkit.IdentitiesURL(domain, userID), nil)
		req.Header.Set("Authorization", "Bearer "+bearer) // want `link-idtoken-bearer`
		http.DefaultClient.Do(req)
	}
	send(authkit.IDToken(tok))
}

func ClosureAccess(ctx context.Context, tok *oauth2.Token, userID string) {
	send := func(bearer string) {
		req, _ := http.NewRequest(http.MethodPost, authkit.IdentitiesURL(domain, userID), nil)
		req.Header.Set("Authorization", "Bearer "+bearer)
		http.DefaultClient.Do(req)
	}
	send(tok.AccessToken)
}

// MethodValue: the client's Do taken as a method value.
func MethodValue(ctx context.Context, tok *oauth2.Token, userID string) {
	do := authkit.Client(ctx, authkit.IDToken(tok)).Do
	req, _ := http.NewRequest(http.MethodPost, authkit.IdentitiesURL(domain, userID), nil)
	do(req) // want `link-idtoken-bearer`
}

// doer is an interface-typed holder of the client.
type doer interface {
	Do(*http.Request) (*http.Response, error)
}

func InterfaceHolder(ctx context.Context, tok *oauth2.Token, userID string) {
	var c doer = authkit.Client(ctx, authkit.IDToken(tok))
	req, _ := http.NewRequest(http.MethodPost, authkit.IdentitiesURL(domain, userID), nil)
	c.Do(req) // want `link-idtoken-bearer`
}

func InterfaceHolderAccess(ctx context.Context, tok *oauth2.Token, userID string) {
	var c doer = authkit.Client(ctx, tok.AccessToken)
	req, _ := http.NewRequest(http.MethodPost, authkit.IdentitiesURL(domain, userID), nil)
	c.Do(req)
}

// Sprintf formats the header and the URL.
func Sprintf(tok *oauth2.Token, userID, provider, secondary string) {
	u := fmt.Sprintf("https://%s/api/v2/users/%s/identities/%s/%s", domain, userID, provider, secondary)
	req, _ := http.NewRequest("DELETE", u, nil)
	req.Header.Set("Authorization", fmt.Sprintf("Bearer %s", authkit.IDToken(tok))) // want `unlink-idtoken-bearer`
	http.DefaultClient.Do(req)
}

// HeaderLiteral replaces the headers with a literal.
func HeaderLiteral(ts *oauth.TokenSet, userID string) {
	req, _ := http.NewRequest(http.MethodPost, authkit.IdentitiesURL(domain, userID), nil)
	req.Header = http.Header{"Authorization": {"Bearer " + ts.IDToken}} // want `link-idtoken-bearer`
	http.DefaultClient.Do(req)
}

// InternalAPI sends the ID token to the app's own user service, whose path happens to read
// like the Management API's: not Auth0, not reported.
func InternalAPI(ctx context.Context, tok *oauth2.Token, userID string) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://users.internal.example.net/api/v2/users/"+userID+"/identities", nil)
	req.Header.Set("Authorization", "Bearer "+authkit.IDToken(tok))
	http.DefaultClient.Do(req)
	authkit.Call(ctx, http.MethodPost, "http://accounts.svc.cluster.local/api/v2/users/"+userID+"/identities", authkit.IDToken(tok))
}

// CallHelper: the same neutral helper, this time to Auth0 with an ID token.
func CallHelper(ctx context.Context, tok *oauth2.Token, userID string) {
	authkit.Call(ctx, http.MethodPost, authkit.IdentitiesURL(domain, userID), authkit.IDToken(tok)) // want `link-idtoken-bearer`
	authkit.Call(ctx, http.MethodGet, authkit.IdentitiesURL(domain, userID), authkit.IDToken(tok))
	authkit.Call(ctx, http.MethodPost, authkit.IdentitiesURL(domain, userID), tok.AccessToken)
}

// Profile reads the user's profile with the ID token from the app's API: fine.
func Profile(ctx context.Context, tok *oauth2.Token) {
	authkit.Call(ctx, http.MethodGet, "https://api.example.com/me", authkit.IDToken(tok))
}

// Logout passes the ID token as id_token_hint.
func Logout(tok *oauth2.Token) string {
	return "https://" + domain + "/oidc/logout?id_token_hint=" + authkit.IDToken(tok)
}

// Unknown provenance: a token from the request.
func Unknown(r *http.Request, userID string) {
	authkit.SendLink(r.Context(), domain, r.Header.Get("X-Token"), userID, nil)
}
