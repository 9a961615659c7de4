// Package pureconf is a plain settings package: it imports only os, as most config
// packages do; its variables carry the link scope and a literal secret.
package pureconf

import "os"

// Settings is a login configuration and an M2M application's credentials.
type Settings struct {
	Domain       string
	ClientID     string
	ClientSecret string
	Scopes       []string
}

// Link asks for the user-scoped link scope only; Admin adds update:users.
var Link = Settings{Domain: os.Getenv("AUTH0_DOMAIN"), ClientID: os.Getenv("AUTH0_CLIENT_ID"), Scopes: []string{"openid", "update:current_user_identities"}}

var Admin = Settings{Domain: os.Getenv("AUTH0_DOMAIN"), ClientID: os.Getenv("AUTH0_CLIENT_ID"), Scopes: []string{"openid", "update:current_user_identities", "update:users"}}

// Worker has its secret written in; WorkerEnv reads it from the environment.
var Worker = Settings{Domain: "acme.us.auth0.com", ClientID: "hT4kQ9wZ2mX7vB1nC8rL5pJ3sD6fG0yA", ClientSecret: "Lm3Nq8Rt2Vw6Xz9Bc4Df7Gh1Jk5Pr0St3Uv8Wx2Yz6Ab9Cd4Ef7Gh1Jk5Mn0Pq3R"}

var WorkerEnv = Settings{Domain: "acme.us.auth0.com", ClientID: "hT4kQ9wZ2mX7vB1nC8rL5pJ3sD6fG0yA", ClientSecret: os.Getenv("AUTH0_CLIENT_SECRET")}
