package remediate

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/sink"
)

// journalText is the journal file's bytes, for checks that no secret reached it.
func (env *testEnv) journalText(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(env.eng.Journal.Path())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRotate(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	old := env.srv.ClientSecret(auth0sim.ClientWeb)
	out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if err != nil {
		t.Fatal(err)
	}
	now := env.srv.ClientSecret(auth0sim.ClientWeb)
	if now == old || out.Result != journal.Done || out.Verification == nil || out.Verification.Checks != 2 {
		t.Fatalf("outcome %+v", out)
	}
	env.assertVerified(t, auth0sim.ClientWeb)
	if out.SecretFP != env.eng.Journal.Fingerprint(now) {
		t.Fatalf("fingerprint %s does not match the new secret", out.SecretFP)
	}
	if st := env.stages(t, auth0sim.ClientWeb); st.Previous != "" || st.Pending != "" {
		t.Fatalf("stages after a verified run: %v (previous is dropped once verified)", st)
	}
	if j := env.journalText(t); strings.Contains(j, now) || strings.Contains(j, old) || !strings.Contains(j, `"action":"verify","result":"done"`) {
		t.Fatalf("journal holds a secret or no verification:\n%s", j)
	}
	// Rerunning the step never rotates again.
	if out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb); err != nil || !out.Resumed {
		t.Fatalf("rerun: %+v %v", out, err)
	}
	if n := env.srv.Applied("rotate-secret"); n != 1 {
		t.Fatalf("Applied(rotate-secret) = %d, want 1", n)
	}
}

// TestRotateDropAfterApply: the tenant rotates, then the connection drops before the answer.
// A blind retry would rotate twice and lose the first new secret; we read back instead.
func TestRotateDropAfterApply(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.srv.SetFault("rotate-secret", auth0sim.Fault{DropAfterApply: true, Times: 1})
	out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if err != nil {
		t.Fatal(err)
	}
	if n := env.srv.Applied("rotate-secret"); n != 1 {
		t.Fatalf("Applied(rotate-secret) = %d, want exactly 1", n)
	}
	if !out.Recovered || out.Result != journal.Done {
		t.Fatalf("outcome %+v, want done and recovered", out)
	}
	env.assertVerified(t, auth0sim.ClientWeb)
}

// TestRotateCrashMidCall: the process dies after rotate-secret was applied and before any
// outcome was journaled (the answer was lost and the read-back failed too). The next run must
// decide from the tenant, not rotate again.
func TestRotateCrashMidCall(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.transport.MaxRetries = 1
	env.srv.SetFault("get-client", auth0sim.Fault{Status: 500})
	_, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if !errors.Is(err, ErrNeedsAttention) || !strings.Contains(err.Error(), "nothing was changed on the tenant") {
		t.Fatalf("err = %v, want needs-attention before any change", err)
	}
	if n := env.srv.Applied("rotate-secret"); n != 0 {
		t.Fatalf("rotated although the client could not be read: %d", n)
	}
	// Now rotate-secret is applied and its answer dropped, and the read-back fails: the run
	// ends with the intent open, as if it had been killed.
	env.srv.ClearFaults()
	env.srv.SetFault("rotate-secret", auth0sim.Fault{DropAfterApply: true, Times: 1})
	env.eng.Progress = func(f string, a ...any) {
		if strings.HasPrefix(f, "rotate-secret for") { // the unclear outcome is being resolved
			env.srv.SetFault("get-client", auth0sim.Fault{Status: 500})
		}
	}
	out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if err == nil || !strings.Contains(err.Error(), "outcome is unclear") || out.Result != journal.NeedsAttention || out.Next == "" {
		t.Fatalf("%+v %v, want needs-attention with the outcome unclear", out, err)
	}
	if st := env.eng.Journal.State("rotate:web"); !st.Unclear {
		t.Fatalf("journal state %+v, want an open intent", st)
	}
	// "Restart": a new process opens the journal and resumes with the faults gone.
	env.srv.ClearFaults()
	env.eng.Progress = nil
	env.openJournal(t, "")
	out, err = env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if err != nil || !out.Recovered || out.Result != journal.Done {
		t.Fatalf("%+v %v, want done and recovered", out, err)
	}
	if n := env.srv.Applied("rotate-secret"); n != 1 {
		t.Fatalf("Applied(rotate-secret) = %d, want 1", n)
	}
	env.assertVerified(t, auth0sim.ClientWeb)
}

