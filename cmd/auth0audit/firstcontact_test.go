package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/auth0/go-auth0/management"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/internal/cliexit"
	"github.com/auth0-migrate/auth0audit/internal/iostreams"
)

// TestMain lets a test run this package's own binary as auth0audit (AUTH0AUDIT_RUN_MAIN=1),
// to see what only a real process shows: exit statuses and signals.
func TestMain(m *testing.M) {
	if os.Getenv("AUTH0AUDIT_RUN_MAIN") == "1" {
		os.Exit(run())
	}
	// logs --tenant saves its progress in the user cache directory on every run: the tests'
	// runs keep theirs out of the real one. The go command's build cache (used by code's
	// package loading) stays where it was: it defaults to the user cache directory too, and
	// a cold one costs minutes.
	if os.Getenv("GOCACHE") == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			os.Setenv("GOCACHE", filepath.Join(dir, "go-build"))
		}
	}
	cache, err := os.MkdirTemp("", "auth0audit-test-cache-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", cache)
	code := m.Run()
	os.RemoveAll(cache)
	os.Exit(code)
}

// cli runs args in-process like main does and returns stdout, stderr and the exit status.
func cli(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	ios := iostreams.Test(nil, &out, &errOut)
	err := execute(context.Background(), newRootCmd(ios), args)
	code := cliexit.Code(err)
	if err != nil {
		reportError(ios, err, code)
	}
	return out.String(), errOut.String(), code
}

func failedExchanges(srv *auth0sim.Server) int {
	n := 0
	for _, ev := range srv.Logs() {
		if gjson.GetBytes(ev, "type").String() == "feccft" {
			n++
		}
	}
	return n
}

func clearTenantEnv(t *testing.T) {
	for _, k := range []string{"AUTH0_DOMAIN", "AUTH0_CLIENT_ID", "AUTH0_CLIENT_SECRET", "AUTH0_API_TOKEN"} {
		t.Setenv(k, "")
	}
}

func TestUsageErrorsSayWhatWasMeant(t *testing.T) {
	clearTenantEnv(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"logs", "testdata", "--fial-on", "affected"}, "unknown flag: --fial-on (did you mean --fail-on?)"},
		{[]string{"lgos"}, `unknown command "lgos" (did you mean logs?)`},
		{[]string{"fix", "rotat"}, `unknown command "rotat" for "auth0audit fix" (did you mean rotate?)`},
		{[]string{"tenant", "--format", "jsno", "--tenant", "x.auth0.com"}, `(did you mean json?)`},
		{[]string{"logs", "--fail-on", "afected", "x"}, `(did you mean affected?)`},
		{[]string{"tenant", "extra"}, `unknown command "extra"`},
		{[]string{"tenant"}, "--tenant is required"},
		{[]string{"logs"}, "no input"},
	} {
		_, stderr, code := cli(t, c.args...)
		if code != cliexit.Usage || !strings.Contains(stderr, c.want) || !strings.Contains(stderr, "--help' for usage") {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, cliexit.Usage, c.want)
		}
	}
}

func TestAuthenticationFailuresExitFourAfterOneExchange(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	clearTenantEnv(t)
	t.Setenv("AUTH0_CLIENT_ID", auth0sim.ClientM2M)
	t.Setenv("AUTH0_CLIENT_SECRET", "wrong-secret-value")
	t.Setenv("AUTH0_DOMAIN", srv.Domain())
	for _, args := range [][]string{
		{"tenant", "--insecure-http"},
		{"logs", "--insecure-http"},
		{"audit", "--insecure-http", "--fetch-logs"},
	} {
		before := failedExchanges(srv)
		_, stderr, code := cli(t, args...)
		if code != cliexit.Auth {
			t.Errorf("%v: exit %d, want %d\n%s", args, code, cliexit.Auth, stderr)
		}
		if n := failedExchanges(srv) - before; n != 1 {
			t.Errorf("%v: %d failed exchanges in the tenant's logs, want 1", args, n)
		}
		if lines := strings.Count(strings.TrimSpace(stderr), "\n") + 1; lines != 1 || !strings.Contains(stderr, "client m2m") ||
			strings.Contains(stderr, "wrong-secret-value") || strings.Contains(stderr, "scope") {
			t.Errorf("%v: stderr %q: want one line naming the client, no secret, no talk of scopes", args, stderr)
		}
	}
	// No credentials at all: the same status, and what to set.
	t.Setenv("AUTH0_CLIENT_ID", "")
	if _, stderr, code := cli(t, "tenant", "--insecure-http"); code != cliexit.Auth || !strings.Contains(stderr, "AUTH0_CLIENT_ID") {
		t.Errorf("no credentials: exit %d, %q", code, stderr)
	}
}

