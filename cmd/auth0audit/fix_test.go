package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/internal/iostreams"
	"github.com/auth0-migrate/auth0audit/remediate"
	"github.com/auth0-migrate/auth0audit/remediate/sink"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// cliRun is one captured run of the CLI.
type cliRun struct {
	args           []string
	stdout, stderr string
	code           int
}

type cliEnv struct {
	t    *testing.T
	srv  *auth0sim.Server
	dir  string
	mu   sync.Mutex
	runs []cliRun
}

func newCLIEnv(t *testing.T) *cliEnv {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	t.Setenv("AUTH0_CLIENT_ID", auth0sim.ClientM2M)
	t.Setenv("AUTH0_CLIENT_SECRET", srv.ClientSecret(auth0sim.ClientM2M))
	t.Setenv("AUTH0_DOMAIN", "")
	dir := t.TempDir()
	t.Setenv("AUTH0AUDIT_LOCK_DIR", filepath.Join(dir, "locks"))
	return &cliEnv{t: t, srv: srv, dir: dir}
}

// run executes auth0audit with the tenant flags, stderr marked as a terminal so progress is
// printed (and checked for secrets too).
func (c *cliEnv) run(stdin string, args ...string) cliRun {
	c.t.Helper()
	return c.runRaw(stdin, append(c.fixFlags(), args...)...)
}

// fixFlags start every fix command of the tests: this simulator, short settle and marker waits.
func (c *cliEnv) fixFlags() []string {
	return []string{"fix", "--tenant", c.srv.Domain(), "--insecure-http", "--settle", "20ms", "--marker-wait", "5ms"}
}

// runRaw executes auth0audit with exactly these arguments.
func (c *cliEnv) runRaw(stdin string, full ...string) cliRun {
	c.t.Helper()
	var out, errb bytes.Buffer
	ios := iostreams.Test(strings.NewReader(stdin), &out, &errb)
	ios.SetTTY(false, false, true)
	root := newRootCmd(ios)
	root.SetArgs(full)
	err := root.ExecuteContext(context.Background())
	code := 0
	if err != nil {
		code = 1
		var ee *exitError
		if errors.As(err, &ee) {
			code = ee.code
		}
		errb.WriteString("auth0audit: " + err.Error() + "\n")
	}
	r := cliRun{args: full, stdout: out.String(), stderr: errb.String(), code: code}
	c.mu.Lock()
	c.runs = append(c.runs, r)
	c.mu.Unlock()
	return r
}

