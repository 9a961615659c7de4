// Package flowcases: a user-scoped access token carried through a var ( ... ) group and +=
// still reaches the link call.
package flowcases

import (
	"context"

	"github.com/auth0/go-auth0/management"
	"golang.org/x/oauth2"
)

const domain = "https://example.eu.auth0.com"

var userConf = &oauth2.Config{
	ClientID: "spa",
	Endpoint: oauth2.Endpoint{AuthURL: domain + "/authorize", TokenURL: domain + "/oauth/token"},
	Scopes:   []string{"openid", "profile", "update:current_user_identities"},
}

func GroupedVar(ctx context.Context, code, primary, provider, secondary string) error {
	tok, err := userConf.Exchange(ctx, code)
	if err != nil {
		return err
	}
	var (
		at     = tok.AccessToken
		bearer = at
	)
	m, err := management.New(domain, management.WithStaticToken(bearer))
	if err != nil {
		return err
	}
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary}) // want `^\[link-userid-current-user\] account link with a user-scoped token`
	return err
}

func OpAssign(ctx context.Context, code, primary, provider, secondary string) error {
	tok, err := userConf.Exchange(ctx, code)
	if err != nil {
		return err
	}
	bearer := tok.AccessToken
	bearer += ""
	m, err := management.New(domain, management.WithStaticToken(bearer))
	if err != nil {
		return err
	}
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary}) // want `^\[link-userid-current-user\] account link with a user-scoped token`
	return err
}