func TestUnreachableTenantFailsInOneLine(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	clearTenantEnv(t)
	t.Setenv("AUTH0_CLIENT_ID", "m2m")
	t.Setenv("AUTH0_CLIENT_SECRET", "some-secret-value")
	_, stderr, code := cli(t, "logs", "--tenant", addr, "--insecure-http")
	if code != cliexit.Error || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "connection refused") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestDebugTraceIsRedacted(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	clearTenantEnv(t)
	t.Setenv("AUTH0_CLIENT_ID", auth0sim.ClientM2M)
	t.Setenv("AUTH0_CLIENT_SECRET", srv.ClientSecret(auth0sim.ClientM2M))
	stdout, stderr, code := cli(t, "audit", "--debug", "--tenant", srv.Domain(), "--insecure-http", "--fetch-logs", "--fail-on", "none")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"> POST http://" + srv.Domain() + "/oauth/token", "client_secret=%5BREDACTED%5D",
		"> Authorization: Bearer [REDACTED]", "GET http://" + srv.Domain() + "/api/v2/clients"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the trace lacks %q", want)
		}
	}
	// fix reads secrets back and rotates them: those answers carry secrets, redacted in the trace.
	dir := t.TempDir()
	fixOut, fixErr, code := cli(t, "fix", "--debug", "--tenant", srv.Domain(), "--insecure-http", "--settle", "20ms", "--marker-wait", "5ms",
		"rotate", "--client", auth0sim.ClientWeb, "--journal", filepath.Join(dir, "j"), "--secret-sink", "file:"+filepath.Join(dir, "s")+"/", "--yes")
	if code != 0 {
		t.Fatalf("fix rotate --debug: exit %d\n%s", code, fixErr)
	}
	if want := `"client_secret":"[REDACTED]"`; !strings.Contains(fixErr, want) {
		t.Errorf("the fix trace lacks %q", want)
	}
	all := stdout + stderr + fixOut + fixErr
	for _, c := range srv.Clients() {
		if c.Secret != "" && strings.Contains(all, c.Secret) {
			t.Errorf("%s's secret is in the output", c.ClientID)
		}
	}
	if m := regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.`).FindString(all); m != "" {
		t.Errorf("a JWT is in the output: %.24s...", m)
	}
}

func TestTenantFromEnvironmentAndPreMintedToken(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	clearTenantEnv(t)
	tok, err := srv.MintM2MToken(auth0sim.ClientM2M)
	if err != nil {
		t.Fatal(err)
	}
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte(tok+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AUTH0_DOMAIN", srv.Domain())
	stdout, stderr, code := cli(t, "tenant", "--insecure-http", "--token-file", tokenFile, "--json", "--fail-on", "none")
	if code != 0 || gjson.Get(stdout, "tenant").String() != srv.Domain() {
		t.Fatalf("exit %d, stdout %.200s, stderr %s", code, stdout, stderr)
	}
	t.Setenv("AUTH0_API_TOKEN", tok)
	if _, stderr, code := cli(t, "tenant", "--insecure-http", "--json", "--fail-on", "none"); code != 0 {
		t.Fatalf("AUTH0_API_TOKEN: exit %d, %s", code, stderr)
	}
	if n := failedExchanges(srv); n != 0 {
		t.Errorf("%d exchanges with a pre-minted token", n)
	}
	// AUTH0_DOMAIN does not turn a scan of files into a live fetch.
	stdout, _, code = cli(t, "logs", "testdata-that-does-not-exist")
	if code == 0 || strings.Contains(stdout, srv.Domain()) {
		t.Errorf("logs FILE with AUTH0_DOMAIN set: exit %d, %s", code, stdout)
	}
}

// TestLogsGateDoesNotTurnGreenByItself: two runs of the same live CI gate both fail, until
// the user asks to resume.
func TestLogsGateDoesNotTurnGreenByItself(t *testing.T) {
	srv := liveTenant(t)
	clearTenantEnv(t)
	t.Setenv("AUTH0_CLIENT_ID", auth0sim.ClientM2M)
	t.Setenv("AUTH0_CLIENT_SECRET", srv.ClientSecret(auth0sim.ClientM2M))
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // the default checkpoint's home
	gate := []string{"logs", "--tenant", srv.Domain(), "--insecure-http", "--fail-on", "affected"}
	for run := 1; run <= 2; run++ {
		if _, stderr, code := cli(t, gate...); code != cliexit.Findings {
			t.Fatalf("run %d: exit %d, want %d (the affected call is still in the logs)\n%s", run, code, cliexit.Findings, stderr)
		}
	}
	// Asked for explicitly, resuming reports only what happened since.
	if _, stderr, code := cli(t, append(gate, "--resume")...); code != 0 {
		t.Errorf("--resume after a complete run: exit %d\n%s", code, stderr)
	}
}

// TestAuditLeavesOutItsOwnSecretReads: the tool's own secret reads (fix's read-backs) are
// found in the logs by the next audit, which must not report them as secret-read findings;
// the audit itself reads no secret (the tenant checks leave it out).
func TestAuditLeavesOutItsOwnSecretReads(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	clearTenantEnv(t)
	t.Setenv("AUTH0_CLIENT_ID", auth0sim.ClientM2M)
	t.Setenv("AUTH0_CLIENT_SECRET", srv.ClientSecret(auth0sim.ClientM2M))
	args := []string{"audit", "--tenant", srv.Domain(), "--insecure-http", "--fetch-logs", "--json", "--fail-on", "none"}
	for run := 1; run <= 3; run++ {
		if run > 1 {
			readSecretsAsTheTool(t, srv) // as a fix run between audits would
		}
		stdout, stderr, code := cli(t, args...)
		if code != 0 {
			t.Fatalf("run %d: exit %d\n%s", run, code, stderr)
		}
		for _, g := range gjson.Get(stdout, "logs.groups").Array() {
			if g.Get("use_case").String() == "secret-read" && g.Get("client_id").String() == auth0sim.ClientM2M {
				t.Errorf("run %d: the tool's own reads reported: %s", run, g.Raw)
			}
		}
		if excluded := gjson.Get(stdout, "self_excluded.secret_reads").Int(); run > 1 && excluded == 0 {
			t.Errorf("run %d: no secret reads left out, want the earlier runs' (%s)", run, gjson.Get(stdout, "self_excluded").Raw)
		}
	}
}

func TestVersionComesFromBuildInfo(t *testing.T) {
	stdout, _, code := cli(t, "--version")
	if code != 0 || !strings.HasPrefix(stdout, "auth0audit ") || !strings.Contains(stdout, "go1.") {
		t.Errorf("--version: exit %d, %q", code, stdout)
	}
}

// TestFlagHelpHasNoBackticks: pflag reads `text` in a usage string as the flag's value name,
// turning help like "findings of `auth0audit logs`" into nonsense.
func TestFlagHelpHasNoBackticks(t *testing.T) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, fs := range []*pflag.FlagSet{c.LocalFlags(), c.PersistentFlags()} {
			fs.VisitAll(func(f *pflag.Flag) {
				if strings.Contains(f.Usage, "`") {
					t.Errorf("%s --%s: usage %q has a backtick", c.CommandPath(), f.Name, f.Usage)
				}
			})
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRootCmd(iostreams.Test(nil, io.Discard, io.Discard)))
}