// TestRotateUnclearConverges: rotate-secret answers 503 (it may or may not have been applied).
// Read back unchanged, it is not resent: the step converges on a staged secret with PATCH.
func TestRotateUnclearConverges(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.srv.SetFault("rotate-secret", auth0sim.Fault{Status: 503})
	out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if err != nil || out.Result != journal.Done {
		t.Fatalf("%+v %v", out, err)
	}
	if a, c := env.srv.Applied("rotate-secret"), env.srv.SecretChanges(auth0sim.ClientWeb); a != 0 || c != 1 {
		t.Fatalf("rotate applied %d, secret changed %d times; want 0 and 1 (one PATCH)", a, c)
	}
	env.assertVerified(t, auth0sim.ClientWeb)
	var rotates int
	for _, r := range env.eng.Journal.Records() {
		if r.Phase == journal.Intent && r.Action == actionRotate {
			rotates++
		}
	}
	if rotates != 1 {
		t.Fatalf("rotate-secret was sent %d times", rotates)
	}
}

// TestRotateLateLanding: the connection is reset and the read-back shows no change, so the
// step converges with PATCH; then the first rotate-secret lands. Verification must see the
// tenant holding a secret the sink does not have, recover it, and verify again: never "done"
// over a dead secret.
func TestRotateLateLanding(t *testing.T) {
	for _, when := range []string{"after the PATCH", "between the two checks"} {
		t.Run(when, func(t *testing.T) {
			env := newTestEnv(t, auth0sim.Config{})
			env.srv.SetFault("rotate-secret", auth0sim.Fault{ApplyLate: time.Hour, Times: 1})
			land := func(*http.Request) bool { env.srv.ApplyLateNow(); return true }
			if when == "after the PATCH" {
				env.srv.SetHook("patch-client", auth0sim.Hook{After: func(r *http.Request) bool {
					if strings.Contains(r.URL.Path, auth0sim.ClientWeb) && env.srv.SecretChanges(auth0sim.ClientWeb) == 1 {
						env.srv.ApplyLateNow()
					}
					return true
				}})
			} else {
				// After the first probe of the converged secret.
				env.srv.SetHook("oauth-token", auth0sim.Hook{After: func(r *http.Request) bool {
					if env.srv.SecretChanges(auth0sim.ClientWeb) == 1 {
						land(r)
					}
					return true
				}})
			}
			out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
			if err != nil || out.Result != journal.Done {
				t.Fatalf("%+v %v", out, err)
			}
			if a, c := env.srv.Applied("rotate-secret"), env.srv.SecretChanges(auth0sim.ClientWeb); a != 1 || c != 2 {
				t.Fatalf("rotate applied %d, secret changes %d; want the late rotate and one PATCH", a, c)
			}
			env.assertVerified(t, auth0sim.ClientWeb)
			if !strings.Contains(env.journalText(t), "landed late") {
				t.Fatal("the journal does not record the late landing")
			}
		})
	}
}

// TestRotateForeignChange: someone else changes the secret right after this run's rotation.
// Nothing in the run explains it: the step needs attention (never "done"), and --start-over
// rotates anew.
func TestRotateForeignChange(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	var once sync.Once
	env.srv.SetHook("oauth-token", auth0sim.Hook{Before: func(*http.Request) bool {
		if env.srv.SecretChanges(auth0sim.ClientWeb) == 1 { // the probe after this run's rotation
			once.Do(func() {
				c := clientByID(t, env.srv, auth0sim.ClientWeb)
				c.Secret = "someone-else-set-this-" + strings.Repeat("y", 42)
				env.srv.AddClient(c)
			})
		}
		return true
	}})
	out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if !errors.Is(err, ErrNeedsAttention) || out.Result != journal.NeedsAttention || !strings.Contains(out.Detail, "someone else") ||
		!strings.Contains(out.Next, "--start-over") {
		t.Fatalf("%+v %v", out, err)
	}
	if st := env.eng.Journal.State("rotate:web"); st.Done() || st.Result != journal.NeedsAttention {
		t.Fatalf("journal state %+v", st)
	}
	// A plain rerun stops again; --start-over rotates anew and verifies.
	if _, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb); !errors.Is(err, ErrNeedsAttention) {
		t.Fatalf("rerun: %v", err)
	}
	env.eng.StartOver = true
	out, err = env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if err != nil || out.Result != journal.Done {
		t.Fatalf("--start-over: %+v %v", out, err)
	}
	env.assertVerified(t, auth0sim.ClientWeb)
}

