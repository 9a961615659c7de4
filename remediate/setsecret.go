package remediate

import (
	"context"
	"errors"
	"fmt"

	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/secretgen"
	"github.com/auth0-migrate/auth0audit/remediate/sink"
)

// ErrAwaitingConfirmation is returned when a secret is staged and the operator has not yet
// confirmed that the apps hold it as fallback.
var ErrAwaitingConfirmation = errors.New("staged secret awaits confirmation")

// SetSecret sets clientID's secret to a new generated one, the way AWS Secrets Manager rotates:
// generate it (crypto/rand) and stage it in the sink's pending stage (the journal records its
// fingerprint first); wait until the operator confirms the apps hold it as their fallback
// (--confirm-staged sets exactly that staged value, matched by fingerprint, or refuses); set
// it with PATCH client_secret; promote it to current in the sink; verify it (verify).
func (e *Engine) SetSecret(ctx context.Context, stepID, clientID string) (Outcome, error) {
	return e.runSecretStep(ctx, stepID, clientID, OpSetSecret, "", (*secretStep).setSecret)
}

func (s *secretStep) stagedQuestion(fp string) string {
	return fmt.Sprintf("The new secret for client %s (fingerprint %s) is staged in %s. Have all its apps been given it as their fallback secret?",
		s.client, fp, s.e.Sink.Where(s.client, sink.SlotPending))
}

func (s *secretStep) setSecret(ctx context.Context) (Outcome, error) {
	st := s.st
	switch {
	case st.Unclear && st.Open.Action == actionPatch:
		return s.resolvePatch(ctx, st.Open)
	case st.Applied:
		return s.resumeApplied(ctx)
	case st.StagedFP != "":
		return s.setStaged(ctx)
	}
	return s.setSecretFresh(ctx)
}

// setSecretFresh stages a new secret. With --confirm-staged there must already be one staged
// by this journal: a secret nobody has seen is never set.
func (s *secretStep) setSecretFresh(ctx context.Context) (Outcome, error) {
	if s.e.ConfirmStaged {
		what := fmt.Sprintf("--confirm-staged, but this journal staged no secret for client %s: a secret nobody has seen is never set; "+
			"nothing was changed. The command below stages one", s.client)
		if p := s.stages.Pending; p != "" {
			what = fmt.Sprintf("--confirm-staged, but this journal staged no secret for client %s: a secret nobody has seen is never set "+
				"(%s holds a pending secret staged by another journal); nothing was changed. Finish that one with this same command "+
				"and the --journal that staged it; or, if nobody uses it, remove %s, then the command below stages a new one (without "+
				"--confirm-staged)", s.client, s.e.Sink.Where(s.client, sink.SlotPending), s.e.Sink.Where(s.client, sink.SlotPending))
		}
		return s.stop(what, s.e.next(), nil)
	}
	if s.stages.Pending != "" {
		return s.stop(fmt.Sprintf("%s already holds a pending secret for client %s that this journal did not stage: finish it with the journal "+
			"that staged it, or remove it; nothing was changed", s.e.Sink, s.client), s.e.next(), nil)
	}
	value, err := secretgen.Generate(secretgen.MinLength)
	if err != nil {
		return s.out, err
	}
	if _, err := s.stage(value); err != nil {
		return s.stop(fmt.Sprintf("could not stage the new secret in %s (%v); nothing was changed on the tenant", s.e.Sink, err), s.e.next(), err)
	}
	return s.setStaged(ctx)
}

