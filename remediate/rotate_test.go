package remediate

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/sink"
)

func (env *testEnv) sinkSecret(t *testing.T, clientID string) string {
	t.Helper()
	s, err := env.eng.Sink.Get(clientID)
	if err != nil {
		t.Fatalf("sink: %v", err)
	}
	return s
}

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
	if now == old || env.sinkSecret(t, auth0sim.ClientWeb) != now {
		t.Fatal("the sink does not hold the tenant's new secret")
	}
	if out.SecretFP != env.eng.Journal.Fingerprint(now) {
		t.Fatalf("fingerprint %s does not match the new secret", out.SecretFP)
	}
	if j := env.journalText(t); strings.Contains(j, now) || strings.Contains(j, old) {
		t.Fatal("the journal holds a secret")
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
	if got, want := env.sinkSecret(t, auth0sim.ClientWeb), env.srv.ClientSecret(auth0sim.ClientWeb); got != want {
		t.Fatal("the secret recovered into the sink is not the tenant's current secret")
	}
}

// TestRotateCrashMidCall: the process dies after rotate-secret was applied and before any
// outcome was journaled (the answer was lost and the read-back failed too). The next run must
// decide from the tenant, not rotate again.
func TestRotateCrashMidCall(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.srv.SetFault("rotate-secret", auth0sim.Fault{DropAfterApply: true, Times: 1})
	// The read-back after the drop fails: every get-client answers 500 (the transport retries
	// reads, then gives up).
	env.transport.MaxRetries = 1
	env.srv.SetFault("get-client", auth0sim.Fault{Status: 500})
	_, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if err == nil {
		t.Fatal("want an error: the outcome could not be decided")
	}
	// The first read (for the "before" fingerprint) failed too, so nothing was sent yet.
	if n := env.srv.Applied("rotate-secret"); n != 0 {
		t.Fatalf("rotated although the client could not be read: %d", n)
	}
	// Now the "before" read works, rotate-secret is applied and its answer dropped, and the
	// read-back fails: the run ends with the intent open, as if it had been killed.
	env.srv.ClearFaults()
	env.srv.SetFault("rotate-secret", auth0sim.Fault{DropAfterApply: true, Times: 1})
	env.eng.Progress = func(f string, a ...any) {
		if strings.HasPrefix(f, "rotate-secret for") { // the unclear outcome is being resolved
			env.srv.SetFault("get-client", auth0sim.Fault{Status: 500})
		}
	}
	_, err = env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if err == nil || !strings.Contains(err.Error(), "outcome unclear") {
		t.Fatalf("err = %v, want an unclear outcome", err)
	}
	if st := env.eng.Journal.State("rotate:web"); !st.Unclear {
		t.Fatalf("journal state %+v, want an open intent", st)
	}
	// "Restart": a new process opens the journal and resumes with the faults gone.
	env.srv.ClearFaults()
	env.eng.Progress = nil
	env.openJournal(t, "")
	out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if err != nil {
		t.Fatal(err)
	}
	if !out.Recovered {
		t.Fatalf("outcome %+v, want recovered", out)
	}
	if n := env.srv.Applied("rotate-secret"); n != 1 {
		t.Fatalf("Applied(rotate-secret) = %d, want 1", n)
	}
	if env.sinkSecret(t, auth0sim.ClientWeb) != env.srv.ClientSecret(auth0sim.ClientWeb) {
		t.Fatal("the recovered secret is not the tenant's")
	}
}

// TestRotate5xxStorm: rotate-secret answers 503 twice (not applied), then works. Each 503 is
// decided by reading back (unchanged), so a new attempt is safe; exactly one rotation.
func TestRotate5xxStorm(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.srv.SetFault("rotate-secret", auth0sim.Fault{Status: 503, Times: 2})
	env.srv.SetFault("get-client", auth0sim.Fault{Status: 502, Times: 2}) // reads are retried by the transport
	env.transport.Sleep = func(context.Context, time.Duration) error { return nil }
	out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if err != nil {
		t.Fatal(err)
	}
	if n := env.srv.Applied("rotate-secret"); n != 1 {
		t.Fatalf("Applied(rotate-secret) = %d, want 1", n)
	}
	st := env.eng.Journal.State("rotate:web")
	if st.Attempts != 3 || out.Result != journal.Done {
		t.Fatalf("attempts %d result %s, want 3 attempts and done", st.Attempts, out.Result)
	}
	if env.sinkSecret(t, auth0sim.ClientWeb) != env.srv.ClientSecret(auth0sim.ClientWeb) {
		t.Fatal("sink does not hold the new secret")
	}

	// A storm longer than the attempts: nothing applied, an error, and a later run succeeds.
	env.srv.SetFault("rotate-secret", auth0sim.Fault{Status: 500})
	_, err = env.eng.Rotate(context.Background(), "rotate:legacy", auth0sim.ClientLegacyHS256)
	if err == nil || !strings.Contains(err.Error(), "not applied") {
		t.Fatalf("err = %v", err)
	}
	env.srv.ClearFaults()
	if _, err := env.eng.Rotate(context.Background(), "rotate:legacy", auth0sim.ClientLegacyHS256); err != nil {
		t.Fatal(err)
	}
	if n := env.srv.Applied("rotate-secret"); n != 2 {
		t.Fatalf("Applied(rotate-secret) = %d, want 2 (one per client)", n)
	}
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

func TestSetSecret(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.eng.Confirm = nil // not confirmed in this run: stage only
	old := env.srv.ClientSecret(auth0sim.ClientWeb)
	out, err := env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb)
	if !errors.Is(err, ErrAwaitingConfirmation) || out.Result != journal.Staged {
		t.Fatalf("%+v %v, want staged and awaiting confirmation", out, err)
	}
	staged := env.sinkSecret(t, auth0sim.ClientWeb)
	if len(staged) < 64 || env.srv.ClientSecret(auth0sim.ClientWeb) != old || env.srv.Applied("patch-client") != 0 {
		t.Fatal("staging changed the tenant or staged a short secret")
	}
	// A separate run with --confirm-staged sets and probes it.
	env.openJournal(t, "")
	env.eng.ConfirmStaged = true
	out, err = env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb)
	if err != nil {
		t.Fatal(err)
	}
	if out.Result != journal.Live {
		t.Fatalf("result %s (%s), want live", out.Result, out.Detail)
	}
	if env.srv.ClientSecret(auth0sim.ClientWeb) != staged {
		t.Fatal("the tenant does not hold the staged secret")
	}
	if j := env.journalText(t); strings.Contains(j, staged) || strings.Contains(j, old) {
		t.Fatal("the journal holds a secret")
	}
}

