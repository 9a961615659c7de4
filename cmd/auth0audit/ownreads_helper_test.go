package main

import (
	"context"
	"testing"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/logscan/ownreads"
)

// readSecretsAsTheTool leaves secret reads by the tool's own client and User-Agent in the
// simulator's logs, as fix's read-backs do (the read-only commands read no secret: tenant
// checks ask for clients without it).
func readSecretsAsTheTool(t *testing.T, srv *auth0sim.Server) {
	t.Helper()
	tok, err := srv.MintM2MToken(auth0sim.ClientM2M)
	if err != nil {
		t.Fatal(err)
	}
	api, err := management.New(srv.Domain(), management.WithInsecure(), management.WithStaticToken(tok),
		management.WithUserAgent(ownreads.UserAgent()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.Client.Read(context.Background(), auth0sim.ClientWeb); err != nil {
		t.Fatal(err)
	}
}