func clientByID(t *testing.T, srv *auth0sim.Server, id string) auth0sim.Client {
	t.Helper()
	for _, c := range srv.Clients() {
		if c.ClientID == id {
			return c
		}
	}
	t.Fatalf("no client %s", id)
	return auth0sim.Client{}
}

func TestRotateRefusesOwnClient(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	_, err := env.eng.Rotate(context.Background(), "rotate:m2m", auth0sim.ClientM2M)
	if err == nil || !strings.Contains(err.Error(), "--i-know-this-is-my-own-client") {
		t.Fatalf("err = %v", err)
	}
	if env.srv.Applied("rotate-secret") != 0 {
		t.Fatal("rotated the tool's own client")
	}
	env.eng.AllowSelf = true
	if _, err := env.eng.Rotate(context.Background(), "rotate:m2m", auth0sim.ClientM2M); err != nil {
		t.Fatal(err)
	}
}

// TestPendingBlocksRotate: a secret staged for the client (by set-secret) blocks a rotation.
func TestPendingBlocksRotate(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.eng.Confirm = nil
	if _, err := env.eng.SetSecret(context.Background(), "set-secret:web", auth0sim.ClientWeb); !errors.Is(err, ErrAwaitingConfirmation) {
		t.Fatal(err)
	}
	env.eng.Confirm = func(string) (bool, error) { return true, nil }
	out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if !errors.Is(err, ErrNeedsAttention) || !strings.Contains(out.Detail, "staged secret") {
		t.Fatalf("%+v %v", out, err)
	}
	if env.srv.SecretChanges(auth0sim.ClientWeb) != 0 {
		t.Fatal("rotated over a pending secret")
	}
}

func TestSetSecret(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.eng.Confirm = nil // not confirmed in this run: stage only
	old := env.srv.ClientSecret(auth0sim.ClientWeb)
	out, err := env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb)
	if !errors.Is(err, ErrAwaitingConfirmation) || out.Result != journal.Staged || !strings.Contains(out.Next, "--confirm-staged") {
		t.Fatalf("%+v %v, want staged and awaiting confirmation", out, err)
	}
	st := env.stages(t, auth0sim.ClientWeb)
	staged := st.Pending
	if len(staged) < 64 || st.Current != "" || env.srv.ClientSecret(auth0sim.ClientWeb) != old || env.srv.SecretChanges(auth0sim.ClientWeb) != 0 {
		t.Fatal("staging changed the tenant, wrote current, or staged a short secret")
	}
	// A separate run with --confirm-staged sets it and verifies it.
	env.openJournal(t, "")
	env.eng.ConfirmStaged = true
	out, err = env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb)
	if err != nil || out.Result != journal.Done {
		t.Fatalf("%+v %v, want done", out, err)
	}
	if env.srv.ClientSecret(auth0sim.ClientWeb) != staged {
		t.Fatal("the tenant does not hold the staged secret")
	}
	env.assertVerified(t, auth0sim.ClientWeb)
	if j := env.journalText(t); strings.Contains(j, staged) || strings.Contains(j, old) {
		t.Fatal("the journal holds a secret")
	}
}

// TestStagingNeverTouchesCurrent: the sink already holds the client's current secret (the one
// the apps use); staging a new one leaves it in place, and the old one is kept as previous
// until the new one is verified.
func TestStagingNeverTouchesCurrent(t *testing.T) {
	for _, kind := range []string{"dir", "env"} {
		t.Run(kind, func(t *testing.T) {
			env := newTestEnv(t, auth0sim.Config{})
			old := env.srv.ClientSecret(auth0sim.ClientWeb)
			if kind == "env" {
				env.eng.Sink = &sink.EnvFile{Path: filepath.Join(env.dir, ".env")}
			}
			if err := env.eng.Sink.Preflight(auth0sim.ClientWeb); err != nil {
				t.Fatal(err)
			}
			if err := sink.SetCurrent(env.eng.Sink, auth0sim.ClientWeb, old, sink.Stages{}); err != nil {
				t.Fatal(err)
			}
			env.eng.Confirm = nil
			if _, err := env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb); !errors.Is(err, ErrAwaitingConfirmation) {
				t.Fatal(err)
			}
			st := env.stages(t, auth0sim.ClientWeb)
			if st.Current != old || st.Pending == "" {
				t.Fatalf("after staging: %v; current must still be the old secret", st)
			}
			env.eng.ConfirmStaged = true
			if out, err := env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb); err != nil || out.Result != journal.Done {
				t.Fatalf("%+v %v", out, err)
			}
			st = env.stages(t, auth0sim.ClientWeb)
			if st.Current != env.srv.ClientSecret(auth0sim.ClientWeb) || st.Pending != "" || st.Previous != "" {
				t.Fatalf("after the verified run: %v", st)
			}
		})
	}
}

