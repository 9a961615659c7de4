// Package a links accounts from a web app that logged the user in with oauth2.
package a

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	"github.com/auth0/go-auth0/management"
	"golang.org/x/oauth2"
)

const domain = "https://example.eu.auth0.com"

var userConf = &oauth2.Config{
	ClientID: "spa",
	Endpoint: oauth2.Endpoint{AuthURL: domain + "/authorize", TokenURL: domain + "/oauth/token"},
	Scopes:   []string{"openid", "profile", "update:current_user_identities"},
}

// The migration guide's misspelling counts as the same scope.
var legacyConf = oauth2.Config{Scopes: []string{"openid update:current_user_metadata", "update:current_user_metadata"}}

var serverConf = &oauth2.Config{Scopes: []string{"update:users"}}

func LinkSDK(ctx context.Context, code, primary, provider, secondary string) error {
	tok, err := userConf.Exchange(ctx, code)
	if err != nil {
		return err
	}
	m, err := management.New(domain, management.WithStaticToken(tok.AccessToken))
	if err != nil {
		return err
	}
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary}) // want `^\[link-userid-current-user\] account link with a user-scoped token .*; instead: send the secondary account's RS256 ID token as link_with`
	return err
}

func LinkSDKFieldsLater(ctx context.Context, code, primary, secondary string) error {
	tok, _ := legacyConf.Exchange(ctx, code)
	m, _ := management.New(domain, management.WithStaticToken(tok.AccessToken))
	body := &management.UserIdentityLink{}
	body.UserID = &secondary
	_, err := m.User.Link(ctx, primary, body) // want `link-userid-current-user`
	return err
}

func LinkHTTP(ctx context.Context, code, primary string) error {
	tok, err := userConf.Exchange(ctx, code)
	if err != nil {
		return err
	}
	body, _ := json.Marshal(map[string]string{"provider": "github", "user_id": "12345"})
	req, _ := http.NewRequestWithContext(ctx, "POST", domain+"/api/v2/users/"+primary+"/identities", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken) // want `link-userid-current-user`
	_, err = http.DefaultClient.Do(req)
	return err
}

func LinkHTTPClient(ctx context.Context, code, primary string) error {
	tok, _ := userConf.Exchange(ctx, code)
	client := userConf.Client(ctx, tok)
	req, _ := http.NewRequest(http.MethodPost, domain+"/api/v2/users/"+primary+"/identities", bytes.NewBufferString(`{"provider":"google-oauth2","user_id":"1"}`))
	_, err := client.Do(req) // want `link-userid-current-user`
	return err
}

// --- silent cases ---

// LinkWith is the compliant flow.
func LinkWith(ctx context.Context, code, primary, secondaryIDToken string) error {
	tok, _ := userConf.Exchange(ctx, code)
	m, _ := management.New(domain, management.WithStaticToken(tok.AccessToken))
	_, err := m.User.Link(ctx, primary, &management.UserIdentityLink{LinkWith: &secondaryIDToken})
	if err != nil {
		return err
	}
	body, _ := json.Marshal(map[string]string{"link_with": secondaryIDToken})
	req, _ := http.NewRequest(http.MethodPost, domain+"/api/v2/users/"+primary+"/identities", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	return nil
}

// Server uses an update:users token: user_id is fine.
func Server(ctx context.Context, code, primary, provider, secondary string) error {
	tok, _ := serverConf.Exchange(ctx, code)
	m, _ := management.New(domain, management.WithStaticToken(tok.AccessToken))
	_, err := m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary})
	return err
}

// Unknown scopes: a token from elsewhere.
func Unknown(ctx context.Context, tok *oauth2.Token, primary, provider, secondary string) error {
	m, _ := management.New(domain, management.WithStaticToken(tok.AccessToken))
	_, err := m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary})
	return err
}

// A token also asking for update:users may link by user_id.
var mixedConf = &oauth2.Config{Scopes: []string{"openid", "update:current_user_identities", "update:users"}}

func Mixed(ctx context.Context, code, primary, provider, secondary string) error {
	tok, _ := mixedConf.Exchange(ctx, code)
	m, _ := management.New(domain, management.WithStaticToken(tok.AccessToken))
	_, err := m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary})
	return err
}

// LoginThenServerLink: the user logs in with the user scope, the server links with its own
// M2M client: the user token never reaches the link.
func LoginThenServerLink(ctx context.Context, code, id, secret, provider, secondary string) error {
	tok, err := userConf.Exchange(ctx, code)
	if err != nil {
		return err
	}
	m, _ := management.New(domain, management.WithClientCredentials(ctx, id, secret))
	_, err = m.User.Link(ctx, tok.Extra("sub").(string), &management.UserIdentityLink{Provider: &provider, UserID: &secondary})
	return err
}
