// Package scopes assembles the app's OAuth configuration.
package scopes

import (
	"strings"

	"golang.org/x/oauth2"
)

// LinkScope is the user-scoped link scope.
const LinkScope = "update:current_user_identities"

var base = []string{"openid", "profile", "email"}

// UserScopes are the scopes the SPA asks for.
func UserScopes() []string {
	s := append([]string{}, base...)
	return append(s, LinkScope)
}

// ScopeParam is the scope parameter of an authorize URL.
func ScopeParam() string { return strings.Join(UserScopes(), " ") }

// UserConfig is the login configuration with the link scope.
func UserConfig(domain, clientID string) *oauth2.Config {
	return &oauth2.Config{
		ClientID: clientID,
		Endpoint: oauth2.Endpoint{AuthURL: "https://" + domain + "/authorize", TokenURL: "https://" + domain + "/oauth/token"},
		Scopes:   UserScopes(),
	}
}

// ServerConfig asks for update:users too: links by user_id are allowed.
func ServerConfig(domain string) *oauth2.Config {
	return &oauth2.Config{Scopes: append(UserScopes(), "update:users")}
}

// LinkBody is the body of a link by user_id.
func LinkBody(provider, userID string) map[string]string {
	return map[string]string{"provider": provider, "user_id": userID}
}
