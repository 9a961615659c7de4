// Package oauthcfg assembles a second app's OAuth configuration (review cases for issue 11).
package oauthcfg

import (
	"os"
	"strings"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

const linkScope = "update:current_user_identities"

// Login is the login scopes, space-separated, as apps keep them in a constant.
const Login = "openid profile email " + linkScope

// Settings is the app's configuration, with its scopes.
type Settings struct {
	Domain string
	Scopes []string
}

// Default has the link scope in the scope list.
var Default = Settings{Domain: os.Getenv("AUTH0_DOMAIN"), Scopes: strings.Fields(Login)}

// Server asks for update:users as well.
var Server = Settings{Domain: os.Getenv("AUTH0_DOMAIN"), Scopes: append(strings.Fields(Login), "update:users")}

// Config builds the oauth2 configuration from settings.
func Config(s Settings) *oauth2.Config {
	scopes := []string{oidc.ScopeOpenID}
	scopes = append(scopes, s.Scopes...)
	return &oauth2.Config{
		ClientID: "spa",
		Endpoint: oauth2.Endpoint{AuthURL: "https://" + s.Domain + "/authorize", TokenURL: "https://" + s.Domain + "/oauth/token"},
		Scopes:   scopes,
	}
}

// Joined builds the configuration from a scope string.
func Joined(domain string, extra ...string) oauth2.Config {
	return oauth2.Config{ClientID: "spa", Scopes: strings.Split(strings.Join(append([]string{"openid"}, extra...), " "), " ")}
}
