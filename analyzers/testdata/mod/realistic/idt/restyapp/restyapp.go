// Package restyapp links accounts with go-resty.
package restyapp

import (
	"os"

	"github.com/go-resty/resty/v2"
	"golang.org/x/oauth2"
)

var tenant = "https://" + os.Getenv("AUTH0_DOMAIN")

// newAPI is the app's resty client for the Management API.
func newAPI() *resty.Client {
	return resty.New().SetBaseURL(tenant).SetHeader("Content-Type", "application/json")
}

func AuthToken(tok *oauth2.Token, userID string) error {
	idToken := tok.Extra("id_token").(string)
	_, err := newAPI().R().
		SetAuthToken(idToken).
		SetPathParam("id", userID).
		SetBody(map[string]string{"provider": "github", "user_id": "123"}).
		Post("/api/v2/users/{id}/identities") // want `link-idtoken-bearer`
	return err
}

func AuthTokenAccess(tok *oauth2.Token, userID string) error {
	_, err := newAPI().R().
		SetAuthToken(tok.AccessToken).
		SetPathParam("id", userID).
		SetBody(map[string]string{"provider": "github", "user_id": "123"}).
		Post("/api/v2/users/{id}/identities")
	return err
}

func Header(tok *oauth2.Token, userID, provider, secondary string) error {
	r := newAPI().R().SetHeader("Authorization", "Bearer "+tok.Extra("id_token").(string))
	_, err := r.SetPathParams(map[string]string{"id": userID, "provider": provider, "sec": secondary}).
		Delete("/api/v2/users/{id}/identities/{provider}/{sec}") // want `unlink-idtoken-bearer`
	return err
}

// ClientAuth sets the bearer on the client.
func ClientAuth(tok *oauth2.Token, userID string) error {
	c := resty.New().SetAuthToken(tok.Extra("id_token").(string))
	_, err := c.R().Post(tenant + "/api/v2/users/" + userID + "/identities") // want `link-idtoken-bearer`
	return err
}

func Execute(tok *oauth2.Token, userID string) error {
	c := resty.New()
	_, err := c.R().SetAuthToken(tok.Extra("id_token").(string)).Execute("POST", tenant+"/api/v2/users/"+userID+"/identities") // want `link-idtoken-bearer`
	return err
}

// OwnService: the ID token to the app's own service with a literal base URL.
func OwnService(tok *oauth2.Token, userID string) error {
	c := resty.New().SetBaseURL("https://profile.internal.example.org")
	_, err := c.R().SetAuthToken(tok.Extra("id_token").(string)).Post("/api/v2/users/" + userID + "/identities")
	return err
}

// Read: a GET of the identities is not a link.
func Read(tok *oauth2.Token, userID string) error {
	_, err := newAPI().R().SetAuthToken(tok.Extra("id_token").(string)).Get("/api/v2/users/" + userID + "/identities")
	return err
}
