package remediate

import (
	"context"
	"fmt"

	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/ratelimit"
	"github.com/auth0-migrate/auth0audit/remediate/secretgen"
	"github.com/auth0-migrate/auth0audit/remediate/sink"
)

// Rotate rotates clientID's secret with rotate-secret, at most once for this step, puts the
// new secret in the sink, and verifies it (verify). stepID names the step in the journal
// ("rotate:CLIENT" for a direct run).
//
// rotate-secret is never sent twice blindly: when its outcome is unclear (no answer, a 5xx)
// the client is read back. A changed secret is recovered into the sink. An unchanged one does
// not prove the call will not land later, so the step converges on a value known before the
// call instead: it generates a secret, stages it in the sink, and sets it with PATCH (which may
// be repeated with the same value). If the first rotate-secret lands late after all, the
// verification's second check sees the tenant holding a secret this step did not set and
// recovers it.
func (e *Engine) Rotate(ctx context.Context, stepID, clientID string) (Outcome, error) {
	q := fmt.Sprintf("Rotate the secret of client %s now? Its apps stop working until they get the new secret.", clientID)
	return e.runSecretStep(ctx, stepID, clientID, OpRotate, q, (*secretStep).rotate)
}

func (s *secretStep) rotate(ctx context.Context) (Outcome, error) {
	st := s.st
	switch {
	case st.Unclear && st.Open.Action == actionRotate:
		// An earlier run died (or lost the answer) during rotate-secret: decide from the
		// tenant's state, never by calling rotate again.
		return s.resolveRotate(ctx, st.Open)
	case st.Unclear && st.Open.Action == actionPatch:
		return s.resolvePatch(ctx, st.Open)
	case st.Applied:
		return s.resumeApplied(ctx)
	case st.LateRisk && st.StagedFP != "":
		// Converging (a staged secret to PATCH) was interrupted.
		return s.convergeStaged(ctx)
	}
	if s.stages.Pending != "" {
		// A pending version blocks a second rotation, as in AWS Secrets Manager.
		return s.stop(fmt.Sprintf("%s holds a staged secret for client %s (%s), waiting to be set: rotating now would leave it "+
			"pointless and the apps that took it locked out; %s. Finish it (fix set-secret --confirm-staged with the journal that "+
			"staged it) or remove that file, then run the command below", s.e.Sink, s.client, s.e.Sink.Where(s.client, sink.SlotPending),
			s.e.tenantChanges(s.id)), s.e.next(), nil)
	}
	if err := s.beforeChange(ctx); err != nil {
		return s.stopBeforeChange(err)
	}
	return s.rotateOnce(ctx)
}

func (s *secretStep) rotateOnce(ctx context.Context) (Outcome, error) {
	e := s.e
	attempt := s.st.Attempts + 1
	before := s.cs.secret
	beforeFP := s.fp(before)
	if err := s.journal(journal.Record{Attempt: attempt, Phase: journal.Intent, Action: actionRotate, BeforeFP: beforeFP}); err != nil {
		return s.out, err
	}
	e.progress("rotating the secret of client %s (attempt %d)", s.client, attempt)
	c, callErr := e.API.Client.RotateSecret(ratelimit.NoRetry(ctx), s.client)
	if callErr == nil && c.GetClientSecret() != "" {
		return s.applied(ctx, actionRotate, attempt, c.GetClientSecret(), false, "")
	}
	if callErr != nil && !unclear(callErr) {
		// A 4xx (or a wait too long to honour) is a definite refusal: nothing changed.
		if err := s.journal(journal.Record{Attempt: attempt, Phase: journal.Outcome, Action: actionRotate, Result: journal.NotApplied,
			BeforeFP: beforeFP, Detail: callErr.Error()}); err != nil {
			return s.out, err
		}
		return s.stop(fmt.Sprintf("rotate-secret was refused (%v); nothing was changed on the tenant", callErr), e.next(), callErr)
	}
	why := "the answer carried no secret"
	if callErr != nil {
		why = callErr.Error()
	}
	e.progress("rotate-secret for %s: outcome unclear (%s); reading the client back", s.client, why)
	return s.resolveRotate(ctx, journal.Record{Attempt: attempt, BeforeFP: beforeFP})
}

