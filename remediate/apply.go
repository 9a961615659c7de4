package remediate

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/sink"
)

// Report is the result of applying a plan. It carries fingerprints, never secrets.
type Report struct {
	Tenant   string    `json:"tenant"`
	Journal  string    `json:"journal,omitempty"`
	Outcomes []Outcome `json:"outcomes"`
	Done     int       `json:"done"`
	// NeedsAttention counts steps that stopped in needs-attention (each outcome says the next
	// command).
	NeedsAttention int `json:"needs_attention"`
	// Pending counts steps declined, staged (awaiting --confirm-staged), or not reached.
	Pending int `json:"pending"`
}

// Apply carries out p's executable steps. A step the journal records as done is never
// repeated; a step left unclear is decided by reading the tenant back first. Each destructive
// step is confirmed (Engine.Confirm). Steps run one at a time, or Parallel at once (each on
// its own client; the rate-limit transport keeps them within the tenant's budget). A step
// that needs attention does not stop the others; an error that is not a step's (the journal
// cannot be written, the run was interrupted) stops the run, and the steps not reached are
// reported pending.
func (e *Engine) Apply(ctx context.Context, p *Plan) (*Report, error) {
	if err := e.needJournal(); err != nil {
		return nil, err
	}
	if err := e.checkSinkHoldsPlan(p); err != nil {
		return nil, err
	}
	rep := &Report{Tenant: p.Tenant, Journal: e.Journal.Path()}
	var steps []Step
	for _, s := range p.Steps {
		if s.Op.Destructive() {
			steps = append(steps, s)
		}
	}
	outcomes := make([]Outcome, len(steps))
	ran := make([]bool, len(steps))
	workers := max(e.Parallel, 1)
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var fatal error
	stopped := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return fatal != nil
	}
	for i, s := range steps {
		if ctx.Err() != nil || stopped() {
			break
		}
		sem <- struct{}{}
		if ctx.Err() != nil || stopped() {
			<-sem
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			out, err := e.runPlanStep(ctx, i, len(steps), s)
			mu.Lock()
			outcomes[i], ran[i] = out, true
			if err != nil && !stepLevel(err) && fatal == nil {
				fatal = fmt.Errorf("step %s: %w", s.ID, err)
			}
			mu.Unlock()
			if e.AfterStep != nil {
				e.AfterStep(out)
			}
		}()
	}
	wg.Wait()
	for i := range steps {
		if !ran[i] {
			rep.Pending++
			continue
		}
		out := outcomes[i]
		switch {
		case out.Result == journal.Done || out.Result == journal.Live:
			rep.Done++
		case out.Result == journal.NeedsAttention:
			rep.NeedsAttention++
		default:
			rep.Pending++
		}
		rep.Outcomes = append(rep.Outcomes, out)
	}
	if fatal == nil && ctx.Err() != nil {
		fatal = ctx.Err()
	}
	return rep, fatal
}

// stepLevel reports whether err ends one step only (the run goes on with the others).
func stepLevel(err error) bool {
	return errors.Is(err, ErrNeedsAttention) || errors.Is(err, ErrDeclined) || errors.Is(err, ErrAwaitingConfirmation)
}