// TestInterruptWritesThePartialReport runs the real process, interrupts it while it reads
// stdin, and expects the report of what it read and the status of the signal.
func TestInterruptWritesThePartialReport(t *testing.T) {
	events, err := os.ReadFile(filepath.Join(logsSampleDir, "tenant.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, os.Args[0], "logs", "-", "--json")
		cmd.Env = append(os.Environ(), "AUTH0AUDIT_RUN_MAIN=1", "CI=")
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if _, err := stdin.Write(events); err != nil {
			t.Fatal(err)
		}
		// stdin stays open: the scan waits for more, as it would on a slow pipe.
		time.Sleep(500 * time.Millisecond)
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
		err = cmd.Wait()
		stdin.Close()
		var ee *exec.ExitError
		want := map[syscall.Signal]int{syscall.SIGINT: cliexit.Interrupted, syscall.SIGTERM: cliexit.Terminated}[sig]
		if !errors.As(err, &ee) || ee.ExitCode() != want {
			t.Fatalf("%v: %v, want exit %d\n%s", sig, err, want, stderr.String())
		}
		var rep struct {
			Summary struct {
				EventsRead int `json:"events_read"`
			} `json:"summary"`
		}
		if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil || rep.Summary.EventsRead == 0 {
			t.Errorf("%v: no partial report (%v): %.300s", sig, err, stdout.String())
		}
		if !strings.Contains(stderr.String(), "interrupted") {
			t.Errorf("%v: stderr does not say the report is partial: %s", sig, stderr.String())
		}
	}
}

// TestFixAuthenticatesOnceWithWhatItIsGiven: fix reaches the tenant the way the read-only
// commands do. A pre-minted token (--token-file, AUTH0_API_TOKEN) is used, not silently
// replaced by the client credentials in the environment; a refused secret is one failed
// exchange, exit 4 and one line naming the credential.
func TestFixAuthenticatesOnceWithWhatItIsGiven(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	clearTenantEnv(t)
	dir := t.TempDir()
	tok, err := srv.MintM2MToken(auth0sim.ClientM2M)
	if err != nil {
		t.Fatal(err)
	}
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte(tok+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	rotate := func(n int, extra ...string) []string {
		j := filepath.Join(dir, fmt.Sprintf("j%d", n))
		s := "file:" + filepath.Join(dir, fmt.Sprintf("web%d.secret", n))
		return append([]string{"fix", "rotate", "--tenant", srv.Domain(), "--insecure-http", "--client", auth0sim.ClientWeb,
			"--journal", j, "--secret-sink", s, "--yes"}, extra...)
	}
	// ownExchanges counts the tool's successful exchanges (m2m's; a rotation's probe of the
	// new secret is web's).
	ownExchanges := func() int {
		n := 0
		for _, ev := range srv.Logs() {
			if gjson.GetBytes(ev, "type").String() == "seccft" && gjson.GetBytes(ev, "client_id").String() == auth0sim.ClientM2M {
				n++
			}
		}
		return n
	}

	// The token file wins over client credentials in the environment (which are wrong here:
	// were they used, the tenant would refuse them).
	t.Setenv("AUTH0_CLIENT_ID", auth0sim.ClientM2M)
	t.Setenv("AUTH0_CLIENT_SECRET", "wrong-secret-value")
	if _, stderr, code := cli(t, rotate(1, "--token-file", tokenFile)...); code != 0 {
		t.Errorf("--token-file: exit %d\n%s", code, stderr)
	}
	if n := failedExchanges(srv); n != 0 {
		t.Errorf("--token-file: %d failed exchanges: the client credentials were used instead of the token", n)
	}

	// AUTH0_API_TOKEN alone is enough.
	t.Setenv("AUTH0_CLIENT_ID", "")
	t.Setenv("AUTH0_CLIENT_SECRET", "")
	t.Setenv("AUTH0_API_TOKEN", tok)
	if _, stderr, code := cli(t, rotate(2)...); code != 0 {
		t.Errorf("AUTH0_API_TOKEN: exit %d\n%s", code, stderr)
	}
	t.Setenv("AUTH0_API_TOKEN", "")

	// A refused secret: one failed exchange, exit 4, one line that names the credential.
	t.Setenv("AUTH0_CLIENT_ID", auth0sim.ClientM2M)
	t.Setenv("AUTH0_CLIENT_SECRET", "wrong-secret-value")
	failedBefore := failedExchanges(srv)
	_, stderr, code := cli(t, rotate(3)...)
	if code != cliexit.Auth {
		t.Errorf("refused secret: exit %d, want %d\n%s", code, cliexit.Auth, stderr)
	}
	if n := failedExchanges(srv) - failedBefore; n != 1 {
		t.Errorf("refused secret: %d failed exchanges in the tenant's logs, want 1", n)
	}
	if !strings.Contains(stderr, "refused client m2m") || strings.Contains(stderr, "wrong-secret-value") {
		t.Errorf("refused secret: stderr %q: want the credential named, never its value", stderr)
	}

	// The right secret: one exchange for the whole run.
	t.Setenv("AUTH0_CLIENT_SECRET", srv.ClientSecret(auth0sim.ClientM2M))
	before := ownExchanges()
	if _, stderr, code := cli(t, rotate(4)...); code != 0 {
		t.Errorf("client credentials: exit %d\n%s", code, stderr)
	}
	if n := ownExchanges() - before; n != 1 {
		t.Errorf("client credentials: the tool exchanged its credentials %d times in one run, want 1", n)
	}
}

// TestEveryUsageMistakeExits64: a missing or malformed flag value is a usage error (64) in
// every command, fix and sim included, and the hint names the command's own help.
func TestEveryUsageMistakeExits64(t *testing.T) {
	clearTenantEnv(t)
	t.Setenv("AUTH0_CLIENT_ID", "m2m")
	t.Setenv("AUTH0_CLIENT_SECRET", "some-secret-value")
	dir := t.TempDir()
	j := filepath.Join(dir, "j")
	tenant := []string{"--tenant", "127.0.0.1:1", "--insecure-http"}
	for _, c := range []struct {
		args []string
		want string
	}{
		{append([]string{"fix", "rotate"}, tenant...), "auth0audit fix rotate --help"},
		{append([]string{"fix", "rotate", "--client", "web"}, tenant...), "auth0audit fix rotate --help"},
		{append([]string{"fix", "set-secret", "--client", "web"}, tenant...), "auth0audit fix set-secret --help"},
		{append([]string{"fix", "apply", "--journal", j}, tenant...), "auth0audit fix apply --help"},
		{append([]string{"fix", "link", "--secondary", "google-oauth2|x"}, tenant...), "auth0audit fix link --help"},
		{append([]string{"fix", "unlink"}, tenant...), "auth0audit fix unlink --help"},
		{append([]string{"fix", "plan"}, tenant...), "auth0audit fix plan --help"},
		{append([]string{"fix", "rotate", "--client", "web", "--journal", j, "--secret-sink", "bogus:x", "--yes"}, tenant...), "auth0audit fix rotate --help"},
		{[]string{"fix", "rotate", "--client", "web", "--journal", j, "--secret-sink", "file:" + j + ".s", "--tenant", "example.auth0.com", "--insecure-http"}, "--insecure-http"},
		{[]string{"sim", "--addr", "0.0.0.0:1"}, "auth0audit sim --help"},
		{[]string{"sim", "--user-access-policy", "everyone"}, "auth0audit sim --help"},
		{[]string{"logs", "--since", "yesterday", "x"}, "auth0audit logs --help"},
		{[]string{"audit", "--format", "xml", "--logs", "x"}, "auth0audit audit --help"},
		{[]string{"help", "audti"}, `unknown help topic "audti" (did you mean audit?)`},
		{[]string{"help", "fix", "rotat"}, `unknown help topic "fix rotat" (did you mean rotate?)`},
	} {
		_, stderr, code := cli(t, c.args...)
		if code != cliexit.Usage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, cliexit.Usage, c.want)
		}
	}
}

