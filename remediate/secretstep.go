package remediate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/remediate/flock"
	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/sink"
)

const (
	actionRotate = "rotate-secret"
	actionStage  = "stage"
	actionPatch  = "patch-secret"
	actionVerify = "verify"
)

// errReadBack is wrapped when the client could not be read back.
var errReadBack = errors.New("could not read the client back")

// clientState is what a read of the client tells a secret step.
type clientState struct {
	secret     string
	marker     string
	authMethod string
}

// readClient reads a client back with its secret (read:client_keys) and its in-progress
// marker.
func (e *Engine) readClient(ctx context.Context, clientID string) (clientState, error) {
	rctx, cancel := readBackCtx(ctx)
	defer cancel()
	c, err := e.API.Client.Read(rctx, clientID, management.IncludeFields("client_id", "client_secret", "client_metadata",
		"token_endpoint_auth_method", "grant_types", "name"))
	if err != nil {
		return clientState{}, fmt.Errorf("%w %s: %v", errReadBack, clientID, err)
	}
	cs := clientState{secret: c.GetClientSecret(), authMethod: c.GetTokenEndpointAuthMethod()}
	if v, ok := c.GetClientMetadata()[MarkerKey].(string); ok {
		cs.marker = v
	}
	if cs.secret == "" {
		return cs, fmt.Errorf("%w %s: the answer has no client_secret (the tool's credentials need read:client_keys to verify a secret change)", errReadBack, clientID)
	}
	return cs, nil
}

// checkSelf refuses to change the secret of the client the tool authenticates with, unless
// the operator said they know (the tool's own calls will fail once the old secret is gone).
func (e *Engine) checkSelf(clientID string) error {
	if clientID == e.SelfClientID && !e.AllowSelf {
		return fmt.Errorf("client %s is the client this tool authenticates with: after the change the tool (and every "+
			"other user of these credentials) needs the new secret", clientID)
	}
	return nil
}

// secretStep is one run of a rotate or set-secret step.
type secretStep struct {
	e         *Engine
	id        string
	client    string
	op        Op
	out       Outcome
	st        journal.StepState
	cs        clientState // the latest read of the client
	readAt    time.Time   // when cs was read
	stages    sink.Stages // the latest read of the sink
	question  string      // asked before the step's first new change in this run
	confirmed bool
	marked    bool // this run holds the tenant-side marker
	recovered int  // late changes recovered in this run (bounded)
	// startedOver is set once --start-over began the step anew in this run.
	startedOver bool
	// wasDone says why a step the journal records done is taken up again ("" otherwise).
	wasDone string
}

// stillDone checks again, once, what a step the journal records done promised: the tenant
// holds the step's secret (st.AfterFP), the sink's current stage holds it too, and
// /oauth/token accepts it. It returns "" when all of it holds, else what does not. A sink
// that cannot be read back (stdout) is taken to hold what it printed: the tenant's secret
// must still be the step's.
func (e *Engine) stillDone(ctx context.Context, clientID string, st journal.StepState) string {
	cs, err := e.readClient(ctx, clientID)
	if err != nil {
		return fmt.Sprintf("it could not be checked again (%v)", err)
	}
	if now := e.Journal.Fingerprint(cs.secret); now != st.AfterFP {
		return fmt.Sprintf("the tenant now holds another secret (fingerprint %s, the step set %s)", now, fpOrNone(st.AfterFP))
	}
	if _, printed := e.Sink.(*sink.Stdout); !printed {
		stages, err := e.Sink.Read(clientID)
		if err != nil {
			return fmt.Sprintf("%s could not be read (%v)", e.Sink, err)
		}
		if stages.Current != cs.secret {
			held := "nothing"
			if stages.Current != "" {
				held = "fingerprint " + e.Journal.Fingerprint(stages.Current)
			}
			return fmt.Sprintf("%s no longer holds it as current (it holds %s)", e.Sink.Where(clientID, sink.SlotCurrent), held)
		}
	}
	probe, err := e.Tenant.Probe(ctx, clientID, cs.secret, cs.authMethod)
	if err != nil {
		return fmt.Sprintf("/oauth/token could not be asked (%v)", err)
	}
	if !probe.Authenticates() {
		return "/oauth/token answered " + probe.String()
	}
	return ""
}

