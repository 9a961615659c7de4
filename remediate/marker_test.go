package remediate

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/remediate/journal"
)

func setMetadata(t *testing.T, srv *auth0sim.Server, clientID string, md map[string]string) {
	t.Helper()
	c := clientByID(t, srv, clientID)
	c.Metadata = md
	if _, err := srv.AddClient(c); err != nil {
		t.Fatal(err)
	}
}

// TestMarkerExcludesOtherRuns: an unexpired marker of another run (another machine) stops a
// run before it changes anything; an expired one, or one left by a killed run of the same
// journal, does not.
func TestMarkerExcludesOtherRuns(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	other := marker{Run: "otherrun", Journal: "otherjournal", Host: "ops-2", PID: 42, Until: time.Now().Add(time.Hour)}
	setMetadata(t, env.srv, auth0sim.ClientWeb, map[string]string{MarkerKey: other.String(), "team": "billing"})
	out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if !errors.Is(err, ErrNeedsAttention) || !strings.Contains(out.Detail, "ops-2") || !strings.Contains(out.Detail, "nothing was changed on the tenant") {
		t.Fatalf("%+v %v", out, err)
	}
	if env.srv.SecretChanges(auth0sim.ClientWeb) != 0 || env.srv.ClientMetadata(auth0sim.ClientWeb)[MarkerKey] != other.String() {
		t.Fatal("the other run's marker was overwritten or the secret changed")
	}

	other.Until = time.Now().Add(-time.Minute) // that run died an hour ago
	setMetadata(t, env.srv, auth0sim.ClientWeb, map[string]string{MarkerKey: other.String(), "team": "billing"})
	if out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb); err != nil || out.Result != journal.Done {
		t.Fatalf("expired marker: %+v %v", out, err)
	}
	env.assertVerified(t, auth0sim.ClientWeb)
	if md := env.srv.ClientMetadata(auth0sim.ClientWeb); md["team"] != "billing" {
		t.Fatalf("the client's own metadata was lost: %v", md)
	}

	// A marker a killed run of this journal left: taken over at once.
	mine := marker{Run: "deadrun", Journal: env.eng.Journal.ID(), Host: "here", PID: 1, Until: time.Now().Add(time.Hour)}
	setMetadata(t, env.srv, auth0sim.ClientLegacyHS256, map[string]string{MarkerKey: mine.String()})
	if out, err := env.eng.Rotate(context.Background(), "rotate:legacy", auth0sim.ClientLegacyHS256); err != nil || out.Result != journal.Done {
		t.Fatalf("own journal's marker: %+v %v", out, err)
	}
	env.assertVerified(t, auth0sim.ClientLegacyHS256)
}

// TestMarkerNeedsARoomInClientMetadata: a client already using Auth0's ten client_metadata
// keys cannot take the marker: the run stops before the change and says why.
func TestMarkerNeedsARoomInClientMetadata(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	md := map[string]string{}
	for i := range 10 {
		md[fmt.Sprintf("k%d", i)] = "v"
	}
	setMetadata(t, env.srv, auth0sim.ClientWeb, md)
	out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if !errors.Is(err, ErrNeedsAttention) || !strings.Contains(out.Detail, "10 client_metadata keys") {
		t.Fatalf("%+v %v", out, err)
	}
	if env.srv.SecretChanges(auth0sim.ClientWeb) != 0 {
		t.Fatal("the secret changed")
	}
}

// TestClientLockFailsFast: a second run on the same client on this machine (another journal,
// another sink) fails at once, naming the holder; nothing changes.
func TestClientLockFailsFast(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	unlock, err := env.eng.lockClient(auth0sim.ClientWeb)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if !errors.Is(err, ErrNeedsAttention) || !strings.Contains(out.Detail, "is in use by process") {
		t.Fatalf("%+v %v", out, err)
	}
	if env.srv.SecretChanges(auth0sim.ClientWeb) != 0 {
		t.Fatal("the secret changed")
	}
}

