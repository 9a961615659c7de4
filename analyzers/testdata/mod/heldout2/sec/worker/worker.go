// Package worker is the app's background jobs. Written as held-out cases for cross-package
// struct values: M2M credentials travel in config's structs (package variables, nested
// structs, literals) to authz's helpers, which send them to the tenant's /oauth/token; a
// struct carrying a literal secret is affected at the call here, its twin reads the secret
// from the environment (its client ID is still a literal, which is not a secret).
package worker

import (
	"context"
	"net/http"
	"os"

	"github.com/auth0/go-auth0/management"

	"example.com/auth0vettest/heldout2/authz"
	"example.com/auth0vettest/heldout2/config"
)

// 19. A package variable with a literal secret, by value, into clientcredentials.Config.
func SyncClient(ctx context.Context) *http.Client {
	return authz.ClientCredentials(config.M2M).Client(ctx) // want `secret-hardcoded`
}

func SyncClientEnv(ctx context.Context) *http.Client {
	return authz.ClientCredentials(config.M2MEnv).Client(ctx)
}

// 20. A pointer to the package variable, into management.WithClientCredentials.
func ManagementClient(ctx context.Context) (*management.Management, error) {
	return authz.Management(ctx, &config.M2M) // want `secret-hardcoded`
}

func ManagementClientEnv(ctx context.Context) (*management.Management, error) {
	return authz.Management(ctx, &config.M2MEnv)
}

// 21. The credentials nested in an environment struct; a raw JSON /oauth/token request.
func BackendToken(ctx context.Context) error {
	resp, err := authz.Backend(ctx, config.Staging) // want `secret-hardcoded`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func BackendTokenEnv(ctx context.Context) error {
	resp, err := authz.Backend(ctx, config.Production)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// 22. Credentials written as a literal at the call.
func ReportClient(ctx context.Context) *http.Client {
	cc := authz.ClientCredentials(config.Credentials{Domain: "example.auth0.com", ClientID: "aS9dF3gH7jK1lZ5xC9vB3nM7qW1eR5tY", ClientSecret: "Tz4Xc8Vb2Nm6Qw0Er4Ty8Ui2Op6As0Df4Gh8Jk2Lz6Xc0Vb4Nm8Qw2Er6Ty0Ui4Op8", Audience: "https://example.auth0.com/api/v2/"}) // want `secret-hardcoded`
	return cc.Client(ctx)
}

func ReportClientEnv(ctx context.Context) *http.Client {
	cc := authz.ClientCredentials(config.Credentials{Domain: "example.auth0.com", ClientID: "aS9dF3gH7jK1lZ5xC9vB3nM7qW1eR5tY", ClientSecret: os.Getenv("REPORTS_CLIENT_SECRET"), Audience: "https://example.auth0.com/api/v2/"})
	return cc.Client(ctx)
}

// 23. A local copy of the environment settings, the domain changed for a second region.
func EURegionToken(ctx context.Context) error {
	env := config.Staging
	env.Auth0.Domain = "acme-staging-eu.eu.auth0.com"
	resp, err := authz.Backend(ctx, env) // want `secret-hardcoded`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func EURegionTokenEnv(ctx context.Context) error {
	env := config.Production
	env.Auth0.Domain = "acme-eu.eu.auth0.com"
	resp, err := authz.Backend(ctx, env)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Decoy: a literal secret of the same struct type sent to GitHub, not Auth0.
func GitHubSync(ctx context.Context, code string) error {
	_, err := authz.GitHubApp(config.GitHub).Exchange(ctx, code)
	return err
}
