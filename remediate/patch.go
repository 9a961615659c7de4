package remediate

import (
	"context"
	"fmt"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/ratelimit"
)

// patchStaged sets value (staged in the sink, its fingerprint in the journal) as the client's
// secret with PATCH client_secret. Unlike rotate-secret, the value is known before the call,
// so an attempt whose outcome is unclear is decided by reading the client back, and one
// proved not applied may be sent again with the same value.
func (s *secretStep) patchStaged(ctx context.Context, value string) (Outcome, error) {
	e := s.e
	stagedFP := s.fp(value)
	for try := 0; ; try++ {
		if s.cs.secret == value {
			return s.applied(ctx, actionPatch, s.st.Attempts, value, true, "the tenant already holds the staged secret")
		}
		attempt := s.st.Attempts + 1
		beforeFP := s.fp(s.cs.secret)
		if err := s.journal(journal.Record{Attempt: attempt, Phase: journal.Intent, Action: actionPatch, BeforeFP: beforeFP, StagedFP: stagedFP}); err != nil {
			return s.out, err
		}
		s.st = e.Journal.State(s.id)
		e.progress("setting the staged secret (fingerprint %s) on client %s (attempt %d)", stagedFP, s.client, attempt)
		callErr := e.API.Client.Update(ratelimit.NoRetry(ctx), s.client, &management.Client{ClientSecret: &value})
		if callErr == nil {
			return s.applied(ctx, actionPatch, attempt, value, false, "")
		}
		if !unclear(callErr) {
			if err := s.journal(journal.Record{Attempt: attempt, Phase: journal.Outcome, Action: actionPatch, Result: journal.NotApplied,
				StagedFP: stagedFP, Detail: callErr.Error()}); err != nil {
				return s.out, err
			}
			return s.stop(fmt.Sprintf("PATCH client_secret was refused (%v); the staged secret (fingerprint %s) stays pending in %s; %s",
				callErr, stagedFP, e.Sink, e.tenantChanges(s.id)), e.next(), callErr)
		}
		e.progress("PATCH client_secret for %s: outcome unclear (%v); reading the client back", s.client, callErr)
		out, err, done := s.decidePatch(ctx, journal.Record{Attempt: attempt, BeforeFP: beforeFP, StagedFP: stagedFP})
		if done {
			return out, err
		}
		if try+1 >= e.maxAttempts() {
			return s.stop(fmt.Sprintf("PATCH client_secret was not applied after %d attempts (each read back unchanged); the staged secret "+
				"(fingerprint %s) stays pending in %s; %s", try+1, stagedFP, e.Sink, e.tenantChanges(s.id)), e.next(), callErr)
		}
		if err := sleepCtx(ctx, e.retryWait(try)); err != nil {
			return s.out, err
		}
		if err := s.beforeChange(ctx); err != nil {
			return s.stopBeforeChange(err)
		}
	}
}

// resolvePatch decides an open PATCH intent left by an earlier run.
func (s *secretStep) resolvePatch(ctx context.Context, open journal.Record) (Outcome, error) {
	out, err, done := s.decidePatch(ctx, open)
	if done {
		return out, err
	}
	// Proved not applied: send the same staged value again.
	if s.fp(s.stages.Pending) != open.StagedFP {
		return s.stop(fmt.Sprintf("an earlier PATCH was proved not applied, but the staged secret (fingerprint %s) is not in %s any more; %s",
			open.StagedFP, s.e.Sink, s.e.tenantChanges(s.id)), s.e.next("--start-over"), nil)
	}
	if s.op == OpSetSecret && !s.e.ConfirmStaged {
		s.question = s.stagedQuestion(open.StagedFP)
	}
	if err := s.beforeChange(ctx); err != nil {
		return s.stopBeforeChange(err)
	}
	return s.patchStaged(ctx, s.stages.Pending)
}

// decidePatch reads the client back after a PATCH whose outcome is unclear. done is false when
// the PATCH was proved not applied (the caller may send it again).
func (s *secretStep) decidePatch(ctx context.Context, open journal.Record) (Outcome, error, bool) {
	if err := s.refresh(ctx); err != nil {
		out, err := s.stop(fmt.Sprintf("PATCH client_secret's outcome is unclear and %v; the journal keeps the open intent", err), s.e.next(), err)
		return out, err, true
	}
	now := s.fp(s.cs.secret)
	switch {
	case now == open.StagedFP:
		out, err := s.applied(ctx, actionPatch, open.Attempt, s.cs.secret, true, "the answer was lost but the staged secret was set (read back)")
		return out, err, true
	case now == open.BeforeFP:
		err := s.journal(journal.Record{Attempt: open.Attempt, Phase: journal.Outcome, Action: actionPatch, Result: journal.NotApplied,
			StagedFP: open.StagedFP, Recovered: true, Detail: "read back: secret unchanged"})
		s.st = s.e.Journal.State(s.id)
		if err != nil {
			return s.out, err, true
		}
		return s.out, nil, false
	}
	out, err := s.changedUnderUs(ctx, open.StagedFP)
	return out, err, true
}
