// Package v3app links with go-auth0 v3.
package v3app

import (
	"context"
	"net/http"

	"github.com/auth0/go-auth0/v3/management"
	"github.com/auth0/go-auth0/v3/management/client"
	"github.com/auth0/go-auth0/v3/management/option"
	"golang.org/x/oauth2"

	"example.com/auth0vettest/realistic/idt/authkit"
)

// PerRequestHeader passes the ID token as a per-request header.
func PerRequestHeader(ctx context.Context, m *client.Management, tok *oauth2.Token, primary string, body *management.LinkUserIdentityRequestContent) error {
	h := http.Header{}
	h.Set("Authorization", "Bearer "+authkit.IDToken(tok))
	_, err := m.Users.Identities.Link(ctx, primary, body, option.WithHTTPHeader(h)) // want `link-idtoken-bearer`
	return err
}

func PerRequestHeaderAccess(ctx context.Context, m *client.Management, tok *oauth2.Token, primary string, body *management.LinkUserIdentityRequestContent) error {
	h := http.Header{}
	h.Set("Authorization", "Bearer "+tok.AccessToken)
	_, err := m.Users.Identities.Link(ctx, primary, body, option.WithHTTPHeader(h))
	return err
}

// HTTPClient builds the client with an HTTP client from authkit.
func HTTPClient(ctx context.Context, domain string, tok *oauth2.Token, primary string, provider management.UserIdentityProviderEnum, secondary string) error {
	m, err := client.New(domain, option.WithHTTPClient(authkit.Client(ctx, authkit.IDToken(tok))))
	if err != nil {
		return err
	}
	_, err = m.Users.Identities.Delete(ctx, primary, &provider, secondary) // want `unlink-idtoken-bearer`
	return err
}

// HeaderHelper: the header built by a helper.
func HeaderHelper(ctx context.Context, domain string, tok *oauth2.Token, primary string, body *management.LinkUserIdentityRequestContent) error {
	m, err := client.New(domain, option.WithHTTPHeader(authkit.BearerHeader(authkit.IDToken(tok))))
	if err != nil {
		return err
	}
	_, err = m.Users.Identities.Link(ctx, primary, body) // want `link-idtoken-bearer`
	return err
}