// TestAPIRefusalsExitFour: a token the Management API refuses (401) or that lacks a scope
// (403) is an authentication failure for tenant and logs too, not a generic error.
func TestAPIRefusalsExitFour(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	clearTenantEnv(t)
	t.Setenv("AUTH0_DOMAIN", srv.Domain())
	// A token the tenant did not sign (its signature is garbage), with the scopes it claims.
	forged := "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9." +
		base64.RawURLEncoding.EncodeToString([]byte(`{"azp":"m2m","sub":"m2m@clients","aud":"https://`+srv.Domain()+`/api/v2/","scope":"read:logs read:clients read:tenant_settings read:resource_servers read:client_grants"}`)) +
		".c2lnbmF0dXJl"
	noScopes, err := srv.MintM2MToken(auth0sim.ClientM2M, "read:users")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		token string
		args  []string
	}{
		{forged, []string{"logs", "--insecure-http"}},
		{forged, []string{"tenant", "--insecure-http", "--fail-on", "none"}},
		{noScopes, []string{"tenant", "--insecure-http", "--fail-on", "none"}},
	} {
		t.Setenv("AUTH0_API_TOKEN", c.token)
		if _, stderr, code := cli(t, c.args...); code != cliexit.Auth {
			t.Errorf("%v: exit %d, want %d\n%s", c.args, code, cliexit.Auth, stderr)
		}
	}
}

