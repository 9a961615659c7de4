// Package known holds review cases of issue 11 that auth0vet still misses (left to the lead;
// see /work/notes/review-11.md). bench/analyzers/accuracy.sh scores them; analysistest does
// not run this package, so the build stays green until they are found.
package known

import (
	"context"
	"net/http"

	"golang.org/x/oauth2"

	"example.com/auth0vettest/heldout/idt/kit"
)

func identities(userID string) string {
	return "https://" + tenant + "/api/v2/users/" + userID + "/identities"
}

// A helper that adds the bearer to the request's own headers.
func HeaderAdd(ctx context.Context, tok *oauth2.Token, userID string) {
	raw, _ := tok.Extra("id_token").(string)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, identities(userID), nil)
	kit.AddBearer(req.Header, raw) // want `link-idtoken-bearer`
	http.DefaultClient.Do(req)
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
	addBearer(req.Header, raw) // want `link-idtoken-bearer`
	http.DefaultClient.Do(req)
}

func LocalHeaderAddAccess(ctx context.Context, tok *oauth2.Token, userID string) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, identities(userID), nil)
	addBearer(req.Header, tok.AccessToken)
	http.DefaultClient.Do(req)
}

func addBearer(h http.Header, tok string) { h.Set("Authorization", "Bearer "+tok) }
