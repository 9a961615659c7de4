package a

import (
	"context"
	"flag"
	"os"

	"github.com/auth0/go-auth0/authentication/oauth"
	"github.com/auth0/go-auth0/management"
	"golang.org/x/oauth2/clientcredentials"
)

const clientSecret = "YOUR_CLIENT_SECRET"

var secretFlag = flag.String("auth0-client-secret", "", "client secret")

func Adversarial(ctx context.Context) {
	management.New(domain, management.WithClientCredentials(ctx, "id", clientSecret))
	management.New(domain, management.WithClientCredentials(ctx, "id", *secretFlag))
	management.New(domain, management.WithClientCredentials(ctx, "id", os.Getenv("AUTH0_CLIENT_SECRET")))
	// Another provider's client-credentials config: silent.
	_ = clientcredentials.Config{ClientID: "svc", ClientSecret: m2mSecret, TokenURL: "https://login.microsoftonline.com/tenant/oauth2/v2.0/token"}
}

// Suppressed: a directive above a statement covers all of it, however it is wrapped.
func Suppressed(ctx context.Context) {
	//auth0vet:ignore secret of a deleted dev tenant, kept for the demo
	_ = clientcredentials.Config{
		ClientID:     "id",
		ClientSecret: m2mSecret,
		TokenURL:     "https://" + domain + "/oauth/token",
	}
	//auth0vet:ignore same deleted dev tenant
	management.New(domain, management.WithClientCredentials(ctx,
		"id",
		m2mSecret,
	))
	management.New(domain, management.WithClientCredentials(ctx, "id", //auth0vet:ignore trailing on the first line
		m2mSecret))
	management.New(domain, management.WithClientCredentials(ctx, "id",
		m2mSecret)) //auth0vet:ignore trailing on the last line
	_ = oauth.ClientAuthentication{ClientID: "id", ClientSecret: m2mSecret} //auth0vet:ignore trailing: this line only
	_ = oauth.ClientAuthentication{ClientID: "id", ClientSecret: m2mSecret} // want `secret-hardcoded`
}

// Fallback: a literal secret used when the environment variable is unset is still in the code.
func Fallback(ctx context.Context) {
	secret := os.Getenv("AUTH0_CLIENT_SECRET")
	if secret == "" {
		secret = "Rk2Lq8Zt5Wn1Xv7Yb3Mc9Pd4Hs6Jf0Ga2Ue8Io5Sy1Tz3Vw7Kx9Nb4Qc6Ld8Rf0E"
	}
	management.New(domain, management.WithClientCredentials(ctx, "id", secret)) // want `secret-hardcoded`
	dev := os.Getenv("AUTH0_CLIENT_SECRET")
	if dev == "" {
		dev = "YOUR_CLIENT_SECRET"
	}
	management.New(domain, management.WithClientCredentials(ctx, "id", dev))
}
