// Package sdkv1unused builds a client from an ID token and hands it to another package.
package sdkv1unused

import (
	"github.com/auth0/go-auth0/authentication/oauth"
	"github.com/auth0/go-auth0/management"
)

func New(domain string, ts *oauth.TokenSet) (*management.Management, error) {
	return management.New(domain, management.WithStaticToken(ts.IDToken)) // want `^\[link-idtoken-bearer, suspected\] go-auth0 Management client authenticated by an ID token \(no Link/Unlink call with it was seen here, so this assumes a link\)`
}
