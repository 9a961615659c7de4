// Package creds is where a second app keeps its Auth0 credentials (review cases for issue 11).
package creds

import (
	"os"

	"github.com/go-resty/resty/v2"
)

const m2mSecret = "pR4tY6uI8oP0aS2dF4gH6jK8lZ0xC2vB4nM6qW8eR0tY2uI4oP6aS8dF0gH2jK4l"

// ClientSecret is an exported package variable with the secret written in.
var ClientSecret = "zK2xC4vB6nM8qW0eR2tY4uI6oP8aS0dF2gH4jK6lZ8xC0vB2nM4qW6eR8tY0uI2o"

// EnvClientSecret is the compliant twin.
var EnvClientSecret = os.Getenv("AUTH0_CLIENT_SECRET")

// Secret is a config function that returns a constant.
func Secret() string { return m2mSecret }

// SecretFromEnv is the compliant twin.
func SecretFromEnv() string { return os.Getenv("AUTH0_CLIENT_SECRET") }

// Getenv reads a variable with a default.
func Getenv(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// Settings is the app's configuration.
type Settings struct {
	Domain       string
	ClientID     string
	ClientSecret string
}

// Defaults returns settings with the secret written in.
func Defaults() Settings {
	return Settings{Domain: "acme.eu.auth0.com", ClientID: "m2m", ClientSecret: m2mSecret}
}

// FromEnv is the compliant twin.
func FromEnv() Settings {
	return Settings{Domain: os.Getenv("AUTH0_DOMAIN"), ClientID: os.Getenv("AUTH0_CLIENT_ID"), ClientSecret: os.Getenv("AUTH0_CLIENT_SECRET")}
}

// Fetch gets a token with resty from the tenant, with the secret it is given.
func Fetch(domain, clientID, clientSecret string) (*resty.Response, error) {
	return resty.New().R().
		SetFormData(map[string]string{"grant_type": "client_credentials", "client_id": clientID, "client_secret": clientSecret}).
		Post("https://" + domain + "/oauth/token")
}
