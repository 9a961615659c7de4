package main

// The fault matrix drives the real CLI code path (in-process, and as a child process that is
// killed with SIGKILL at each point of a run) against the tenant simulator, for every case of
// issue 10, and asserts for each: the changes applied on the tenant, that the sink holds what
// the tenant holds, that /oauth/token accepts the sink's value, the exit status, and the
// step's final state in the journal. Events are ordered with simulator hooks, never sleeps.

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/remediate"
	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/sink"
)

// childEnv makes the test binary run the CLI instead of the tests (see init).
const childEnv = "AUTH0AUDIT_FIXMATRIX_CHILD"

func init() {
	if os.Getenv(childEnv) == "1" {
		os.Exit(run())
	}
}

// want is what a case must end with.
type want struct {
	exit int
	// secretChanges is how many times the client's secret changed on the tenant.
	secretChanges int
	// rotations is how many rotate-secret calls were applied (-1: not checked).
	rotations int
	// state is the step's final state in the journal ("" when the run must not have
	// touched the journal's steps).
	state journal.Result
	// verified: the sink's current secret is the tenant's and /oauth/token accepts it.
	verified bool
}

// check asserts w after run r for clientID, whose secret is in sk and whose step is step of
// the journal at jpath.
func (c *cliEnv) check(t *testing.T, r cliRun, clientID string, sk sink.Sink, jpath, step string, w want) {
	t.Helper()
	if r.code != w.exit {
		t.Errorf("exit %d, want %d\n$ %s\n%s%s", r.code, w.exit, strings.Join(r.args, " "), r.stdout, r.stderr)
	}
	if got := c.srv.SecretChanges(clientID); got != w.secretChanges {
		t.Errorf("the secret of %s changed %d times on the tenant, want %d", clientID, got, w.secretChanges)
	}
	if w.rotations >= 0 {
		if got := c.srv.Applied("rotate-secret"); got != w.rotations {
			t.Errorf("rotate-secret applied %d times, want %d", got, w.rotations)
		}
	}
	if w.verified {
		cur, err := sink.Current(sk, clientID)
		if err != nil || cur == "" || cur != c.srv.ClientSecret(clientID) {
			t.Errorf("%s does not hold the tenant's secret of %s (%v)", sk, clientID, err)
		} else if status := c.probe(t, clientID, cur); status != 200 && status != 403 {
			t.Errorf("/oauth/token answered %d to the sink's secret of %s", status, clientID)
		}
		if m := c.srv.ClientMetadata(clientID)[remediate.MarkerKey]; m != "" {
			t.Errorf("the in-progress marker was left on %s: %s", clientID, m)
		}
	}
	if w.state != "" {
		j, err := journal.Open(jpath, c.srv.Domain(), "")
		if err != nil {
			t.Errorf("journal: %v", err)
			return
		}
		defer j.Close()
		st := j.State(step)
		got := st.Result
		if got == journal.Live {
			got = journal.Done
		}
		if got != w.state {
			t.Errorf("step %s ended %q (%s), want %q", step, got, st.Detail, w.state)
		}
	}
	secrets := map[string]string{"tenant's current secret of " + clientID: c.srv.ClientSecret(clientID)}
	if leaks := findLeaks(map[string]string{"stdout": r.stdout, "stderr": r.stderr}, secrets); len(leaks) > 0 {
		t.Errorf("secrets leaked: %v", leaks)
	}
}