// runSecretStep is what every step that changes a secret does first: it needs a journal and a
// sink; skips a step the journal shows done; refuses the tool's own client; takes the
// machine's lock on the client; proves the sink writable and reads it and the tenant; refuses
// a sink holding a value it cannot vouch for. Then body runs the step.
func (e *Engine) runSecretStep(ctx context.Context, stepID, clientID string, op Op, question string,
	body func(s *secretStep, ctx context.Context) (Outcome, error)) (Outcome, error) {
	out := Outcome{Step: stepID, Op: op}
	if err := e.needJournal(); err != nil {
		return out, err
	}
	if e.Sink == nil {
		return out, errors.New("no secret sink: choose where the new secret goes (--secret-sink file:PATH, file:DIR/, env:PATH, or stdout with --reveal-secrets)")
	}
	out.Sink = e.Sink.String()
	st := e.Journal.State(stepID)
	wasDone := ""
	if st.Done() && !st.Unclear {
		// "done" is a claim about now, not only about the earlier run: the secret that run
		// verified may have died since (its own rotate-secret landing after the settle
		// interval, someone else's change, a sink emptied or edited). Checked again; anything
		// else goes through the step again below, which recovers, refills or stops.
		why := e.stillDone(ctx, clientID, st)
		if why == "" {
			out.Result, out.Resumed, out.SecretFP = st.Result, true, st.AfterFP
			out.Detail = "done in an earlier run, checked again now (the tenant and the sink hold it, /oauth/token accepts it); not changed again"
			if !st.Released && st.Attempts > 0 {
				// The earlier run died between "done" and removing its marker.
				e.releaseMarker(ctx, stepID, clientID, nil)
			}
			return out, nil
		}
		wasDone = why
		e.progress("%s: done in an earlier run, but %s; taking the step up again", stepID, why)
		if err := e.Journal.Append(journal.Record{Step: stepID, Phase: journal.Note, Action: "recheck",
			Detail: "done in an earlier run, but " + why}); err != nil {
			return out, err
		}
	}
	if err := e.checkSelf(clientID); err != nil {
		return e.attention(out, err.Error()+"; "+e.tenantChanges(stepID), e.next("--i-know-this-is-my-own-client"), err)
	}
	unlock, err := e.lockClient(clientID)
	if err != nil {
		if errors.Is(err, flock.ErrBusy) {
			return e.attention(out, err.Error()+"; this run changed nothing; run the command below once that run ended", e.next(), err)
		}
		return e.attention(out, fmt.Sprintf("%v; %s. Fix the lock directory (--lock-dir, or AUTH0AUDIT_LOCK_DIR), then run the command below",
			err, e.tenantChanges(stepID)), e.next(), err)
	}
	defer unlock()
	if err := e.Sink.Preflight(clientID); err != nil {
		return e.attention(out, fmt.Sprintf("the sink cannot take the new secret (%v); checked before the tenant changed: %s. "+
			"Fix the sink, then run the command below", err, e.tenantChanges(stepID)), e.next(), err)
	}
	s := &secretStep{e: e, id: stepID, client: clientID, op: op, out: out, st: st, question: question, wasDone: wasDone}
	if err := s.refresh(ctx); err != nil {
		return s.stop(fmt.Sprintf("%v; %s", err, e.tenantChanges(stepID)), e.next(), err)
	}
	if p := s.stages.Pending; p != "" && p == s.stages.Current {
		// A promotion interrupted between its writes (current written, pending not yet
		// removed): the pending stage is the current value, and nothing waits on it.
		if err := sink.DiscardPending(e.Sink, clientID, s.stages); err != nil {
			return s.stop(fmt.Sprintf("%s holds the current secret of client %s as pending too, left by an interrupted run, and it "+
				"could not be removed (%v); %s", e.Sink, clientID, err, e.tenantChanges(stepID)), e.next(), err)
		}
		s.stages.Pending = ""
	}
	knows := func(v string) bool { return v == s.cs.secret || st.Known[e.Journal.Fingerprint(v)] }
	// The pending stage is each operation's to judge (a pending version blocks a rotation;
	// set-secret sets only what its journal staged).
	settled := s.stages
	settled.Pending = ""
	if err := sink.CheckKnown(e.Sink, clientID, settled, knows); err != nil {
		return s.stop(fmt.Sprintf("%v; %s", err, e.tenantChanges(stepID)), e.next(), err)
	}
	out, err = body(s, ctx)
	switch {
	case out.Result == journal.Done:
		e.releaseMarker(ctx, stepID, clientID, &s.cs.marker) // verify has just read the client
	case out.Result == journal.NeedsAttention && s.confirmed:
		// (confirmed: the run may have written its marker, even if it never read it back; only
		// a marker of this run or journal is removed.)
		// Stopped with the tenant unchanged and no call in doubt: the marker guards nothing,
		// and would turn every other run away for its whole lifetime.
		if now := e.Journal.State(stepID); !now.Applied && !now.Unclear && !now.LateRisk {
			e.releaseMarker(ctx, stepID, clientID, nil)
		}
	}
	return out, err
}