// TestConfirmStagedSetsOnlyWhatThisJournalStaged: --confirm-staged with another journal, or
// with nothing staged, sets nothing and overwrites nothing.
func TestConfirmStagedSetsOnlyWhatThisJournalStaged(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.eng.ConfirmStaged = true
	out, err := env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb)
	if !errors.Is(err, ErrNeedsAttention) || !strings.Contains(out.Detail, "staged no secret") {
		t.Fatalf("first run with --confirm-staged: %+v %v", out, err)
	}
	if st := env.stages(t, auth0sim.ClientWeb); st.Pending != "" || env.srv.SecretChanges(auth0sim.ClientWeb) != 0 {
		t.Fatal("a secret nobody has seen was staged or set")
	}
	// Stage with journal 1.
	env.eng.ConfirmStaged, env.eng.Confirm = false, nil
	if _, err := env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb); !errors.Is(err, ErrAwaitingConfirmation) {
		t.Fatal(err)
	}
	staged := env.stages(t, auth0sim.ClientWeb).Pending
	// Confirm with journal 2, same sink.
	other, err := journal.Open(filepath.Join(env.dir, "other.jsonl"), env.srv.Domain(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	first := env.eng.Journal
	env.eng.Journal, env.eng.ConfirmStaged = other, true
	out, err = env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb)
	if !errors.Is(err, ErrNeedsAttention) || !strings.Contains(err.Error(), "staged by another journal") {
		t.Fatalf("another journal: %+v %v", out, err)
	}
	// The next command cannot stage while that pending secret is there: the detail says so,
	// and how to finish or remove it, rather than promising the command below stages one.
	if pending := env.eng.Sink.Where(auth0sim.ClientWeb, sink.SlotPending); !strings.Contains(out.Detail, "--journal") ||
		!strings.Contains(out.Detail, "remove "+pending) || strings.Contains(out.Detail, "The command below stages one") {
		t.Fatalf("another journal's pending secret: the detail does not say how to go on: %s", out.Detail)
	}
	if env.stages(t, auth0sim.ClientWeb).Pending != staged || env.srv.SecretChanges(auth0sim.ClientWeb) != 0 {
		t.Fatal("the staged secret was overwritten or something was set")
	}
	env.eng.Journal = first
	if out, err := env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb); err != nil || out.Result != journal.Done {
		t.Fatalf("the staging journal: %+v %v", out, err)
	}
	if env.srv.ClientSecret(auth0sim.ClientWeb) != staged {
		t.Fatal("not the staged secret")
	}
}

func TestSetSecretDropAfterApply(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	// The secret's PATCH is applied and its answer dropped (the marker PATCHes go through).
	var once sync.Once
	env.srv.SetHook("patch-client", auth0sim.Hook{After: func(*http.Request) bool {
		drop := false
		if env.srv.SecretChanges(auth0sim.ClientWeb) == 1 {
			once.Do(func() { drop = true })
		}
		return !drop
	}})
	out, err := env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb)
	if err != nil {
		t.Fatal(err)
	}
	if !out.Recovered || out.Result != journal.Done {
		t.Fatalf("%+v, want recovered and done", out)
	}
	if n := env.srv.SecretChanges(auth0sim.ClientWeb); n != 1 {
		t.Fatalf("SecretChanges = %d, want 1", n)
	}
	env.assertVerified(t, auth0sim.ClientWeb)
}

