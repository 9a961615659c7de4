package tenantconn

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/auth0sim"
)

// countEvents counts the simulator's log events of a type (feccft: failed exchanges).
func countEvents(srv *auth0sim.Server, typ string) int {
	n := 0
	for _, ev := range srv.Logs() {
		if gjson.GetBytes(ev, "type").String() == typ {
			n++
		}
	}
	return n
}

func simFlags(t *testing.T, srv *auth0sim.Server, clientID, secret string) *Flags {
	t.Helper()
	t.Setenv(EnvClientID, clientID)
	t.Setenv(EnvClientSecret, secret)
	t.Setenv(EnvAPIToken, "")
	return &Flags{Domain: srv.Domain(), InsecureHTTP: true}
}

func TestOneTokenExchangePerRun(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	f := simFlags(t, srv, auth0sim.ClientM2M, srv.ClientSecret(auth0sim.ClientM2M))
	conn, err := f.Open(context.Background(), Session{})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := conn.API.Tenant.Read(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if n := countEvents(srv, "seccft"); n != 1 {
		t.Errorf("%d token exchanges for one run, want 1", n)
	}
	if conn.Creds.ClientID != auth0sim.ClientM2M || !conn.HasScope("read:logs") || conn.HasScope("no:such-scope") {
		t.Errorf("conn: client %q scopes %v", conn.Creds.ClientID, conn.Scopes)
	}
}

func TestRefusedCredentialsAreNotRetried(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	for _, c := range []struct {
		client, secret string
		status         int
	}{
		{auth0sim.ClientM2M, "not-the-secret-at-all", http.StatusUnauthorized},
		// spa may not use client credentials: 403.
		{auth0sim.ClientSPA, srv.ClientSecret(auth0sim.ClientSPA) + "x", http.StatusUnauthorized},
		{auth0sim.ClientLegacyHS256, srv.ClientSecret(auth0sim.ClientLegacyHS256), http.StatusForbidden},
	} {
		before := countEvents(srv, "feccft")
		f := simFlags(t, srv, c.client, c.secret)
		_, err := f.Open(context.Background(), Session{})
		var ae *AuthError
		if !errors.As(err, &ae) || ae.Status != c.status {
			t.Fatalf("%s: err = %v, want an AuthError with status %d", c.client, err, c.status)
		}
		if !strings.Contains(err.Error(), "client "+c.client) || !strings.Contains(err.Error(), EnvClientSecret) {
			t.Errorf("%s: the message does not name the refused credential: %s", c.client, err)
		}
		if strings.Contains(err.Error(), c.secret) {
			t.Errorf("%s: the message shows the secret", c.client)
		}
		if n := countEvents(srv, "feccft") - before; n != 1 {
			t.Errorf("%s: %d failed exchanges in the tenant's logs, want 1", c.client, n)
		}
	}
}

func TestClosedPortFailsAtOnceInOneLine(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	f := &Flags{Domain: addr, InsecureHTTP: true}
	t.Setenv(EnvClientID, "m2m")
	t.Setenv(EnvClientSecret, "whatever-secret")
	t.Setenv(EnvAPIToken, "")
	_, err = f.Open(context.Background(), Session{})
	var ne *NetError
	if !errors.As(err, &ne) || !ne.Permanent || err.Error() != ne.Msg {
		t.Fatalf("err = %#v, want the NetError itself", err)
	}
	if !strings.Contains(ne.Msg, "connection refused") || !strings.Contains(ne.Msg, "auth0audit sim") || strings.Contains(ne.Msg, "scope") {
		t.Errorf("message %q", ne.Msg)
	}
}

func TestServerErrorsOnReadsAreRetried(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	f := simFlags(t, srv, auth0sim.ClientM2M, srv.ClientSecret(auth0sim.ClientM2M))
	srv.SetFault("oauth-token", auth0sim.Fault{Status: http.StatusServiceUnavailable, Times: 1})
	var mu sync.Mutex
	var notes []string
	conn, err := f.Open(context.Background(), Session{Progress: func(s string) { mu.Lock(); notes = append(notes, s); mu.Unlock() }})
	if err != nil {
		t.Fatalf("a 503 on the token exchange was not retried: %v", err)
	}
	srv.SetFault("get-tenant-settings", auth0sim.Fault{Status: http.StatusBadGateway, Times: 2})
	if _, err := conn.API.Tenant.Read(context.Background()); err != nil {
		t.Fatalf("two 502s on a read were not absorbed: %v", err)
	}
	if len(notes) != 3 || !strings.Contains(notes[0], "503") || !strings.Contains(notes[2], "502") {
		t.Errorf("progress notes: %q", notes)
	}
}

func TestPreMintedToken(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	tok, err := srv.MintM2MToken(auth0sim.ClientM2M, "read:tenant_settings")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvClientID, "")
	t.Setenv(EnvClientSecret, "")
	t.Setenv(EnvAPIToken, tok+"\n")
	f := &Flags{Domain: srv.Domain(), InsecureHTTP: true}
	conn, err := f.Open(context.Background(), Session{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.API.Tenant.Read(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := countEvents(srv, "seccft") + countEvents(srv, "feccft"); n != 0 {
		t.Errorf("%d token exchanges with a pre-minted token", n)
	}
	if conn.Creds.ClientID != auth0sim.ClientM2M || !conn.Creds.HasToken() || conn.HasScope("read:logs") {
		t.Errorf("conn: %+v scopes %v", conn.Creds, conn.Scopes)
	}

	idTok, err := srv.MintIDToken(auth0sim.IDTokenSpec{Sub: auth0sim.UserPrimary, Aud: auth0sim.ClientSPA})
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvAPIToken, idTok)
	if _, err := f.Open(context.Background(), Session{}); !IsAuthError(err) || !strings.Contains(err.Error(), "ID token") {
		t.Errorf("an ID token in %s: err = %v", EnvAPIToken, err)
	}
}

// TestDebugTraceRedactsEverySecret runs a connection with the trace on through a token exchange
// and reads that return every client's secret, then greps the trace.
func TestDebugTraceRedactsEverySecret(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	secret := srv.ClientSecret(auth0sim.ClientM2M)
	f := simFlags(t, srv, auth0sim.ClientM2M, secret)
	var trace bytes.Buffer
	conn, err := f.Open(context.Background(), Session{Trace: &trace})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.API.Client.List(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.API.Client.Read(context.Background(), auth0sim.ClientWeb); err != nil {
		t.Fatal(err)
	}
	out := trace.String()
	for _, want := range []string{"> POST http://" + srv.Domain() + "/oauth/token", "client_secret=" + "%5BREDACTED%5D",
		"> Authorization: Bearer [REDACTED]", `"access_token":"[REDACTED]"`, `"client_secret":"[REDACTED]"`, "< 200 OK"} {
		if !strings.Contains(out, want) {
			t.Errorf("trace lacks %q", want)
		}
	}
	for _, c := range srv.Clients() {
		if c.Secret != "" && strings.Contains(out, c.Secret) {
			t.Errorf("the trace shows %s's secret", c.ClientID)
		}
	}
	// Any JWS (header.payload.signature); the Auth0-Client header is base64 JSON, not a token.
	if m := jwtShape.FindString(out); m != "" || strings.Contains(out, "eyJhbGci") {
		t.Errorf("the trace shows a JWT: %.20s...", m)
	}
}

// TestDebugTraceShowsWhatIsNotASecret: the trace exists to debug a tenant's answers, so the
// settings the checks read stay visible: enable_idtoken_api2, token_endpoint_auth_method, the
// user access policy. Only credentials are redacted.
func TestDebugTraceShowsWhatIsNotASecret(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	f := simFlags(t, srv, auth0sim.ClientM2M, srv.ClientSecret(auth0sim.ClientM2M))
	var trace bytes.Buffer
	conn, err := f.Open(context.Background(), Session{Trace: &trace})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.API.Tenant.Read(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.API.Client.Read(context.Background(), auth0sim.ClientWeb); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.API.ResourceServer.List(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := trace.String()
	for _, want := range []string{`"enable_idtoken_api2":false`, `"token_endpoint_auth_method":"client_secret_post"`,
		`"token_type":"Bearer"`, `"subject_type_authorization":{`, `"client_secret":"[REDACTED]"`, `"access_token":"[REDACTED]"`} {
		if !strings.Contains(out, want) {
			t.Errorf("trace lacks %s", want)
		}
	}
}

func TestSensitiveKeys(t *testing.T) {
	for k, want := range map[string]bool{
		"access_token": true, "id_token": true, "refresh_token": true, "accessToken": true, "token": true,
		"mfa_token": true, "client_secret": true, "secret": true, "password": true, "link_with": true,
		"client_assertion": true, "code": true, "code_verifier": true, "recovery_code": true,
		"Authorization": true, "Proxy-Authorization": true, "Cookie": true, "Set-Cookie": true,
		"private_key": true, "X-Api-Key": true, "api_key": true, "id_token_hint": true,
		"enable_idtoken_api2": false, "token_endpoint_auth_method": false, "token_type": false,
		"token_lifetime": false, "subject_type_authorization": false, "errorCode": false,
		"client_id": false, "scope": false, "grant_types": false,
	} {
		if got := sensitiveKey(k); got != want {
			t.Errorf("sensitiveKey(%q) = %v, want %v", k, got, want)
		}
	}
}
