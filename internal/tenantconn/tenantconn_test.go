package tenantconn

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/PuerkitoBio/rehttp"

	"github.com/auth0-migrate/auth0audit/internal/cliexit"
)

func TestResolvePrefersSecretFileAndNeverEchoesIt(t *testing.T) {
	t.Setenv("AUTH0_CLIENT_ID", "env-id")
	t.Setenv("AUTH0_CLIENT_SECRET", "env-secret-value")
	file := filepath.Join(t.TempDir(), "s")
	if err := os.WriteFile(file, []byte("  file-secret-value\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f := Flags{Domain: "x.eu.auth0.com", ClientSecretFile: file}
	c, err := f.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	if c.ClientID != "env-id" || c.Secret() != "file-secret-value" {
		t.Fatalf("resolved %q / secret of %d bytes", c.ClientID, len(c.Secret()))
	}
	if strings.Contains(c.String(), "secret-value") || !strings.Contains(c.String(), "--client-secret-file") {
		t.Fatalf("String() = %s: want the source named and no secret", c)
	}
	f.ClientSecretFile = ""
	if c, _ = f.Resolve(); c.Secret() != "env-secret-value" {
		t.Fatal("AUTH0_CLIENT_SECRET not used when no file is given")
	}
}

func TestMissingCredentialsAreAuthErrorsNamingWhatToSet(t *testing.T) {
	t.Setenv(EnvClientID, "")
	t.Setenv(EnvClientSecret, "")
	t.Setenv(EnvAPIToken, "")
	_, err := (&Flags{Domain: "x.eu.auth0.com"}).resolveAny()
	if !IsAuthError(err) || !strings.Contains(err.Error(), EnvClientID) || !strings.Contains(err.Error(), EnvAPIToken) {
		t.Fatalf("err = %v", err)
	}
	t.Setenv(EnvClientID, "id")
	if _, err := (&Flags{Domain: "x.eu.auth0.com"}).resolveAny(); !IsAuthError(err) || !strings.Contains(err.Error(), EnvClientSecret) {
		t.Fatalf("err = %v", err)
	}
}

func TestDomainFromEnvironmentAndChecks(t *testing.T) {
	t.Setenv(EnvDomain, " acme.eu.auth0.com ")
	f := Flags{}
	f.UseEnvDomain()
	if f.Domain != "acme.eu.auth0.com" {
		t.Fatalf("domain %q", f.Domain)
	}
	f = Flags{Domain: "flag.auth0.com"}
	f.UseEnvDomain()
	if f.Domain != "flag.auth0.com" {
		t.Fatal("AUTH0_DOMAIN overrode --tenant")
	}
	for _, bad := range []string{"", "https://acme.auth0.com", "acme.auth0.com/api", "user@acme.auth0.com"} {
		if err := (&Flags{Domain: bad}).checkDomain(); cliexit.Code(err) != cliexit.Usage {
			t.Errorf("%q: err = %v, want a usage error", bad, err)
		}
	}
}

func TestInsecureHTTPOnlyForLoopback(t *testing.T) {
	for domain, ok := range map[string]bool{
		"127.0.0.1:8080": true, "localhost:1": true, "[::1]:9": true,
		"example.eu.auth0.com": false, "127.example.com:80": false,
	} {
		err := (&Flags{Domain: domain, InsecureHTTP: true}).checkDomain()
		if ok && err != nil {
			t.Errorf("%s: %v", domain, err)
		}
		if !ok && (err == nil || !strings.Contains(err.Error(), "--insecure-http")) {
			t.Errorf("%s: err = %v, want a refusal naming --insecure-http", domain, err)
		}
	}
}

func TestNetworkErrorsThatDoNotHealAreNotRetried(t *testing.T) {
	get, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1:1/api/v2/logs", nil)
	cases := []struct {
		name      string
		err       error
		permanent bool
		want      string
	}{
		{"dns", &net.DNSError{Err: "no such host", Name: "acme.invalid", IsNotFound: true}, true, "no such host"},
		// A DNS server that does not answer says nothing about the name: blaming --tenant
		// would send the user to fix the wrong thing.
		{"dns timeout", &net.DNSError{Err: "i/o timeout", Name: "acme.eu.auth0.com", Server: "10.0.0.53:53", IsTimeout: true}, true,
			`the name lookup of "acme.eu.auth0.com" failed (i/o timeout); check the network and DNS`},
		{"dns server failure", &net.DNSError{Err: "server misbehaving", Name: "acme.eu.auth0.com", IsTemporary: true}, true,
			`the name lookup of "acme.eu.auth0.com" failed (server misbehaving)`},
		{"refused", &net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, true, "connection refused"},
		{"reset", &net.OpError{Op: "read", Err: errors.New("connection reset by peer")}, false, "talking to tenant"},
	}
	for _, c := range cases {
		err := classifyNetError("acme.invalid", "https", c.err)
		var ne *NetError
		if !errors.As(err, &ne) || ne.Permanent != c.permanent || !strings.Contains(ne.Msg, c.want) {
			t.Errorf("%s: %#v", c.name, err)
			continue
		}
		if strings.Contains(ne.Msg, "\n") {
			t.Errorf("%s: message spans lines: %q", c.name, ne.Msg)
		}
		if retry := shouldRetry(rehttp.Attempt{Request: get, Error: err}); retry == c.permanent {
			t.Errorf("%s: retry = %v", c.name, retry)
		}
	}
}

func TestRetryPolicy(t *testing.T) {
	get, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1:1/api/v2/logs", nil)
	post, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1:1/api/v2/users/x/identities", nil)
	token, _ := http.NewRequestWithContext(retryable(context.Background()), http.MethodPost, "http://127.0.0.1:1/oauth/token", nil)
	resp := func(code int) *http.Response { return &http.Response{StatusCode: code, Header: http.Header{}} }
	for _, c := range []struct {
		name  string
		req   *http.Request
		code  int
		index int
		want  bool
	}{
		{"read 503", get, 503, 0, true},
		{"read 503, fifth attempt", get, 503, 4, false},
		{"link 503 (may have been applied)", post, 503, 0, false},
		{"link 429 (refused before processing)", post, 429, 0, true},
		{"token exchange 502", token, 502, 0, true},
		{"token exchange 401", token, 401, 0, false},
		{"token exchange 403", token, 403, 0, false},
		{"read 404", get, 404, 0, false},
	} {
		if got := shouldRetry(rehttp.Attempt{Request: c.req, Response: resp(c.code), Index: c.index}); got != c.want {
			t.Errorf("%s: retry = %v, want %v", c.name, got, c.want)
		}
	}
	long := resp(429)
	long.Header.Set("Retry-After", "3600")
	if shouldRetry(rehttp.Attempt{Request: get, Response: long}) {
		t.Error("an hour's Retry-After was waited for")
	}
}

// TestCredentialGivenAsAFileFlagIsNeverEchoed: a user who passes the secret or the token
// itself where its file is wanted (--client-secret-file "$SECRET") must not see it echoed in
// the error, where it lands in the terminal's scrollback and CI logs. A path that only does
// not exist is still named.
func TestCredentialGivenAsAFileFlagIsNeverEchoed(t *testing.T) {
	t.Setenv(EnvClientID, "m2m")
	t.Setenv(EnvAPIToken, "")
	secret := "f611-zmd4cqIEou95zafeU_CIgtl_dotXBw9cTRQ9TGf6lmC8mYazxTB7bu2oAzm"
	jwt := "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtMm1AY2xpZW50cyJ9." + strings.Repeat("c2lnbmF0dXJl", 30)
	for _, c := range []struct {
		flags Flags
		value string
	}{
		{Flags{Domain: "x.eu.auth0.com", ClientSecretFile: secret}, secret},
		{Flags{Domain: "x.eu.auth0.com", TokenFile: jwt}, jwt},
		{Flags{Domain: "x.eu.auth0.com", TokenFile: secret}, secret},
	} {
		_, err := c.flags.resolveAny()
		if err == nil || strings.Contains(err.Error(), c.value) || strings.Contains(err.Error(), c.value[:16]) {
			t.Errorf("err = %v: want an error that does not show the value", err)
		}
		if err != nil && !strings.Contains(err.Error(), "looks like") {
			t.Errorf("err = %v: want it to say the value looks like a credential itself", err)
		}
	}
	missing := filepath.Join(t.TempDir(), "no-such.secret")
	if _, err := (&Flags{Domain: "x.eu.auth0.com", ClientSecretFile: missing}).resolveAny(); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("a missing path: err = %v, want the path named", err)
	}
	// ReadCredentialFile is the same for other commands' token files.
	if _, err := ReadCredentialFile("--access-token-file", jwt); err == nil || strings.Contains(err.Error(), jwt[:30]) {
		t.Errorf("ReadCredentialFile: err = %v", err)
	}
}

// TestAnswerTimeoutIsShortAndRaisable: by default one request waits seconds, not minutes,
// for a tenant that does not answer, and one silent attempt leaves time for a second;
// --tenant-timeout beats $AUTH0AUDIT_TENANT_TIMEOUT.
func TestAnswerTimeoutIsShortAndRaisable(t *testing.T) {
	d := Timeouts{}.withDefaults()
	if d.Answer > 30*time.Second || d.ResponseHeader != d.Answer/2 {
		t.Errorf("defaults: answer %s, per attempt %s", d.Answer, d.ResponseHeader)
	}
	t.Setenv(EnvTenantTimeout, "2m")
	s, err := (&Flags{}).Session(Session{})
	if err != nil || s.Timeouts.Answer != 2*time.Minute {
		t.Errorf("from the environment: %s, %v", s.Timeouts.Answer, err)
	}
	s, err = (&Flags{AnswerTimeout: 5 * time.Second}).Session(Session{})
	if err != nil || s.Timeouts.Answer != 5*time.Second {
		t.Errorf("the flag: %s, %v", s.Timeouts.Answer, err)
	}
	t.Setenv(EnvTenantTimeout, "-1s")
	if _, err := (&Flags{}).Session(Session{}); err == nil || !strings.Contains(err.Error(), EnvTenantTimeout) {
		t.Errorf("a negative value: %v", err)
	}
}
