// Package app holds client secrets written in code, reaching Auth0 the ways apps send them.
package app

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-resty/resty/v2"
	"golang.org/x/oauth2"

	"example.com/auth0vettest/realistic/sec/auth0cfg"
)

const tenant = "example.us.auth0.com"

func Helper(ctx context.Context) {
	auth0cfg.NewManagement(ctx, tenant, "m2m", "Vb8nQ2wE4rT6yU8iO0pA2sD4fG6hJ8kL0zX2cV4bN6mQ8wE0rT2yU4iO6pA8sD0f") // want `secret-hardcoded.*auth0cfg.NewManagement`
	auth0cfg.NewManagement(ctx, tenant, "m2m", os.Getenv("AUTH0_CLIENT_SECRET"))
	auth0cfg.NewManagement(ctx, tenant, "m2m", "YOUR_CLIENT_SECRET")
}

// defaults is a config function with the secret inline.
func defaults() auth0cfg.Config {
	return auth0cfg.Config{Domain: tenant, ClientID: "m2m", ClientSecret: "Lp0oK9iJ8uH7yG6tF5rD4eS3wA2qZ1xC0vB9nM8lK7jH6gF5dS4aQ3wE2rT1yU0i"}
}

func ConfigFunction(ctx context.Context) {
	auth0cfg.FromConfig(ctx, defaults()) // want `secret-hardcoded`
}

func EnvConfig(ctx context.Context) {
	auth0cfg.FromConfig(ctx, auth0cfg.Config{Domain: tenant, ClientID: "m2m", ClientSecret: os.Getenv("AUTH0_CLIENT_SECRET")})
}

func Form() {
	form := url.Values{}
	form.Set("grant_type", "client_credentials")
	form.Set("client_id", "m2m")
	form.Set("client_secret", "Qw3eR5tY7uI9oP1aS3dF5gH7jK9lZ1xC3vB5nM7qW9eR1tY3uI5oP7aS9dF1gH3j")
	http.PostForm("https://"+tenant+"/oauth/token", form) // want `secret-hardcoded`
}

func JSONBody() {
	body, _ := json.Marshal(map[string]string{
		"grant_type":    "client_credentials",
		"client_id":     "m2m",
		"client_secret": "Zx9cV7bN5mQ3wE1rT9yU7iO5pA3sD1fG9hJ7kL5zX3cV1bN9mQ7wE5rT3yU1iO9p",
		"audience":      "https://" + tenant + "/api/v2/",
	})
	http.Post("https://"+tenant+"/oauth/token", "application/json", bytes.NewReader(body)) // want `secret-hardcoded`
}

func FormHelper() {
	auth0cfg.Token(tenant, "m2m", "Mn8bV6cX4zL2kJ0hG8fD6sA4pO2iU0yT8rE6wQ4mN2bV0cX8zL6kJ4hG2fD0sA8p") // want `secret-hardcoded`
	auth0cfg.Token(tenant, "m2m", os.Getenv("AUTH0_CLIENT_SECRET"))
}

func Resty() {
	resty.New().R().SetFormData(map[string]string{
		"grant_type":    "client_credentials",
		"client_id":     "m2m",
		"client_secret": "Ty6uI8oP0aS2dF4gH6jK8lZ0xC2vB4nM6qW8eR0tY2uI4oP6aS8dF0gH2jK4lZ6x",
	}).Post("https://" + tenant + "/oauth/token") // want `secret-hardcoded`
}

func RestyEnv() {
	resty.New().R().SetFormData(map[string]string{
		"grant_type":    "client_credentials",
		"client_secret": os.Getenv("AUTH0_CLIENT_SECRET"),
	}).Post("https://" + tenant + "/oauth/token")
}

// Discovered: the token URL comes from go-oidc discovery of an Auth0 issuer.
func Discovered(ctx context.Context) *oauth2.Config {
	provider, err := oidc.NewProvider(ctx, "https://"+tenant+"/")
	if err != nil {
		return nil
	}
	return &oauth2.Config{
		ClientID:     "web",
		ClientSecret: "Gh5jK7lZ9xC1vB3nM5qW7eR9tY1uI3oP5aS7dF9gH1jK3lZ5xC7vB9nM1qW3eR5t", // want `secret-hardcoded`
		Endpoint:     provider.Endpoint(),
		Scopes:       []string{oidc.ScopeOpenID},
	}
}

// Google: discovery of another provider.
func Google(ctx context.Context) *oauth2.Config {
	provider, _ := oidc.NewProvider(ctx, "https://accounts.google.com")
	return &oauth2.Config{ClientSecret: "Gh5jK7lZ9xC1vB3nM5qW7eR9tY1uI3oP5aS7dF9gH1jK3lZ5xC7vB9nM1qW3eR5t", Endpoint: provider.Endpoint()}
}

// OtherProvider: a form to another provider's token endpoint.
func OtherProvider() {
	http.PostForm("https://oauth2.googleapis.com/token", url.Values{"client_secret": {"Qw3eR5tY7uI9oP1aS3dF5gH7jK9lZ1xC3vB5nM7qW9eR1tY3uI5oP7aS9dF1gH3j"}})
	_ = strings.ToUpper
}