// runPlanStep runs one step and turns every way it can end into an outcome: done, staged or
// declined (pending), or needs-attention with the next command.
func (e *Engine) runPlanStep(ctx context.Context, n, total int, s Step) (Outcome, error) {
	if st := e.Journal.State(s.ID); st.Done() && s.Op != OpRotate && s.Op != OpSetSecret {
		// (A secret step checks this itself: it also removes a marker a killed run left.)
		e.progress("[%d/%d] %s: already done, skipped", n+1, total, s.ID)
		return Outcome{Step: s.ID, Op: s.Op, Result: st.Result, Resumed: true, SecretFP: st.AfterFP,
			Detail: "done in an earlier run; skipped"}, nil
	}
	e.progress("[%d/%d] %s", n+1, total, s.ID)
	out, err := e.runStep(ctx, s)
	switch {
	case err == nil:
	case errors.Is(err, ErrDeclined), errors.Is(err, ErrAwaitingConfirmation):
		if out.Result == "" {
			out.Result, out.Detail = journal.Skipped, err.Error()
		}
		e.progress("[%d/%d] %s: %v", n+1, total, s.ID, err)
	case errors.Is(err, ErrNeedsAttention):
	case ctx.Err() != nil:
		// Interrupted: the journal says where the step stands; the run stops.
		if out.Result == "" {
			out.Result, out.Detail = journal.Skipped, "interrupted: "+e.tenantChanges(s.ID)
		}
		out.Next = e.next()
		return out, err
	default:
		if out.Result == "" || out.Result == journal.Failed || out.Result == journal.NotApplied {
			// A link or unlink refused, or an error before any call: the step stops here.
			return e.attention(out, fmt.Sprintf("%v; %s", err, e.tenantChanges(s.ID)), e.next(), err)
		}
		return out, err
	}
	return out, err
}

func (e *Engine) runStep(ctx context.Context, s Step) (Outcome, error) {
	switch s.Op {
	case OpRotate:
		return e.Rotate(ctx, s.ID, s.ClientID)
	case OpSetSecret:
		return e.SetSecret(ctx, s.ID, s.ClientID)
	}
	if e.Journal.State(s.ID).Unclear {
		// An unclear link or unlink is resolved by reading back before anything is asked.
		ctx = context.WithValue(ctx, deferredConfirmKey{}, describe(s))
	} else if err := e.confirm(describe(s), e.tenantChanges(s.ID)); err != nil {
		return Outcome{Step: s.ID, Op: s.Op}, err
	}
	switch s.Op {
	case OpLink:
		return e.Link(ctx, s.ID, LinkRequest{PrimaryID: s.UserID, Provider: s.Provider, SecondaryUserID: s.SecondaryUserID, ConnectionID: s.ConnectionID})
	case OpUnlink:
		return e.Unlink(ctx, s.ID, UnlinkRequest{PrimaryID: s.UserID, Provider: s.Provider, SecondaryUserID: s.SecondaryUserID})
	case OpDisableIDTokenAPI2, OpClientRS256:
		return e.applyTenantFix(ctx, s)
	}
	return Outcome{Step: s.ID, Op: s.Op}, fmt.Errorf("step %s: op %q cannot be applied", s.ID, s.Op)
}

// describe is the confirmation question for a link or unlink step.
func describe(s Step) string {
	switch s.Op {
	case OpLink:
		return fmt.Sprintf("Link %s into user %s?", s.SecondaryUserID, s.UserID)
	case OpUnlink:
		return fmt.Sprintf("Unlink %s|%s from user %s?", s.Provider, s.SecondaryUserID, s.UserID)
	}
	if q := tenantFixQuestion(s); q != "" {
		return q
	}
	return fmt.Sprintf("Apply step %s?", s.ID)
}

type deferredConfirmKey struct{}

// deferredConfirm asks the question runStep put off for an unclear step, once its earlier call
// was proved not applied and a new call is about to be sent. Without it, a dry run (or a "no")
// resuming a journal with an open intent would send the call unconfirmed.
func (e *Engine) deferredConfirm(ctx context.Context) error {
	if q, ok := ctx.Value(deferredConfirmKey{}).(string); ok {
		return e.confirm(q, "nothing was changed")
	}
	return nil
}

// checkSinkHoldsPlan refuses, before any step, a plan that changes the secrets of several
// clients while the sink holds one client's secret.
func (e *Engine) checkSinkHoldsPlan(p *Plan) error {
	if e.Sink == nil || !sink.HoldsOneClient(e.Sink) {
		return nil
	}
	clients := map[string]bool{}
	for _, s := range p.Steps {
		if s.Op == OpRotate || s.Op == OpSetSecret {
			clients[s.ClientID] = true
		}
	}
	if len(clients) > 1 {
		return fmt.Errorf("the plan changes the secrets of %d clients but %s holds one client's secret: use a directory (file:DIR/) or an env file (env:PATH); nothing was changed",
			len(clients), e.Sink)
	}
	return nil
}
