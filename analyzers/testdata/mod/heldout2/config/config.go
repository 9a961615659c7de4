// Package config holds the app's settings structs and their package variables. Written as
// held-out cases for cross-package struct values: the structs carry scopes and credentials to
// helpers in authz and callers in usl/handlers and sec/worker; nothing in this file is reported (the
// findings land where the values reach Auth0, in the callers).
package config

import (
	"os"

	"golang.org/x/oauth2"
)

// OAuth is the login configuration of a web app.
type OAuth struct {
	Domain      string
	ClientID    string
	RedirectURL string
	Scopes      []string
}

// Default is the SPA-style login: it asks for the user-scoped link scope only.
var Default = OAuth{
	Domain:      os.Getenv("AUTH0_DOMAIN"),
	ClientID:    os.Getenv("AUTH0_CLIENT_ID"),
	RedirectURL: "https://app.example.com/callback",
	Scopes:      []string{"openid", "profile", "email", "offline_access", "update:current_user_identities"},
}

// Server is the back-office login: update:users as well.
var Server = OAuth{
	Domain:      os.Getenv("AUTH0_DOMAIN"),
	ClientID:    os.Getenv("AUTH0_ADMIN_CLIENT_ID"),
	RedirectURL: "https://admin.example.com/callback",
	Scopes:      []string{"openid", "profile", "email", "update:current_user_identities", "update:users"},
}

// OAuth2 builds the oauth2 configuration (a method with a value receiver).
func (o OAuth) OAuth2() *oauth2.Config {
	return &oauth2.Config{
		ClientID:    o.ClientID,
		RedirectURL: o.RedirectURL,
		Scopes:      o.Scopes,
		Endpoint: oauth2.Endpoint{
			AuthURL:  "https://" + o.Domain + "/authorize",
			TokenURL: "https://" + o.Domain + "/oauth/token",
		},
	}
}

// Credentials are a machine-to-machine application's.
type Credentials struct {
	Domain       string
	ClientID     string
	ClientSecret string
	Audience     string
}

// M2M has the secret written in (as it was committed).
var M2M = Credentials{
	Domain:       "acme-prod.us.auth0.com",
	ClientID:     "hT4kQ9wZ2mX7vB1nC8rL5pJ3sD6fG0yA",
	ClientSecret: "Lm3Nq8Rt2Vw6Xz9Bc4Df7Gh1Jk5Pr0St3Uv8Wx2Yz6Ab9Cd4Ef7Gh1Jk5Mn0Pq3R",
	Audience:     "https://acme-prod.us.auth0.com/api/v2/",
}

// M2MEnv reads the secret from the environment; the client ID is written in (it is not a
// secret), and must not be mistaken for one.
var M2MEnv = Credentials{
	Domain:       os.Getenv("AUTH0_DOMAIN"),
	ClientID:     "pX8cV2bN6mQ1wE5rT9yU3iO7aS4dF0gH",
	ClientSecret: os.Getenv("AUTH0_CLIENT_SECRET"),
	Audience:     "https://" + os.Getenv("AUTH0_DOMAIN") + "/api/v2/",
}

// GitHub is another provider's OAuth app, with its secret written in: not Auth0.
var GitHub = Credentials{
	Domain:       "github.com",
	ClientID:     "Iv1.8a61f9b3a7aba766",
	ClientSecret: "3f9c2d7e8b1a4c6d0e5f7a9b2c4d6e8f0a1b3c5d",
}

// Environment is a deployment's settings, with the Auth0 credentials nested.
type Environment struct {
	Name    string
	BaseURL string
	Auth0   Credentials
}

// Staging was committed with its secret.
var Staging = Environment{
	Name:    "staging",
	BaseURL: "https://staging.example.com",
	Auth0: Credentials{
		Domain:       "acme-staging.eu.auth0.com",
		ClientID:     "rY5tU1iO9pA3sD7fG2hJ6kL0zX4cV8bN",
		ClientSecret: "Qw7Er2Ty5Ui9Op3As6Df0Gh4Jk8Lz1Xc5Vb9Nm2Qw6Er0Ty3Ui7Op1As4Df8Gh2J",
		Audience:     "https://acme-staging.eu.auth0.com/api/v2/",
	},
}

// Production takes its secret from the environment.
var Production = Environment{
	Name:    "production",
	BaseURL: "https://www.example.com",
	Auth0: Credentials{
		Domain:       os.Getenv("AUTH0_DOMAIN"),
		ClientID:     "zB6nM0qW4eR8tY2uI6oP0aS4dF8gH2jK",
		ClientSecret: os.Getenv("AUTH0_CLIENT_SECRET"),
		Audience:     "https://" + os.Getenv("AUTH0_DOMAIN") + "/api/v2/",
	},
}