// TestApplyParallel: a plan of several clients run four steps at once: each is done once and
// verified, and the journal holds every step.
func TestApplyParallel(t *testing.T) {
	seed := auth0sim.DefaultSeed()
	var ids []string
	for i := range 8 {
		id := fmt.Sprintf("p%d", i)
		ids = append(ids, id)
		seed.Clients = append(seed.Clients, auth0sim.Client{ClientID: id, Name: id, AppType: "non_interactive", GrantTypes: []string{"client_credentials"}})
	}
	env := newTestEnv(t, auth0sim.Config{Seed: seed})
	p, err := BuildPlan(nil, PlanOptions{Clients: ids})
	if err != nil {
		t.Fatal(err)
	}
	env.openJournal(t, p.Digest())
	env.eng.Parallel = 4
	rep, err := env.eng.Apply(context.Background(), p)
	if err != nil || rep.Done != len(ids) {
		t.Fatalf("%+v %v", rep, err)
	}
	for i, id := range ids {
		if rep.Outcomes[i].Step != "rotate:"+id {
			t.Fatalf("outcome %d is %s: the report is not in plan order", i, rep.Outcomes[i].Step)
		}
		env.assertVerified(t, id)
		if env.srv.SecretChanges(id) != 1 {
			t.Fatalf("%s changed %d times", id, env.srv.SecretChanges(id))
		}
	}
	j, _ := filepath.Abs(env.eng.Journal.Path())
	if rep.Journal == "" || j == "" {
		t.Fatal("no journal in the report")
	}
}

// TestMarkerReleasedWhenAStepStopsWithNothingChanged: a step that stops after taking the
// marker, with the tenant unchanged and no call in doubt (rotate-secret refused, say), holds
// nothing another run must wait for: its marker goes, so another run (another journal, another
// machine) is not turned away for the marker's 30 minutes. A step that stops with a change
// applied or in doubt keeps it.
func TestMarkerReleasedWhenAStepStopsWithNothingChanged(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.srv.SetFault("rotate-secret", auth0sim.Fault{Status: 403, Times: 1})
	out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if !errors.Is(err, ErrNeedsAttention) || !strings.Contains(out.Detail, "nothing was changed") {
		t.Fatalf("%+v %v", out, err)
	}
	if m := env.srv.ClientMetadata(auth0sim.ClientWeb)[MarkerKey]; m != "" {
		t.Fatalf("the marker stayed although nothing changed: %s", m)
	}
	// In doubt (the answer lost, the read-back failing): the marker stays.
	env.openJournal(t, "")
	env.srv.SetFault("rotate-secret", auth0sim.Fault{DropAfterApply: true, Times: 1})
	env.srv.SetHook("get-client", auth0sim.Hook{Before: func(*http.Request) bool {
		return env.srv.SecretChanges(auth0sim.ClientWeb) == 0 // every read after the change fails
	}})
	if _, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb); !errors.Is(err, ErrNeedsAttention) {
		t.Fatalf("%v", err)
	}
	if m := env.srv.ClientMetadata(auth0sim.ClientWeb)[MarkerKey]; m == "" {
		t.Fatal("the marker went although a change is in doubt")
	}
}

// TestMarkerReleasedWhenInterruptedBeforeTheChange: Ctrl-C while the run waits to read its
// marker back: nothing was changed, and the marker it wrote goes with it.
func TestMarkerReleasedWhenInterruptedBeforeTheChange(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.eng.MarkerWait = time.Minute
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	env.srv.SetHook("patch-client", auth0sim.Hook{After: func(*http.Request) bool { cancel(); return true }, Times: 1})
	out, err := env.eng.Rotate(ctx, "rotate:web", auth0sim.ClientWeb)
	if out.Result != journal.NeedsAttention || !strings.Contains(out.Detail, "interrupted before the change; nothing was changed") ||
		env.srv.SecretChanges(auth0sim.ClientWeb) != 0 {
		t.Fatalf("%+v %v", out, err)
	}
	if m := env.srv.ClientMetadata(auth0sim.ClientWeb)[MarkerKey]; m != "" {
		t.Fatalf("the marker stayed after the interrupted run: %s", m)
	}
}

