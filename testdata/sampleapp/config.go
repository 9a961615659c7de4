package main

import (
	"context"
	"os"

	"github.com/auth0/go-auth0/management"
	"golang.org/x/oauth2"
)

// config is read from the environment: this is the compliant way to hold secrets.
type config struct {
	Domain       string
	ClientID     string
	ClientSecret string
	M2MClientID  string
	M2MSecret    string
	CallbackURL  string
}

func loadConfig() config {
	return config{
		Domain:       os.Getenv("AUTH0_DOMAIN"),
		ClientID:     os.Getenv("AUTH0_CLIENT_ID"),
		ClientSecret: os.Getenv("AUTH0_CLIENT_SECRET"),
		M2MClientID:  os.Getenv("AUTH0_M2M_CLIENT_ID"),
		M2MSecret:    os.Getenv("AUTH0_M2M_CLIENT_SECRET"),
		CallbackURL:  os.Getenv("AUTH0_CALLBACK_URL"),
	}
}

// reportingClientSecret belongs to a reporting job someone pasted in "for now".
const reportingClientSecret = "Qm4Zt8Lp2Xw6Rb9Vn3Kc7Jd1Hf5Gs0Ay4Ue8Io2Pw6Tr9Ey3Sx7Dz1Fc5Gv9Bh3N"

// newReportingClient builds a Management client from a hard-coded secret (to be rotated).
func newReportingClient(ctx context.Context, cfg config) (*management.Management, error) {
	return management.New(cfg.Domain, management.WithClientCredentials(ctx, "reporting-job", reportingClientSecret))
}

// userOAuth is the web app's login config. It asks for the user-scoped link scope so the
// user can link their own accounts.
func userOAuth(cfg config) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     cfg.ClientID,
		ClientSecret: cfg.ClientSecret,
		RedirectURL:  cfg.CallbackURL,
		Endpoint: oauth2.Endpoint{
			AuthURL:  "https://" + cfg.Domain + "/authorize",
			TokenURL: "https://" + cfg.Domain + "/oauth/token",
		},
		Scopes: []string{"openid", "profile", "email", "update:current_user_identities"},
	}
}
