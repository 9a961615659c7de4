package linkcheck

import (
	"fmt"
	"strings"
)

// Kind is what a bearer token is.
type Kind int

const (
	// ServerToken: an access token with update:users (an M2M or admin token).
	ServerToken Kind = iota + 1
	// UserToken: an access token with the user-scoped link scope and not update:users.
	UserToken
	// OtherAccessToken: an access token with neither scope.
	OtherAccessToken
	// IDToken: an ID token, which the Management API no longer accepts as a bearer.
	IDToken
)

func (k Kind) String() string {
	switch k {
	case ServerToken:
		return "server access token (update:users)"
	case UserToken:
		return "user access token (update:current_user_identities)"
	case OtherAccessToken:
		return "access token without a linking scope"
	case IDToken:
		return "ID token"
	}
	return "unknown token"
}

// User-scoped link scope, and the misspelling in Auth0's migration guide that means the same.
const (
	ScopeUpdateUsers          = "update:users"
	ScopeCurrentUserIdentites = "update:current_user_identities"
	scopeCurrentUserMisspelt  = "update:current_user_metadata"
)

// Classify tells what kind of bearer token c is. An ID token is recognised by shape: its
// audience is a client id (not an API identifier), it carries no scope, and it usually has
// nonce or at_hash. The reason says which evidence decided it.
func Classify(c Claims) (Kind, string) {
	if c.Nonce || c.AtHash {
		return IDToken, "it carries nonce/at_hash, which only ID tokens have"
	}
	if len(c.Scopes) == 0 && c.GrantTyp == "" && audIsClientID(c.Audience) {
		return IDToken, "its aud is a client id and it has no scope: that is the shape of an ID token"
	}
	switch {
	case c.HasScope(ScopeUpdateUsers):
		return ServerToken, "scope update:users"
	case c.HasScope(ScopeCurrentUserIdentites) || c.HasScope(scopeCurrentUserMisspelt):
		return UserToken, "scope update:current_user_identities"
	}
	return OtherAccessToken, "no linking scope"
}

// audIsClientID reports whether every audience looks like a client id rather than an API
// identifier (APIs are named by URLs or URNs).
func audIsClientID(aud []string) bool {
	if len(aud) == 0 {
		return false
	}
	for _, a := range aud {
		if strings.Contains(a, "://") || strings.HasPrefix(a, "urn:") || strings.HasSuffix(a, "/api/v2/") {
			return false
		}
	}
	return true
}

// RefuseIDTokenBearer returns an error if token is an ID token (or not a JWT at all), saying
// why; it returns the decoded claims and kind otherwise.
func RefuseIDTokenBearer(token string) (Claims, Kind, error) {
	c, err := Decode(token)
	if err != nil {
		return c, 0, fmt.Errorf("the bearer token is %v", err)
	}
	k, why := Classify(c)
	if k == IDToken {
		return c, k, fmt.Errorf("refusing to send an ID token as the bearer token: %s. "+
			"The Management API no longer accepts ID tokens for linking or unlinking; use an access token "+
			"(update:users server-side, or update:current_user_identities for the user's own account)", why)
	}
	return c, k, nil
}