func (c *cliEnv) file(name, content string) string {
	p := filepath.Join(c.dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
	return p
}

func must(t *testing.T) func(string, error) string {
	return func(s string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
}

// TestFixFullRunLeaksNoSecret plans from findings and explicit lists, applies the plan (with
// a dropped rotate-secret answer), sets a custom secret in two runs, links client-side, and
// has an ID-token unlink refused; then greps every stdout, stderr, journal, plan and report
// for every secret and token used and fails if any appears.
func TestFixFullRunLeaksNoSecret(t *testing.T) {
	c := newCLIEnv(t)
	srv := c.srv
	secrets := map[string]string{
		"m2m secret (the tool's own)": srv.ClientSecret(auth0sim.ClientM2M),
		"web secret before":           srv.ClientSecret(auth0sim.ClientWeb),
		"legacy secret before":        srv.ClientSecret(auth0sim.ClientLegacyHS256),
	}

	// Findings as `auth0audit logs --format json` writes them.
	f1 := usecase.New(usecase.LinkIDTokenBearer, usecase.FromLogs, usecase.Suspected)
	f1.LogID, f1.ClientID = "90020250101", auth0sim.ClientSPA
	f2 := usecase.New(usecase.SecretHardcoded, usecase.FromCode, usecase.Confirmed)
	f2.File, f2.Line, f2.ClientID = "main.go", 7, auth0sim.ClientLegacyHS256
	fb, _ := json.Marshal(map[string]any{"findings": []usecase.Finding{f1}})
	findings := c.file("findings.json", string(fb))
	cb, _ := json.Marshal(map[string]any{"findings": []usecase.Finding{f2}})
	codeFindings := c.file("code-findings.json", string(cb))

	plan := c.run("", "plan", "--from-logs", findings, "--from-code", codeFindings, "--clients", auth0sim.ClientWeb,
		"--users", auth0sim.UserPrimary+"="+auth0sim.UserSecondary, "--json")
	if plan.code != 0 {
		t.Fatalf("plan: %s", plan.stderr)
	}
	planFile := c.file("plan.json", plan.stdout)
	p, err := remediate.ReadPlanFile(planFile)
	if err != nil {
		t.Fatal(err)
	}
	if p.Executable() != 3 {
		t.Fatalf("plan has %d executable steps, want 3 (rotate legacy, rotate web, link):\n%s", p.Executable(), plan.stdout)
	}
	if table := c.run("", "plan", "--from-logs", findings, "--from-code", codeFindings); !strings.Contains(table.stdout, "ID token as bearer") ||
		!strings.Contains(table.stdout, "main.go:7") {
		t.Fatalf("table plan:\n%s", table.stdout)
	}

	// Not a terminal and no --yes: nothing changes.
	journalFile := filepath.Join(c.dir, "journal.jsonl")
	sinkDir := filepath.Join(c.dir, "secrets") + "/"
	dry := c.run("", "apply", "--plan", planFile, "--journal", journalFile, "--secret-sink", "file:"+sinkDir)
	if dry.code != 2 || srv.Applied("rotate-secret")+srv.Applied("link") != 0 {
		t.Fatalf("apply without --yes changed the tenant: %s", dry.stderr)
	}

	srv.SetFault("rotate-secret", auth0sim.Fault{DropAfterApply: true, Times: 1})
	apply := c.run("", "apply", "--plan", planFile, "--journal", journalFile, "--secret-sink", "file:"+sinkDir, "--yes", "--json")
	if apply.code != 0 {
		t.Fatalf("apply: %s\n%s", apply.stdout, apply.stderr)
	}
	var rep remediate.Report
	if err := json.Unmarshal([]byte(apply.stdout), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, apply.stdout)
	}
	if srv.Applied("rotate-secret") != 2 || srv.Applied("link") != 1 {
		t.Fatalf("applied rotate=%d link=%d", srv.Applied("rotate-secret"), srv.Applied("link"))
	}
	fs := &sink.File{Path: sinkDir}
	for _, id := range []string{auth0sim.ClientWeb, auth0sim.ClientLegacyHS256} {
		got, err := sink.Current(fs, id)
		if err != nil || got != srv.ClientSecret(id) {
			t.Fatalf("sink secret for %s does not match the tenant (%v)", id, err)
		}
		secrets["new secret of "+id] = got
	}
	// Resume: nothing is repeated.
	again := c.run("", "apply", "--plan", planFile, "--journal", journalFile, "--secret-sink", "file:"+sinkDir, "--yes")
	if again.code != 0 || srv.Applied("rotate-secret") != 2 || srv.Applied("link") != 1 {
		t.Fatalf("rerun repeated a step or failed: %s", again.stderr)
	}

	// set-secret: stage (exit 2: pending), then confirm in a separate run.
	envFile := filepath.Join(c.dir, ".env")
	j2 := filepath.Join(c.dir, "journal2.jsonl")
	webChanges := srv.SecretChanges(auth0sim.ClientWeb)
	staged := c.run("", "set-secret", "--client", auth0sim.ClientWeb, "--journal", j2, "--secret-sink", "env:"+envFile)
	if staged.code != 2 || srv.SecretChanges(auth0sim.ClientWeb) != webChanges {
		t.Fatalf("staging: code %d, secret changes %d: %s", staged.code, srv.SecretChanges(auth0sim.ClientWeb)-webChanges, staged.stderr)
	}
	set := c.run("", "set-secret", "--client", auth0sim.ClientWeb, "--journal", j2, "--secret-sink", "env:"+envFile, "--confirm-staged", "--json")
	if set.code != 0 || !strings.Contains(set.stdout, `"result": "done"`) || !strings.Contains(set.stdout, `"probe": "200: accepted`) {
		t.Fatalf("set-secret: %s %s", set.stdout, set.stderr)
	}
	custom, err := sink.Current(&sink.EnvFile{Path: envFile}, auth0sim.ClientWeb)
	if err != nil || custom != srv.ClientSecret(auth0sim.ClientWeb) {
		t.Fatalf("env sink does not hold the live secret (%v)", err)
	}
	secrets["custom secret"] = custom

	// The tool's own client needs the extra flag.
	own := c.run("", "rotate", "--client", auth0sim.ClientM2M, "--journal", filepath.Join(c.dir, "j3.jsonl"), "--secret-sink", "file:"+sinkDir, "--yes")
	if own.code != exitNeedsAttention || !strings.Contains(own.stdout, "--i-know-this-is-my-own-client") {
		t.Fatalf("rotating the tool's own client: code %d %s", own.code, own.stderr)
	}

	// Client-side link with a user token and link_with, tokens from files.
	userAT := must(t)(srv.MintUserAccessToken(auth0sim.UserOther, auth0sim.ClientSPA, "update:current_user_identities"))
	linkWith := must(t)(srv.MintIDToken(auth0sim.IDTokenSpec{Sub: auth0sim.UserGitHub, Aud: auth0sim.ClientSPA}))
	idTok := must(t)(srv.MintIDToken(auth0sim.IDTokenSpec{Sub: auth0sim.UserOther, Aud: auth0sim.ClientSPA}))
	hsTok := must(t)(srv.MintIDToken(auth0sim.IDTokenSpec{Sub: auth0sim.UserGitHub, Aud: auth0sim.ClientLegacyHS256, Alg: "HS256"}))
	secrets["user access token"], secrets["link_with ID token"], secrets["ID token"], secrets["HS256 ID token"] = userAT, linkWith, idTok, hsTok
	link := c.run("", "link", "--user", auth0sim.UserOther, "--access-token-file", c.file("at", userAT),
		"--link-with-file", c.file("lw", linkWith), "--yes", "--json")
	if link.code != 0 || srv.Applied("link") != 2 {
		t.Fatalf("client-side link: %s %s", link.stdout, link.stderr)
	}
	refused := c.run("", "unlink", "--user", auth0sim.UserOther, "--secondary", auth0sim.UserGitHub,
		"--access-token-file", c.file("id", idTok), "--yes")
	if refused.code == 0 || !strings.Contains(refused.stderr, "ID token") || srv.Applied("unlink") != 0 {
		t.Fatalf("ID token unlink: code %d %s", refused.code, refused.stderr)
	}
	hs := c.run(idTok, "link", "--user", auth0sim.UserOther, "--access-token-file", c.file("at2", userAT),
		"--link-with-file", c.file("hs", hsTok), "--yes")
	if hs.code == 0 || !strings.Contains(hs.stderr, "HS256") {
		t.Fatalf("HS256 link_with: %s", hs.stderr)
	}
	unlink := c.run("", "unlink", "--user", auth0sim.UserOther, "--secondary", auth0sim.UserGitHub, "--yes")
	if unlink.code != 0 || srv.Applied("unlink") != 1 {
		t.Fatalf("unlink: %s", unlink.stderr)
	}

	// Everything a user or a log collector sees.
	outputs := map[string]string{"plan.json": plan.stdout}
	for i, r := range c.runs {
		outputs[strings.Join(r.args[8:10], " ")+" #"+string(rune('a'+i))+" stdout"] = r.stdout
		outputs[strings.Join(r.args[8:10], " ")+" #"+string(rune('a'+i))+" stderr"] = r.stderr
	}
	for _, jf := range []string{journalFile, j2} {
		b, err := os.ReadFile(jf)
		if err != nil {
			t.Fatal(err)
		}
		outputs[filepath.Base(jf)] = string(b)
	}
	for _, ev := range srv.Logs() {
		outputs["tenant log event"] += string(ev) + "\n"
	}
	for _, r := range c.runs {
		t.Logf("$ %s (exit %d)\n%s%s", strings.Join(r.args, " "), r.code, r.stdout, r.stderr)
	}
	if leaks := findLeaks(outputs, secrets); len(leaks) > 0 {
		t.Fatalf("secrets leaked:\n%s", strings.Join(leaks, "\n"))
	}
	// The check itself works: a revealed secret is found.
	reveal := c.run("", "rotate", "--client", auth0sim.ClientLegacyHS256, "--journal", filepath.Join(c.dir, "j4.jsonl"),
		"--secret-sink", "stdout", "--reveal-secrets", "--yes")
	if reveal.code != 0 {
		t.Fatalf("reveal: %s", reveal.stderr)
	}
	if leaks := findLeaks(map[string]string{"stdout": reveal.stdout}, map[string]string{"x": srv.ClientSecret(auth0sim.ClientLegacyHS256)}); len(leaks) != 1 {
		t.Fatal("--reveal-secrets did not print the secret, or the leak check cannot see it")
	}
}

// findLeaks reports every (output, secret) pair where the secret, or a long piece of it,
// appears in the output.
func findLeaks(outputs, secrets map[string]string) []string {
	var leaks []string
	for oname, text := range outputs {
		for sname, s := range secrets {
			if s == "" {
				continue
			}
			probe := s
			if len(probe) > 24 {
				probe = s[len(s)/2-12 : len(s)/2+12] // a fragment catches truncated or wrapped copies
			}
			if strings.Contains(text, s) || strings.Contains(text, probe) {
				leaks = append(leaks, sname+" in "+oname)
			}
		}
	}
	return leaks
}

func TestFixFlagErrors(t *testing.T) {
	c := newCLIEnv(t)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"plan"}, "nothing to plan from"},
		{[]string{"plan", "--users", "nope"}, "PRIMARY=PROVIDER|ID"},
		{[]string{"plan", "--from-logs", c.file("bad.json", `{"other":1}`)}, `no "findings" array`},
		{[]string{"apply", "--journal", "x"}, "--plan is required"},
		{[]string{"rotate", "--client", "web"}, "--journal is required"},
		{[]string{"rotate", "--client", "web", "--journal", filepath.Join(c.dir, "j"), "--secret-sink", "stdout"}, "--reveal-secrets"},
		{[]string{"rotate", "--client", "web", "--journal", filepath.Join(c.dir, "j")}, "no --secret-sink"},
		{[]string{"rotate", "--client", "web", "--journal", filepath.Join(c.dir, "j"), "--secret-sink", "stdout", "--reveal-secrets", "--json", "--yes"},
			"both write to standard output"},
		{[]string{"plan", "--from-logs", c.file("bad2.json", "{\n  \"findings\": [\n    {\"use_case\": \"secret-rotate\",}\n  ]\n}\n")}, "bad2.json:3"},
		{[]string{"apply", "--journal", filepath.Join(c.dir, "j3"), "--plan", c.file("badplan.json", "{\n\"format\": 1\n}")}, "badplan.json:2"},
		{[]string{"link", "--secondary", "google-oauth2|secondary", "--yes"}, "--user is required"},
		{[]string{"link", "--user", "auth0|primary", "--yes"}, "--secondary PROVIDER|ID"},
	}
	for _, tc := range cases {
		r := c.run("", tc.args...)
		if r.code == 0 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: code %d, stderr %q, want %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}

