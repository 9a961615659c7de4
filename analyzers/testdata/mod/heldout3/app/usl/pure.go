package usl

import (
	"context"

	"example.com/auth0vettest/heldout3/lib/authz"
	"example.com/auth0vettest/heldout3/lib/pureconf"
)

// U6. A plain config package (imports only os) holding the link scope.
func PureLink(ctx context.Context, code, primary, provider, uid string) error {
	tok, err := authz.PureConfig(pureconf.Link).Exchange(ctx, code)
	if err != nil {
		return err
	}
	return authz.LinkByUserID(ctx, pureconf.Link.Domain, tok.AccessToken, primary, provider, uid) // want `link-userid-current-user`
}

func PureLinkAdmin(ctx context.Context, code, primary, provider, uid string) error {
	tok, err := authz.PureConfig(pureconf.Admin).Exchange(ctx, code)
	if err != nil {
		return err
	}
	return authz.LinkByUserID(ctx, pureconf.Admin.Domain, tok.AccessToken, primary, provider, uid)
}
