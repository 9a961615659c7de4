// Package conf holds settings structs and package variables; nothing here is reported.
package conf

import "os"

// OAuth is a login configuration.
type OAuth struct {
	Domain   string
	ClientID string
	Scopes   []string
}

// Linking asks for the user-scoped link scope; init adds update:users.
var Linking = OAuth{
	Domain:   os.Getenv("AUTH0_DOMAIN"),
	ClientID: os.Getenv("AUTH0_CLIENT_ID"),
	Scopes:   []string{"openid", "update:current_user_identities"},
}

// Narrowed is declared with update:users; init takes it away.
var Narrowed = OAuth{
	Domain:   os.Getenv("AUTH0_DOMAIN"),
	ClientID: os.Getenv("AUTH0_CLIENT_ID"),
	Scopes:   []string{"openid", "update:current_user_identities", "update:users"},
}

// Default is the user-scoped login; Server adds update:users.
var Default = OAuth{
	Domain:   os.Getenv("AUTH0_DOMAIN"),
	ClientID: os.Getenv("AUTH0_CLIENT_ID"),
	Scopes:   []string{"openid", "update:current_user_identities"},
}

var Server = OAuth{
	Domain:   os.Getenv("AUTH0_DOMAIN"),
	ClientID: os.Getenv("AUTH0_ADMIN_CLIENT_ID"),
	Scopes:   []string{"openid", "update:current_user_identities", "update:users"},
}

// Credentials are an M2M application's.
type Credentials struct {
	Domain       string
	ClientID     string
	ClientSecret string
}

// Dev has a literal secret.
var Dev = Credentials{
	Domain:       "acme-dev.us.auth0.com",
	ClientID:     "hT4kQ9wZ2mX7vB1nC8rL5pJ3sD6fG0yA",
	ClientSecret: "Lm3Nq8Rt2Vw6Xz9Bc4Df7Gh1Jk5Pr0St3Uv8Wx2Yz6Ab9Cd4Ef7Gh1Jk5Mn0Pq3R",
}

// Env reads its secret from the environment.
var Env = Credentials{
	Domain:       os.Getenv("AUTH0_DOMAIN"),
	ClientID:     "pX8cV2bN6mQ1wE5rT9yU3iO7aS4dF0gH",
	ClientSecret: os.Getenv("AUTH0_CLIENT_SECRET"),
}

// Prod is declared with a placeholder literal secret that init always replaces from the
// environment.
var Prod = Credentials{
	Domain:       "acme-prod.us.auth0.com",
	ClientID:     "zB6nM0qW4eR8tY2uI6oP0aS4dF8gH2jK",
	ClientSecret: "Qw7Er2Ty5Ui9Op3As6Df0Gh4Jk8Lz1Xc5Vb9Nm2Qw6Er0Ty3Ui7Op1As4Df8Gh2J",
}

// Staging is declared with an environment secret that init replaces with a literal.
var Staging = Credentials{
	Domain:       os.Getenv("AUTH0_DOMAIN"),
	ClientID:     "rY5tU1iO9pA3sD7fG2hJ6kL0zX4cV8bN",
	ClientSecret: os.Getenv("AUTH0_CLIENT_SECRET"),
}

func init() {
	Linking.Scopes = append(Linking.Scopes, "update:users")
	Narrowed.Scopes = []string{"openid", "update:current_user_identities"}
	Prod.ClientSecret = os.Getenv("AUTH0_PROD_CLIENT_SECRET")
	Staging.ClientSecret = "Tz4Xc8Vb2Nm6Qw0Er4Ty8Ui2Op6As0Df4Gh8Jk2Lz6Xc0Vb4Nm8Qw2Er6Ty0Ui4Op8"
}

// DevCredentials returns the literal credentials through a function.
func DevCredentials() Credentials { return devCreds() }

func devCreds() Credentials {
	return Credentials{Domain: "acme-dev.us.auth0.com", ClientID: "aS9dF3gH7jK1lZ5xC9vB3nM7qW1eR5tY", ClientSecret: "Yt5Re1Wq7Po3Iu9Yt5Re1Wq7Po3Iu9Yt5Re1Wq7Po3Iu9Yt5Re1Wq7Po3Iu9Yt5R"}
}

// EnvCredentials returns the environment credentials through a function.
func EnvCredentials() Credentials { return envCreds() }

func envCreds() Credentials {
	return Credentials{Domain: os.Getenv("AUTH0_DOMAIN"), ClientID: "aS9dF3gH7jK1lZ5xC9vB3nM7qW1eR5tY", ClientSecret: os.Getenv("AUTH0_CLIENT_SECRET")}
}

// Region nests credentials one level; Deploy nests them two levels.
type Region struct {
	Name  string
	Auth0 Credentials
}

type Deploy struct {
	Name   string
	Region Region
}
