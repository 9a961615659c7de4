// Package b links with go-auth0 v3 after a password login asking for the user scope.
package b

import (
	"context"

	"github.com/auth0/go-auth0/v3/authentication"
	"github.com/auth0/go-auth0/v3/authentication/oauth"
	"github.com/auth0/go-auth0/v3/management"
	"github.com/auth0/go-auth0/v3/management/client"
	"github.com/auth0/go-auth0/v3/management/option"
)

func Link(ctx context.Context, auth *authentication.Authentication, mgmt *client.Management, user, pass, primary string) error {
	ts, err := auth.OAuth.LoginWithPassword(ctx, oauth.LoginWithPasswordRequest{
		Username: user, Password: pass, Scope: "openid update:current_user_identities",
	}, oauth.IDTokenValidationOptions{})
	if err != nil {
		return err
	}
	provider := management.UserIdentityProviderEnum("github")
	req := &management.LinkUserIdentityRequestContent{Provider: &provider, UserID: &management.UserID{String: "42"}}
	_, err = mgmt.Users.Identities.Link(ctx, primary, req, option.WithToken(ts.AccessToken)) // want `link-userid-current-user`
	return err
}

func LinkWith(ctx context.Context, auth *authentication.Authentication, user, pass, domain, primary, secondary string) error {
	ts, _ := auth.OAuth.LoginWithPassword(ctx, oauth.LoginWithPasswordRequest{
		Username: user, Password: pass, Scope: "openid update:current_user_identities",
	}, oauth.IDTokenValidationOptions{})
	mgmt, _ := client.New(domain, option.WithToken(ts.AccessToken))
	_, err := mgmt.Users.Identities.Link(ctx, primary, &management.LinkUserIdentityRequestContent{LinkWith: &secondary})
	return err
}