// TestSetSecretChangedAgain: the PATCH sets the staged secret, then someone else changes the
// client before the verification. It must not report the other secret as the staged one.
func TestSetSecretChangedAgain(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	var once sync.Once
	env.srv.SetHook("oauth-token", auth0sim.Hook{Before: func(*http.Request) bool {
		if env.srv.SecretChanges(auth0sim.ClientWeb) == 1 { // the probe after the PATCH
			once.Do(func() {
				c := clientByID(t, env.srv, auth0sim.ClientWeb)
				c.Secret = "someone-else-rotated-it-" + strings.Repeat("x", 40)
				env.srv.AddClient(c)
			})
		}
		return true
	}})
	out, err := env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb)
	if !errors.Is(err, ErrNeedsAttention) || out.Result != journal.NeedsAttention || !strings.Contains(out.Detail, "someone else") {
		t.Fatalf("%+v %v", out, err)
	}
	if env.eng.Journal.State("set:web").Done() {
		t.Fatal("journaled done")
	}
}

// TestSinkRefusesWhatItDoesNotKnow: a sink already holding a value that is neither the
// tenant's current secret nor one the journal recorded is refused before the tenant changes,
// in every kind of sink.
func TestSinkRefusesWhatItDoesNotKnow(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	for name, sk := range map[string]sink.Sink{
		"dir":  &sink.File{Path: filepath.Join(env.dir, "d") + "/"},
		"file": &sink.File{Path: filepath.Join(env.dir, "one.secret")},
		"env":  &sink.EnvFile{Path: filepath.Join(env.dir, ".env")},
	} {
		if err := sk.Preflight(auth0sim.ClientWeb); err != nil {
			t.Fatal(err)
		}
		if err := sink.SetCurrent(sk, auth0sim.ClientWeb, "a-secret-of-something-else", sink.Stages{}); err != nil {
			t.Fatal(err)
		}
		env.eng.Sink = sk
		out, err := env.eng.Rotate(context.Background(), "rotate:"+name, auth0sim.ClientWeb)
		if !errors.Is(err, ErrNeedsAttention) || !errors.Is(err, sink.ErrUnknownValue) || !strings.Contains(out.Detail, "nothing was changed on the tenant") {
			t.Fatalf("%s: %+v %v", name, out, err)
		}
		if cur, _ := sink.Current(sk, auth0sim.ClientWeb); cur != "a-secret-of-something-else" {
			t.Fatalf("%s: the sink was overwritten", name)
		}
	}
	if env.srv.SecretChanges(auth0sim.ClientWeb) != 0 {
		t.Fatal("the tenant changed")
	}
}

// TestSingleFileSinkAcrossRuns: a single-file sink left by an earlier run holds a secret that
// nothing else may still know. A later run for another client must refuse it before changing
// anything; a run resuming its own step (the journal knows the file's secret) goes on.
func TestSingleFileSinkAcrossRuns(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	path := filepath.Join(env.dir, "one.secret")
	env.eng.Sink = &sink.File{Path: path}
	if _, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb); err != nil {
		t.Fatal(err)
	}
	webSecret := env.sinkSecret(t, auth0sim.ClientWeb)

	j, err := journal.Open(filepath.Join(env.dir, "other.jsonl"), env.srv.Domain(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	first := env.eng.Journal
	env.eng.Journal = j
	spaBefore := env.srv.ClientSecret(auth0sim.ClientSPA)
	_, err = env.eng.Rotate(context.Background(), "rotate:spa", auth0sim.ClientSPA)
	if !errors.Is(err, sink.ErrUnknownValue) || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("rotating another client into an occupied file: err = %v", err)
	}
	if env.srv.ClientSecret(auth0sim.ClientSPA) != spaBefore || env.srv.Applied("rotate-secret") != 1 {
		t.Fatal("the refused run changed the tenant")
	}
	if b, _ := os.ReadFile(path); strings.TrimSpace(string(b)) != webSecret {
		t.Fatal("the earlier run's secret was overwritten")
	}
	env.eng.Journal = first
	out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if err != nil || !out.Resumed {
		t.Fatalf("resuming a done step with its own sink: %+v %v", out, err)
	}
}

