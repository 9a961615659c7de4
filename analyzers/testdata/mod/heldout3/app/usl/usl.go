// Package usl links by user_id with tokens whose scopes come from conf's settings.
package usl

import (
	"context"
	"encoding/json"
	"os"

	"example.com/auth0vettest/heldout3/lib/authz"
	"example.com/auth0vettest/heldout3/lib/conf"
)

// U1. Declared with update:users, which conf's init takes away.
func NarrowedLink(ctx context.Context, code, primary, provider, uid string) error {
	tok, err := authz.Config(conf.Narrowed).Exchange(ctx, code)
	if err != nil {
		return err
	}
	return authz.LinkByUserID(ctx, conf.Narrowed.Domain, tok.AccessToken, primary, provider, uid) // want `link-userid-current-user`
}

// Declared with the link scope only, init adds update:users.
func LinkingLink(ctx context.Context, code, primary, provider, uid string) error {
	tok, err := authz.Config(conf.Linking).Exchange(ctx, code)
	if err != nil {
		return err
	}
	return authz.LinkByUserID(ctx, conf.Linking.Domain, tok.AccessToken, primary, provider, uid)
}

// U2. A local copy whose scopes are replaced with the user-scoped ones; its twin replaces
// them with Server's.
func ReplacedScopes(ctx context.Context, code, primary, provider, uid string) error {
	s := conf.Server
	s.Scopes = conf.Default.Scopes
	tok, err := authz.Config(s).Exchange(ctx, code)
	if err != nil {
		return err
	}
	return authz.LinkByUserID(ctx, s.Domain, tok.AccessToken, primary, provider, uid) // want `link-userid-current-user`
}

func ReplacedScopesServer(ctx context.Context, code, primary, provider, uid string) error {
	s := conf.Default
	s.Scopes = conf.Server.Scopes
	tok, err := authz.Config(s).Exchange(ctx, code)
	if err != nil {
		return err
	}
	return authz.LinkByUserID(ctx, s.Domain, tok.AccessToken, primary, provider, uid)
}

// U3. Settings decoded from JSON after a default: unknown (no finding) unless the JSON
// leaves the scopes; the decoded value alone is not known to lack update:users.
func DecodedSettings(ctx context.Context, data []byte, code, primary, provider, uid string) error {
	var s conf.OAuth
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	tok, err := authz.Config(s).Exchange(ctx, code)
	if err != nil {
		return err
	}
	return authz.LinkByUserID(ctx, s.Domain, tok.AccessToken, primary, provider, uid)
}

// U4. A pointer alias to a copy: update:users appended through the pointer.
func AliasAppend(ctx context.Context, code, primary, provider, uid string) error {
	s := conf.Default
	p := &s
	p.ClientID = os.Getenv("LINK_CLIENT_ID")
	tok, err := authz.Config(s).Exchange(ctx, code)
	if err != nil {
		return err
	}
	return authz.LinkByUserID(ctx, s.Domain, tok.AccessToken, primary, provider, uid) // want `link-userid-current-user`
}

func AliasAppendServer(ctx context.Context, code, primary, provider, uid string) error {
	s := conf.Default
	p := &s
	p.Scopes = append(p.Scopes, "update:users")
	tok, err := authz.Config(s).Exchange(ctx, code)
	if err != nil {
		return err
	}
	return authz.LinkByUserID(ctx, s.Domain, tok.AccessToken, primary, provider, uid)
}

// U5. Settings chosen in a branch: either may be the user-scoped one.
func Chosen(ctx context.Context, admin bool, code, primary, provider, uid string) error {
	s := conf.Server
	if !admin {
		s = conf.Default
	}
	tok, err := authz.Config(s).Exchange(ctx, code)
	if err != nil {
		return err
	}
	return authz.LinkByUserID(ctx, s.Domain, tok.AccessToken, primary, provider, uid) // want `link-userid-current-user`
}

func ChosenServer(ctx context.Context, admin bool, code, primary, provider, uid string) error {
	s := conf.Server
	if !admin {
		s = conf.Linking
	}
	tok, err := authz.Config(s).Exchange(ctx, code)
	if err != nil {
		return err
	}
	return authz.LinkByUserID(ctx, s.Domain, tok.AccessToken, primary, provider, uid)
}
