// Package sdkv3 links with go-auth0 v3 clients.
package sdkv3

import (
	"context"

	"github.com/auth0/go-auth0/v3/authentication/oauth"
	"github.com/auth0/go-auth0/v3/management"
	"github.com/auth0/go-auth0/v3/management/client"
	"github.com/auth0/go-auth0/v3/management/option"
	"golang.org/x/oauth2"
)

func Link(ctx context.Context, domain string, ts *oauth.TokenSet, primary string, body *management.LinkUserIdentityRequestContent) error {
	mgmt, err := client.New(domain, option.WithToken(ts.IDToken))
	if err != nil {
		return err
	}
	_, err = mgmt.Users.Identities.Link(ctx, primary, body) // want `^\[link-idtoken-bearer\]`
	return err
}

// PerRequest passes the ID token as a per-request option.
func PerRequest(ctx context.Context, mgmt *client.Management, tok *oauth2.Token, primary, secondary string) error {
	provider := management.UserIdentityProviderEnum("github")
	_, err := mgmt.Users.Identities.Delete(ctx, primary, &provider, secondary, option.WithToken(tok.Extra("id_token").(string))) // want `^\[unlink-idtoken-bearer\]`
	return err
}

// TokenSource serves the ID token as the access token of a static token source.
func TokenSource(ctx context.Context, domain string, tok *oauth2.Token, primary string, body *management.LinkUserIdentityRequestContent) error {
	idToken, _ := tok.Extra("id_token").(string)
	src := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: idToken})
	mgmt, err := client.New(domain, option.WithTokenSource(src))
	if err != nil {
		return err
	}
	_, err = mgmt.Users.Identities.Link(ctx, primary, body) // want `link-idtoken-bearer`
	return err
}

// AccessToken is fine.
func AccessToken(ctx context.Context, domain string, ts *oauth.TokenSet, primary string, body *management.LinkUserIdentityRequestContent) error {
	mgmt, err := client.New(domain, option.WithToken(ts.AccessToken))
	if err != nil {
		return err
	}
	_, err = mgmt.Users.Identities.Link(ctx, primary, body)
	return err
}
