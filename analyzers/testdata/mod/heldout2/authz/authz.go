// Package authz builds OAuth configurations and Auth0 clients from config's structs. Written
// as held-out cases for cross-package struct values: every helper is neutral on its own (it
// uses the scopes or the secret of the struct it is given), so findings land at the callers
// in usl/handlers and sec/worker that pass a struct carrying the link scope or a literal secret.
package authz

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/auth0/go-auth0/management"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"example.com/auth0vettest/heldout2/config"
)

// Config builds the login configuration from settings taken by value.
func Config(o config.OAuth) *oauth2.Config {
	scopes := append([]string{}, o.Scopes...)
	return &oauth2.Config{
		ClientID:    o.ClientID,
		RedirectURL: o.RedirectURL,
		Scopes:      scopes,
		Endpoint:    oauth2.Endpoint{AuthURL: "https://" + o.Domain + "/authorize", TokenURL: "https://" + o.Domain + "/oauth/token"},
	}
}

// ConfigFor builds it from a pointer to the settings, returning a value.
func ConfigFor(o *config.OAuth) oauth2.Config {
	c := oauth2.Config{ClientID: o.ClientID, RedirectURL: o.RedirectURL}
	c.Endpoint = oauth2.Endpoint{AuthURL: "https://" + o.Domain + "/authorize", TokenURL: "https://" + o.Domain + "/oauth/token"}
	for _, s := range o.Scopes {
		c.Scopes = append(c.Scopes, s)
	}
	return c
}

// AccountLinker keeps the login settings and links accounts by user_id after a login
// (a service struct holding a config struct).
type AccountLinker struct {
	cfg config.OAuth
}

// NewAccountLinker stores the settings.
func NewAccountLinker(cfg config.OAuth) *AccountLinker {
	return &AccountLinker{cfg: cfg}
}

// LinkByUserID exchanges the code with the stored settings and links the secondary identity
// by provider and user_id.
func (l *AccountLinker) LinkByUserID(ctx context.Context, code, primary, provider, secondary string) error {
	tok, err := Config(l.cfg).Exchange(ctx, code)
	if err != nil {
		return err
	}
	m, err := management.New(l.cfg.Domain, management.WithStaticToken(tok.AccessToken))
	if err != nil {
		return err
	}
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary})
	return err
}

// ClientCredentials builds the client-credentials configuration of an M2M application.
func ClientCredentials(c config.Credentials) *clientcredentials.Config {
	return &clientcredentials.Config{
		ClientID:       c.ClientID,
		ClientSecret:   c.ClientSecret,
		TokenURL:       "https://" + c.Domain + "/oauth/token",
		EndpointParams: url.Values{"audience": {c.Audience}},
	}
}

// Management builds a go-auth0 Management client from credentials taken by pointer.
func Management(ctx context.Context, c *config.Credentials) (*management.Management, error) {
	return management.New(c.Domain, management.WithClientCredentials(ctx, c.ClientID, c.ClientSecret))
}

// Backend gets a Management API token for an environment (credentials nested in it).
func Backend(ctx context.Context, env config.Environment) (*http.Response, error) {
	body, _ := json.Marshal(map[string]string{
		"grant_type":    "client_credentials",
		"client_id":     env.Auth0.ClientID,
		"client_secret": env.Auth0.ClientSecret,
		"audience":      env.Auth0.Audience,
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+env.Auth0.Domain+"/oauth/token", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	return http.DefaultClient.Do(req)
}

// GitHubApp is the OAuth configuration of a GitHub app (not Auth0).
func GitHubApp(c config.Credentials) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		Endpoint:     oauth2.Endpoint{AuthURL: "https://github.com/login/oauth/authorize", TokenURL: "https://github.com/login/oauth/access_token"},
		Scopes:       []string{"read:user"},
	}
}
