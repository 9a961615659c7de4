package auth0sim_test

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/auth0-migrate/auth0audit/auth0sim"
)

func TestAddClientGrantAndUser(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	secret, err := srv.AddClient(auth0sim.Client{ClientID: "ci-bot", Name: "CI bot", AppType: "non_interactive",
		GrantTypes: []string{"client_credentials"}})
	if err != nil || len(secret) != 64 || srv.ClientSecret("ci-bot") != secret {
		t.Fatalf("AddClient: %v (secret length %d)", err, len(secret))
	}
	if err := srv.AddGrant(auth0sim.ClientGrant{ClientID: "ci-bot", Scope: []string{"read:logs"}}); err != nil {
		t.Fatal(err)
	}
	tok, err := clientCredentials(srv, "ci-bot", secret, oauth2.AuthStyleInParams).Token(context.Background())
	if err != nil {
		t.Fatalf("token for the added client: %v", err)
	}
	if tok.Extra("scope") != "read:logs" {
		t.Errorf("scope = %v", tok.Extra("scope"))
	}

	if err := srv.AddUser(auth0sim.User{UserID: "apple|77", Email: "a@example.com"}); err != nil {
		t.Fatal(err)
	}
	u, ok := srv.User("apple|77")
	if !ok || len(u.Identities) != 1 || u.Identities[0].Provider != "apple" || !u.Identities[0].IsSocial {
		t.Fatalf("added user = %+v", u)
	}

	for _, bad := range []struct {
		err  error
		want string
	}{
		{srv.AddUser(auth0sim.User{UserID: "no-provider"}), "provider|id"},
		{func() error { _, err := srv.AddClient(auth0sim.Client{}); return err }(), "client_id"},
		{func() error { _, err := srv.AddClient(auth0sim.Client{ClientID: "x", IDTokenAlg: "ES256"}); return err }(), "ES256"},
		{srv.AddGrant(auth0sim.ClientGrant{ClientID: "ghost"}), "ghost"},
	} {
		if bad.err == nil || !strings.Contains(bad.err.Error(), bad.want) {
			t.Errorf("err = %v, want one naming %q", bad.err, bad.want)
		}
	}
}
