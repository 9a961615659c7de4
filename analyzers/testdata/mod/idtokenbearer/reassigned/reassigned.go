// Package reassigned reuses one variable for an ID token and an access token: what matters is
// the token the variable holds where the client is built.
package reassigned

import (
	"context"

	"github.com/auth0/go-auth0/authentication/oauth"
	"github.com/auth0/go-auth0/management"
)

func link(ctx context.Context, domain, tok, primary, provider, secondary string) error {
	m, err := management.New(domain, management.WithStaticToken(tok))
	if err != nil {
		return err
	}
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary})
	return err
}

func linkHere(ctx context.Context, domain, tok, primary, provider, secondary string) error {
	m, err := management.New(domain, management.WithStaticToken(tok))
	if err != nil {
		return err
	}
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary})
	return err
}

// ReplacedBeforeUse: the ID token is replaced on every path before the client is built.
func ReplacedBeforeUse(ctx context.Context, domain string, ts *oauth.TokenSet, primary, provider, secondary string) error {
	tok := ts.IDToken
	if tok == "" {
		return nil
	}
	tok = ts.AccessToken
	m, err := management.New(domain, management.WithStaticToken(tok))
	if err != nil {
		return err
	}
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary})
	return err
}

// ReplacedInABranch: on one path the ID token is still there.
func ReplacedInABranch(ctx context.Context, domain string, ts *oauth.TokenSet, fresh bool, primary, provider, secondary string) error {
	tok := ts.AccessToken
	if !fresh {
		tok = ts.IDToken
	}
	m, err := management.New(domain, management.WithStaticToken(tok))
	if err != nil {
		return err
	}
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary}) // want `^\[link-idtoken-bearer\] go-auth0 link call`
	return err
}

// ReplacedAfterUse: the access token comes too late.
func ReplacedAfterUse(ctx context.Context, domain string, ts *oauth.TokenSet, primary, provider, secondary string) error {
	tok := ts.IDToken
	m, err := management.New(domain, management.WithStaticToken(tok))
	if err != nil {
		return err
	}
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary}) // want `^\[link-idtoken-bearer\] go-auth0 link call`
	tok = ts.AccessToken
	_ = tok
	return err
}

// LoopCarried: the second iteration builds its client from the ID token of the first.
func LoopCarried(ctx context.Context, domain string, ts *oauth.TokenSet, users []string, provider, secondary string) error {
	tok := ts.AccessToken
	for _, u := range users {
		m, err := management.New(domain, management.WithStaticToken(tok))
		if err != nil {
			return err
		}
		if _, err := m.User.Link(ctx, u, &management.UserIdentityLink{Provider: &provider, UserID: &secondary}); err != nil { // want `^\[link-idtoken-bearer\] go-auth0 link call`
			return err
		}
		tok = ts.IDToken
	}
	return nil
}

// ReplacedInEveryIteration: each iteration replaces the ID token before the client is built.
func ReplacedInEveryIteration(ctx context.Context, domain string, ts *oauth.TokenSet, users []string, provider, secondary string) error {
	for _, u := range users {
		tok := ts.IDToken
		if tok == "" {
			continue
		}
		tok = ts.AccessToken
		m, err := management.New(domain, management.WithStaticToken(tok))
		if err != nil {
			return err
		}
		if _, err := m.User.Link(ctx, u, &management.UserIdentityLink{Provider: &provider, UserID: &secondary}); err != nil {
			return err
		}
		tok = ts.IDToken
		_ = tok
	}
	return nil
}

// SetByAClosure: a closure may run anywhere, so every value counts.
func SetByAClosure(ctx context.Context, domain string, ts *oauth.TokenSet, primary, provider, secondary string) error {
	tok := ts.AccessToken
	useID := func() { tok = ts.IDToken }
	useID()
	return linkHere(ctx, domain, tok, primary, provider, secondary) // want `^\[link-idtoken-bearer\] go-auth0 link call .* \(via helper linkHere\)`
}

// IfInitAndElse: the else branch replaces the ID token from the if's init.
func IfInitAndElse(ctx context.Context, domain string, ts *oauth.TokenSet, primary, provider, secondary string) error {
	if tok := ts.IDToken; tok == "" {
		return nil
	} else {
		tok = ts.AccessToken
		return link(ctx, domain, tok, primary, provider, secondary)
	}
}

// SwitchCase: one case replaces it, the other does not.
func SwitchCase(ctx context.Context, domain string, ts *oauth.TokenSet, mode int, primary, provider, secondary string) error {
	tok := ts.IDToken
	switch mode {
	case 1:
		tok = ts.AccessToken
		return link(ctx, domain, tok, primary, provider, secondary)
	default:
		return linkHere(ctx, domain, tok, primary, provider, secondary) // want `link-idtoken-bearer`
	}
}