// TestTenantURLWithCredentialsIsNeverEchoed: a tenant given as a URL with a user and password
// in it (--tenant or AUTH0_DOMAIN) is refused without printing the password.
func TestTenantURLWithCredentialsIsNeverEchoed(t *testing.T) {
	clearTenantEnv(t)
	t.Setenv("AUTH0_CLIENT_ID", "m2m")
	t.Setenv("AUTH0_CLIENT_SECRET", "some-secret-value")
	const password = "SuperSecretPassword123"
	for _, domain := range []string{"https://m2m:" + password + "@example.eu.auth0.com", "m2m:" + password + "@example.eu.auth0.com",
		"https://example.eu.auth0.com/?token=" + password} {
		for _, args := range [][]string{
			{"tenant", "--tenant", domain},
			{"logs", "--tenant", domain},
			{"fix", "rotate", "--tenant", domain, "--client", "web", "--journal", filepath.Join(t.TempDir(), "j"), "--secret-sink", "file:" + filepath.Join(t.TempDir(), "s")},
			{"fix", "rotate", "--tenant", domain, "--insecure-http", "--client", "web", "--journal", filepath.Join(t.TempDir(), "j"), "--secret-sink", "file:" + filepath.Join(t.TempDir(), "s")},
			{"audit", "--tenant", domain, "--insecure-http"},
		} {
			stdout, stderr, code := cli(t, args...)
			if code != cliexit.Usage || strings.Contains(stdout+stderr, password) {
				t.Errorf("%v: exit %d, the password shown: %v\n%s", args[:1], code, strings.Contains(stdout+stderr, password), stderr)
			}
		}
		t.Setenv("AUTH0_DOMAIN", domain)
		if stdout, stderr, code := cli(t, "tenant"); code != cliexit.Usage || strings.Contains(stdout+stderr, password) {
			t.Errorf("AUTH0_DOMAIN: exit %d\n%s", code, stderr)
		}
		t.Setenv("AUTH0_DOMAIN", "")
	}
}

