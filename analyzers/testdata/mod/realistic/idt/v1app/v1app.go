// Package v1app keeps an ID-token Management client in a struct and uses it from methods.
package v1app

import (
	"context"

	"github.com/auth0/go-auth0/authentication/oauth"
	"github.com/auth0/go-auth0/management"
)

type Linker struct {
	mgmt *management.Management
}

func NewLinker(domain string, ts *oauth.TokenSet) (*Linker, error) {
	m, err := management.New(domain, management.WithStaticToken(ts.IDToken))
	if err != nil {
		return nil, err
	}
	return &Linker{mgmt: m}, nil
}

func (l *Linker) Unlink(ctx context.Context, primary, provider, secondary string) error {
	_, err := l.mgmt.User.Unlink(ctx, primary, provider, secondary) // want `unlink-idtoken-bearer`
	return err
}

type AccessLinker struct {
	mgmt *management.Management
}

func NewAccessLinker(domain string, ts *oauth.TokenSet) (*AccessLinker, error) {
	m, err := management.New(domain, management.WithStaticToken(ts.AccessToken))
	return &AccessLinker{mgmt: m}, err
}

func (l *AccessLinker) Unlink(ctx context.Context, primary, provider, secondary string) error {
	_, err := l.mgmt.User.Unlink(ctx, primary, provider, secondary)
	return err
}

// options returns client options: a slice built with append.
func options(tok string) []management.Option {
	opts := []management.Option{management.WithRetries(2, nil)}
	return append(opts, management.WithStaticToken(tok))
}

func Options(ctx context.Context, domain string, ts *oauth.TokenSet, primary string, l *management.UserIdentityLink) {
	m, _ := management.New(domain, options(ts.IDToken)...)
	m.User.Link(ctx, primary, l) // want `link-idtoken-bearer`
}