// setStaged continues with the secret this journal staged: the sink's pending value must be
// exactly it (by fingerprint).
func (s *secretStep) setStaged(ctx context.Context) (Outcome, error) {
	st := s.e.Journal.State(s.id)
	pendingFP := s.fp(s.stages.Pending)
	if pendingFP != st.StagedFP {
		if st.Unclear && st.Open.Action == actionStage {
			// The run died while staging: the sink never got it. Stage a new one.
			if err := s.journal(journal.Record{Phase: journal.Outcome, Action: actionStage, Result: journal.NotApplied,
				StagedFP: st.StagedFP, Detail: "the sink does not hold the staged secret: staging did not complete"}); err != nil {
				return s.out, err
			}
			s.st = s.e.Journal.State(s.id)
			return s.setSecretFresh(ctx)
		}
		where := s.e.Sink.Where(s.client, sink.SlotPending)
		if s.stages.Pending != "" && !st.Known[pendingFP] {
			// Nobody recorded this pending secret: --start-over must not discard it either.
			return s.stop(fmt.Sprintf("the journal staged a secret with fingerprint %s, but %s holds %s as pending, a secret this "+
				"journal did not stage: refusing to set it or to discard it; %s. If nobody uses it, remove %s; then the command below "+
				"stages a new secret", st.StagedFP, where, pendingFP, s.e.tenantChanges(s.id), where), s.e.next("--start-over"), nil)
		}
		if s.e.StartOver && !s.startedOver {
			s.startedOver = true
			if err := s.journal(journal.Record{Phase: journal.Note, Action: "start-over",
				Detail: fmt.Sprintf("--start-over: the sink no longer holds the staged secret %s; staging anew", st.StagedFP)}); err != nil {
				return s.out, err
			}
			return s.startOver(ctx)
		}
		what := fmt.Sprintf("the journal staged a secret with fingerprint %s, but %s holds %s as pending: refusing to set anything",
			st.StagedFP, where, fpOrNone(pendingFP))
		if _, isStdout := s.e.Sink.(*sink.Stdout); isStdout {
			what = fmt.Sprintf("the journal staged a secret (fingerprint %s) printed on standard output, which cannot be read back: "+
				"finish a stdout set-secret in one run (answer the prompt, or --yes)", st.StagedFP)
		}
		return s.stop(what+"; "+s.e.tenantChanges(s.id)+". The command below stages a new secret", s.e.next("--start-over"), nil)
	}
	if st.Unclear && st.Open.Action == actionStage {
		if err := s.journal(journal.Record{Phase: journal.Note, Action: actionStage, Result: journal.Staged, StagedFP: st.StagedFP}); err != nil {
			return s.out, err
		}
	}
	s.out.SecretFP = st.StagedFP
	if out, err, stop := s.changedSinceStaged(ctx, st); stop {
		return out, err
	}
	if !s.e.ConfirmStaged {
		if err := s.e.confirm(s.stagedQuestion(st.StagedFP), s.e.tenantChanges(s.id)); err != nil {
			s.out.Result = journal.Staged
			s.out.Detail = fmt.Sprintf("staged in %s (fingerprint %s); give it to the apps as their fallback secret, then rerun with --confirm-staged",
				s.e.Sink.Where(s.client, sink.SlotPending), st.StagedFP)
			s.out.Next = s.e.next("--confirm-staged")
			if _, isStdout := s.e.Sink.(*sink.Stdout); isStdout {
				s.out.Detail = fmt.Sprintf("printed on standard output as pending (fingerprint %s), which cannot be read back: a later "+
					"--confirm-staged cannot set it. Nothing was changed on the tenant; the command below stages and sets a new secret "+
					"in one run (give the apps that one), or use a file or env sink to confirm later", st.StagedFP)
				s.out.Next = s.e.next("--start-over", "--yes")
			}
			return s.out, fmt.Errorf("%w: client %s: %v", ErrAwaitingConfirmation, s.client, err)
		}
	}
	s.confirmed = true // the confirmation of a staged secret is the step's question
	if err := s.beforeChange(ctx); err != nil {
		return s.stopBeforeChange(err)
	}
	if out, err, stop := s.changedSinceStaged(ctx, st); stop { // (while the operator was asked)
		return out, err
	}
	return s.patchStaged(ctx, s.stages.Pending)
}

// changedSinceStaged stops the step (or, with --start-over, stages anew) when the tenant's
// secret is no longer the one it held when the secret was staged: no run holds the client
// while the apps are given the staged secret, so someone else may have changed it meanwhile
// and handed their apps the new one; setting the staged secret would lock those out.
func (s *secretStep) changedSinceStaged(ctx context.Context, st journal.StepState) (Outcome, error, bool) {
	over, now := st.StagedOverFP, s.fp(s.cs.secret)
	if over == "" || now == over || s.cs.secret == s.stages.Pending {
		return Outcome{}, nil, false
	}
	if s.e.StartOver && !s.startedOver {
		s.startedOver = true
		if err := s.journal(journal.Record{Phase: journal.Note, Action: "start-over",
			Detail: fmt.Sprintf("--start-over: the tenant holds fingerprint %s, not %s as when the secret was staged; staging anew", now, over)}); err != nil {
			return s.out, err, true
		}
		out, err := s.startOver(ctx)
		return out, err, true
	}
	out, err := s.stop(fmt.Sprintf("the tenant's secret changed since the secret was staged (fingerprint %s then, %s now) and no call of "+
		"this step explains it: someone else changed it, and the apps that took their secret may not hold the staged one as their "+
		"fallback; nothing was set. Find out who changed it; the command below discards the staged secret (%s) and stages a new one",
		over, now, s.e.Sink.Where(s.client, sink.SlotPending)), s.e.next("--start-over"), nil)
	return out, err, true
}
