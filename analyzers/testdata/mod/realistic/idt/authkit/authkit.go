// Package authkit is an app's shared auth helpers, in their own package: every function here
// is neutral on its own (it forwards what it is given); whether a call is affected depends on
// what its callers pass, so findings land at the callers.
package authkit

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/auth0/go-auth0/authentication/oauth"
	"github.com/auth0/go-auth0/management"
	"golang.org/x/oauth2"
)

// IDToken returns the ID token of a token response.
func IDToken(tok *oauth2.Token) string {
	raw, _ := tok.Extra("id_token").(string)
	return raw
}

// SessionTokens picks the ID token out of go-auth0's token set.
func SessionTokens(ts *oauth.TokenSet) (id, access string) {
	return ts.IDToken, ts.AccessToken
}

// BearerHeader builds the headers of an authenticated call.
func BearerHeader(tok string) http.Header {
	return http.Header{"Authorization": {"Bearer " + tok}, "Content-Type": {"application/json"}}
}

// Authorize sets the bearer on a request.
func Authorize(req *http.Request, tok string) {
	req.Header.Set("Authorization", fmt.Sprintf("Bearer %s", tok))
}

// Source wraps a bearer in a token source.
func Source(tok string) oauth2.TokenSource {
	return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok, TokenType: "Bearer"})
}

// Client returns an HTTP client that sends tok as its bearer.
func Client(ctx context.Context, tok string) *http.Client {
	return oauth2.NewClient(ctx, Source(tok))
}

// bearerTransport injects a bearer into every request.
type bearerTransport struct {
	token string
	base  http.RoundTripper
}

func (t *bearerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+t.token)
	return t.base.RoundTrip(r)
}

// Transport returns a RoundTripper that sends tok as the bearer.
func Transport(tok string) http.RoundTripper {
	return &bearerTransport{token: tok, base: http.DefaultTransport}
}

// Management builds a Management API client authenticated by tok.
func Management(domain, tok string) (*management.Management, error) {
	return management.New(domain, management.WithStaticToken(tok))
}

// IdentitiesURL is the Management API's identities endpoint of a user.
func IdentitiesURL(domain, userID string) string {
	return "https://" + domain + "/api/v2/users/" + url.PathEscape(userID) + "/identities"
}

// IdentityURL is the endpoint of one linked identity (for unlinking).
func IdentityURL(domain, userID, provider, secondary string) string {
	return fmt.Sprintf("https://%s/api/v2/users/%s/identities/%s/%s", domain, url.PathEscape(userID), provider, secondary)
}

// NewLinkRequest prepares a link call.
func NewLinkRequest(ctx context.Context, domain, userID string, body []byte) (*http.Request, error) {
	return http.NewRequestWithContext(ctx, http.MethodPost, IdentitiesURL(domain, userID), bytes.NewReader(body))
}

// SendLink links with tok as the bearer.
func SendLink(ctx context.Context, domain, tok, userID string, body []byte) error {
	req, err := NewLinkRequest(ctx, domain, userID, body)
	if err != nil {
		return err
	}
	Authorize(req, tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}

// LinkAs is one more helper in the chain.
func LinkAs(ctx context.Context, domain, tok, userID string) error {
	return SendLink(ctx, domain, tok, userID, []byte(`{"provider":"github","user_id":"123"}`))
}

// RetryUnlink unlinks, retrying through itself (recursion must terminate).
func RetryUnlink(ctx context.Context, domain, tok, userID, provider, secondary string, attempts int) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, IdentityURL(domain, userID, provider, secondary), nil)
	if err != nil {
		return err
	}
	req.Header = BearerHeader(tok)
	if _, err := http.DefaultClient.Do(req); err != nil && attempts > 1 {
		return RetryUnlink(ctx, domain, tok, userID, provider, secondary, attempts-1)
	}
	return nil
}

// Call sends a request to any URL with tok: neutral.
func Call(ctx context.Context, method, target, tok string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, target, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	return http.DefaultClient.Do(req)
}
