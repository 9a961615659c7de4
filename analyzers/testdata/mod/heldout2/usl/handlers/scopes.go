// Package handlers is a web app's login-and-link handlers. Written as held-out cases for
// cross-package struct values (user-scoped links): the scopes travel in config's settings
// structs (package variables, literals written here, local copies) to authz's helpers; a token
// obtained with update:current_user_identities only, used to link by provider/user_id, is
// affected. Each twin adds update:users (or links with link_with).
package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"

	"github.com/auth0/go-auth0/management"
	"github.com/go-resty/resty/v2"

	"example.com/auth0vettest/heldout2/authz"
	"example.com/auth0vettest/heldout2/config"
)

var tenant = os.Getenv("AUTH0_DOMAIN")

type identityLink struct {
	Provider string `json:"provider"`
	UserID   string `json:"user_id"`
}

// 13. A package variable of settings passed by value to a helper; raw net/http link by user_id.
func CallbackLink(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	tok, err := authz.Config(config.Default).Exchange(ctx, r.URL.Query().Get("code"))
	if err != nil {
		http.Error(w, "exchange failed", http.StatusUnauthorized)
		return
	}
	body, _ := json.Marshal(identityLink{Provider: r.FormValue("provider"), UserID: r.FormValue("user_id")})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+config.Default.Domain+"/api/v2/users/"+r.FormValue("primary")+"/identities", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken) // want `link-userid-current-user`
	req.Header.Set("Content-Type", "application/json")
	http.DefaultClient.Do(req)
}

func CallbackLinkServer(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	tok, err := authz.Config(config.Server).Exchange(ctx, r.URL.Query().Get("code"))
	if err != nil {
		http.Error(w, "exchange failed", http.StatusUnauthorized)
		return
	}
	body, _ := json.Marshal(identityLink{Provider: r.FormValue("provider"), UserID: r.FormValue("user_id")})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+config.Server.Domain+"/api/v2/users/"+r.FormValue("primary")+"/identities", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	http.DefaultClient.Do(req)
}

// 13b. The same settings, linking with link_with: compliant.
func CallbackLinkWith(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	tok, err := authz.Config(config.Default).Exchange(ctx, r.URL.Query().Get("code"))
	if err != nil {
		http.Error(w, "exchange failed", http.StatusUnauthorized)
		return
	}
	body, _ := json.Marshal(map[string]string{"link_with": r.FormValue("secondary_id_token")})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+config.Default.Domain+"/api/v2/users/"+r.FormValue("primary")+"/identities", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("Content-Type", "application/json")
	http.DefaultClient.Do(req)
}

// 14. A value-receiver method of config's settings type builds the configuration; go-auth0 link.
func MethodConfigLink(ctx context.Context, code, primary, provider, secondary string) error {
	tok, err := config.Default.OAuth2().Exchange(ctx, code)
	if err != nil {
		return err
	}
	m, err := management.New(config.Default.Domain, management.WithStaticToken(tok.AccessToken))
	if err != nil {
		return err
	}
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary}) // want `link-userid-current-user`
	return err
}

func MethodConfigLinkServer(ctx context.Context, code, primary, provider, secondary string) error {
	tok, err := config.Server.OAuth2().Exchange(ctx, code)
	if err != nil {
		return err
	}
	m, err := management.New(config.Server.Domain, management.WithStaticToken(tok.AccessToken))
	if err != nil {
		return err
	}
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary})
	return err
}

// 15. A pointer to the package variable passed to a helper returning a value; resty link.
func PointerConfigResty(ctx context.Context, code, primary, provider, secondary string) error {
	conf := authz.ConfigFor(&config.Default)
	tok, err := conf.Exchange(ctx, code)
	if err != nil {
		return err
	}
	_, err = resty.New().SetAuthToken(tok.AccessToken).R().
		SetContext(ctx).
		SetBody(identityLink{Provider: provider, UserID: secondary}).
		Post("https://" + config.Default.Domain + "/api/v2/users/" + primary + "/identities") // want `link-userid-current-user`
	return err
}

func PointerConfigRestyServer(ctx context.Context, code, primary, provider, secondary string) error {
	conf := authz.ConfigFor(&config.Server)
	tok, err := conf.Exchange(ctx, code)
	if err != nil {
		return err
	}
	_, err = resty.New().SetAuthToken(tok.AccessToken).R().
		SetContext(ctx).
		SetBody(identityLink{Provider: provider, UserID: secondary}).
		Post("https://" + config.Server.Domain + "/api/v2/users/" + primary + "/identities")
	return err
}

// 16. Settings written as a literal at the call.
func LiteralSettingsLink(ctx context.Context, code, primary, provider, secondary string) error {
	conf := authz.Config(config.OAuth{
		Domain:      tenant,
		ClientID:    "spa",
		RedirectURL: "https://app.example.com/link/callback",
		Scopes:      []string{"openid", "profile", "update:current_user_identities"},
	})
	tok, err := conf.Exchange(ctx, code)
	if err != nil {
		return err
	}
	m, _ := management.New(tenant, management.WithStaticToken(tok.AccessToken))
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary}) // want `link-userid-current-user`
	return err
}

func LiteralSettingsLinkServer(ctx context.Context, code, primary, provider, secondary string) error {
	conf := authz.Config(config.OAuth{
		Domain:      tenant,
		ClientID:    "spa",
		RedirectURL: "https://app.example.com/link/callback",
		Scopes:      []string{"openid", "profile", "update:current_user_identities", "update:users"},
	})
	tok, err := conf.Exchange(ctx, code)
	if err != nil {
		return err
	}
	m, _ := management.New(tenant, management.WithStaticToken(tok.AccessToken))
	_, err = m.User.Link(ctx, primary, &management.UserIdentityLink{Provider: &provider, UserID: &secondary})
	return err
}

// 17. A local copy of the package variable, another field changed before the call.
func LocalCopyLink(ctx context.Context, code, primary string) error {
	s := config.Default
	s.RedirectURL = "https://app.example.com/settings/linked"
	tok, err := authz.Config(s).Exchange(ctx, code)
	if err != nil {
		return err
	}
	body, _ := json.Marshal(map[string]string{"provider": "google-oauth2", "user_id": "108326598312049531123"})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+s.Domain+"/api/v2/users/"+primary+"/identities", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken) // want `link-userid-current-user`
	_, err = http.DefaultClient.Do(req)
	return err
}

// The copy with update:users appended: compliant.
func LocalCopyLinkServer(ctx context.Context, code, primary string) error {
	s := config.Default
	s.Scopes = append(s.Scopes, "update:users")
	tok, err := authz.Config(s).Exchange(ctx, code)
	if err != nil {
		return err
	}
	body, _ := json.Marshal(map[string]string{"provider": "google-oauth2", "user_id": "108326598312049531123"})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+s.Domain+"/api/v2/users/"+primary+"/identities", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	_, err = http.DefaultClient.Do(req)
	return err
}

// 18. Two levels: the settings stored in authz's service struct, whose method exchanges and
// links by user_id; the finding is at the call here.
func ServiceLink(ctx context.Context, code, primary, provider, secondary string) error {
	linker := authz.NewAccountLinker(config.Default)
	return linker.LinkByUserID(ctx, code, primary, provider, secondary) // want `link-userid-current-user`
}

func ServiceLinkServer(ctx context.Context, code, primary, provider, secondary string) error {
	linker := authz.NewAccountLinker(config.Server)
	return linker.LinkByUserID(ctx, code, primary, provider, secondary)
}
