// Package sdkv1 links with go-auth0 v1 clients.
package sdkv1

import (
	"context"

	"github.com/auth0/go-auth0/authentication/oauth"
	"github.com/auth0/go-auth0/management"
	"golang.org/x/oauth2"
)

type linker struct {
	mgmt *management.Management
}

func newLinker(domain string, ts *oauth.TokenSet) (*linker, error) {
	m, err := management.New(domain, management.WithStaticToken(ts.IDToken))
	if err != nil {
		return nil, err
	}
	return &linker{mgmt: m}, nil
}

func (l *linker) Link(ctx context.Context, primary, provider, secondary string) error {
	_, err := l.mgmt.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary}) // want `^\[link-idtoken-bearer\] go-auth0 link call made with a Management client authenticated by an ID token`
	return err
}

func Unlink(ctx context.Context, domain string, tok *oauth2.Token, primary, provider, secondary string) error {
	m, err := management.New(domain, management.WithStaticToken(tok.Extra("id_token").(string)))
	if err != nil {
		return err
	}
	_, err = m.User.Unlink(ctx, primary, provider, secondary) // want `^\[unlink-idtoken-bearer\]`
	return err
}

// Server links with an M2M client: fine.
func Server(ctx context.Context, domain, id, secret, primary, secondary string) error {
	m, err := management.New(domain, management.WithClientCredentials(ctx, id, secret))
	if err != nil {
		return err
	}
	provider := "github"
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary})
	return err
}

// AccessToken builds a client from an access token: fine.
func AccessToken(ctx context.Context, domain string, tok *oauth2.Token, primary, provider, secondary string) error {
	m, err := management.New(domain, management.WithStaticToken(tok.AccessToken))
	if err != nil {
		return err
	}
	_, err = m.User.Unlink(ctx, primary, provider, secondary)
	return err
}
