// Package auth0cfg builds the app's Auth0 clients from parameters.
package auth0cfg

import (
	"context"
	"net/http"
	"net/url"

	"github.com/auth0/go-auth0/management"
)

type Config struct {
	Domain, ClientID, ClientSecret string
}

// NewManagement authenticates with client credentials.
func NewManagement(ctx context.Context, domain, clientID, clientSecret string) (*management.Management, error) {
	return management.New(domain, management.WithClientCredentials(ctx, clientID, clientSecret))
}

// FromConfig goes through one more level.
func FromConfig(ctx context.Context, c Config) (*management.Management, error) {
	return NewManagement(ctx, c.Domain, c.ClientID, c.ClientSecret)
}

// Token gets a token with a form post.
func Token(domain, clientID, clientSecret string) (*http.Response, error) {
	return http.PostForm("https://"+domain+"/oauth/token", url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {clientID},
		"client_secret": {clientSecret},
		"audience":      {"https://" + domain + "/api/v2/"},
	})
}
