// Package ext writes hold's fields from another package.
package ext

import (
	"context"

	"golang.org/x/oauth2"

	"example.com/auth0vettest/heldout3/lib/hold"
)

// Authorize stores the ID token of a login in the client.
func Authorize(c *hold.Client, tok *oauth2.Token) {
	raw, _ := tok.Extra("id_token").(string)
	c.Token = raw
}

// AuthorizeAccess stores the access token.
func AuthorizeAccess(c *hold.Client, tok *oauth2.Token) {
	c.Token = tok.AccessToken
}

// Session keeps a hold.Client by value and forwards to it.
type Session struct {
	C hold.Client
}

// Start stores the token in the session's client (a field of a field, written here).
func (s *Session) Start(tok string) { s.C.Token = tok }

// LinkNow links through the nested client's promoted-by-hand method.
func (s *Session) LinkNow(primary, secondary string) error {
	return s.C.Link(context.Background(), primary, secondary)
}
