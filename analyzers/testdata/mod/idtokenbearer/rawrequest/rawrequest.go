// Package rawrequest links through the v1 client's raw Request on the identities URI: the
// call itself is the finding (confirmed), and the client option is not reported again.
package rawrequest

import (
	"context"
	"net/http"

	"github.com/auth0/go-auth0/authentication/oauth"
	"github.com/auth0/go-auth0/management"
)

func RawRequest(ctx context.Context, domain string, ts *oauth.TokenSet, id string, body any) error {
	m, err := management.New(domain, management.WithStaticToken(ts.IDToken))
	if err != nil {
		return err
	}
	return m.Request(ctx, http.MethodPost, m.URI("users", id, "identities"), body) // want `^\[link-idtoken-bearer\] go-auth0 Management client authenticated by an ID token sends a Management API link request`
}

