// Package link links accounts with tokens from oauthcfg's configurations (review cases for
// issue 11): affected functions send user_id/provider with a user-scoped token.
package link

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"

	"example.com/auth0vettest/heldout/usl/oauthcfg"
)

type identity struct {
	Provider string `json:"provider"`
	UserID   string `json:"user_id"`
}

// 2. Scopes passed as variadic extras, joined and split; JSON body from a tagged struct.
func Joined(ctx context.Context, code, primary string) error {
	conf := oauthcfg.Joined(os.Getenv("AUTH0_DOMAIN"), "profile", "update:current_user_identities")
	tok, _ := conf.Exchange(ctx, code)
	body, _ := json.Marshal(identity{Provider: "google-oauth2", UserID: "1234"})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+os.Getenv("AUTH0_DOMAIN")+"/api/v2/users/"+primary+"/identities", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken) // want `link-userid-current-user`
	_, err := http.DefaultClient.Do(req)
	return err
}

func JoinedLinkWith(ctx context.Context, code, primary, secondaryIDToken string) error {
	conf := oauthcfg.Joined(os.Getenv("AUTH0_DOMAIN"), "profile", "update:current_user_identities")
	tok, _ := conf.Exchange(ctx, code)
	body, _ := json.Marshal(map[string]string{"link_with": secondaryIDToken})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://"+os.Getenv("AUTH0_DOMAIN")+"/api/v2/users/"+primary+"/identities", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	_, err := http.DefaultClient.Do(req)
	return err
}
