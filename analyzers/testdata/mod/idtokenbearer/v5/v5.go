// Package v5 links with the archived gopkg.in/auth0.v5 client.
package v5

import (
	"golang.org/x/oauth2"
	"gopkg.in/auth0.v5/management"
)

func Link(domain string, tok *oauth2.Token, primary string, body *management.UserIdentityLink) error {
	m, err := management.New(domain, management.WithStaticToken(tok.Extra("id_token").(string)))
	if err != nil {
		return err
	}
	_, err = m.User.Link(primary, body) // want `^\[link-idtoken-bearer\]`
	return err
}
