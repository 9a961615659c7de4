// Package svc gets Management API tokens the ways services do (review cases for issue 11).
package svc

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strings"

	"github.com/auth0/go-auth0/management"
	"golang.org/x/oauth2/clientcredentials"

	"example.com/auth0vettest/heldout/sec/creds"
)

const domain = "acme.eu.auth0.com"

// 1. A config function in another package returns a constant secret.
func SDKConfigFunc(ctx context.Context) (*management.Management, error) {
	return management.New(domain, management.WithClientCredentials(ctx, "m2m", creds.Secret())) // want `secret-hardcoded`
}

func SDKConfigFuncEnv(ctx context.Context) (*management.Management, error) {
	return management.New(domain, management.WithClientCredentials(ctx, "m2m", creds.SecretFromEnv()))
}

// 1b. A package variable of another package.
func SDKPackageVar(ctx context.Context) (*management.Management, error) {
	return management.New(domain, management.WithClientCredentials(ctx, "m2m", creds.ClientSecret)) // want `secret-hardcoded`
}

func SDKPackageVarEnv(ctx context.Context) (*management.Management, error) {
	return management.New(domain, management.WithClientCredentials(ctx, "m2m", creds.EnvClientSecret))
}

// 2. A settings struct from another package.
func SDKSettings(ctx context.Context) (*management.Management, error) {
	s := creds.Defaults()
	return management.New(s.Domain, management.WithClientCredentials(ctx, s.ClientID, s.ClientSecret)) // want `secret-hardcoded`
}

func SDKSettingsEnv(ctx context.Context) (*management.Management, error) {
	s := creds.FromEnv()
	return management.New(s.Domain, management.WithClientCredentials(ctx, s.ClientID, s.ClientSecret))
}

// 3. An environment variable with a literal fallback: the literal reaches Auth0.
func EnvFallback(ctx context.Context) (*management.Management, error) {
	secret := creds.Getenv("AUTH0_CLIENT_SECRET", "hJ7kL9zX1cV3bN5mQ7wE9rT1yU3iO5pA7sD9fG1hJ3kL5zX7cV9bN1mQ3wE5rT7y")
	return management.New(domain, management.WithClientCredentials(ctx, "m2m", secret)) // want `secret-hardcoded`
}

func EnvNoFallback(ctx context.Context) (*management.Management, error) {
	secret := creds.Getenv("AUTH0_CLIENT_SECRET", "")
	return management.New(domain, management.WithClientCredentials(ctx, "m2m", secret))
}

// 4. clientcredentials with the config function's secret.
func ClientCredentials(ctx context.Context) *http.Client {
	cc := clientcredentials.Config{
		ClientID:     "m2m",
		ClientSecret: creds.Secret(), // want `secret-hardcoded`
		TokenURL:     "https://" + domain + "/oauth/token",
	}
	return cc.Client(ctx)
}

func ClientCredentialsEnv(ctx context.Context) *http.Client {
	cc := clientcredentials.Config{ClientID: "m2m", ClientSecret: creds.SecretFromEnv(), TokenURL: "https://" + domain + "/oauth/token"}
	return cc.Client(ctx)
}

// 5. A raw JSON body in a string literal (a translated curl command).
func RawJSON() (*http.Response, error) {
	body := `{"client_id":"m2m","client_secret":"wE2rT4yU6iO8pA0sD2fG4hJ6kL8zX0cV2bN4mQ6wE8rT0yU2iO4pA6sD8fG0hJ2k","audience":"https://acme.eu.auth0.com/api/v2/","grant_type":"client_credentials"}`
	return http.Post("https://"+domain+"/oauth/token", "application/json", strings.NewReader(body)) // want `secret-hardcoded`
}

func RawJSONEnv() (*http.Response, error) {
	body := `{"client_id":"m2m","client_secret":"` + os.Getenv("AUTH0_CLIENT_SECRET") + `","grant_type":"client_credentials"}`
	return http.Post("https://"+domain+"/oauth/token", "application/json", strings.NewReader(body))
}

// 6. A raw form body in a string.
func RawForm() (*http.Response, error) {
	payload := strings.NewReader("grant_type=client_credentials&client_id=m2m&client_secret=aS3dF5gH7jK9lZ1xC3vB5nM7qW9eR1tY3uI5oP7aS9dF1gH3jK5lZ7xC9vB1nM3q&audience=https%3A%2F%2Facme.eu.auth0.com%2Fapi%2Fv2%2F")
	req, _ := http.NewRequest("POST", "https://acme.eu.auth0.com/oauth/token", payload) // want `secret-hardcoded`
	req.Header.Add("content-type", "application/x-www-form-urlencoded")
	return http.DefaultClient.Do(req)
}

func RawFormPlaceholder() (*http.Response, error) {
	payload := strings.NewReader("grant_type=client_credentials&client_id=YOUR_CLIENT_ID&client_secret=YOUR_CLIENT_SECRET")
	req, _ := http.NewRequest("POST", "https://acme.eu.auth0.com/oauth/token", payload)
	return http.DefaultClient.Do(req)
}

type tokenRequest struct {
	GrantType    string `json:"grant_type"`
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	Audience     string `json:"audience"`
}

// 7. A JSON body from a struct with tags.
func StructBody(ctx context.Context) (*http.Response, error) {
	b, _ := json.Marshal(tokenRequest{GrantType: "client_credentials", ClientID: "m2m", ClientSecret: "nM7qW9eR1tY3uI5oP7aS9dF1gH3jK5lZ7xC9vB1nM3qW5eR7tY9uI1oP3aS5dF7g", Audience: "https://" + domain + "/api/v2/"})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+domain+"/oauth/token", bytes.NewReader(b)) // want `secret-hardcoded`
	req.Header.Set("Content-Type", "application/json")
	return http.DefaultClient.Do(req)
}

func StructBodyEnv(ctx context.Context) (*http.Response, error) {
	b, _ := json.Marshal(tokenRequest{GrantType: "client_credentials", ClientID: "m2m", ClientSecret: os.Getenv("AUTH0_CLIENT_SECRET")})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+domain+"/oauth/token", bytes.NewReader(b))
	return http.DefaultClient.Do(req)
}

// 8. A resty helper in another package given a literal.
func RestyHelper() {
	creds.Fetch(domain, "m2m", "qW1eR3tY5uI7oP9aS1dF3gH5jK7lZ9xC1vB3nM5qW7eR9tY1uI3oP5aS7dF9gH1j") // want `secret-hardcoded`
	creds.Fetch(domain, "m2m", os.Getenv("AUTH0_CLIENT_SECRET"))
}

// 9. A literal secret sent to another provider's token endpoint: not Auth0.
func OtherProviderJSON() (*http.Response, error) {
	body := `{"client_id":"m2m","client_secret":"wE2rT4yU6iO8pA0sD2fG4hJ6kL8zX0cV2bN4mQ6wE8rT0yU2iO4pA6sD8fG0hJ2k","grant_type":"client_credentials"}`
	return http.Post("https://login.microsoftonline.com/common/oauth2/v2.0/token", "application/json", strings.NewReader(body))
}