func TestSetSecretDropAfterApply(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.srv.SetFault("patch-client", auth0sim.Fault{DropAfterApply: true, Times: 1})
	out, err := env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb)
	if err != nil {
		t.Fatal(err)
	}
	if !out.Recovered || out.Result != journal.Live {
		t.Fatalf("%+v, want recovered and live", out)
	}
	if n := env.srv.Applied("patch-client"); n != 1 {
		t.Fatalf("Applied(patch-client) = %d, want 1", n)
	}
	if env.sinkSecret(t, auth0sim.ClientWeb) != env.srv.ClientSecret(auth0sim.ClientWeb) {
		t.Fatal("sink and tenant disagree")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestSetSecretNotReportedLiveWhenChangedAgain: the PATCH sets the staged secret, then someone
// else rotates the client before the probe. The probe must not report the other secret as the
// staged one being live.
func TestSetSecretNotReportedLiveWhenChangedAgain(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	base := env.transport.Base
	env.transport.Base = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := base.RoundTrip(r)
		if err == nil && r.Method == http.MethodPatch {
			for _, c := range env.srv.Clients() {
				if c.ClientID == auth0sim.ClientWeb {
					c.Secret = "someone-else-rotated-it-" + strings.Repeat("x", 40)
					if _, err := env.srv.AddClient(c); err != nil {
						t.Error(err)
					}
				}
			}
		}
		return resp, err
	})
	out, err := env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb)
	if err != nil {
		t.Fatal(err)
	}
	if out.Result == journal.Live || !strings.Contains(out.Detail, "another secret") {
		t.Fatalf("%+v: reported live although the tenant holds another secret", out)
	}
	if env.eng.Journal.State("set:web").Result == journal.Live {
		t.Fatal("journaled live")
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

	// A new run (new process: new sink, another journal) for another client, same file.
	env.eng.Sink = &sink.File{Path: path}
	j, err := journal.Open(filepath.Join(env.dir, "other.jsonl"), env.srv.Domain(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	first := env.eng.Journal
	env.eng.Journal = j
	spaBefore := env.srv.ClientSecret(auth0sim.ClientSPA)
	_, err = env.eng.Rotate(context.Background(), "rotate:spa", auth0sim.ClientSPA)
	if err == nil || !strings.Contains(err.Error(), "already exists") || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("rotating another client into an occupied file: err = %v", err)
	}
	if env.srv.ClientSecret(auth0sim.ClientSPA) != spaBefore || env.srv.Applied("rotate-secret") != 1 {
		t.Fatal("the refused run changed the tenant")
	}
	if b, _ := os.ReadFile(path); strings.TrimSpace(string(b)) != webSecret {
		t.Fatal("the earlier run's secret was overwritten")
	}

	// The first journal's own step, rerun in a new process: the journal knows the secret.
	env.eng.Sink, env.eng.Journal = &sink.File{Path: path}, first
	out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if err != nil || !out.Resumed {
		t.Fatalf("resuming a done step with its own sink: %+v %v", out, err)
	}
}

// TestSetSecretResumesFromASingleFileSink: a secret staged in a single file by one run is set
// by the next run (a new process), which finds the file occupied by exactly the staged secret.
func TestSetSecretResumesFromASingleFileSink(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	path := filepath.Join(env.dir, "web.secret")
	env.eng.Sink = &sink.File{Path: path}
	env.eng.Confirm = nil
	if _, err := env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb); !errors.Is(err, ErrAwaitingConfirmation) {
		t.Fatalf("staging: %v", err)
	}
	staged := env.sinkSecret(t, auth0sim.ClientWeb)
	env.openJournal(t, "")
	env.eng.Sink = &sink.File{Path: path}
	env.eng.ConfirmStaged = true
	out, err := env.eng.SetSecret(context.Background(), "set:web", auth0sim.ClientWeb)
	if err != nil || out.Result != journal.Live {
		t.Fatalf("%+v %v, want live", out, err)
	}
	if env.srv.ClientSecret(auth0sim.ClientWeb) != staged {
		t.Fatal("the tenant does not hold the staged secret")
	}
}