// TestSetSecretResumesFromASingleFileSink: a secret staged in a single file by one run is set
// by the next run (a new process).
func TestSetSecretResumesFromASingleFileSink(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	path := filepath.Join(env.dir, "web.secret")
	env.eng.Sink = &sink.File{Path: path}
	env.eng.Confirm = nil
	if _, err := env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb); !errors.Is(err, ErrAwaitingConfirmation) {
		t.Fatalf("staging: %v", err)
	}
	staged := env.stages(t, auth0sim.ClientWeb).Pending
	env.openJournal(t, "")
	env.eng.ConfirmStaged = true
	out, err := env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb)
	if err != nil || out.Result != journal.Done {
		t.Fatalf("%+v %v, want done", out, err)
	}
	if env.srv.ClientSecret(auth0sim.ClientWeb) != staged {
		t.Fatal("the tenant does not hold the staged secret")
	}
	if b, _ := os.ReadFile(path); strings.TrimSpace(string(b)) != staged {
		t.Fatal("the file does not hold the new current secret")
	}
}

// TestPromoteInterruptedLeavesNoBlockingPending: a crash between the two file writes of a
// promotion (current written, pending not yet removed) leaves pending == current. That is no
// staged secret waiting for anything: the next run, whatever its journal, drops it instead of
// refusing to rotate ("holds a staged secret") or to stage ("a pending secret this journal did
// not stage") until someone deletes the file by hand.
func TestPromoteInterruptedLeavesNoBlockingPending(t *testing.T) {
	for _, op := range []Op{OpRotate, OpSetSecret} {
		t.Run(string(op), func(t *testing.T) {
			env := newTestEnv(t, auth0sim.Config{})
			cur := env.srv.ClientSecret(auth0sim.ClientWeb)
			dir := filepath.Join(env.dir, "secrets")
			os.MkdirAll(dir, 0o700)
			for _, f := range []string{"web.secret", "web.pending"} {
				os.WriteFile(filepath.Join(dir, f), []byte(cur+"\n"), 0o600)
			}
			var out Outcome
			var err error
			if op == OpRotate {
				out, err = env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
			} else {
				out, err = env.eng.SetSecret(context.Background(), "set-secret:web", auth0sim.ClientWeb)
			}
			if err != nil || out.Result != journal.Done {
				t.Fatalf("%+v %v", out, err)
			}
			env.assertVerified(t, auth0sim.ClientWeb)
			if st := env.stages(t, auth0sim.ClientWeb); st.Pending != "" {
				t.Fatal("a pending stage was left")
			}
		})
	}
}

// TestLockDirUnusableSaysWhatToFix: a lock directory that cannot be created is not another
// run holding the client: the message says what to fix, not to wait for a run that does not
// exist.
func TestLockDirUnusableSaysWhatToFix(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	notADir := filepath.Join(env.dir, "file")
	os.WriteFile(notADir, []byte("x"), 0o600)
	env.eng.LockDir = filepath.Join(notADir, "locks")
	out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if !errors.Is(err, ErrNeedsAttention) || strings.Contains(out.Detail, "once that run ended") ||
		!strings.Contains(out.Detail, "AUTH0AUDIT_LOCK_DIR") || !strings.Contains(out.Detail, "nothing was changed on the tenant") {
		t.Fatalf("%+v %v", out, err)
	}
}

