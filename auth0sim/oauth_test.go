package auth0sim_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/auth0/go-auth0/management"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/auth0-migrate/auth0audit/auth0sim"
)

func TestClientCredentialsWithGoAuth0(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	ctx := context.Background()
	// WithInsecure before WithClientCredentials: the token URL becomes http://<domain>/oauth/token.
	m, err := management.New(srv.Domain(), management.WithInsecure(),
		management.WithClientCredentials(ctx, auth0sim.ClientM2M, srv.ClientSecret(auth0sim.ClientM2M)))
	if err != nil {
		t.Fatal(err)
	}
	c, err := m.Client.Read(ctx, auth0sim.ClientWeb)
	if err != nil {
		t.Fatalf("read with a client-credentials token: %v", err)
	}
	if c.GetClientSecret() == "" {
		t.Error("the M2M grant includes read:client_keys but no secret came back")
	}
	ev := gjsonOf(srv.Logs()[0])
	if ev.Get("type").String() != "seccft" || ev.Get("client_id").String() != auth0sim.ClientM2M ||
		ev.Get("audience").String() != srv.ManagementAudience() || !strings.Contains(ev.Get("scope").String(), "update:client_keys") {
		t.Errorf("seccft event = %s", ev.Raw)
	}
}

func TestOptionOrderMatters(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	// WithStaticToken first: WithInsecure then overwrites the token with "insecure".
	m, err := management.New(srv.Domain(), management.WithStaticToken(m2mToken(t, srv)), management.WithInsecure(),
		management.WithNoRetries())
	if err != nil {
		t.Fatal(err)
	}
	_, err = m.Client.Read(context.Background(), auth0sim.ClientWeb)
	var me management.Error
	if !asMgmtError(err, &me) || me.Status() != http.StatusUnauthorized {
		t.Fatalf("token before WithInsecure: err = %v, want 401", err)
	}
}

func TestOAuthTokenOldAndNewSecret(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	ctx := context.Background()
	old := srv.ClientSecret(auth0sim.ClientWeb)
	if _, err := clientCredentials(srv, auth0sim.ClientWeb, old, oauth2.AuthStyleInParams).Token(ctx); err != nil {
		t.Fatalf("current secret refused: %v", err)
	}
	if _, err := newV1(t, srv, m2mToken(t, srv)).Client.RotateSecret(ctx, auth0sim.ClientWeb); err != nil {
		t.Fatal(err)
	}
	_, err := clientCredentials(srv, auth0sim.ClientWeb, old, oauth2.AuthStyleInParams).Token(ctx)
	var re *oauth2.RetrieveError
	if !asRetrieveError(err, &re) || re.Response.StatusCode != http.StatusUnauthorized || re.ErrorCode != "access_denied" {
		t.Fatalf("old secret after rotation: err = %v, want 401 access_denied", err)
	}
	ev := lastEvent(t, srv)
	if ev.Get("type").String() != "feccft" || ev.Get("client_id").String() != auth0sim.ClientWeb ||
		ev.Get("description").String() != "Unauthorized" || ev.Get("client_name").String() != "Billing Web" {
		t.Errorf("feccft event = %s", ev.Raw)
	}
	if strings.Contains(ev.Raw, old) {
		t.Error("the refused secret reached the log")
	}
	tok, err := clientCredentials(srv, auth0sim.ClientWeb, srv.ClientSecret(auth0sim.ClientWeb), oauth2.AuthStyleInHeader).Token(ctx)
	if err != nil {
		t.Fatalf("new secret with client_secret_basic: %v", err)
	}
	if got := tok.Extra("scope"); got != "read:users" {
		t.Errorf("scope = %v, want the web client's grant read:users", got)
	}
	if lastEvent(t, srv).Get("type").String() != "seccft" {
		t.Error("successful exchange not logged as seccft")
	}
}

func TestOAuthTokenRejections(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	cases := []struct {
		name, clientID, secret, audience string
		status                           int
		code, descPart                   string
	}{
		{"unknown client", "ghost", "x", srv.ManagementAudience(), 401, "access_denied", "Unauthorized"},
		{"no grant type", auth0sim.ClientLegacyHS256, srv.ClientSecret(auth0sim.ClientLegacyHS256), srv.ManagementAudience(), 403, "unauthorized_client", "client_credentials"},
		{"unknown audience", auth0sim.ClientM2M, srv.ClientSecret(auth0sim.ClientM2M), "https://api.example.com/", 403, "access_denied", "Service not enabled"},
		{"no audience", auth0sim.ClientM2M, srv.ClientSecret(auth0sim.ClientM2M), "", 403, "access_denied", "No audience"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			form := url.Values{"grant_type": {"client_credentials"}, "client_id": {tc.clientID},
				"client_secret": {tc.secret}, "audience": {tc.audience}}
			resp, err := http.PostForm(srv.URL()+"/oauth/token", form)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body := readAll(t, resp)
			if resp.StatusCode != tc.status || gjsonOf(body).Get("error").String() != tc.code ||
				!strings.Contains(gjsonOf(body).Get("error_description").String(), tc.descPart) {
				t.Fatalf("got %d %s, want %d %s ~%q", resp.StatusCode, body, tc.status, tc.code, tc.descPart)
			}
			if lastEvent(t, srv).Get("type").String() != "feccft" {
				t.Error("failure not logged as feccft")
			}
		})
	}
}

func TestJWKSVerifiesMintedTokens(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	resp, err := http.Get(srv.JWKSURL())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	keys := gjsonOf(readAll(t, resp)).Get("keys")
	if len(keys.Array()) != 1 || keys.Get("0.kty").String() != "RSA" || keys.Get("0.kid").String() == "" ||
		keys.Get("0.d").Exists() {
		t.Fatalf("jwks = %s, want one public RSA key with a kid", keys.Raw)
	}
	tok := idToken(t, srv, auth0sim.IDTokenSpec{Sub: auth0sim.UserSecondary, Aud: auth0sim.ClientSPA})
	if got := jwtHeader(t, tok).Get("kid").String(); got != keys.Get("0.kid").String() {
		t.Errorf("token kid %q not in JWKS", got)
	}
}

func clientCredentials(srv *auth0sim.Server, id, secret string, style oauth2.AuthStyle) *clientcredentials.Config {
	return &clientcredentials.Config{ClientID: id, ClientSecret: secret, TokenURL: srv.URL() + "/oauth/token",
		EndpointParams: url.Values{"audience": {srv.ManagementAudience()}}, AuthStyle: style}
}
