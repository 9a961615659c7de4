package remediate

import (
	"context"
	"errors"
	"fmt"

	"github.com/auth0-migrate/auth0audit/remediate/journal"
)

// Report is the result of applying a plan. It carries fingerprints, never secrets.
type Report struct {
	Tenant   string    `json:"tenant,omitempty"`
	Journal  string    `json:"journal,omitempty"`
	Outcomes []Outcome `json:"outcomes"`
	Failed   int       `json:"failed"`
	Pending  int       `json:"pending"` // declined, staged, or not reached
}

// Apply carries out p's executable steps in order. A step the journal records as done is
// never repeated; a step left unclear is decided by reading the tenant back first. Each
// destructive step is confirmed (Engine.Confirm). Apply stops at the first step that failed
// in a way that may leave the tenant inconsistent (an unclear outcome it could not decide, a
// sink failure); refused and declined steps are reported and the run goes on.
func (e *Engine) Apply(ctx context.Context, p *Plan) (*Report, error) {
	if err := e.needJournal(); err != nil {
		return nil, err
	}
	if err := e.checkSinkHoldsPlan(p); err != nil {
		return nil, err
	}
	rep := &Report{Tenant: p.Tenant, Journal: e.Journal.Path()}
	total := p.Executable()
	n := 0
	for _, s := range p.Steps {
		if !s.Op.Destructive() {
			continue
		}
		n++
		if err := ctx.Err(); err != nil {
			rep.Pending += total - n + 1
			return rep, err
		}
		if st := e.Journal.State(s.ID); st.Done() {
			rep.Outcomes = append(rep.Outcomes, Outcome{Step: s.ID, Op: s.Op, Result: st.Result, Resumed: true, SecretFP: st.AfterFP,
				Detail: "done in an earlier run; skipped"})
			e.progress("[%d/%d] %s: already done, skipped", n, total, s.ID)
			continue
		}
		e.progress("[%d/%d] %s", n, total, s.ID)
		out, err := e.runStep(ctx, s)
		rep.Outcomes = append(rep.Outcomes, out)
		if e.AfterStep != nil {
			e.AfterStep(out)
		}
		switch {
		case err == nil:
		case errors.Is(err, ErrDeclined), errors.Is(err, ErrAwaitingConfirmation):
			rep.Pending++
			if out.Result == "" {
				rep.Outcomes[len(rep.Outcomes)-1].Result = journal.Skipped
				rep.Outcomes[len(rep.Outcomes)-1].Detail = err.Error()
			}
			e.progress("[%d/%d] %s: %v", n, total, s.ID, err)
		case out.Result == journal.Failed || out.Result == journal.NotApplied:
			rep.Failed++
			e.progress("[%d/%d] %s: failed: %v", n, total, s.ID, err)
		default:
			rep.Failed++
			rep.Pending += total - n
			return rep, fmt.Errorf("step %s: %w", s.ID, err)
		}
	}
	return rep, nil
}

func (e *Engine) runStep(ctx context.Context, s Step) (Outcome, error) {
	if s.Op != OpSetSecret {
		if e.Journal.State(s.ID).Unclear {
			// An unclear step is resolved by reading back before anything is asked; if the
			// earlier call proves not applied, the question is asked before a new one is sent.
			ctx = context.WithValue(ctx, deferredConfirmKey{}, describe(s))
		} else if err := e.confirm(describe(s)); err != nil {
			// set-secret asks its own question (after staging).
			return Outcome{Step: s.ID, Op: s.Op}, err
		}
	}
	switch s.Op {
	case OpRotate:
		return e.Rotate(ctx, s.ID, s.ClientID)
	case OpSetSecret:
		return e.SetSecret(ctx, s.ID, s.ClientID)
	case OpLink:
		return e.Link(ctx, s.ID, LinkRequest{PrimaryID: s.UserID, Provider: s.Provider, SecondaryUserID: s.SecondaryUserID, ConnectionID: s.ConnectionID})
	case OpUnlink:
		return e.Unlink(ctx, s.ID, UnlinkRequest{PrimaryID: s.UserID, Provider: s.Provider, SecondaryUserID: s.SecondaryUserID})
	case OpDisableIDTokenAPI2, OpClientRS256:
		return e.applyTenantFix(ctx, s)
	}
	return Outcome{Step: s.ID, Op: s.Op}, fmt.Errorf("step %s: op %q cannot be applied", s.ID, s.Op)
}

// describe is the confirmation question for a step.
func describe(s Step) string {
	switch s.Op {
	case OpRotate:
		return fmt.Sprintf("Rotate the secret of client %s now? Its apps stop working until they get the new secret.", s.ClientID)
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
		return e.confirm(q)
	}
	return nil
}

// checkSinkHoldsPlan refuses, before any step, a plan that changes the secrets of several
// clients while the sink holds one client's secret: the second new secret would either be
// refused after it was made, or (when the first step was done in an earlier run) overwrite
// the first one.
func (e *Engine) checkSinkHoldsPlan(p *Plan) error {
	one, ok := e.Sink.(interface{ HoldsOneClient() bool })
	if !ok || !one.HoldsOneClient() {
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
