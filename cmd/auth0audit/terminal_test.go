package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/mattn/go-runewidth"
	"github.com/spf13/cobra"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/internal/cliexit"
	"github.com/auth0-migrate/auth0audit/internal/iostreams"
)

// ptyRun is what a command wrote to a pseudo-terminal of a given width.
type ptyRun struct {
	out string // stdout and stderr as the terminal showed them
	err error
}

// runInPTY runs auth0audit args with stdout and stderr on a real pseudo-terminal cols wide.
// stop, when set, is called with the output so far until it says to interrupt the command
// (long-running commands like sim).
func runInPTY(t *testing.T, cols int, stop func(string) bool, args ...string) ptyRun {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("no pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(tty, &pty.Winsize{Cols: uint16(cols), Rows: 50}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var buf bytes.Buffer
	read := make(chan struct{})
	go func() {
		defer close(read)
		b := make([]byte, 32<<10)
		for {
			n, err := ptmx.Read(b)
			mu.Lock()
			buf.Write(b[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	ios := iostreams.Files(devnull, tty, tty)
	if ios.TerminalWidth() != cols {
		t.Fatalf("the pty is %d columns, want %d", ios.TerminalWidth(), cols)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- execute(ctx, newRootCmd(ios), args) }()
	var runErr error
	for waiting := true; waiting; {
		select {
		case runErr = <-done:
			waiting = false
		case <-time.After(50 * time.Millisecond):
			mu.Lock()
			s := buf.String()
			mu.Unlock()
			if stop != nil && stop(s) {
				cancel()
			}
		}
	}
	tty.Close()
	<-read
	// The terminal turns \n into \r\n.
	return ptyRun{out: strings.ReplaceAll(buf.String(), "\r\n", "\n"), err: runErr}
}

// urlOnly matches a line that is a URL (numbered or not): a link is never broken.
var urlOnly = regexp.MustCompile(`^\s*(\[\d+\] )?https?://\S+$`)

// widest returns the widest line that is not a bare URL, and its width.
func widest(out string) (string, int) {
	line, w := "", 0
	for _, l := range strings.Split(out, "\n") {
		if urlOnly.MatchString(l) {
			continue
		}
		if n := runewidth.StringWidth(l); n > w {
			line, w = l, n
		}
	}
	return line, w
}

// TestEveryCommandFitsTheTerminal renders each command, and the help of every command, in an
// 80- and a 100-column pseudo-terminal, and holds the widest line to the terminal's width.
func TestEveryCommandFitsTheTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the sample app's packages")
	}
	t.Chdir(filepath.Join("..", ".."))
	srv := auth0sim.StartTest(t, auth0sim.Config{Seed: auth0sim.MidMigrationSeed()})
	t.Setenv("AUTH0_DOMAIN", "")
	t.Setenv("AUTH0_API_TOKEN", "")
	t.Setenv("AUTH0_CLIENT_ID", auth0sim.ClientM2M)
	t.Setenv("AUTH0_CLIENT_SECRET", srv.ClientSecret(auth0sim.ClientM2M))
	dir := t.TempDir()
	findings := filepath.Join(dir, "findings.json")
	if out, _, err := runLogs(t, nil, "testdata/logs", "--json"); err != nil {
		t.Fatal(err)
	} else if err := os.WriteFile(findings, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	tenant := []string{"--tenant", srv.Domain(), "--insecure-http"}
	type run struct {
		name string
		args []string
		want string // a line the output must show (the command did its job)
		stop func(string) bool
	}
	runs := []run{
		{"code", []string{"code", "./testdata/sampleapp/...", "--fail-on", "none"}, "LOCATION", nil},
		{"logs", []string{"logs", "testdata/logs"}, "USE CASE", nil},
		{"tenant", append([]string{"tenant", "--fail-on", "none"}, tenant...), "FINDING", nil},
		// The demo renders an audit with code findings too; this one skips the package load.
		{"audit", append([]string{"audit", "--logs", "testdata/logs", "--fetch-logs", "--fail-on", "none"}, tenant...), "Remediation plan", nil},
		{"demo", []string{"demo", "--out-dir", filepath.Join(dir, "demo")}, "Reports written to", nil},
		{"fix plan", append([]string{"fix", "plan", "--from-logs", findings, "--clients", "web"}, tenant...), "evidence:", nil},
		{"sim", []string{"sim", "--reveal-secrets"}, "auth0audit tenant --insecure-http", func(s string) bool {
			return strings.Contains(s, "Client secrets")
		}},
	}
	var help []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden {
			return
		}
		help = append(help, c.CommandPath())
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				walk(sub)
			}
		}
	}
	walk(newRootCmd(iostreams.Test(nil, io.Discard, io.Discard)))
	for _, path := range help {
		args := append(strings.Fields(path)[1:], "--help")
		runs = append(runs, run{path + " --help", args, "Usage:", nil})
	}

	for _, cols := range []int{80, 100} {
		for _, r := range runs {
			got := runInPTY(t, cols, r.stop, r.args...)
			if got.err != nil && r.stop == nil {
				t.Errorf("%d columns, %s: %v\n%s", cols, r.name, got.err, got.out)
				continue
			}
			if !strings.Contains(got.out, r.want) {
				t.Errorf("%d columns, %s: the output lacks %q:\n%s", cols, r.name, r.want, got.out)
			}
			if line, w := widest(got.out); w > cols {
				t.Errorf("%d columns, %s: a line of %d columns:\n%s", cols, r.name, w, line)
			}
		}
	}
}

// TestDemoWatchFitsTheTerminal: demo --watch (the log-stream receiver's tour) fits an 80- and
// a 100-column terminal like every other command, headings on stderr included, and still
// shows every metric it reads; piped, its tables are plain tab-separated rows.
func TestDemoWatchFitsTheTerminal(t *testing.T) {
	dir := t.TempDir()
	for _, cols := range []int{80, 100} {
		got := runInPTY(t, cols, nil, "demo", "--watch", "--out-dir", filepath.Join(dir, fmt.Sprint(cols)))
		if got.err != nil {
			t.Fatalf("%d columns: %v\n%s", cols, got.err, got.out)
		}
		for _, want := range []string{"Receiver:", "Same findings as", "auth0audit_watch_events_classified_total", "use_case=\"secret-stale-use\"", "watch-report.html"} {
			if !strings.Contains(got.out, want) {
				t.Errorf("%d columns: the output lacks %q:\n%s", cols, want, got.out)
			}
		}
		if line, w := widest(got.out); w > cols {
			t.Errorf("%d columns: a line of %d columns:\n%s\n\n%s", cols, w, line, got.out)
		}
		if n := strings.Count(got.out, "secret-stale-use: give the app"); n != 1 {
			t.Errorf("%d columns: the advice is shown %d times, want once", cols, n)
		}
	}
	stdout, stderr, code := cli(t, "demo", "--watch", "--out-dir", filepath.Join(dir, "piped"))
	if code != 0 {
		t.Fatalf("piped: exit %d\n%s", code, stderr)
	}
	for _, l := range strings.Split(stderr, "\n") {
		if strings.Contains(l, "link github|4242 with the primary's ID token as bearer") && strings.Count(l, "\t") != 2 {
			t.Errorf("piped: a traffic step is not a tab-separated row: %q", l)
		}
		if strings.Contains(l, "   ") {
			t.Errorf("piped: a line padded for a terminal on stderr: %q", l)
		}
	}
	// The metrics piped are the Prometheus series as /metrics has them, then the value.
	if !regexp.MustCompile(`(?m)^auth0audit_watch_secret_stale_use_total\{client="web"\}\t1$`).MatchString(stdout) {
		t.Errorf("piped: no tab-separated row for the stale-use metric:\n%s", stdout)
	}
	if strings.Contains(stdout+stderr, "\x1b[") {
		t.Error("piped: terminal escapes in the output")
	}
}

// TestFixRotateFailureFillsResultAndDetail: a refused credential stops fix before any step,
// in one line; a step that stops (here: its sink cannot be written) still gets a row that says
// what happened, and the next command, within the terminal's width.
func TestFixRotateFailureFillsResultAndDetail(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	t.Setenv("AUTH0_DOMAIN", "")
	t.Setenv("AUTH0_CLIENT_ID", auth0sim.ClientM2M)
	t.Setenv("AUTH0_CLIENT_SECRET", "not-the-m2m-secret")
	dir := t.TempDir()
	args := func(sink string) []string {
		return []string{"fix", "rotate", "--tenant", srv.Domain(), "--insecure-http", "--client", auth0sim.ClientWeb,
			"--journal", filepath.Join(dir, "j"), "--secret-sink", sink, "--yes", "--lock-dir", filepath.Join(dir, "locks")}
	}
	got := runInPTY(t, 80, nil, args("file:"+filepath.Join(dir, "web.secret"))...)
	if got.err == nil || !strings.Contains(got.err.Error(), "refused") {
		t.Fatalf("a refused credential: err %v\n%s", got.err, got.out)
	}
	if strings.Contains(got.out+got.err.Error(), "not-the-m2m-secret") {
		t.Error("the secret reached the terminal")
	}
	t.Setenv("AUTH0_CLIENT_SECRET", srv.ClientSecret(auth0sim.ClientM2M))
	os.WriteFile(filepath.Join(dir, "afile"), []byte("x"), 0o600)
	got = runInPTY(t, 80, nil, args("file:"+filepath.Join(dir, "afile")+"/sub/")...)
	if got.err == nil {
		t.Fatalf("an unwritable sink: the rotation succeeded?\n%s", got.out)
	}
	var row string
	for _, l := range strings.Split(got.out, "\n") {
		if strings.HasPrefix(l, "rotate:web") {
			row = l
		}
	}
	fields := strings.Fields(row)
	if len(fields) < 3 || fields[1] == "" || !strings.Contains(got.out, "next:") {
		t.Fatalf("the step's row has no result and detail: %q\n%s", row, got.out)
	}
	if _, w := widest(got.out); w > 80 {
		t.Errorf("a line of %d columns:\n%s", w, got.out)
	}
	if strings.Contains(got.out, srv.ClientSecret(auth0sim.ClientM2M)) {
		t.Error("the secret reached the terminal")
	}
	if errors.Is(got.err, context.Canceled) {
		t.Errorf("err = %v", got.err)
	}
}

// runProcessInPTY runs this package's binary as auth0audit (TestMain) with stdout and stderr
// on a pseudo-terminal cols wide: what a user sees, errors printed by main included.
func runProcessInPTY(t *testing.T, cols int, env []string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "AUTH0AUDIT_RUN_MAIN=1", "CI="), env...)
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: uint16(cols), Rows: 50})
	if err != nil {
		t.Fatalf("no pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	var buf bytes.Buffer
	io.Copy(&buf, ptmx) // until the process exits (EIO on Linux)
	err = cmd.Wait()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(buf.String(), "\r\n", "\n"), code
}

// TestErrorsAndNotesFitTheTerminal: what goes to stderr (the error main prints, retry notes,
// notes about resuming and left-out events) fits the terminal too, and says all it said in
// one line (wrapped, not cut).
func TestErrorsAndNotesFitTheTerminal(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	secret := srv.ClientSecret(auth0sim.ClientM2M)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	cache := t.TempDir()
	base := []string{"AUTH0_DOMAIN=" + srv.Domain(), "AUTH0_CLIENT_ID=" + auth0sim.ClientM2M, "AUTH0_API_TOKEN=", "XDG_CACHE_HOME=" + cache}
	good := append(slices.Clone(base), "AUTH0_CLIENT_SECRET="+secret)
	// A run that leaves the tool's own secret reads in the logs, and a checkpoint to resume.
	readSecretsAsTheTool(t, srv)
	if out, code := runProcessInPTY(t, 100, good, "logs", "--insecure-http"); code != 0 {
		t.Fatalf("logs: exit %d\n%s", code, out)
	}
	for _, c := range []struct {
		name string
		env  []string
		args []string
		code int
		want string // words that must all be there, in order, whatever the line breaks
	}{
		{"refused secret", append(slices.Clone(base), "AUTH0_CLIENT_SECRET=wrong-secret-value"), []string{"tenant", "--insecure-http"},
			cliexit.Auth, "refused client m2m (id from AUTH0_CLIENT_ID, secret from AUTH0_CLIENT_SECRET)"},
		{"closed port", good, []string{"logs", "--tenant", closed, "--insecure-http"}, cliexit.Error, "connection refused (is `auth0audit sim --addr " + closed + "` running?)"},
		{"the simulator without --insecure-http", good, []string{"tenant"}, cliexit.Usage, "accepted only for a loopback tenant simulator with --insecure-http"},
		{"bad flag value", good, []string{"logs", "--format", "tabel", "x"}, cliexit.Usage, "must be one of table, json, ndjson, csv, markdown (did you mean table?)"},
		{"left-out note", good, []string{"logs", "--insecure-http", "--client", auth0sim.ClientM2M}, 0,
			"secret-read event(s) of this tool's own client m2m (its own reads of the tenant, told by its User-Agent"},
		{"code warnings", good, []string{"code", "../../jsscan/testdata/cases/ignore/", "--fail-on", "none"}, 0,
			"needs a reason (//auth0vet:ignore [check] <why this is fine>); without one it silences nothing"},
		{"resume note", good, []string{"logs", "--insecure-http", "--resume"}, 0, "events fetched before are not in this report (add --save-raw to keep them)"},
	} {
		for _, cols := range []int{80, 100} {
			out, code := runProcessInPTY(t, cols, c.env, c.args...)
			if code != c.code {
				t.Errorf("%s, %d columns: exit %d, want %d\n%s", c.name, cols, code, c.code, out)
			}
			if line, w := widest(out); w > cols {
				t.Errorf("%s, %d columns: a line of %d columns:\n%s", c.name, cols, w, line)
			}
			if !strings.Contains(strings.Join(strings.Fields(out), " "), c.want) {
				t.Errorf("%s, %d columns: the output lacks %q:\n%s", c.name, cols, c.want, out)
			}
			if strings.Contains(out, secret) || strings.Contains(out, "wrong-secret-value") {
				t.Errorf("%s: a secret reached the terminal", c.name)
			}
		}
	}
}

// TestRetryNotesFitTheTerminal: the notes that say a request is retried fit the terminal.
func TestRetryNotesFitTheTerminal(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	srv.SetFault("logs", auth0sim.Fault{Status: http.StatusServiceUnavailable, Times: 1})
	srv.SetFault("oauth-token", auth0sim.Fault{Status: http.StatusBadGateway, Times: 1})
	clearTenantEnv(t)
	t.Setenv("AUTH0_CLIENT_ID", auth0sim.ClientM2M)
	t.Setenv("AUTH0_CLIENT_SECRET", srv.ClientSecret(auth0sim.ClientM2M))
	got := runInPTY(t, 80, nil, "logs", "--tenant", srv.Domain(), "--insecure-http")
	if got.err != nil {
		t.Fatalf("%v\n%s", got.err, got.out)
	}
	if !strings.Contains(got.out, "retrying in") {
		t.Fatalf("no retry note:\n%s", got.out)
	}
	if line, w := widest(got.out); w > 80 {
		t.Errorf("a line of %d columns:\n%s", w, line)
	}
}

// TestProgressLineNeverWraps: a progress line wider than the terminal wraps, and "\r\033[K"
// then erases only its last piece, leaving the rest on the screen above the report.
func TestProgressLineNeverWraps(t *testing.T) {
	var errb bytes.Buffer
	ios := iostreams.Test(nil, io.Discard, &errb)
	ios.SetTTY(false, false, true)
	ios.SetWidth(80)
	p := newDelayedProgress(ios, 0)
	p.show("Fetched 1200 events from example.eu.auth0.com (last log_id 90020261206181608000000000000000000000000000000000000001)")
	for _, piece := range strings.Split(errb.String(), "\r") {
		piece = strings.TrimPrefix(piece, "\033[K")
		if w := runewidth.StringWidth(piece); w >= 80 {
			t.Errorf("a progress line of %d columns on an 80-column terminal: %q", w, piece)
		}
	}
}

// TestFixProgressFitsTheTerminal: what fix says while it works (each step, each rotation, a
// failure) fits the terminal, as its run table does.
func TestFixProgressFitsTheTerminal(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	clearTenantEnv(t)
	t.Setenv("AUTH0_CLIENT_ID", auth0sim.ClientM2M)
	t.Setenv("AUTH0_CLIENT_SECRET", srv.ClientSecret(auth0sim.ClientM2M))
	dir := t.TempDir()
	tenant := []string{"--tenant", srv.Domain(), "--insecure-http"}
	// The link fails: the secondary does not exist (a long failure line).
	plan, stderr, code := cli(t, append([]string{"fix", "plan", "--clients", auth0sim.ClientWeb + "," + auth0sim.ClientLegacyHS256,
		"--users", auth0sim.UserPrimary + "=github|no-such-user-anywhere-in-this-tenant", "--json"}, tenant...)...)
	if code != 0 {
		t.Fatalf("plan: exit %d\n%s", code, stderr)
	}
	planFile := filepath.Join(dir, "plan.json")
	if err := os.WriteFile(planFile, []byte(plan), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, cols := range []int{80, 100} {
		got := runInPTY(t, cols, nil, append([]string{"fix", "apply", "--plan", planFile, "--journal", filepath.Join(dir, fmt.Sprintf("j%d", cols)),
			"--secret-sink", "file:" + filepath.Join(dir, fmt.Sprintf("s%d", cols)) + "/", "--yes", "--settle", "1s",
			"--lock-dir", filepath.Join(dir, "locks")}, tenant...)...)
		if !strings.Contains(got.out, "new secret") {
			t.Fatalf("%d columns: no progress shown:\n%s", cols, got.out)
		}
		if line, w := widest(got.out); w > cols {
			t.Errorf("%d columns: a line of %d columns:\n%s", cols, w, line)
		}
	}
}