// refresh reads the client and the sink again.
func (s *secretStep) refresh(ctx context.Context) error {
	cs, err := s.e.readClient(ctx, s.client)
	if err != nil {
		return err
	}
	stages, err := s.e.Sink.Read(s.client)
	if err != nil {
		return err
	}
	s.cs, s.stages, s.readAt = cs, stages, time.Now()
	return nil
}

func (s *secretStep) fp(v string) string { return s.e.Journal.Fingerprint(v) }

// stop ends the step needs-attention.
func (s *secretStep) stop(what, next string, cause error) (Outcome, error) {
	return s.e.attention(s.out, what, next, cause)
}

func (s *secretStep) journal(r journal.Record) error {
	r.Step = s.id
	return s.e.Journal.Append(r)
}

// beforeChange is called before every call that changes the tenant: it asks the step's
// question once per run (an unclear step resumed is decided first, so a dry run or a "no"
// never sends a new call), then takes or re-checks the tenant-side marker and reads the
// client fresh.
func (s *secretStep) beforeChange(ctx context.Context) error {
	if !s.confirmed {
		if err := s.e.confirm(s.question, s.e.tenantChanges(s.id)); err != nil {
			return err
		}
		s.confirmed = true
	}
	if !s.marked {
		// The marker is written right after a read that found the client free: well within
		// MarkerWait of it (a read older than that, across a prompt say, is made again). The
		// marker's read-back is the fresh read before the change.
		if time.Since(s.readAt) > s.e.markerWait()/2 {
			if err := s.refresh(ctx); err != nil {
				return err
			}
		}
		cs, err := s.e.acquireMarker(ctx, s.client, s.cs)
		if err != nil {
			return err
		}
		s.marked, s.cs, s.readAt = true, cs, time.Now()
		s.stages, err = s.e.Sink.Read(s.client)
		return err
	}
	if err := s.refresh(ctx); err != nil {
		return err
	}
	return s.e.markerIsOurs(s.client, s.cs.marker)
}

// stopBeforeChange turns a beforeChange error into the step's end.
func (s *secretStep) stopBeforeChange(err error) (Outcome, error) {
	if errors.Is(err, ErrDeclined) {
		return s.out, err
	}
	if errors.Is(err, context.Canceled) {
		return s.stop(fmt.Sprintf("interrupted before the change; %s", s.e.tenantChanges(s.id)), s.e.next(), err)
	}
	var busy *markerBusyError
	if errors.As(err, &busy) {
		return s.stop(fmt.Sprintf("%v; %s; run the command below once that run ended", err, s.e.tenantChanges(s.id)), s.e.next(), err)
	}
	return s.stop(fmt.Sprintf("%v; %s", err, s.e.tenantChanges(s.id)), s.e.next(), err)
}

// applied records that value reached the tenant and puts it in the sink as current, then
// verifies. recovered says it was learnt by reading the tenant back.
func (s *secretStep) applied(ctx context.Context, action string, attempt int, value string, recovered bool, detail string) (Outcome, error) {
	fp := s.fp(value)
	if err := s.journal(journal.Record{Attempt: attempt, Phase: journal.Outcome, Action: action, Result: journal.Applied,
		AfterFP: fp, Recovered: recovered, Detail: detail}); err != nil {
		return s.out, err
	}
	s.st = s.e.Journal.State(s.id)
	s.out.Recovered = s.out.Recovered || recovered
	if err := s.storeCurrent(value); err != nil {
		return s.stop(fmt.Sprintf("the tenant holds a new secret (fingerprint %s) but %s could not store it (%v); the journal records the "+
			"change. Fix the sink, then run the command below: it reads the secret back from the tenant", fp, s.e.Sink, err), s.e.next(), err)
	}
	s.e.progress("client %s: new secret (fingerprint %s) stored in %s; verifying", s.client, fp, s.e.Sink.Where(s.client, sink.SlotCurrent))
	return s.verify(ctx, value)
}