// TestLogsSummarySaysOwnReadsWereLeftOut: the tool's own secret reads, left out of logs
// --tenant, are said to be left out as such; "shown after filters" is for filters the user
// gave.
func TestLogsSummarySaysOwnReadsWereLeftOut(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	clearTenantEnv(t)
	t.Setenv("AUTH0_CLIENT_ID", auth0sim.ClientM2M)
	t.Setenv("AUTH0_CLIENT_SECRET", srv.ClientSecret(auth0sim.ClientM2M))
	tenant := []string{"--tenant", srv.Domain(), "--insecure-http"}
	readSecretsAsTheTool(t, srv)
	_, stderr, code := cli(t, append([]string{"logs", "--restart"}, tenant...)...)
	if code != 0 || strings.Contains(stderr, "after filters") || !regexp.MustCompile(`\d+ of them this tool's own secret reads, left out`).MatchString(stderr) {
		t.Errorf("no filter: exit %d; want the own reads said to be left out, not filtered:\n%s", code, stderr)
	}
	stdout, _, _ := cli(t, append([]string{"logs", "--restart", "--json"}, tenant...)...)
	if n := gjson.Get(stdout, "summary.own_reads_left_out").Int(); n == 0 {
		t.Errorf("--json: summary.own_reads_left_out = %d\n%s", n, gjson.Get(stdout, "summary").Raw)
	}
	_, stderr, _ = cli(t, append([]string{"logs", "--restart", "--use-case", "deprecation-notice"}, tenant...)...)
	if !strings.Contains(stderr, "(0 shown after filters)") || strings.Contains(stderr, "own secret reads, left out") {
		t.Errorf("a filter that leaves nothing: want only the filter named:\n%s", stderr)
	}
}

