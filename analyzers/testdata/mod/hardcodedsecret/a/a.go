// Package a configures Auth0 clients with client secrets, literal and not.
package a

import (
	"context"
	"flag"
	"os"

	"github.com/auth0/go-auth0/authentication"
	"github.com/auth0/go-auth0/authentication/oauth"
	"github.com/auth0/go-auth0/management"
	v3auth "github.com/auth0/go-auth0/v3/authentication"
	"github.com/auth0/go-auth0/v3/management/client"
	"github.com/auth0/go-auth0/v3/management/option"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
	v5 "gopkg.in/auth0.v5/management"
)

const domain = "example.eu.auth0.com"

const m2mSecret = "hJ8sQ2vN4kLp9wXz1RtYbC3mD5fG7aE0uI6oP8qS2dF4gH6jK8lZ0xC2vB4nM6qW"

var legacySecret = "Zq7Wm3Np5Rt8Yv2Xb4Kc6Jd9Lf1Hg3Ds5Pa7Qe9Tw2Ur4Io6Sy8Uz0Vx2Wa4Sb6N"

func V1(ctx context.Context) {
	management.New(domain, management.WithClientCredentials(ctx, "client-id", "kF9dS8aP7oI6uY5tR4eW3qA2sD1fG0hJ9kL8zX7cV6bN5mQ4wE3rT2yU1iO0pA9s")) // want `^\[secret-hardcoded\] Auth0 client secret written as a literal; instead: rotate the secret and load it from a secret store or the environment \(https://auth0.com/docs/get-started/applications/rotate-client-secret\)$`
	management.New(domain, management.WithClientCredentialsAndAudience(ctx, "client-id", m2mSecret, "https://"+domain+"/api/v2/"))                 // want `secret-hardcoded`
	authentication.New(ctx, domain, authentication.WithClientID("id"), authentication.WithClientSecret(legacySecret))                              // want `secret-hardcoded`
}

func TokenRequest(ctx context.Context, a *authentication.Authentication) {
	a.OAuth.LoginWithClientCredentials(ctx, oauth.LoginWithClientCredentialsRequest{
		ClientAuthentication: oauth.ClientAuthentication{ClientID: "id", ClientSecret: m2mSecret}, // want `secret-hardcoded`
		Audience:             "https://" + domain + "/api/v2/",
	}, oauth.IDTokenValidationOptions{})
}

func V3(ctx context.Context) {
	client.New(domain, option.WithClientCredentials(ctx, "client-id", m2mSecret)) // want `secret-hardcoded`
	v3auth.New(ctx, domain, v3auth.WithClientSecret(m2mSecret))                   // want `secret-hardcoded`
}

func V5() {
	v5.New(domain, v5.WithClientCredentials("client-id", m2mSecret)) // want `secret-hardcoded`
}

func OAuth2() {
	_ = clientcredentials.Config{ClientID: "id", ClientSecret: m2mSecret, TokenURL: "https://" + domain + "/oauth/token"} // want `secret-hardcoded`
	_ = &oauth2.Config{ClientID: "id", ClientSecret: m2mSecret, Endpoint: oauth2.Endpoint{TokenURL: "https://login.example.com/oauth/token"}}
	tenant := os.Getenv("AUTH0_DOMAIN")
	_ = &oauth2.Config{ClientID: "id", ClientSecret: m2mSecret, Endpoint: oauth2.Endpoint{TokenURL: "https://" + tenant + "/oauth/token"}} // want `secret-hardcoded`
}

// --- silent cases ---

var flagSecret = "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1eF3hJ5kL7nP9rS1uV3xY5zA7cD9fG1hJ3"

func init() { flag.StringVar(&flagSecret, "client-secret", flagSecret, "client secret") }

func Silent(ctx context.Context, cfg struct{ Secret string }) {
	management.New(domain, management.WithClientCredentials(ctx, "id", os.Getenv("AUTH0_CLIENT_SECRET")))
	management.New(domain, management.WithClientCredentials(ctx, "id", cfg.Secret))
	management.New(domain, management.WithClientCredentials(ctx, "id", flagSecret))
	management.New(domain, management.WithClientCredentials(ctx, "id", ""))
	management.New(domain, management.WithClientCredentials(ctx, "id", "YOUR_CLIENT_SECRET"))
	management.New(domain, management.WithClientCredentials(ctx, "id", "<client-secret>"))
	management.New(domain, management.WithClientCredentials(ctx, "id", "changeme"))
	management.New(domain, management.WithClientCredentials(ctx, "id", "xxxxxxxxxxxxxxxx"))
	management.New(domain, management.WithClientCredentials(ctx, "id", "test-client-secret-for-the-simulator"))
	// Not Auth0: another provider's token URL.
	_ = clientcredentials.Config{ClientSecret: m2mSecret, TokenURL: "https://oauth2.googleapis.com/token"}
	//auth0vet:ignore throwaway secret of a deleted dev tenant, kept for the migration demo
	management.New(domain, management.WithClientCredentials(ctx, "id", m2mSecret))
}
