// Package noauth0 talks to OAuth providers without go-auth0: a token URL on a configured host
// with the path /oauth/token is Auth0's only when something else says so.
package noauth0

import (
	"net/url"
	"os"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

const secret = "hJ8sQ2vN4kLp9wXz1RtYbC3mD5fG7aE0uI6oP8qS2dF4gH6jK8lZ0xC2vB4nM6qW"

func Configs() {
	gitlab := os.Getenv("GITLAB_URL")
	// Self-hosted GitLab serves /oauth/authorize and /oauth/token: silent.
	_ = &oauth2.Config{ClientID: "id", ClientSecret: secret, Endpoint: oauth2.Endpoint{AuthURL: gitlab + "/oauth/authorize", TokenURL: gitlab + "/oauth/token"}}
	_ = clientcredentials.Config{ClientID: "id", ClientSecret: secret, TokenURL: gitlab + "/oauth/token"}

	tenant := os.Getenv("AUTH0_DOMAIN")
	_ = &oauth2.Config{ClientID: "id", ClientSecret: secret, Endpoint: oauth2.Endpoint{AuthURL: "https://" + tenant + "/authorize", TokenURL: "https://" + tenant + "/oauth/token"}}        // want `secret-hardcoded`
	_ = clientcredentials.Config{ClientID: "id", ClientSecret: secret, TokenURL: "https://" + tenant + "/oauth/token", EndpointParams: url.Values{"audience": {"https://api.example.com"}}} // want `secret-hardcoded`
	_ = clientcredentials.Config{ClientID: "id", ClientSecret: secret, TokenURL: "https://example.us.auth0.com/oauth/token"}                                                                // want `secret-hardcoded`
}