// TestStartOverAfterTheStagedSecretWentAway: the pending secret this journal staged was
// replaced by hand (or removed, or printed on stdout in an earlier process). The step stops and
// names --start-over as the next command; running it printed the same refusal and the same
// next command, for ever. Now --start-over stages a new secret when the pending stage is empty;
// a pending secret nobody recorded is never discarded: the detail says to remove it if nobody
// uses it, and the command then goes on.
func TestStartOverAfterTheStagedSecretWentAway(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.eng.Confirm = nil
	if _, err := env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb); !errors.Is(err, ErrAwaitingConfirmation) {
		t.Fatal(err)
	}
	pending := filepath.Join(env.dir, "secrets", auth0sim.ClientWeb+".pending")
	tampered := strings.Repeat("x", 64)
	if err := os.WriteFile(pending, []byte(tampered), 0o600); err != nil {
		t.Fatal(err)
	}
	env.eng.ConfirmStaged = true
	out, err := env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb)
	if !errors.Is(err, ErrNeedsAttention) || !strings.Contains(out.Next, "--start-over") {
		t.Fatalf("%+v %v", out, err)
	}
	// The next command, as printed: the unknown pending secret is kept, and the detail says
	// what to do about it instead of repeating itself.
	env.eng.ConfirmStaged, env.eng.StartOver = false, true
	out, err = env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb)
	if !errors.Is(err, ErrNeedsAttention) || !strings.Contains(out.Detail, "remove "+env.eng.Sink.Where(auth0sim.ClientWeb, sink.SlotPending)) {
		t.Fatalf("--start-over over an unknown pending secret: %+v %v", out, err)
	}
	if b, _ := os.ReadFile(pending); string(b) != tampered || env.srv.SecretChanges(auth0sim.ClientWeb) != 0 {
		t.Fatal("an unknown pending secret was discarded, or something was set")
	}
	// Removed, as the detail says: --start-over stages a new secret.
	if err := os.Remove(pending); err != nil {
		t.Fatal(err)
	}
	if _, err := env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb); !errors.Is(err, ErrAwaitingConfirmation) {
		t.Fatalf("--start-over with the pending stage empty: %v", err)
	}
	staged := env.stages(t, auth0sim.ClientWeb).Pending
	if staged == "" || staged == tampered {
		t.Fatal("no new secret staged")
	}
	env.eng.StartOver, env.eng.ConfirmStaged = false, true
	if out, err := env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb); err != nil || out.Result != journal.Done {
		t.Fatalf("confirming the new stage: %+v %v", out, err)
	}
	if env.srv.ClientSecret(auth0sim.ClientWeb) != staged {
		t.Fatal("not the newly staged secret")
	}
	env.assertVerified(t, auth0sim.ClientWeb)
}

// TestStdoutStagedSecretDoesNotPointAtConfirmStaged: set-secret with the stdout sink, not
// confirmed in the run that printed the staged secret, said "rerun with --confirm-staged";
// that run can never read the printed secret back and refused. The next command now says
// what can work.
func TestStdoutStagedSecretDoesNotPointAtConfirmStaged(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.eng.Sink = &sink.Stdout{W: io.Discard}
	env.eng.Confirm = nil
	out, err := env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb)
	if err == nil || strings.Contains(out.Next, "--confirm-staged") || strings.Contains(out.Detail, "rerun with --confirm-staged") ||
		!strings.Contains(out.Detail, "cannot be read back") {
		t.Fatalf("%+v %v", out, err)
	}
	if env.srv.SecretChanges(auth0sim.ClientWeb) != 0 {
		t.Fatal("a secret was set without confirmation")
	}
}

// TestLateRotateRecoveredOnceThenSomeoneElsesChangeStops: a rotation whose rotate-secret landed
// late (recovered, verified, done). Later someone else set the secret. A rerun of the same
// command took that change for the same late rotate landing again, wrote it into the sink and
// said "done, verified ... landed late": an unexplained change reported as this step's own. A
// rotate-secret lands at most once: once its late landing was recovered, a further change is
// someone else's, and the step stops needs-attention with --start-over.
func TestLateRotateRecoveredOnceThenSomeoneElsesChangeStops(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.srv.SetFault("rotate-secret", auth0sim.Fault{ApplyLate: time.Hour, Times: 1})
	env.srv.SetHook("patch-client", auth0sim.Hook{After: func(r *http.Request) bool {
		if strings.Contains(r.URL.Path, auth0sim.ClientWeb) && env.srv.SecretChanges(auth0sim.ClientWeb) == 1 {
			env.srv.ApplyLateNow()
		}
		return true
	}})
	if out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb); err != nil || out.Result != journal.Done {
		t.Fatalf("%+v %v", out, err)
	}
	env.srv.ClearHooks()
	ours := env.sinkSecret(t, auth0sim.ClientWeb)
	c := clientByID(t, env.srv, auth0sim.ClientWeb)
	c.Secret = "someone-else-set-this-" + strings.Repeat("z", 42)
	if _, err := env.srv.AddClient(c); err != nil {
		t.Fatal(err)
	}
	env.openJournal(t, "")
	out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if !errors.Is(err, ErrNeedsAttention) || !strings.Contains(out.Detail, "someone else") || !strings.Contains(out.Next, "--start-over") {
		t.Fatalf("someone else's change after a recovered late rotate: %+v %v", out, err)
	}
	if got := env.sinkSecret(t, auth0sim.ClientWeb); got != ours {
		t.Fatal("the sink's secret was replaced by someone else's")
	}
}
