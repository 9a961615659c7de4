package remediate

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/sink"
	"github.com/auth0-migrate/auth0audit/usecase"
)

func fullPlan(t *testing.T) *Plan {
	t.Helper()
	p, err := BuildPlan(nil, PlanOptions{
		Clients: []string{auth0sim.ClientWeb, auth0sim.ClientLegacyHS256},
		Links:   [][2]string{{auth0sim.UserPrimary, auth0sim.UserSecondary}},
		Unlinks: nil,
	})
	if err != nil {
		t.Fatal(err)
	}
	p.Steps = append(p.Steps, Step{ID: "link:" + auth0sim.UserOther + ":" + auth0sim.UserGitHub, Op: OpLink,
		UserID: auth0sim.UserOther, Provider: "github", SecondaryUserID: auth0sim.UserGitHub, Reason: "test"})
	return p
}

// TestApplyCrashBetweenStepsAndResume stops the run after step 2 (as a kill between steps
// would), then resumes from the journal in a fresh engine: no step is repeated.
func TestApplyCrashBetweenStepsAndResume(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	p := fullPlan(t)
	env.openJournal(t, p.Digest())
	ctx, cancel := context.WithCancel(context.Background())
	ran := 0
	env.eng.AfterStep = func(Outcome) {
		ran++
		if ran == 2 {
			cancel()
		}
	}
	rep, err := env.eng.Apply(ctx, p)
	if err == nil {
		t.Fatal("want the cancellation to stop the run")
	}
	if len(rep.Outcomes) != 2 || rep.Pending != 2 {
		t.Fatalf("report %+v, want 2 done and 2 pending", rep)
	}
	firstWeb := env.srv.ClientSecret(auth0sim.ClientWeb)

	env.openJournal(t, p.Digest())
	env.eng.AfterStep = nil
	rep, err = env.eng.Apply(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	resumed := 0
	for _, o := range rep.Outcomes {
		if o.Result != journal.Done {
			t.Fatalf("step %s: %s (%s)", o.Step, o.Result, o.Detail)
		}
		if o.Resumed {
			resumed++
		}
	}
	if resumed != 2 {
		t.Fatalf("resumed %d steps, want 2", resumed)
	}
	if a, b := env.srv.Applied("rotate-secret"), env.srv.Applied("link"); a != 2 || b != 2 {
		t.Fatalf("Applied rotate=%d link=%d, want 2 and 2 (each step exactly once)", a, b)
	}
	if env.srv.ClientSecret(auth0sim.ClientWeb) != firstWeb {
		t.Fatal("the web client was rotated again on resume")
	}
	for _, r := range env.eng.Journal.Records() {
		if r.Phase == journal.Intent && r.Attempt > 1 {
			t.Fatalf("step %s was attempted again: %+v", r.Step, r)
		}
	}
	// A journal from another plan is refused.
	other := fullPlan(t)
	other.Steps = other.Steps[:1]
	path := env.dir + "/other.jsonl"
	j, err := journal.Open(path, env.srv.Domain(), p.Digest())
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	if _, err := journal.Open(path, env.srv.Domain(), other.Digest()); err == nil || !strings.Contains(err.Error(), "another plan") {
		t.Fatalf("err = %v", err)
	}
}

// TestApply429Storm runs a plan against a tenant allowing 4 requests a second: the transport
// reads X-RateLimit-*, waits for the window, honours Retry-After, and every step completes
// once. rotate-secret itself is never resent by the transport.
func TestApply429Storm(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{RateLimit: auth0sim.RateLimit{Limit: 20, Window: time.Second}})
	p := fullPlan(t)
	env.openJournal(t, p.Digest())
	// Another tool spends the budget first, so our first calls meet 429s with Retry-After.
	for range 25 {
		resp, err := http.Get(env.srv.URL() + "/.well-known/jwks.json")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	rep, err := env.eng.Apply(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range rep.Outcomes {
		if o.Result != journal.Done {
			t.Fatalf("step %s: %s (%s)", o.Step, o.Result, o.Detail)
		}
	}
	st := env.transport.Stats()
	if st.Waited == 0 {
		t.Fatalf("transport never waited for the rate limit: %+v", st)
	}
	t.Logf("transport: %+v", st)
	if a := env.srv.Applied("rotate-secret"); a != 2 {
		t.Fatalf("Applied(rotate-secret) = %d, want 2", a)
	}
}

// TestApply429OnRotate: rotate-secret answered 429 was refused before it was processed: the
// transport waits as asked and sends it again; exactly one rotation, one journaled attempt.
func TestApply429OnRotate(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.transport.Sleep = func(context.Context, time.Duration) error { return nil }
	env.srv.SetFault("rotate-secret", auth0sim.Fault{Status: 429, Times: 1})
	out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if err != nil {
		t.Fatal(err)
	}
	if st := env.eng.Journal.State("rotate:web"); st.Attempts != 1 || out.Result != journal.Done {
		t.Fatalf("attempts %d, result %s", st.Attempts, out.Result)
	}
	if env.srv.Applied("rotate-secret") != 1 || env.transport.Stats().Throttled != 1 {
		t.Fatal("want exactly one rotation after one 429")
	}
}

func TestApplyDryRunChangesNothing(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.eng.Confirm = nil
	p := fullPlan(t)
	env.openJournal(t, p.Digest())
	rep, err := env.eng.Apply(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pending != 4 || env.srv.Applied("rotate-secret")+env.srv.Applied("link") != 0 {
		t.Fatalf("report %+v: a step ran without confirmation", rep)
	}
}

func TestBuildPlanFromFindings(t *testing.T) {
	mk := func(id usecase.ID, f func(*usecase.Finding)) usecase.Finding {
		x := usecase.New(id, usecase.FromLogs, usecase.Confirmed)
		f(&x)
		return x
	}
	fs := []usecase.Finding{
		mk(usecase.UnlinkIDTokenBearer, func(f *usecase.Finding) {
			f.LogID, f.StatusCode, f.Method = "90020", 401, "DELETE"
			f.Path = "/api/v2/users/auth0%7Cprimary/identities/google-oauth2/secondary"
		}),
		mk(usecase.UnlinkIDTokenBearer, func(f *usecase.Finding) { // succeeded: nothing to redo
			f.LogID, f.StatusCode, f.Path = "90021", 200, "/api/v2/users/auth0%7Cprimary/identities/github/1"
		}),
		mk(usecase.LinkIDTokenBearer, func(f *usecase.Finding) { f.LogID, f.ClientID = "90022", "spa" }),
		mk(usecase.LinkIDTokenBearer, func(f *usecase.Finding) { f.LogID, f.ClientID = "90023", "spa" }),
		mk(usecase.SecretHardcoded, func(f *usecase.Finding) {
			f.Source, f.File, f.Line, f.ClientID = usecase.FromCode, "main.go", 12, "web"
		}),
		mk(usecase.LinkWithIDToken, func(f *usecase.Finding) { f.LogID = "90024" }),
		mk(usecase.SecretRotate, func(f *usecase.Finding) { f.LogID = "90025" }),
	}
	p, err := BuildPlan(fs, PlanOptions{Clients: []string{"web"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range p.Steps {
		got = append(got, s.ID)
	}
	// The unlink that failed is redone with an access token; the one that succeeded with an
	// ID token still means the code must change (review).
	want := []string{"unlink:auth0|primary:google-oauth2|secondary", "rotate:web", "review:unlink-idtoken-bearer:", "review:link-idtoken-bearer:spa"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("steps %v, want %v", got, want)
	}
	if p.Steps[0].SecondaryUserID != "secondary" || p.Steps[0].Provider != "google-oauth2" {
		t.Fatalf("unlink step %+v", p.Steps[0])
	}
	if p.Steps[3].EvidenceCount != 2 {
		t.Fatalf("review step evidence %+v", p.Steps[3])
	}
}

// TestApplySingleFileSinkTwoClients: a plan rotates two clients into a single-file sink. The
// sink can hold only one: the second client must not be rotated at all (before the fix it was
// rotated, then the sink refused the new secret, which nobody but the tenant then knew).
func TestApplySingleFileSinkTwoClients(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.eng.Sink = &sink.File{Path: filepath.Join(env.dir, "new.secret")}
	p, err := BuildPlan(nil, PlanOptions{Clients: []string{auth0sim.ClientWeb, auth0sim.ClientLegacyHS256}})
	if err != nil {
		t.Fatal(err)
	}
	env.openJournal(t, p.Digest())
	legacyBefore := env.srv.ClientSecret(auth0sim.ClientLegacyHS256)
	_, err = env.eng.Apply(context.Background(), p)
	if err == nil || !strings.Contains(err.Error(), "file:DIR/") {
		t.Fatalf("err = %v, want the sink's refusal", err)
	}
	if n := env.srv.Applied("rotate-secret"); n != 0 {
		t.Fatalf("Applied(rotate-secret) = %d, want 0 (refused before any step)", n)
	}
	if env.srv.ClientSecret(auth0sim.ClientLegacyHS256) != legacyBefore {
		t.Fatal("the second client was rotated although its secret had nowhere to go")
	}

	// A single step (the direct `fix rotate`) still works, and a second client is refused by
	// the sink before anything changes.
	if _, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb); err != nil {
		t.Fatal(err)
	}
	if _, err := env.eng.Rotate(context.Background(), "rotate:legacy", auth0sim.ClientLegacyHS256); err == nil ||
		!strings.Contains(err.Error(), "nothing was changed on the tenant") {
		t.Fatalf("second client into a single-file sink: err = %v", err)
	}
	if n := env.srv.Applied("rotate-secret"); n != 1 {
		t.Fatalf("Applied(rotate-secret) = %d, want 1", n)
	}
	if got := env.sinkSecret(t, auth0sim.ClientWeb); got != env.srv.ClientSecret(auth0sim.ClientWeb) {
		t.Fatal("the sink lost the first client's secret")
	}
}

// TestApplyDryRunResumingOpenIntents: an earlier run (with --yes) died right after journaling
// its intents, before the calls reached the tenant. A later dry run over the same journal reads
// the tenant back (nothing applied), and must then ask before sending, not rotate or link
// unconfirmed.
func TestApplyDryRunResumingOpenIntents(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	p := fullPlan(t)
	env.openJournal(t, p.Digest())
	for _, s := range p.Steps {
		r := journal.Record{Step: s.ID, Attempt: 1, Phase: journal.Intent, Action: string(s.Op)}
		if s.Op == OpRotate {
			r.Action = actionRotate
			r.BeforeFP = env.eng.Journal.Fingerprint(env.srv.ClientSecret(s.ClientID))
		}
		if err := env.eng.Journal.Append(r); err != nil {
			t.Fatal(err)
		}
	}
	env.openJournal(t, p.Digest())
	env.eng.Confirm = nil
	rep, err := env.eng.Apply(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if n := env.srv.Applied("rotate-secret") + env.srv.Applied("link"); n != 0 {
		t.Fatalf("a dry run changed the tenant %d times: %+v", n, rep)
	}
	if rep.Pending != 4 {
		t.Fatalf("report %+v, want 4 pending", rep)
	}
	for _, s := range p.Steps {
		if st := env.eng.Journal.State(s.ID); st.Unclear {
			t.Fatalf("step %s still unclear after the read-back", s.ID)
		}
	}
}
