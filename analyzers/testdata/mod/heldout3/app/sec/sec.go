// Package sec builds M2M clients from conf's credentials.
package sec

import (
	"context"
	"encoding/json"
	"net/http"
	"os"

	"github.com/auth0/go-auth0/management"

	"example.com/auth0vettest/heldout3/lib/authz"
	"example.com/auth0vettest/heldout3/lib/conf"
)

// S1. A copy of the environment credentials with a literal secret written in; its twin
// copies the literal credentials and overwrites the secret from the environment.
func LiteralOverride(ctx context.Context) *http.Client {
	c := conf.Env
	c.ClientSecret = "Po9Iu8Yt7Re6Wq5As4Df3Gh2Jk1Lz0Xc9Vb8Nm7Po6Iu5Yt4Re3Wq2As1Df0Gh9J"
	return authz.ClientCredentials(c).Client(ctx) // want `secret-hardcoded`
}

func EnvOverride(ctx context.Context) *http.Client {
	c := conf.Dev
	c.ClientSecret = os.Getenv("AUTH0_CLIENT_SECRET")
	return authz.ClientCredentials(c).Client(ctx)
}

// S2. Package variables whose secret conf's init replaces: Staging gets a literal, Prod
// gets the environment's.
func StagingClient(ctx context.Context) *http.Client {
	return authz.ClientCredentials(conf.Staging).Client(ctx) // want `secret-hardcoded`
}

func ProdClient(ctx context.Context) *http.Client {
	return authz.ClientCredentials(conf.Prod).Client(ctx)
}

// S3. Credentials decoded from JSON: unknown, no finding (conf.Dev's literal must not leak
// into them).
func Decoded(ctx context.Context, data []byte) (*http.Client, error) {
	var c conf.Credentials
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, err
	}
	return authz.ClientCredentials(c).Client(ctx), nil
}

// S4. Decoded from a file into a pointer.
func DecodedPointer(ctx context.Context, f *os.File) (*management.Management, error) {
	c := new(conf.Credentials)
	if err := json.NewDecoder(f).Decode(c); err != nil {
		return nil, err
	}
	return authz.Management(ctx, c)
}

// S5. Credentials returned through two helper levels of conf.
func FromFunc(ctx context.Context) *http.Client {
	return authz.ClientCredentials(conf.DevCredentials()).Client(ctx) // want `secret-hardcoded`
}

func FromFuncEnv(ctx context.Context) *http.Client {
	return authz.ClientCredentials(conf.EnvCredentials()).Client(ctx)
}

// S6. A pointer alias: the secret written in through the pointer.
func AliasLiteral(ctx context.Context) (*management.Management, error) {
	c := conf.Env
	p := &c
	p.ClientSecret = "Mn8Bv7Cx6Za5Lk4Jh3Gf2Ds1Ap0Oi9Uy8Tr7Ew6Qm5Nb4Vc3Xz2Lk1Jh0Gf9Ds8A"
	return authz.Management(ctx, &c) // want `secret-hardcoded`
}

func AliasEnv(ctx context.Context) (*management.Management, error) {
	c := conf.Env
	p := &c
	p.ClientID = os.Getenv("AUTH0_CLIENT_ID")
	return authz.Management(ctx, &c)
}

// S7. A service holding a pointer to the credentials.
func ServiceClient(ctx context.Context) *http.Client {
	return authz.NewService(&conf.Dev).Client(ctx) // want `secret-hardcoded`
}

func ServiceClientEnv(ctx context.Context) *http.Client {
	return authz.NewService(&conf.Env).Client(ctx)
}

// S8. Credentials nested one level (a region), then two levels (a deployment; README
// limit).
func RegionClient(ctx context.Context) error {
	return authz.RegionToken(ctx, conf.Region{Name: "eu", Auth0: conf.Dev}) // want `secret-hardcoded`
}

func RegionClientEnv(ctx context.Context) error {
	return authz.RegionToken(ctx, conf.Region{Name: "eu", Auth0: conf.Env})
}

func DeployClient(ctx context.Context) error {
	return authz.DeployToken(ctx, conf.Deploy{Name: "eu", Region: conf.Region{Name: "eu", Auth0: conf.Dev}}) // want `secret-hardcoded`
}

func DeployClientEnv(ctx context.Context) error {
	return authz.DeployToken(ctx, conf.Deploy{Name: "eu", Region: conf.Region{Name: "eu", Auth0: conf.Env}})
}

// S9. Credentials kept in a map.
var tenants = map[string]conf.Credentials{"dev": conf.Dev, "prod": conf.Env}

func MapClient(ctx context.Context) *http.Client {
	return authz.ClientCredentials(tenants["dev"]).Client(ctx) // want `secret-hardcoded`
}

var envTenants = map[string]conf.Credentials{"prod": conf.Env}

func MapClientEnv(ctx context.Context) *http.Client {
	return authz.ClientCredentials(envTenants["prod"]).Client(ctx)
}

// S10. Passed through any.
func AnyClient(ctx context.Context) *http.Client {
	var x any = conf.Dev
	return authz.ClientCredentials(x.(conf.Credentials)).Client(ctx) // want `secret-hardcoded`
}

func AnyClientEnv(ctx context.Context) *http.Client {
	var x any = conf.Env
	return authz.ClientCredentials(x.(conf.Credentials)).Client(ctx)
}