// TestAuditWithAMissingTenantScopeDoesNotPass: a gate on an audit whose tenant checks could
// not all run (a token without read:tenant_settings) must not pass: exit 4, the scope named,
// and the partial report still written.
func TestAuditWithAMissingTenantScopeDoesNotPass(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	clearTenantEnv(t)
	tok, err := srv.MintM2MToken(auth0sim.ClientM2M, "read:clients", "read:resource_servers", "read:client_grants", "read:logs")
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("AUTH0_API_TOKEN", tok)
	out := filepath.Join(t.TempDir(), "audit.json")
	for _, extra := range [][]string{nil, {"--fetch-logs"}} {
		args := append([]string{"audit", "--tenant", srv.Domain(), "--insecure-http", "--fail-on", "none", "--json", "--out", out}, extra...)
		_, stderr, code := cli(t, args...)
		if code != cliexit.Auth || !strings.Contains(stderr, "read:tenant_settings") {
			t.Errorf("%v: exit %d, want %d and the missing scope named:\n%s", extra, code, cliexit.Auth, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil || !gjson.ValidBytes(b) || !strings.Contains(string(b), "read:tenant_settings") {
			t.Errorf("%v: the partial report was not written, or does not say what was not run (%v)", extra, err)
		}
		os.Remove(out)
	}
}

// TestOwnReadsAreToldApartByUserAgent: only the tool's own secret reads are left out (its
// client and its User-Agent); another program's secret reads through the same shared M2M
// client are reported. fix sends the same User-Agent.
func TestOwnReadsAreToldApartByUserAgent(t *testing.T) {
	c := newCLIEnv(t)
	srv := c.srv
	clearTenantEnv(t)
	t.Setenv("AUTH0_CLIENT_ID", auth0sim.ClientM2M)
	t.Setenv("AUTH0_CLIENT_SECRET", srv.ClientSecret(auth0sim.ClientM2M))
	tenant := []string{"--tenant", srv.Domain(), "--insecure-http"}
	readSecretsAsTheTool(t, srv)
	// Another program, go-auth0 with its own User-Agent, reads the secrets with the same client.
	tok, err := srv.MintM2MToken(auth0sim.ClientM2M)
	if err != nil {
		t.Fatal(err)
	}
	other, err := management.New(srv.Domain(), management.WithInsecure(), management.WithStaticToken(tok))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Client.List(context.Background()); err != nil {
		t.Fatal(err)
	}
	var otherReads, ownReads int
	for _, ev := range srv.Logs() {
		e := gjson.ParseBytes(ev)
		if e.Get("type").String() != "mgmt_api_read" || !strings.Contains(e.Get("details.accessedSecrets").Raw, "client_secret") {
			continue
		}
		if strings.HasPrefix(e.Get("details.request.userAgent").String(), "auth0audit/") {
			ownReads++
		} else {
			otherReads++
		}
	}
	if ownReads == 0 || otherReads == 0 {
		t.Fatalf("the simulator logged %d own and %d other secret reads, want both", ownReads, otherReads)
	}

	stdout, stderr, code := cli(t, append([]string{"logs", "--restart", "--json"}, tenant...)...)
	reported := 0
	for _, f := range gjson.Get(stdout, "findings").Array() {
		if f.Get("use_case").String() == "secret-read" && f.Get("client_id").String() == auth0sim.ClientM2M {
			reported++
		}
	}
	if code != 0 || reported != otherReads || gjson.Get(stdout, "summary.own_reads_left_out").Int() < int64(ownReads) {
		t.Errorf("logs: exit %d, %d secret reads by the shared client reported (want the other program's %d), own left out %d (want >= %d)\n%s",
			code, reported, otherReads, gjson.Get(stdout, "summary.own_reads_left_out").Int(), ownReads, stderr)
	}
	stdout, stderr, code = cli(t, append([]string{"audit", "--fetch-logs", "--json", "--fail-on", "none"}, tenant...)...)
	reported = 0
	for _, g := range gjson.Get(stdout, "logs.groups").Array() {
		if g.Get("use_case").String() == "secret-read" && g.Get("client_id").String() == auth0sim.ClientM2M {
			reported += int(g.Get("count").Int())
		}
	}
	if code != 0 || reported != otherReads || gjson.Get(stdout, "self_excluded.secret_reads").Int() < int64(ownReads) {
		t.Errorf("audit: exit %d, %d reported (want %d), self_excluded %s\n%s", code, reported, otherReads, gjson.Get(stdout, "self_excluded").Raw, stderr)
	}

	// fix's Management API calls carry the same User-Agent.
	before := len(srv.Logs())
	if r := c.run("", "rotate", "--client", auth0sim.ClientWeb, "--journal", filepath.Join(t.TempDir(), "j"), "--secret-sink", "file:"+filepath.Join(t.TempDir(), "s"), "--yes"); r.code != 0 {
		t.Fatalf("fix rotate: exit %d\n%s", r.code, r.stderr)
	}
	calls := 0
	for _, ev := range srv.Logs()[before:] {
		e := gjson.ParseBytes(ev)
		if ua := e.Get("details.request.userAgent"); ua.Exists() && e.Get("details.request.channel").String() == "api" {
			calls++
			if !strings.HasPrefix(ua.String(), "auth0audit/") {
				t.Errorf("fix: a %s %s call with User-Agent %q", e.Get("details.request.method"), e.Get("details.request.path"), ua)
			}
		}
	}
	if calls == 0 {
		t.Error("fix: no Management API call logged")
	}
}