// TestMarkerOfALiveRunOfACopiedJournalIsNotTakenOver: two copies of one journal (a CI cache, a
// journal copied to a second checkout) run on one machine with different lock directories, so
// no flock stands between them. The second run used to take the first one's marker over as
// "left by a dead run of this journal", and both rotated: exit 0 twice, one sink dead. A marker
// of this journal is taken over only when its process is gone; a live one is another run's.
func TestMarkerOfALiveRunOfACopiedJournalIsNotTakenOver(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	host, _ := os.Hostname()
	live := marker{Run: "copyrun", Journal: env.eng.Journal.ID(), Host: host, PID: os.Getppid(), Until: time.Now().Add(time.Hour)}
	setMetadata(t, env.srv, auth0sim.ClientWeb, map[string]string{MarkerKey: live.String()})
	out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb)
	if !errors.Is(err, ErrNeedsAttention) || !strings.Contains(out.Detail, "being changed by another run") ||
		!strings.Contains(out.Detail, "nothing was changed on the tenant") {
		t.Fatalf("%+v %v", out, err)
	}
	if env.srv.SecretChanges(auth0sim.ClientWeb) != 0 {
		t.Fatal("the secret changed while another run of a copy of the journal held the client")
	}
	if m := env.srv.ClientMetadata(auth0sim.ClientWeb)[MarkerKey]; m != live.String() {
		t.Fatalf("the live run's marker was overwritten or removed: %q", m)
	}
}

// TestMarkerWriteAnsweredWithA5xxIsWrittenAgain: one 503 (or a lost answer) on the PATCH that
// writes the marker used to stop the step needs-attention, telling the user that "another tool
// changed the client's metadata". The write is idempotent and followed by a read-back: a marker
// that did not land is written again; only a marker that keeps failing stops the step, and the
// detail then says the write was not confirmed.
func TestMarkerWriteAnsweredWithA5xxIsWrittenAgain(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	env.srv.SetFault("patch-client", auth0sim.Fault{Status: 503, Times: 1})
	if out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb); err != nil || out.Result != journal.Done {
		t.Fatalf("one 503 on the marker write: %+v %v", out, err)
	}
	env.assertVerified(t, auth0sim.ClientWeb)
	if n := env.srv.SecretChanges(auth0sim.ClientWeb); n != 1 {
		t.Fatalf("%d secret changes, want 1", n)
	}
	if m := env.srv.ClientMetadata(auth0sim.ClientWeb)[MarkerKey]; m != "" {
		t.Fatalf("the marker stayed: %s", m)
	}

	env.srv.SetFault("patch-client", auth0sim.Fault{Status: 503}) // until cleared
	out, err := env.eng.Rotate(context.Background(), "rotate:spa", auth0sim.ClientSPA)
	env.srv.ClearFaults()
	if !errors.Is(err, ErrNeedsAttention) || strings.Contains(out.Detail, "another tool") ||
		!strings.Contains(out.Detail, "503") || !strings.Contains(out.Detail, "nothing was changed on the tenant") {
		t.Fatalf("a marker write that keeps failing: %+v %v", out, err)
	}
	if env.srv.SecretChanges(auth0sim.ClientSPA) != 0 {
		t.Fatal("the secret changed without the marker")
	}
}

// TestMarkerRemovalThatDidNotLandIsMadeAgain: the PATCH that removes the marker at the end of
// a done step lost its connection before it was applied. The run journaled the marker as
// released and exited 0, and every run with another journal (or from another machine) was
// turned away for 30 minutes by a marker nobody held. A removal with an unclear answer is read
// back and made again.
func TestMarkerRemovalThatDidNotLandIsMadeAgain(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{})
	patches := 0
	env.srv.SetHook("patch-client", auth0sim.Hook{Before: func(*http.Request) bool {
		patches++
		return patches != 2 // 1: the marker, 2: its removal, dropped before it applies
	}})
	if out, err := env.eng.Rotate(context.Background(), "rotate:web", auth0sim.ClientWeb); err != nil || out.Result != journal.Done {
		t.Fatalf("%+v %v", out, err)
	}
	env.assertVerified(t, auth0sim.ClientWeb)
	if m := env.srv.ClientMetadata(auth0sim.ClientWeb)[MarkerKey]; m != "" {
		t.Fatalf("the marker stayed after a removal that did not land: %s", m)
	}
}