// flat is a report table's text as one line: borders gone, cells' wrapped lines joined, so a
// sentence the table wrapped can be searched for.
func flat(s string) string {
	s = strings.NewReplacer("│", " ", "┌", " ", "┐", " ", "└", " ", "┘", " ", "├", " ", "┤", " ", "┬", " ", "┴", " ", "┼", " ", "─", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// probe asks /oauth/token for a Management API token with a client's secret.
func (c *cliEnv) probe(t *testing.T, clientID, secret string) int {
	t.Helper()
	resp, err := http.PostForm(c.srv.URL()+"/oauth/token", url.Values{"grant_type": {"client_credentials"},
		"client_id": {clientID}, "client_secret": {secret}, "audience": {c.srv.ManagementAudience()}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func (c *cliEnv) path(name string) string { return filepath.Join(c.dir, name) }

// rotateArgs are the arguments of `fix rotate` for clientID with journal jname and sink spec.
func rotateArgs(clientID, jpath, spec string, extra ...string) []string {
	return append([]string{"rotate", "--client", clientID, "--journal", jpath, "--secret-sink", spec, "--yes"}, extra...)
}

func setSecretArgs(clientID, jpath, spec string, extra ...string) []string {
	return append([]string{"set-secret", "--client", clientID, "--journal", jpath, "--secret-sink", spec}, extra...)
}

// ---- 1. the journal is bound to the tenant ----

func TestFaultMatrixJournalBoundToTenant(t *testing.T) {
	a := newCLIEnv(t)
	b := &cliEnv{t: t, srv: auth0sim.StartTest(t, auth0sim.Config{}), dir: a.dir}
	t.Setenv("AUTH0_CLIENT_SECRET", a.srv.ClientSecret(auth0sim.ClientM2M))
	dir := "file:" + a.path("secrets") + "/"
	jpath := a.path("a.journal")
	r := a.run("", rotateArgs(auth0sim.ClientWeb, jpath, dir)...)
	a.check(t, r, auth0sim.ClientWeb, &sink.File{Path: a.path("secrets") + "/"}, jpath, "rotate:web", want{exit: 0, secretChanges: 1, rotations: 1, state: journal.Done, verified: true})

	// The same journal against tenant B: refused before anything, B untouched.
	t.Setenv("AUTH0_CLIENT_SECRET", b.srv.ClientSecret(auth0sim.ClientM2M))
	r = b.run("", rotateArgs(auth0sim.ClientWeb, jpath, dir)...)
	if r.code != 1 || !strings.Contains(r.stderr, "belongs to tenant "+a.srv.Domain()) {
		t.Fatalf("journal of A against B: exit %d\n%s", r.code, r.stderr)
	}
	b.check(t, r, auth0sim.ClientWeb, nil, "", "", want{exit: 1, secretChanges: 0, rotations: 0})

	// An open intent from A, resumed against B: refused; B's unrotated secret never reaches
	// the sink as "recovered".
	open := a.path("open.journal")
	j, err := journal.Open(open, a.srv.Domain(), "")
	if err != nil {
		t.Fatal(err)
	}
	j.Append(journal.Record{Step: "rotate:web", Attempt: 1, Phase: journal.Intent, Action: "rotate-secret", BeforeFP: j.Fingerprint("x")})
	j.Close()
	sinkB := "file:" + a.path("secrets-b") + "/"
	r = b.run("", rotateArgs(auth0sim.ClientWeb, open, sinkB)...)
	if r.code != 1 || !strings.Contains(r.stderr, "belongs to tenant") {
		t.Fatalf("open intent of A against B: exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(a.path("secrets-b")); err == nil {
		t.Fatal("the sink was touched")
	}
	// A plan made for A is refused against B too.
	plan := b.run("", "plan", "--clients", auth0sim.ClientWeb, "--json")
	planFile := a.file("plan-b.json", plan.stdout)
	r = a.run("", "apply", "--plan", planFile, "--journal", a.path("j-plan"), "--secret-sink", dir, "--yes")
	if r.code != 1 || !strings.Contains(r.stderr, "is for tenant "+b.srv.Domain()) {
		t.Fatalf("plan of B applied against A: exit %d\n%s", r.code, r.stderr)
	}
}

// ---- 2. --confirm-staged sets only what its journal staged ----

func TestFaultMatrixConfirmStaged(t *testing.T) {
	for _, kind := range []string{"dir", "env"} {
		t.Run(kind, func(t *testing.T) {
			c := newCLIEnv(t)
			spec := "file:" + c.path("secrets") + "/"
			var sk sink.Sink = &sink.File{Path: c.path("secrets") + "/"}
			if kind == "env" {
				spec, sk = "env:"+c.path("app.env"), &sink.EnvFile{Path: c.path("app.env")}
			}
			// A first run with --confirm-staged: nothing was staged, nothing is set.
			r := c.run("", setSecretArgs(auth0sim.ClientWeb, c.path("j0"), spec, "--confirm-staged")...)
			c.check(t, r, auth0sim.ClientWeb, sk, c.path("j0"), "set-secret:web", want{exit: exitNeedsAttention, rotations: 0, state: journal.NeedsAttention})
			if !strings.Contains(flat(r.stdout), "staged no secret") {
				t.Fatalf("first run with --confirm-staged:\n%s", r.stdout)
			}
			if st, _ := sk.Read(auth0sim.ClientWeb); st.Pending != "" {
				t.Fatal("a secret was staged by --confirm-staged")
			}
			// Stage with journal 1.
			r = c.run("", setSecretArgs(auth0sim.ClientWeb, c.path("j1"), spec)...)
			c.check(t, r, auth0sim.ClientWeb, sk, c.path("j1"), "set-secret:web", want{exit: 2, rotations: 0, state: journal.Staged})
			st, _ := sk.Read(auth0sim.ClientWeb)
			if st.Pending == "" || st.Current != "" {
				t.Fatalf("after staging: %v", st)
			}
			staged := st.Pending
			// --confirm-staged with another journal and the same sink: refused, nothing overwritten.
			r = c.run("", setSecretArgs(auth0sim.ClientWeb, c.path("j2"), spec, "--confirm-staged")...)
			c.check(t, r, auth0sim.ClientWeb, sk, c.path("j2"), "set-secret:web", want{exit: exitNeedsAttention, rotations: 0, state: journal.NeedsAttention})
			if now, _ := sk.Read(auth0sim.ClientWeb); now.Pending != staged {
				t.Fatal("the staged secret was overwritten")
			}
			// The staging journal sets exactly the staged value.
			r = c.run("", setSecretArgs(auth0sim.ClientWeb, c.path("j1"), spec, "--confirm-staged")...)
			c.check(t, r, auth0sim.ClientWeb, sk, c.path("j1"), "set-secret:web", want{exit: 0, secretChanges: 1, rotations: 0, state: journal.Done, verified: true})
			if c.srv.ClientSecret(auth0sim.ClientWeb) != staged {
				t.Fatal("the tenant does not hold the staged secret")
			}
		})
	}
}

// ---- 3. one run per client: two runs at once ----

// blockFirst holds the first request on route for which when is true (nil: any) until
// release is closed, and tells started.
func blockFirst(srv *auth0sim.Server, route string, when func(*auth0sim.Server) bool) (started, release chan struct{}) {
	started, release = make(chan struct{}), make(chan struct{})
	var once sync.Once
	srv.SetHook(route, auth0sim.Hook{Before: func(*http.Request) bool {
		if when != nil && !when(srv) {
			return true
		}
		first := false
		once.Do(func() { first = true })
		if first {
			close(started)
			<-release
		}
		return true
	}})
	return started, release
}

func TestFaultMatrixTwoRunsAtOnce(t *testing.T) {
	cases := []struct {
		name string
		// second returns the second run's arguments; first run: journal j1, sink s1, lock dir l1.
		second   func(c *cliEnv, op string) []string
		wantExit int
		wantMsg  string
	}{
		{"same journal and sink", func(c *cliEnv, op string) []string {
			return opArgs(op, c.path("j1"), "file:"+c.path("s1")+"/", c.path("l1"))
		}, 1, "journal " + "%J1%" + " is in use by process"},
		{"other journal, same sink", func(c *cliEnv, op string) []string {
			return opArgs(op, c.path("j2"), "file:"+c.path("s1")+"/", c.path("l1"))
		}, exitNeedsAttention, "is in use by process"},
		{"other journal and sink", func(c *cliEnv, op string) []string {
			return opArgs(op, c.path("j2"), "file:"+c.path("s2")+"/", c.path("l1"))
		}, exitNeedsAttention, "is in use by process"},
		{"another machine (other lock dir)", func(c *cliEnv, op string) []string {
			return opArgs(op, c.path("j2"), "file:"+c.path("s2")+"/", c.path("l2"))
		}, exitNeedsAttention, "being changed by another run"},
	}
	for _, op := range []string{"rotate", "set-secret"} {
		for _, tc := range cases {
			t.Run(op+"/"+tc.name, func(t *testing.T) {
				c := newCLIEnv(t)
				// Run 1 is held at its change, holding every lock and the marker.
				started, release := blockFirst(c.srv, "rotate-secret", nil)
				if op == "set-secret" {
					started, release = blockFirst(c.srv, "patch-client", markerSet)
				}
				first := make(chan cliRun)
				go func() { first <- c.run("", opArgs(op, c.path("j1"), "file:"+c.path("s1")+"/", c.path("l1"))...) }()
				<-started
				second := c.run("", tc.second(c, op)...)
				close(release)
				r1 := <-first
				msg := strings.ReplaceAll(tc.wantMsg, "%J1%", c.path("j1"))
				if second.code != tc.wantExit || !strings.Contains(flat(second.stdout+second.stderr), msg) {
					t.Fatalf("second run: exit %d, want %d with %q\n%s%s", second.code, tc.wantExit, msg, second.stdout, second.stderr)
				}
				s1 := &sink.File{Path: c.path("s1") + "/"}
				c.check(t, r1, auth0sim.ClientWeb, s1, c.path("j1"), op+":web", want{exit: 0, secretChanges: 1, rotations: b2i(op == "rotate"), state: journal.Done, verified: true})
				if st, _ := (&sink.File{Path: c.path("s2") + "/"}).Read(auth0sim.ClientWeb); st.Current != "" {
					t.Fatal("the second run's sink got a current secret")
				}
			})
		}
	}
}

func opArgs(op, jpath, spec, lockDir string) []string {
	args := rotateArgs(auth0sim.ClientWeb, jpath, spec, "--lock-dir", lockDir)
	if op == "set-secret" {
		args = append(setSecretArgs(auth0sim.ClientWeb, jpath, spec, "--lock-dir", lockDir), "--yes")
	}
	return args
}

// TestFaultMatrixMarkerRace: two runs on two machines (separate lock dirs) read the client
// before either writes its marker (Fischer's race): the later writer wins, the other sees it
// on reading back and stops before changing anything.
func TestFaultMatrixMarkerRace(t *testing.T) {
	for _, op := range []string{"rotate", "set-secret"} {
		t.Run(op, func(t *testing.T) {
			c := newCLIEnv(t)
			firstBlocked, firstApplied := make(chan struct{}), make(chan struct{})
			releaseFirst := make(chan struct{})
			var mu sync.Mutex
			n := 0
			index := map[*http.Request]int{} // which marker write a request is
			c.srv.SetHook("patch-client", auth0sim.Hook{
				Before: func(r *http.Request) bool {
					mu.Lock()
					n++
					k := n
					index[r] = k
					mu.Unlock()
					if k == 1 { // run 1's marker write waits until run 2 wrote its own
						close(firstBlocked)
						<-releaseFirst
					}
					return true
				},
				After: func(r *http.Request) bool {
					mu.Lock()
					k := index[r]
					mu.Unlock()
					switch k {
					case 1:
						close(firstApplied)
					case 2: // run 2's marker is written: now run 1's lands over it, before run 2 reads back
						close(releaseFirst)
						<-firstApplied
					}
					return true
				},
			})
			r1c := make(chan cliRun)
			go func() { r1c <- c.run("", opArgs(op, c.path("j1"), "file:"+c.path("s1")+"/", c.path("l1"))...) }()
			<-firstBlocked
			r2 := c.run("", opArgs(op, c.path("j2"), "file:"+c.path("s2")+"/", c.path("l2"))...)
			r1 := <-r1c
			if r2.code != exitNeedsAttention || !strings.Contains(flat(r2.stdout), "being changed by another run") {
				t.Fatalf("the run that lost the race: exit %d\n%s%s", r2.code, r2.stdout, r2.stderr)
			}
			c.check(t, r1, auth0sim.ClientWeb, &sink.File{Path: c.path("s1") + "/"}, c.path("j1"), op+":web",
				want{exit: 0, secretChanges: 1, rotations: b2i(op == "rotate"), state: journal.Done, verified: true})
		})
	}
}

// ---- 4. a late-landing rotate is never resent, and is caught ----

func TestFaultMatrixLateLandingRotate(t *testing.T) {
	c := newCLIEnv(t)
	// From outside Go, as a runbook test would: reset at once, apply much later.
	postHelper(t, c.srv.URL()+"/__sim/faults", `{"route":"rotate-secret","apply_late_ms":600000,"times":1}`)
	// The late request lands right after the converging PATCH (ordered by a hook, not a sleep).
	c.srv.SetHook("patch-client", auth0sim.Hook{After: func(*http.Request) bool {
		if c.srv.SecretChanges(auth0sim.ClientWeb) == 1 {
			postHelper(t, c.srv.URL()+"/__sim/late", `{}`)
		}
		return true
	}})
	spec := "file:" + c.path("secrets") + "/"
	r := c.run("", rotateArgs(auth0sim.ClientWeb, c.path("j"), spec)...)
	c.check(t, r, auth0sim.ClientWeb, &sink.File{Path: c.path("secrets") + "/"}, c.path("j"), "rotate:web",
		want{exit: 0, secretChanges: 2, rotations: 1, state: journal.Done, verified: true})
	if b, _ := os.ReadFile(c.path("j")); !bytes.Contains(b, []byte("landed late")) {
		t.Fatal("the journal does not record the late landing")
	}
}

func postHelper(t *testing.T, u, body string) {
	t.Helper()
	resp, err := http.Post(u, "application/json", strings.NewReader(body))
	if err != nil {
		t.Error(err)
		return
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("POST %s: %d", u, resp.StatusCode)
	}
}

// ---- 5. inputs never choose where credentials go ----

func TestFaultMatrixCredentialsGoOnlyToTheTenant(t *testing.T) {
	c := newCLIEnv(t)
	plan := c.run("", "plan", "--clients", auth0sim.ClientWeb, "--json")
	planFile := c.file("plan.json", plan.stdout)
	before := len(c.srv.Logs())
	// No --tenant, no AUTH0_DOMAIN: the plan's tenant is not used.
	r := c.runRaw("", "fix", "--insecure-http", "apply", "--plan", planFile, "--journal", c.path("j"), "--secret-sink", "file:"+c.path("s")+"/", "--yes")
	if r.code != 1 || !strings.Contains(r.stderr, "no tenant") {
		t.Fatalf("apply without a tenant: exit %d\n%s", r.code, r.stderr)
	}
	// A host after '@': refused before any request.
	for _, bad := range []string{"acme.eu.auth0.com@" + c.srv.Domain(), "https://" + c.srv.Domain(), c.srv.Domain() + "/api/v2"} {
		r = c.runRaw("", "fix", "--tenant", bad, "--insecure-http", "rotate", "--client", auth0sim.ClientWeb, "--journal", c.path("j"),
			"--secret-sink", "file:"+c.path("s")+"/", "--yes")
		if r.code != 1 || !strings.Contains(r.stderr, "--tenant") {
			t.Fatalf("--tenant %s: exit %d\n%s", bad, r.code, r.stderr)
		}
	}
	t.Setenv("AUTH0_DOMAIN", "acme.eu.auth0.com@"+c.srv.Domain())
	r = c.runRaw("", "fix", "--insecure-http", "rotate", "--client", auth0sim.ClientWeb, "--journal", c.path("j"), "--secret-sink", "file:"+c.path("s")+"/", "--yes")
	if r.code != 1 || !strings.Contains(r.stderr, "AUTH0_DOMAIN") {
		t.Fatalf("AUTH0_DOMAIN with '@': exit %d\n%s", r.code, r.stderr)
	}
	if after := len(c.srv.Logs()); after != before {
		t.Fatalf("the tenant saw %d requests (token exchanges are logged): credentials were sent", after-before)
	}
	c.check(t, r, auth0sim.ClientWeb, nil, "", "", want{exit: 1, rotations: 0})
	// AUTH0_DOMAIN is the tenant when --tenant is not given.
	t.Setenv("AUTH0_DOMAIN", c.srv.Domain())
	spec := "file:" + c.path("s") + "/"
	r = c.runRaw("", "fix", "--insecure-http", "--settle", "20ms", "--marker-wait", "5ms", "apply", "--plan", planFile, "--journal", c.path("j"),
		"--secret-sink", spec, "--yes")
	c.check(t, r, auth0sim.ClientWeb, &sink.File{Path: c.path("s") + "/"}, c.path("j"), "rotate:web",
		want{exit: 0, secretChanges: 1, rotations: 1, state: journal.Done, verified: true})
}

// ---- 6. opening a journal never destroys a file ----

func TestFaultMatrixJournalNeverDestroysAFile(t *testing.T) {
	c := newCLIEnv(t)
	notes := c.path("notes.txt")
	os.WriteFile(notes, []byte("my notes, no newline"), 0o644)
	target := c.path("target.txt")
	os.WriteFile(target, []byte("{\"keep\":1}\n"), 0o644)
	link := c.path("link.journal")
	os.Symlink(target, link)
	for _, jpath := range []string{notes, link} {
		for _, yes := range []bool{false, true} { // a dry run too
			args := []string{"rotate", "--client", auth0sim.ClientWeb, "--journal", jpath, "--secret-sink", "file:" + c.path("s") + "/"}
			if yes {
				args = append(args, "--yes")
			}
			r := c.run("", args...)
			if r.code != 1 || !(strings.Contains(r.stderr, "not an auth0audit fix journal") || strings.Contains(r.stderr, "symbolic link")) {
				t.Fatalf("%s: exit %d\n%s", jpath, r.code, r.stderr)
			}
		}
	}
	if b, _ := os.ReadFile(notes); string(b) != "my notes, no newline" {
		t.Fatalf("the file was changed: %q", b)
	}
	if b, _ := os.ReadFile(target); string(b) != "{\"keep\":1}\n" {
		t.Fatalf("the symlink's target was changed: %q", b)
	}
	if c.srv.SecretChanges(auth0sim.ClientWeb) != 0 {
		t.Fatal("the tenant changed")
	}
}

// ---- 7. sinks: stages, refusals, writability, leftovers ----

func TestFaultMatrixSinks(t *testing.T) {
	t.Run("staging keeps the current secret (dir and env)", func(t *testing.T) {
		c := newCLIEnv(t)
		cur := c.srv.ClientSecret(auth0sim.ClientWeb)
		os.MkdirAll(c.path("d"), 0o700)
		os.WriteFile(c.path("d/web.secret"), []byte(cur+"\n"), 0o600)
		envBody := "# the app's settings\nDB=postgres://db\nAUTH0_CLIENT_SECRET_WEB=" + cur + "\n"
		os.WriteFile(c.path("app.env"), []byte(envBody), 0o600)
		for _, spec := range []string{"file:" + c.path("d") + "/", "env:" + c.path("app.env")} {
			r := c.run("", setSecretArgs(auth0sim.ClientWeb, c.path("j-"+spec[:3]), spec)...)
			if r.code != 2 {
				t.Fatalf("%s: exit %d\n%s%s", spec, r.code, r.stdout, r.stderr)
			}
		}
		if b, _ := os.ReadFile(c.path("d/web.secret")); string(b) != cur+"\n" {
			t.Fatal("staging overwrote DIR/web.secret")
		}
		if _, err := os.Stat(c.path("d/web.pending")); err != nil {
			t.Fatal("no pending file")
		}
		b, _ := os.ReadFile(c.path("app.env"))
		if !strings.HasPrefix(string(b), envBody) || !strings.Contains(string(b), "AUTH0_CLIENT_SECRET_WEB_PENDING=") {
			t.Fatalf("env file after staging:\n%s", b)
		}
		if st, _ := os.Stat(c.path("app.env")); st.Mode().Perm() != 0o600 {
			t.Fatalf("env mode %v", st.Mode().Perm())
		}
	})
	t.Run("an unknown secret in the sink is never overwritten", func(t *testing.T) {
		c := newCLIEnv(t)
		os.MkdirAll(c.path("d"), 0o700)
		os.WriteFile(c.path("d/web.secret"), []byte("an-app-secret-nobody-recorded\n"), 0o600)
		os.WriteFile(c.path("one.secret"), []byte("another-clients-secret\n"), 0o600)
		for i, spec := range []string{"file:" + c.path("d") + "/", "file:" + c.path("one.secret")} {
			r := c.run("", rotateArgs(auth0sim.ClientWeb, c.path(fmt.Sprintf("j%d", i)), spec)...)
			c.check(t, r, auth0sim.ClientWeb, nil, "", "", want{exit: exitNeedsAttention, rotations: 0})
			if out := flat(r.stdout); !strings.Contains(out, "never overwritten") || !strings.Contains(out, "nothing was changed on the tenant") {
				t.Fatalf("%s:\n%s\n%s", spec, r.stdout, r.stderr)
			}
		}
		if b, _ := os.ReadFile(c.path("d/web.secret")); string(b) != "an-app-secret-nobody-recorded\n" {
			t.Fatal("DIR/web.secret was overwritten")
		}
	})
	t.Run("an env file others can read is refused, untouched", func(t *testing.T) {
		c := newCLIEnv(t)
		os.WriteFile(c.path("app.env"), []byte("A=1\n"), 0o644)
		r := c.run("", rotateArgs(auth0sim.ClientWeb, c.path("j"), "env:"+c.path("app.env"))...)
		c.check(t, r, auth0sim.ClientWeb, nil, "", "", want{exit: exitNeedsAttention, rotations: 0})
		if st, _ := os.Stat(c.path("app.env")); st.Mode().Perm() != 0o644 {
			t.Fatal("the env file's mode changed")
		}
		if b, _ := os.ReadFile(c.path("app.env")); string(b) != "A=1\n" {
			t.Fatal("the env file changed")
		}
	})
	t.Run("an unwritable sink is refused before the tenant changes", func(t *testing.T) {
		c := newCLIEnv(t)
		os.WriteFile(c.path("afile"), []byte("x"), 0o600)
		r := c.run("", rotateArgs(auth0sim.ClientWeb, c.path("j"), "file:"+c.path("afile")+"/sub/")...)
		c.check(t, r, auth0sim.ClientWeb, nil, c.path("j"), "rotate:web", want{exit: exitNeedsAttention, rotations: 0, state: journal.NeedsAttention})
		if !strings.Contains(flat(r.stdout), "checked before the tenant changed") {
			t.Fatalf("%s", r.stdout)
		}
	})
	t.Run("a temporary file left by a crash is removed", func(t *testing.T) {
		c := newCLIEnv(t)
		os.MkdirAll(c.path("d"), 0o700)
		left := c.path("d/.web.secret.auth0audit-tmp-0123456789abcdef")
		os.WriteFile(left, []byte("a-live-secret\n"), 0o600)
		r := c.run("", rotateArgs(auth0sim.ClientWeb, c.path("j"), "file:"+c.path("d")+"/")...)
		c.check(t, r, auth0sim.ClientWeb, &sink.File{Path: c.path("d") + "/"}, c.path("j"), "rotate:web",
			want{exit: 0, secretChanges: 1, rotations: 1, state: journal.Done, verified: true})
		entries, _ := os.ReadDir(c.path("d"))
		if len(entries) != 1 || entries[0].Name() != "web.secret" {
			t.Fatalf("files left in the sink: %v", entries)
		}
	})
}

// ---- 8. smaller: rate limits, duplicate clients ----

func TestFaultMatrixSmaller(t *testing.T) {
	t.Run("429 without X-RateLimit headers", func(t *testing.T) {
		c := newCLIEnv(t)
		postHelper(t, c.srv.URL()+"/__sim/faults", `{"route":"rotate-secret","status":429,"times":1}`)
		r := c.run("", rotateArgs(auth0sim.ClientWeb, c.path("j"), "file:"+c.path("d")+"/")...)
		c.check(t, r, auth0sim.ClientWeb, &sink.File{Path: c.path("d") + "/"}, c.path("j"), "rotate:web",
			want{exit: 0, secretChanges: 1, rotations: 1, state: journal.Done, verified: true})
	})
	t.Run("a Retry-After longer than --max-wait stops clearly, nothing sent", func(t *testing.T) {
		c := newCLIEnv(t)
		postHelper(t, c.srv.URL()+"/__sim/ratelimit", `{"limit":1,"window_ms":3600000}`)
		r := c.run("", rotateArgs(auth0sim.ClientWeb, c.path("j"), "file:"+c.path("d")+"/", "--max-wait", "1s")...)
		if r.code == 0 || !strings.Contains(r.stdout+r.stderr, "--max-wait") {
			t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		c.check(t, r, auth0sim.ClientWeb, nil, "", "", want{exit: r.code, rotations: 0})
	})
	t.Run("one client twice in a plan", func(t *testing.T) {
		c := newCLIEnv(t)
		plan := fmt.Sprintf(`{"format":"auth0audit-fix-plan","version":1,"tenant":%q,"steps":[
{"id":"rotate:web","op":"rotate","client_id":"web","reason":"x"},
{"id":"set-secret:web","op":"set-secret","client_id":"web","reason":"y"}]}`, c.srv.Domain())
		r := c.run("", "apply", "--plan", c.file("dup.json", plan), "--journal", c.path("j"), "--secret-sink", "file:"+c.path("d")+"/", "--yes")
		if r.code != 1 || !strings.Contains(r.stderr, "both change the secret of client web") {
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
		c.check(t, r, auth0sim.ClientWeb, nil, "", "", want{exit: 1, rotations: 0})
	})
}

// ---- kill -9 at each point of a run, then resume ----

// child is the CLI running as a separate process (the test binary re-executed).
type child struct {
	cmd  *exec.Cmd
	out  bytes.Buffer
	err  bytes.Buffer
	done chan struct{}
}

func (c *cliEnv) start(t *testing.T, args ...string) *child {
	t.Helper()
	ch := &child{done: make(chan struct{})}
	ch.cmd = exec.Command(os.Args[0], append(c.fixFlags(), args...)...)
	ch.cmd.Env = append(os.Environ(), childEnv+"=1")
	ch.cmd.Stdout, ch.cmd.Stderr = &ch.out, &ch.err
	if err := ch.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { ch.cmd.Wait(); close(ch.done) }()
	return ch
}

// kill sends SIGKILL and returns once the process is gone.
func (ch *child) kill() {
	ch.cmd.Process.Kill()
	<-ch.done
}

// wait returns the child's run once it exited by itself.
func (ch *child) wait(t *testing.T) cliRun {
	select {
	case <-ch.done:
	case <-time.After(2 * time.Minute):
		ch.kill()
		t.Fatalf("the child did not finish\n%s%s", ch.out.String(), ch.err.String())
	}
	return cliRun{args: ch.cmd.Args, stdout: ch.out.String(), stderr: ch.err.String(), code: ch.cmd.ProcessState.ExitCode()}
}

// killPoint kills the run when a request reaches route: before it is served (not applied),
// or after it was applied (its answer never read).
type killPoint struct {
	name  string
	route string
	after bool
	// when selects the request (nil: the first one on the route).
	when func(srv *auth0sim.Server) bool
	// rotations is how many rotate-secret calls the run applied in all (resume included).
	rotations int
}

func changed(srv *auth0sim.Server) bool { return srv.SecretChanges(auth0sim.ClientWeb) >= 1 }

func markerSet(srv *auth0sim.Server) bool {
	return srv.ClientMetadata(auth0sim.ClientWeb)[remediate.MarkerKey] != "" && !changed(srv)
}

func TestFaultMatrixKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	rotate := []killPoint{
		{"at the first read of the client", "get-client", false, nil, 1},
		{"at the marker write, not applied", "patch-client", false, nil, 1},
		{"at the marker write, applied", "patch-client", true, nil, 1},
		{"at rotate-secret, not applied", "rotate-secret", false, nil, 0}, // resumed: converges with a PATCH
		{"at rotate-secret, applied, answer lost", "rotate-secret", true, nil, 1},
		{"at the verification's read-back", "get-client", false, changed, 1},
		{"at the probe", "oauth-token", false, changed, 1},
		{"during the settle wait", "oauth-token", true, changed, 1},
		{"at the marker removal", "patch-client", false, changed, 1},
	}
	setSecret := []killPoint{
		{"after staging, at the marker write", "patch-client", false, nil, 0},
		{"at the secret's PATCH, not applied", "patch-client", false, markerSet, 0},
		{"at the secret's PATCH, applied, answer lost", "patch-client", true, markerSet, 0},
		{"at the probe", "oauth-token", false, changed, 0},
		{"at the marker removal", "patch-client", false, changed, 0},
	}
	for _, op := range []string{"rotate", "set-secret"} {
		points := rotate
		if op == "set-secret" {
			points = setSecret
		}
		for _, kp := range points {
			t.Run(op+"/"+kp.name, func(t *testing.T) {
				c := newCLIEnv(t)
				spec := "file:" + c.path("d") + "/"
				sk := &sink.File{Path: c.path("d") + "/"}
				jpath := c.path("j")
				args := opArgs(op, jpath, spec, c.path("locks"))
				var ch *child
				var once sync.Once
				settleKill := kp.name == "during the settle wait"
				hook := func(*http.Request) bool {
					if kp.when != nil && !kp.when(c.srv) {
						return true
					}
					hit := false
					once.Do(func() { hit = true })
					if !hit {
						return true
					}
					if settleKill {
						// The probe is answered; the run is killed once the journal shows it
						// waiting to check again.
						go func() {
							waitForJournal(t, jpath, "checking again after")
							ch.kill()
						}()
						return true
					}
					ch.kill()
					return false
				}
				h := auth0sim.Hook{Before: hook}
				if kp.after {
					h = auth0sim.Hook{After: hook}
				}
				c.srv.SetHook(kp.route, h)
				startArgs := args
				if settleKill {
					startArgs = append(append([]string{}, args...), "--settle", "1h")
				}
				ch = c.start(t, startArgs...)
				killed := ch.wait(t)
				if killed.code != -1 {
					t.Fatalf("the child was not killed (exit %d)\n%s%s", killed.code, killed.stdout, killed.stderr)
				}
				c.srv.ClearHooks()
				staged, _ := sk.Read(auth0sim.ClientWeb)
				// Resume: the same command, as the operator would rerun it.
				r := c.run("", args...)
				c.check(t, r, auth0sim.ClientWeb, sk, jpath, op+":web",
					want{exit: 0, secretChanges: 1, rotations: kp.rotations, state: journal.Done, verified: true})
				if op == "set-secret" && staged.Pending != "" && c.srv.ClientSecret(auth0sim.ClientWeb) != staged.Pending {
					t.Fatal("the tenant does not hold the secret the killed run staged")
				}
			})
		}
	}
}

// waitForJournal returns once the journal file contains s (an event the run reached).
func waitForJournal(t *testing.T, path, s string) {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil && bytes.Contains(b, []byte(s)) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Errorf("the journal never contained %q", s)
}

// TestFaultMatrixResumeAfterCrashDoesNotSayNothingChanged: the tenant changed in a run that
// was killed; a resume that cannot go on (its sink broke) must not claim nothing changed.
func TestFaultMatrixResumeAfterCrashDoesNotSayNothingChanged(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	c := newCLIEnv(t)
	jpath := c.path("j")
	args := rotateArgs(auth0sim.ClientWeb, jpath, "file:"+c.path("d")+"/", "--lock-dir", c.path("locks"))
	var ch *child
	c.srv.SetHook("rotate-secret", auth0sim.Hook{After: func(*http.Request) bool { ch.kill(); return false }, Times: 1})
	ch = c.start(t, args...)
	ch.wait(t)
	// The sink directory is replaced by a file: the resume cannot store anything.
	os.RemoveAll(c.path("d"))
	os.WriteFile(c.path("d"), []byte("not a directory"), 0o600)
	r := c.run("", args...)
	if r.code != exitNeedsAttention || strings.Contains(flat(r.stdout+r.stderr), "nothing was changed") ||
		!strings.Contains(flat(r.stdout), "may have changed the tenant") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	c.check(t, r, auth0sim.ClientWeb, nil, jpath, "rotate:web", want{exit: exitNeedsAttention, secretChanges: 1, rotations: 1, state: journal.NeedsAttention})
	// Fixed sink: the next run recovers the secret from the tenant.
	os.Remove(c.path("d"))
	r = c.run("", args...)
	c.check(t, r, auth0sim.ClientWeb, &sink.File{Path: c.path("d") + "/"}, jpath, "rotate:web",
		want{exit: 0, secretChanges: 1, rotations: 1, state: journal.Done, verified: true})
}

// TestFaultMatrixDoneIsCheckedAgainOnRerun: a rerun of a step the journal records done exits
// 0 only when the sink still holds what the tenant holds and /oauth/token accepts it. A
// rotate-secret that lands after the settle interval (the run said done, then the secret it
// verified died) is recovered by the rerun; a secret someone else changed since stops the
// rerun needs-attention (--start-over then rotates anew); a sink emptied since gets the
// tenant's secret back.
func TestFaultMatrixDoneIsCheckedAgainOnRerun(t *testing.T) {
	t.Run("a rotate lands after the settle interval", func(t *testing.T) {
		c := newCLIEnv(t)
		postHelper(t, c.srv.URL()+"/__sim/faults", `{"route":"rotate-secret","apply_late_ms":600000,"times":1}`)
		spec, sk, jpath := "file:"+c.path("d")+"/", &sink.File{Path: c.path("d") + "/"}, c.path("j")
		r := c.run("", rotateArgs(auth0sim.ClientWeb, jpath, spec)...)
		c.check(t, r, auth0sim.ClientWeb, sk, jpath, "rotate:web", want{exit: 0, secretChanges: 1, rotations: 0, state: journal.Done, verified: true})
		postHelper(t, c.srv.URL()+"/__sim/late", `{}`) // lands after the run: the sink's secret is dead now
		r = c.run("", rotateArgs(auth0sim.ClientWeb, jpath, spec)...)
		c.check(t, r, auth0sim.ClientWeb, sk, jpath, "rotate:web", want{exit: 0, secretChanges: 2, rotations: 1, state: journal.Done, verified: true})
	})
	t.Run("someone else changed the secret since", func(t *testing.T) {
		c := newCLIEnv(t)
		spec, sk, jpath := "file:"+c.path("d")+"/", &sink.File{Path: c.path("d") + "/"}, c.path("j")
		r := c.run("", rotateArgs(auth0sim.ClientWeb, jpath, spec)...)
		c.check(t, r, auth0sim.ClientWeb, sk, jpath, "rotate:web", want{exit: 0, secretChanges: 1, rotations: 1, state: journal.Done, verified: true})
		cl := clientOf(t, c.srv, auth0sim.ClientWeb)
		cl.Secret = "someone-else-set-this-" + strings.Repeat("y", 42)
		c.srv.AddClient(cl)
		r = c.run("", rotateArgs(auth0sim.ClientWeb, jpath, spec)...)
		if r.code != exitNeedsAttention || !strings.Contains(flat(r.stdout), "--start-over") {
			t.Fatalf("rerun after a foreign change: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		r = c.run("", rotateArgs(auth0sim.ClientWeb, jpath, spec, "--start-over")...)
		c.check(t, r, auth0sim.ClientWeb, sk, jpath, "rotate:web", want{exit: 0, secretChanges: 2, rotations: 2, state: journal.Done, verified: true})
	})
	t.Run("the sink was emptied since", func(t *testing.T) {
		c := newCLIEnv(t)
		spec, sk, jpath := "file:"+c.path("d")+"/", &sink.File{Path: c.path("d") + "/"}, c.path("j")
		r := c.run("", rotateArgs(auth0sim.ClientWeb, jpath, spec)...)
		c.check(t, r, auth0sim.ClientWeb, sk, jpath, "rotate:web", want{exit: 0, secretChanges: 1, rotations: 1, state: journal.Done, verified: true})
		os.Remove(c.path("d/web.secret"))
		r = c.run("", rotateArgs(auth0sim.ClientWeb, jpath, spec)...)
		c.check(t, r, auth0sim.ClientWeb, sk, jpath, "rotate:web", want{exit: 0, secretChanges: 1, rotations: 1, state: journal.Done, verified: true})
	})
}

func clientOf(t *testing.T, srv *auth0sim.Server, id string) auth0sim.Client {
	t.Helper()
	for _, c := range srv.Clients() {
		if c.ClientID == id {
			return c
		}
	}
	t.Fatalf("no client %s", id)
	return auth0sim.Client{}
}

// TestFaultMatrixKillWhileConverging: kill -9 at the points of a rotation whose rotate-secret
// lost its connection (reset at once, applied late or never) and that converges on a staged
// secret with PATCH, then resume; the late rotate lands before the resume, or never. Each
// ends with the sink holding the tenant's secret, accepted by /oauth/token, and never a second
// rotate-secret.
func TestFaultMatrixKillWhileConverging(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	secretPatch := func(srv *auth0sim.Server) bool { return markerSet(srv) } // the marker is written before any secret change
	var rotateSent atomic.Bool                                               // the rotate-secret request arrived (and was reset)
	points := []struct {
		name  string
		route string
		after bool
		when  func(*auth0sim.Server) bool
	}{
		{"at the read-back after the reset", "get-client", false, func(*auth0sim.Server) bool { return rotateSent.Load() }},
		{"at the converging PATCH, not applied", "patch-client", false, secretPatch},
		{"at the converging PATCH, applied, answer lost", "patch-client", true, func(srv *auth0sim.Server) bool { return changed(srv) }},
		{"at the probe of the converged secret", "oauth-token", false, changed},
	}
	for _, kp := range points {
		for _, lands := range []bool{false, true} {
			name := kp.name + "/late rotate never lands"
			if lands {
				name = kp.name + "/late rotate lands before the resume"
			}
			t.Run(name, func(t *testing.T) {
				c := newCLIEnv(t)
				c.srv.SetFault("rotate-secret", auth0sim.Fault{ApplyLate: time.Hour, Times: 1})
				spec, sk, jpath := "file:"+c.path("d")+"/", &sink.File{Path: c.path("d") + "/"}, c.path("j")
				args := rotateArgs(auth0sim.ClientWeb, jpath, spec, "--lock-dir", c.path("locks"))
				var ch *child
				var once sync.Once
				hook := func(*http.Request) bool {
					if !kp.when(c.srv) {
						return true
					}
					hit := false
					once.Do(func() { hit = true })
					if hit {
						ch.kill()
						return false
					}
					return true
				}
				h := auth0sim.Hook{Before: hook}
				if kp.after {
					h = auth0sim.Hook{After: hook}
				}
				rotateSent.Store(false)
				c.srv.SetHook("rotate-secret", auth0sim.Hook{Before: func(*http.Request) bool { rotateSent.Store(true); return true }})
				c.srv.SetHook(kp.route, h)
				ch = c.start(t, args...)
				if killed := ch.wait(t); killed.code != -1 {
					t.Fatalf("the child was not killed (exit %d)\n%s%s", killed.code, killed.stdout, killed.stderr)
				}
				c.srv.ClearHooks()
				rotations, changes := 0, c.srv.SecretChanges(auth0sim.ClientWeb)
				if lands {
					if n := c.srv.ApplyLateNow(); n != 1 {
						t.Fatalf("%d late requests held, want the rotate", n)
					}
					rotations, changes = 1, changes+1
				}
				r := c.run("", args...)
				// The resume may set the staged secret (one more change) when the killed run's
				// PATCH never landed and the rotate did not either.
				if !lands && changes == 0 {
					changes = 1
				}
				c.check(t, r, auth0sim.ClientWeb, sk, jpath, "rotate:web",
					want{exit: 0, secretChanges: changes, rotations: rotations, state: journal.Done, verified: true})
			})
		}
	}
}

// TestFaultMatrixConfirmStagedAfterSomeoneElsesChange: between staging a secret and
// --confirm-staged, no run holds the client (the apps are being given the staged secret), so
// another run may rotate it and hand its apps the new secret. Setting the staged secret then
// would lock those apps out: the confirmation stops needs-attention, nothing set, and
// --start-over stages a new secret.
func TestFaultMatrixConfirmStagedAfterSomeoneElsesChange(t *testing.T) {
	c := newCLIEnv(t)
	spec1, sk1 := "file:"+c.path("s1")+"/", &sink.File{Path: c.path("s1") + "/"}
	r := c.run("", setSecretArgs(auth0sim.ClientWeb, c.path("j1"), spec1)...)
	c.check(t, r, auth0sim.ClientWeb, sk1, c.path("j1"), "set-secret:web", want{exit: 2, rotations: 0, state: journal.Staged})
	// Someone else's run rotates the client, verified, into its own sink.
	sk2 := &sink.File{Path: c.path("s2") + "/"}
	r = c.run("", rotateArgs(auth0sim.ClientWeb, c.path("j2"), "file:"+c.path("s2")+"/")...)
	c.check(t, r, auth0sim.ClientWeb, sk2, c.path("j2"), "rotate:web", want{exit: 0, secretChanges: 1, rotations: 1, state: journal.Done, verified: true})
	r = c.run("", setSecretArgs(auth0sim.ClientWeb, c.path("j1"), spec1, "--confirm-staged")...)
	if r.code != exitNeedsAttention || !strings.Contains(flat(r.stdout), "--start-over") {
		t.Fatalf("--confirm-staged after someone else's rotation: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The other run's secret still works: nothing was set over it.
	c.check(t, r, auth0sim.ClientWeb, sk2, c.path("j2"), "rotate:web", want{exit: exitNeedsAttention, secretChanges: 1, rotations: 1, state: journal.Done, verified: true})
	r = c.run("", setSecretArgs(auth0sim.ClientWeb, c.path("j1"), spec1, "--start-over")...)
	c.check(t, r, auth0sim.ClientWeb, sk1, c.path("j1"), "set-secret:web", want{exit: 2, secretChanges: 1, rotations: 1, state: journal.Staged})
	r = c.run("", setSecretArgs(auth0sim.ClientWeb, c.path("j1"), spec1, "--confirm-staged")...)
	c.check(t, r, auth0sim.ClientWeb, sk1, c.path("j1"), "set-secret:web", want{exit: 0, secretChanges: 2, rotations: 1, state: journal.Done, verified: true})
}