// lineReader hands out one line per Read, as a terminal in canonical mode does.
type lineReader struct{ lines []string }

func (r *lineReader) Read(p []byte) (int, error) {
	if len(r.lines) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.lines[0])
	r.lines = r.lines[1:]
	return n, nil
}

// TestFixApplyAsksOnTerminal: on a terminal apply asks before each destructive step and does
// only what was confirmed.
func TestFixApplyAsksOnTerminal(t *testing.T) {
	c := newCLIEnv(t)
	plan := c.run("", "plan", "--clients", auth0sim.ClientWeb+","+auth0sim.ClientLegacyHS256,
		"--users", auth0sim.UserPrimary+"="+auth0sim.UserSecondary, "--json")
	planFile := c.file("plan.json", plan.stdout)
	var out, errb bytes.Buffer
	ios := iostreams.Test(&lineReader{lines: []string{"y\n", "n\n", "yes\n"}}, &out, &errb)
	ios.SetTTY(true, true, true)
	root := newRootCmd(ios)
	root.SetArgs([]string{"fix", "--tenant", c.srv.Domain(), "--insecure-http", "--settle", "20ms", "--marker-wait", "5ms", "apply", "--plan", planFile,
		"--journal", filepath.Join(c.dir, "j.jsonl"), "--secret-sink", "file:" + c.dir + "/s/"})
	err := root.ExecuteContext(context.Background())
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 2 {
		t.Fatalf("err = %v, want exit 2 (one step not confirmed)\n%s", err, errb.String())
	}
	if got := strings.Count(errb.String(), "[y/N]"); got != 3 {
		t.Fatalf("asked %d times, want 3:\n%s", got, errb.String())
	}
	if c.srv.Applied("rotate-secret") != 1 || c.srv.Applied("link") != 1 {
		t.Fatalf("rotate=%d link=%d, want 1 and 1", c.srv.Applied("rotate-secret"), c.srv.Applied("link"))
	}
	if c.srv.ClientSecret(auth0sim.ClientLegacyHS256) == "" {
		t.Fatal("legacy client lost its secret")
	}
}

// TestFixNeverEchoesATokenGivenAsAFileFlag: --access-token-file "$TOKEN" (the token, not
// its file) is refused without printing the token.
func TestFixNeverEchoesATokenGivenAsAFileFlag(t *testing.T) {
	c := newCLIEnv(t)
	tok, err := c.srv.MintM2MToken(auth0sim.ClientM2M)
	if err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"--access-token-file", "--link-with-file"} {
		r := c.run("", "link", "--user", auth0sim.UserPrimary, "--secondary", auth0sim.UserSecondary, flag, tok, "--yes")
		if r.code == 0 || strings.Contains(r.stderr+r.stdout, tok[:40]) {
			t.Errorf("%s TOKEN: exit %d, the token in the output: %v\n%.300s", flag, r.code, strings.Contains(r.stderr+r.stdout, tok[:40]), r.stderr)
		}
	}
}
