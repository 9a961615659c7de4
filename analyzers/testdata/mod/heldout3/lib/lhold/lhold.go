// Package lhold has a client whose own methods store the login's tokens (kept apart from
// hold, so that hold's package-wide field facts hold no ID token).
package lhold

import (
	"context"
	"net/http"
	"strings"

	"golang.org/x/oauth2"
)

// Client holds a bearer.
type Client struct {
	Domain string
	Token  string
}

// NewWith returns a client with a token.
func NewWith(domain, tok string) *Client { return &Client{Domain: domain, Token: tok} }

// Login stores the ID token of a login response itself.
func (c *Client) Login(tok *oauth2.Token) {
	c.Token, _ = tok.Extra("id_token").(string)
}

// UseAccess stores the access token, replacing whatever the client held.
func (c *Client) UseAccess(tok *oauth2.Token) { c.Token = tok.AccessToken }

// Link links the secondary account (link_with) to primary.
func (c *Client) Link(ctx context.Context, primary, secondaryIDToken string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+c.Domain+"/api/v2/users/"+primary+"/identities", strings.NewReader(`{"link_with":"`+secondaryIDToken+`"}`))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token) // want `link-idtoken-bearer`
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
