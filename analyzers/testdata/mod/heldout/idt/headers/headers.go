// Package headers: helpers that set the bearer on an http.Header parameter (R.Header passed
// in), in another package and in this one (review cases for issue 11). The finding is where
// the request is sent.
package headers

import (
	"context"
	"net/http"
	"os"

	"golang.org/x/oauth2"

	"example.com/auth0vettest/heldout/idt/kit"
)

var tenant = os.Getenv("AUTH0_DOMAIN")

func identities(userID string) string {
	return "https://" + tenant + "/api/v2/users/" + userID + "/identities"
}

// A helper that adds the bearer to the request's own headers.
func HeaderAdd(ctx context.Context, tok *oauth2.Token, userID string) {
	raw, _ := tok.Extra("id_token").(string)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, identities(userID), nil)
	kit.AddBearer(req.Header, raw)
	http.DefaultClient.Do(req) // want `link-idtoken-bearer`
}

func HeaderAddAccess(ctx context.Context, tok *oauth2.Token, userID string) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, identities(userID), nil)
	kit.AddBearer(req.Header, tok.AccessToken)
	http.DefaultClient.Do(req)
}

// The same within one package: a local helper that sets the bearer on a header parameter.
func LocalHeaderAdd(ctx context.Context, tok *oauth2.Token, userID string) {
	raw, _ := tok.Extra("id_token").(string)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, identities(userID), nil)
	addBearer(req.Header, raw)
	http.DefaultClient.Do(req) // want `link-idtoken-bearer`
}

func LocalHeaderAddAccess(ctx context.Context, tok *oauth2.Token, userID string) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, identities(userID), nil)
	addBearer(req.Header, tok.AccessToken)
	http.DefaultClient.Do(req)
}

func addBearer(h http.Header, tok string) { h.Set("Authorization", "Bearer "+tok) }
