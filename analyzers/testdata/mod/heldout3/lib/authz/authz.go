// Package authz builds OAuth configurations and Auth0 clients from conf's structs.
package authz

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	"github.com/auth0/go-auth0/management"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"example.com/auth0vettest/heldout3/lib/conf"
	"example.com/auth0vettest/heldout3/lib/pureconf"
)

// Config builds the login configuration.
func Config(o conf.OAuth) *oauth2.Config {
	return &oauth2.Config{
		ClientID: o.ClientID,
		Scopes:   o.Scopes,
		Endpoint: oauth2.Endpoint{AuthURL: "https://" + o.Domain + "/authorize", TokenURL: "https://" + o.Domain + "/oauth/token"},
	}
}

// LinkByUserID links a secondary identity by provider and user_id with a token.
func LinkByUserID(ctx context.Context, domain, token, primary, provider, userID string) error {
	m, err := management.New(domain, management.WithStaticToken(token))
	if err != nil {
		return err
	}
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &userID})
	return err
}

// ClientCredentials builds the client-credentials configuration.
func ClientCredentials(c conf.Credentials) *clientcredentials.Config {
	return &clientcredentials.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		TokenURL:     "https://" + c.Domain + "/oauth/token",
	}
}

// Management builds a Management client from credentials given by pointer.
func Management(ctx context.Context, c *conf.Credentials) (*management.Management, error) {
	return management.New(c.Domain, management.WithClientCredentials(ctx, c.ClientID, c.ClientSecret))
}

// RegionToken posts the region's nested credentials to /oauth/token.
func RegionToken(ctx context.Context, r conf.Region) error {
	body, _ := json.Marshal(map[string]string{"grant_type": "client_credentials", "client_id": r.Auth0.ClientID, "client_secret": r.Auth0.ClientSecret})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+r.Auth0.Domain+"/oauth/token", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// DeployToken posts a deployment's credentials (two levels deep) to /oauth/token.
func DeployToken(ctx context.Context, d conf.Deploy) error {
	body, _ := json.Marshal(map[string]string{"grant_type": "client_credentials", "client_id": d.Region.Auth0.ClientID, "client_secret": d.Region.Auth0.ClientSecret})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+d.Region.Auth0.Domain+"/oauth/token", bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Service holds credentials by pointer.
type Service struct {
	creds *conf.Credentials
}

// NewService stores the pointer.
func NewService(c *conf.Credentials) *Service { return &Service{creds: c} }

// Client makes the M2M client.
func (s *Service) Client(ctx context.Context) *http.Client {
	return ClientCredentials(*s.creds).Client(ctx)
}

// PureConfig builds the login configuration from pureconf's settings.
func PureConfig(s pureconf.Settings) *oauth2.Config {
	return &oauth2.Config{ClientID: s.ClientID, Scopes: s.Scopes, Endpoint: oauth2.Endpoint{AuthURL: "https://" + s.Domain + "/authorize", TokenURL: "https://" + s.Domain + "/oauth/token"}}
}

// PureCredentials builds the client-credentials configuration from pureconf's settings.
func PureCredentials(s pureconf.Settings) *clientcredentials.Config {
	return &clientcredentials.Config{ClientID: s.ClientID, ClientSecret: s.ClientSecret, TokenURL: "https://" + s.Domain + "/oauth/token"}
}
