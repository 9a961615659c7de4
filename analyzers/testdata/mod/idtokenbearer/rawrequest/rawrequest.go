// Package rawrequest links through the v1 client's raw Request: a method of the Management
// client itself does not tell what the client is for, so the option is still reported.
package rawrequest

import (
	"context"
	"net/http"

	"github.com/auth0/go-auth0/authentication/oauth"
	"github.com/auth0/go-auth0/management"
)

func RawRequest(ctx context.Context, domain string, ts *oauth.TokenSet, id string, body any) error {
	m, err := management.New(domain, management.WithStaticToken(ts.IDToken)) // want `link-idtoken-bearer`
	if err != nil {
		return err
	}
	return m.Request(ctx, http.MethodPost, m.URI("users", id, "identities"), body)
}