// resolveRotate decides an open rotate-secret intent by reading the client back.
func (s *secretStep) resolveRotate(ctx context.Context, open journal.Record) (Outcome, error) {
	if err := s.refresh(ctx); err != nil {
		return s.stop(fmt.Sprintf("rotate-secret's outcome is unclear and %v; the journal keeps the open intent: the next run reads "+
			"the client back first, and never sends rotate-secret again blindly", err), s.e.next(), err)
	}
	if s.fp(s.cs.secret) != open.BeforeFP {
		return s.applied(ctx, actionRotate, open.Attempt, s.cs.secret, true,
			"the answer was lost but the rotation was applied: recovered the secret from the tenant")
	}
	if err := s.journal(journal.Record{Attempt: open.Attempt, Phase: journal.Outcome, Action: actionRotate, Result: journal.NotApplied,
		BeforeFP: open.BeforeFP, Recovered: true, LateRisk: true,
		Detail: "read back: secret unchanged; the request may still land, so it is not resent"}); err != nil {
		return s.out, err
	}
	s.st = s.e.Journal.State(s.id)
	s.e.progress("client %s: read back unchanged; converging on a staged secret with PATCH instead of a second rotate-secret", s.client)
	return s.converge(ctx)
}

// converge generates a secret, stages it, and sets it with PATCH: the rotation's outcome is
// then known before the call.
func (s *secretStep) converge(ctx context.Context) (Outcome, error) {
	if err := s.beforeChange(ctx); err != nil {
		return s.stopBeforeChange(err)
	}
	if s.cs.secret != "" && s.fp(s.cs.secret) != s.st.BeforeFP {
		// The first rotate landed while we were deciding.
		return s.changedUnderUs(ctx, s.st.BeforeFP)
	}
	value, err := secretgen.Generate(secretgen.MinLength)
	if err != nil {
		return s.out, err
	}
	if _, err := s.stage(value); err != nil {
		return s.stop(fmt.Sprintf("could not stage a secret to converge on (%v); %s", err, s.e.tenantChanges(s.id)), s.e.next(), err)
	}
	return s.patchStaged(ctx, value)
}

// convergeStaged resumes a converge whose secret was staged: the sink's pending value must be
// the one the journal staged.
func (s *secretStep) convergeStaged(ctx context.Context) (Outcome, error) {
	if s.fp(s.stages.Pending) != s.st.StagedFP {
		if s.st.Unclear {
			// The stage itself never landed: stage a new one.
			if err := s.journal(journal.Record{Phase: journal.Outcome, Action: actionStage, Result: journal.NotApplied,
				StagedFP: s.st.StagedFP, Detail: "the sink does not hold the staged secret: staging did not complete"}); err != nil {
				return s.out, err
			}
			return s.converge(ctx)
		}
		return s.stop(fmt.Sprintf("the secret staged to converge on (fingerprint %s) is not in %s any more; %s", s.st.StagedFP, s.e.Sink,
			s.e.tenantChanges(s.id)), s.e.next("--start-over"), nil)
	}
	if s.st.Unclear {
		if err := s.journal(journal.Record{Phase: journal.Note, Action: actionStage, Result: journal.Staged, StagedFP: s.st.StagedFP}); err != nil {
			return s.out, err
		}
	}
	if err := s.beforeChange(ctx); err != nil {
		return s.stopBeforeChange(err)
	}
	return s.patchStaged(ctx, s.stages.Pending)
}

// stage puts value in the sink's pending stage, journaling its fingerprint first (so a crash
// in between leaves a pending value the journal knows).
func (s *secretStep) stage(value string) (string, error) {
	fp := s.fp(value)
	if err := s.journal(journal.Record{Phase: journal.Intent, Action: actionStage, StagedFP: fp, BeforeFP: s.fp(s.cs.secret)}); err != nil {
		return "", err
	}
	stages, err := s.e.Sink.Read(s.client)
	if err != nil {
		return "", err
	}
	if err := sink.Stage(s.e.Sink, s.client, value, stages); err != nil {
		return "", err
	}
	if err := s.journal(journal.Record{Phase: journal.Note, Action: actionStage, Result: journal.Staged, StagedFP: fp}); err != nil {
		return "", err
	}
	s.st = s.e.Journal.State(s.id)
	s.stages, _ = s.e.Sink.Read(s.client)
	s.e.progress("generated a new secret for client %s (fingerprint %s) and staged it in %s", s.client, fp, s.e.Sink.Where(s.client, sink.SlotPending))
	return fp, nil
}
