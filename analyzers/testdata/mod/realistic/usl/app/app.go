// Package app links accounts client-side with a user-scoped token.
package app

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strings"

	"github.com/auth0/go-auth0/management"
	"github.com/go-resty/resty/v2"
	"golang.org/x/oauth2"

	"example.com/auth0vettest/realistic/usl/scopes"
)

var domain = os.Getenv("AUTH0_DOMAIN")

func SDK(ctx context.Context, code, primary, provider, secondary string) error {
	conf := scopes.UserConfig(domain, "spa")
	tok, err := conf.Exchange(ctx, code)
	if err != nil {
		return err
	}
	m, _ := management.New(domain, management.WithStaticToken(tok.AccessToken))
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary}) // want `link-userid-current-user`
	return err
}

func SDKLinkWith(ctx context.Context, code, primary, secondaryIDToken string) error {
	tok, err := scopes.UserConfig(domain, "spa").Exchange(ctx, code)
	if err != nil {
		return err
	}
	m, _ := management.New(domain, management.WithStaticToken(tok.AccessToken))
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{LinkWith: &secondaryIDToken})
	return err
}

func Server(ctx context.Context, code, primary, provider, secondary string) error {
	tok, err := scopes.ServerConfig(domain).Exchange(ctx, code)
	if err != nil {
		return err
	}
	m, _ := management.New(domain, management.WithStaticToken(tok.AccessToken))
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary})
	return err
}

// Appended: the scope added to a config with append.
func Appended(ctx context.Context, code, primary string) error {
	conf := oauth2.Config{ClientID: "spa", Scopes: []string{"openid"}}
	conf.Scopes = append(conf.Scopes, scopes.LinkScope)
	tok, _ := conf.Exchange(ctx, code)
	body, _ := json.Marshal(scopes.LinkBody("github", "123"))
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+domain+"/api/v2/users/"+primary+"/identities", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken) // want `link-userid-current-user`
	_, err := http.DefaultClient.Do(req)
	return err
}

// Resty sends the body with resty.
func Resty(ctx context.Context, code, primary string) error {
	tok, err := scopes.UserConfig(domain, "spa").Exchange(ctx, code)
	if err != nil {
		return err
	}
	_, err = resty.New().R().SetAuthToken(tok.AccessToken).
		SetBody(map[string]any{"provider": "github", "user_id": 123}).
		Post("https://" + domain + "/api/v2/users/" + primary + "/identities") // want `link-userid-current-user`
	return err
}

func RestyLinkWith(ctx context.Context, code, primary, secondaryIDToken string) error {
	tok, err := scopes.UserConfig(domain, "spa").Exchange(ctx, code)
	if err != nil {
		return err
	}
	_, err = resty.New().R().SetAuthToken(tok.AccessToken).
		SetBody(map[string]any{"link_with": secondaryIDToken}).
		Post("https://" + domain + "/api/v2/users/" + primary + "/identities")
	return err
}

// linker keeps the user's token in a field.
type linker struct{ tok *oauth2.Token }

func (l *linker) link(ctx context.Context, primary string) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+domain+"/api/v2/users/"+primary+"/identities", strings.NewReader(`{"provider":"github","user_id":"123"}`))
	req.Header.Set("Authorization", "Bearer "+l.tok.AccessToken) // want `link-userid-current-user`
	_, err := http.DefaultClient.Do(req)
	return err
}

func Field(ctx context.Context, code, primary string) error {
	tok, err := scopes.UserConfig(domain, "spa").Exchange(ctx, code)
	if err != nil {
		return err
	}
	return (&linker{tok: tok}).link(ctx, primary)
}

// ConfiguredScopes: scopes from configuration are unknown.
func ConfiguredScopes(ctx context.Context, code, primary, provider, secondary string) error {
	conf := oauth2.Config{Scopes: strings.Fields(os.Getenv("SCOPES"))}
	tok, _ := conf.Exchange(ctx, code)
	m, _ := management.New(domain, management.WithStaticToken(tok.AccessToken))
	_, err := m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary})
	return err
}
