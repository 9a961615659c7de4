// Package known holds review cases of issue 11 that auth0vet missed until values carried their
// fields across packages: scopes that reach a helper of another package inside a struct (a
// package variable, or a literal at the call).
package known

import (
	"context"
	"os"

	"github.com/auth0/go-auth0/management"
	"github.com/go-resty/resty/v2"

	"example.com/auth0vettest/heldout/usl/oauthcfg"
)

var tenant = os.Getenv("AUTH0_DOMAIN")

type identity struct {
	Provider string `json:"provider"`
	UserID   string `json:"user_id"`
}

// 1. Scopes from a package variable of settings, SDK link by user_id.
func SDK(ctx context.Context, code, primary, provider, secondary string) error {
	tok, err := oauthcfg.Config(oauthcfg.Default).Exchange(ctx, code)
	if err != nil {
		return err
	}
	m, _ := management.New(oauthcfg.Default.Domain, management.WithStaticToken(tok.AccessToken))
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary}) // want `link-userid-current-user`
	return err
}

func SDKServer(ctx context.Context, code, primary, provider, secondary string) error {
	tok, err := oauthcfg.Config(oauthcfg.Server).Exchange(ctx, code)
	if err != nil {
		return err
	}
	m, _ := management.New(oauthcfg.Server.Domain, management.WithStaticToken(tok.AccessToken))
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary})
	return err
}

// 3. resty with a tagged struct body.
func Resty(ctx context.Context, code, primary string) error {
	tok, err := oauthcfg.Config(oauthcfg.Default).Exchange(ctx, code)
	if err != nil {
		return err
	}
	_, err = resty.New().SetAuthToken(tok.AccessToken).R().
		SetBody(identity{Provider: "github", UserID: "99"}).
		Post("https://" + oauthcfg.Default.Domain + "/api/v2/users/" + primary + "/identities") // want `link-userid-current-user`
	return err
}

func RestyServer(ctx context.Context, code, primary string) error {
	tok, err := oauthcfg.Config(oauthcfg.Server).Exchange(ctx, code)
	if err != nil {
		return err
	}
	_, err = resty.New().SetAuthToken(tok.AccessToken).R().
		SetBody(identity{Provider: "github", UserID: "99"}).
		Post("https://" + oauthcfg.Server.Domain + "/api/v2/users/" + primary + "/identities")
	return err
}

// Settings written at the call, scopes read from the struct parameter by the helper.
func SettingsLiteral(ctx context.Context, code, primary, provider, secondary string) error {
	tok, err := oauthcfg.Config(oauthcfg.Settings{Domain: tenant, Scopes: []string{"update:current_user_identities"}}).Exchange(ctx, code)
	if err != nil {
		return err
	}
	m, _ := management.New(tenant, management.WithStaticToken(tok.AccessToken))
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary}) // want `link-userid-current-user`
	return err
}

func SettingsLiteralServer(ctx context.Context, code, primary, provider, secondary string) error {
	tok, err := oauthcfg.Config(oauthcfg.Settings{Domain: tenant, Scopes: []string{"update:current_user_identities", "update:users"}}).Exchange(ctx, code)
	if err != nil {
		return err
	}
	m, _ := management.New(tenant, management.WithStaticToken(tok.AccessToken))
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary})
	return err
}
