// Package bigapp calls the generated stress package with a login's tokens (performance only).
package bigapp

import (
	"golang.org/x/oauth2"

	"example.com/auth0vettest/heldout3/perf/big"
)

func Run(tok *oauth2.Token) error {
	c := &big.Client{F0: "acme.auth0.com", F2: tok.AccessToken}
	return c.M5("auth0|1")
}
