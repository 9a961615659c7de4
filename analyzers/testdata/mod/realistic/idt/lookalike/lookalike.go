// Package lookalike uses fakesdk.WithStaticToken with an ID token: not go-auth0, silent.
package lookalike

import (
	"net/http"

	"golang.org/x/oauth2"

	"example.com/auth0vettest/realistic/idt/fakesdk"
)

func Use(tok *oauth2.Token) error {
	c, err := fakesdk.New("example.eu.auth0.com", fakesdk.WithStaticToken(tok.Extra("id_token").(string)))
	if err != nil {
		return err
	}
	_, _ = http.NewRequest(http.MethodGet, "https://api.example.com/", nil)
	return c.Link("auth0|1")
}
