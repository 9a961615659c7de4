package auth0sim_test

import (
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/auth0/go-auth0/management"
	"github.com/tidwall/gjson"
	"golang.org/x/oauth2"

	"github.com/auth0-migrate/auth0audit/auth0sim"
)

// newV1 builds a real go-auth0 v1 client for srv. WithInsecure must come first: it installs
// the token "insecure", which WithStaticToken then replaces. Retries are off unless opts add them.
func newV1(t *testing.T, srv *auth0sim.Server, token string, opts ...management.Option) *management.Management {
	t.Helper()
	all := append([]management.Option{management.WithInsecure(), management.WithStaticToken(token),
		management.WithNoRetries()}, opts...)
	m, err := management.New(srv.Domain(), all...)
	if err != nil {
		t.Fatalf("management.New: %v", err)
	}
	return m
}

func m2mToken(t *testing.T, srv *auth0sim.Server, scopes ...string) string {
	t.Helper()
	tok, err := srv.MintM2MToken(auth0sim.ClientM2M, scopes...)
	if err != nil {
		t.Fatalf("MintM2MToken: %v", err)
	}
	return tok
}

func userToken(t *testing.T, srv *auth0sim.Server, sub, azp string, scopes ...string) string {
	t.Helper()
	tok, err := srv.MintUserAccessToken(sub, azp, scopes...)
	if err != nil {
		t.Fatalf("MintUserAccessToken: %v", err)
	}
	return tok
}

func idToken(t *testing.T, srv *auth0sim.Server, spec auth0sim.IDTokenSpec) string {
	t.Helper()
	tok, err := srv.MintIDToken(spec)
	if err != nil {
		t.Fatalf("MintIDToken: %v", err)
	}
	return tok
}

// wantAPIError checks a go-auth0 v1 error's status and, through the fapi event the call
// produced, the errorCode and message the simulator answered.
func wantAPIError(t *testing.T, srv *auth0sim.Server, err error, status int, errorCode, messagePart string) {
	t.Helper()
	var me management.Error
	if !errors.As(err, &me) {
		t.Fatalf("got error %v, want a management.Error with status %d", err, status)
	}
	if me.Status() != status {
		t.Fatalf("status = %d (%v), want %d", me.Status(), err, status)
	}
	ev := lastEvent(t, srv)
	if got := ev.Get("type").String(); got != "fapi" {
		t.Fatalf("last event type = %q, want fapi", got)
	}
	body := ev.Get("details.response.body")
	if got := body.Get("errorCode").String(); got != errorCode {
		t.Errorf("errorCode = %q, want %q (body %s)", got, errorCode, body.Raw)
	}
	if got := body.Get("message").String(); !contains(got, messagePart) {
		t.Errorf("message = %q, want it to contain %q", got, messagePart)
	}
	if got := body.Get("statusCode").Int(); got != int64(status) {
		t.Errorf("body statusCode = %d, want %d", got, status)
	}
}

func lastEvent(t *testing.T, srv *auth0sim.Server) gjson.Result {
	t.Helper()
	logs := srv.Logs()
	if len(logs) == 0 {
		t.Fatal("no log events")
	}
	return gjson.ParseBytes(logs[len(logs)-1])
}

func contains(s, sub string) bool {
	return strings.Contains(s, sub)
}

func gjsonOf(b []byte) gjson.Result { return gjson.ParseBytes(b) }

func readAll(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func asMgmtError(err error, target *management.Error) bool { return errors.As(err, target) }

func asRetrieveError(err error, target **oauth2.RetrieveError) bool { return errors.As(err, target) }

// jwtHeader decodes a JWT's header (no verification).
func jwtHeader(t *testing.T, tok string) gjson.Result {
	t.Helper()
	head, _, _ := strings.Cut(tok, ".")
	b, err := base64.RawURLEncoding.DecodeString(head)
	if err != nil {
		t.Fatal(err)
	}
	return gjson.ParseBytes(b)
}