// storeCurrent makes value the sink's current stage: promoted when it is the pending one
// (exactly the staged value), set otherwise.
func (s *secretStep) storeCurrent(value string) error {
	stages, err := s.e.Sink.Read(s.client)
	if err != nil {
		return err
	}
	if stages.Current == value {
		if stages.Pending == value { // a promotion interrupted before it removed pending
			if err := sink.DiscardPending(s.e.Sink, s.client, stages); err != nil {
				return err
			}
			stages.Pending = ""
		}
		s.stages = stages
		return nil
	}
	if stages.Pending == value {
		err = sink.Promote(s.e.Sink, s.client, stages, value)
	} else {
		err = sink.SetCurrent(s.e.Sink, s.client, value, stages)
	}
	if err == nil {
		s.stages, err = s.e.Sink.Read(s.client)
	}
	return err
}

// resume continues a step the journal shows applied (not yet verified): the tenant must still
// hold the value the step put there; the sink is brought to it, then verified.
func (s *secretStep) resumeApplied(ctx context.Context) (Outcome, error) {
	want := s.st.AfterFP
	if s.fp(s.cs.secret) != want {
		return s.changedUnderUs(ctx, want)
	}
	if err := s.storeCurrent(s.cs.secret); err != nil {
		return s.stop(fmt.Sprintf("%s could not store the tenant's secret (%v); %s. Fix the sink, then run the command below",
			s.e.Sink, err, s.e.tenantChanges(s.id)), s.e.next(), err)
	}
	return s.verify(ctx, s.cs.secret)
}

// changedUnderUs handles a tenant secret that is not the one this step expects (wantFP). A
// rotate of this step whose outcome was decided "not applied" by a read-back may have landed
// late: then the tenant's value is this step's and is recovered. Anything else is someone
// else's change: the step stops (or, with --start-over, begins anew).
func (s *secretStep) changedUnderUs(ctx context.Context, wantFP string) (Outcome, error) {
	now := s.fp(s.cs.secret)
	if s.st.LateRisk && !s.st.Known[now] && s.recovered < 3 {
		s.recovered++
		return s.applied(ctx, actionRotate, s.st.Attempts, s.cs.secret, true,
			"a rotate-secret read back as not applied landed late: its secret is recovered from the tenant")
	}
	if s.e.StartOver && !s.startedOver {
		s.startedOver = true
		if err := s.journal(journal.Record{Phase: journal.Note, Action: "start-over",
			Detail: fmt.Sprintf("--start-over: the tenant holds fingerprint %s, not this step's %s; beginning anew", now, wantFP)}); err != nil {
			return s.out, err
		}
		return s.startOver(ctx)
	}
	when := "during this step"
	if s.wasDone != "" {
		when = "since this step was done in an earlier run"
	}
	what := fmt.Sprintf("the tenant's secret changed %s and no call of this step explains it (tenant fingerprint %s, "+
		"this step set %s): someone else changed it. %s keeps this step's secret. Find out who changed it; the command below "+
		"then changes the secret anew", when, now, wantFP, s.e.Sink)
	return s.stop(what, s.e.next("--start-over"), nil)
}

// startOver begins the step anew after someone else changed the secret (--start-over): a new
// rotation, or a newly staged secret.
func (s *secretStep) startOver(ctx context.Context) (Outcome, error) {
	if s.op == OpSetSecret {
		if s.stages.Pending != "" {
			if err := sink.DiscardPending(s.e.Sink, s.client, s.stages); err != nil {
				return s.stop(fmt.Sprintf("could not discard the pending secret (%v)", err), s.e.next("--start-over"), err)
			}
			s.stages.Pending = ""
		}
		s.st.StagedFP = ""
		return s.setSecretFresh(ctx)
	}
	if err := s.beforeChange(ctx); err != nil {
		return s.stopBeforeChange(err)
	}
	return s.rotateOnce(ctx)
}
