package remediate

import (
	"context"
	"errors"
	"fmt"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/ratelimit"
)

const actionRotate = "rotate-secret"

// errReadBack is wrapped when the client could not be read back to decide an outcome.
var errReadBack = errors.New("could not read the client back")

// checkSelf refuses to change the secret of the client the tool authenticates with, unless
// the operator said they know (the tool's own calls will fail once the old secret is gone).
func (e *Engine) checkSelf(clientID string) error {
	if clientID == e.SelfClientID && !e.AllowSelf {
		return fmt.Errorf("client %s is the client this tool authenticates with: after the change the tool (and every "+
			"other user of these credentials) needs the new secret; pass --i-know-this-is-my-own-client to go on", clientID)
	}
	return nil
}

// readSecret reads a client back and returns its current secret (needs read:client_keys).
func (e *Engine) readSecret(ctx context.Context, clientID string) (*management.Client, string, error) {
	rctx, cancel := readBackCtx(ctx)
	defer cancel()
	c, err := e.API.Client.Read(rctx, clientID, management.IncludeFields("client_id", "client_secret", "grant_types", "name"))
	if err != nil {
		return nil, "", fmt.Errorf("%w %s: %v", errReadBack, clientID, err)
	}
	s := c.GetClientSecret()
	if s == "" {
		return c, "", fmt.Errorf("%w %s: the answer has no client_secret (the tool's credentials need read:client_keys to verify a secret change)", errReadBack, clientID)
	}
	return c, s, nil
}

// beginSecretStep does what every step that changes a secret does first: it needs a journal
// and a sink, reports a step the journal shows done without touching the tenant (doneDetail
// says so), and refuses the tool's own client. finished is true when out is final.
func (e *Engine) beginSecretStep(stepID, clientID string, op Op, doneDetail string) (out Outcome, st journal.StepState, finished bool, err error) {
	out = Outcome{Step: stepID, Op: op}
	if err := e.needJournal(); err != nil {
		return out, st, true, err
	}
	st = e.Journal.State(stepID)
	if err := e.needSink(clientID, st); err != nil {
		return out, st, true, err
	}
	out.Sink = e.Sink.String()
	if st.Done() {
		out.Result, out.Resumed, out.SecretFP, out.Detail = st.Result, true, st.AfterFP, doneDetail
		return out, st, true, nil
	}
	if err := e.checkSelf(clientID); err != nil {
		out.Result, out.Detail = journal.Failed, "refused: this is the tool's own client"
		return out, st, true, err
	}
	return out, st, false, nil
}

// Rotate rotates clientID's secret with rotate-secret, exactly once for this step, and puts
// the new secret in the sink. stepID names the step in the journal ("rotate:CLIENT" for a
// direct run).
func (e *Engine) Rotate(ctx context.Context, stepID, clientID string) (Outcome, error) {
	out, st, finished, err := e.beginSecretStep(stepID, clientID, OpRotate, "already rotated in an earlier run; not rotating again")
	if finished {
		return out, err
	}
	if st.Unclear {
		// An earlier run died (or lost the answer) during rotate-secret: decide from the
		// tenant's state, never by calling rotate again first.
		rotated, err := e.resolveRotation(ctx, stepID, clientID, st.Open)
		if err != nil {
			return out, err
		}
		if rotated {
			st = e.Journal.State(stepID)
			out.Result, out.Recovered, out.SecretFP = journal.Done, true, st.AfterFP
			out.Detail = "an earlier attempt had rotated the secret; recovered it from the tenant into the sink"
			return out, nil
		}
	}
	if err := e.deferredConfirm(ctx); err != nil {
		return out, err
	}
	attempt := st.Attempts
	for try := 0; ; try++ {
		attempt++
		_, before, err := e.readSecret(ctx, clientID)
		if err != nil {
			return out, err
		}
		beforeFP := e.Journal.Fingerprint(before)
		if err := e.Journal.Append(journal.Record{Step: stepID, Attempt: attempt, Phase: journal.Intent, Action: actionRotate, BeforeFP: beforeFP}); err != nil {
			return out, err
		}
		e.progress("rotating the secret of client %s (attempt %d)", clientID, attempt)
		c, callErr := e.API.Client.RotateSecret(ratelimit.NoRetry(ctx), clientID)
		if callErr == nil && c.GetClientSecret() != "" {
			return e.finishRotation(stepID, clientID, attempt, beforeFP, c.GetClientSecret(), false, out)
		}
		if callErr == nil || unclear(callErr) {
			why := "the answer carried no secret"
			if callErr != nil {
				why = callErr.Error()
			}
			e.progress("rotate-secret for %s: outcome unclear (%s); reading the client back", clientID, why)
			rotated, err := e.resolveRotation(ctx, stepID, clientID, journal.Record{Attempt: attempt, BeforeFP: beforeFP})
			if err != nil {
				return out, err
			}
			if rotated {
				st := e.Journal.State(stepID)
				out.Result, out.Recovered, out.SecretFP = journal.Done, true, st.AfterFP
				out.Detail = "the answer was lost but the rotation was applied; recovered the secret from the tenant into the sink"
				return out, nil
			}
		} else {
			// A 4xx (429 included) is a definite refusal: nothing changed.
			if err := e.Journal.Append(journal.Record{Step: stepID, Attempt: attempt, Phase: journal.Outcome, Action: actionRotate,
				Result: journal.NotApplied, BeforeFP: beforeFP, Detail: callErr.Error()}); err != nil {
				return out, err
			}
			if s := apiStatus(callErr); s != 429 {
				out.Result, out.Detail = journal.Failed, callErr.Error()
				return out, fmt.Errorf("rotate-secret %s refused: %w", clientID, callErr)
			}
		}
		if try+1 >= e.maxAttempts() {
			out.Result = journal.NotApplied
			return out, fmt.Errorf("rotate-secret %s: not applied after %d attempts (each proved not applied); try again later", clientID, try+1)
		}
		if err := sleepCtx(ctx, e.retryWait(try)); err != nil {
			return out, err
		}
	}
}

// resolveRotation decides an open rotate-secret intent by reading the client back: a secret
// whose fingerprint differs from the journaled "before" means the rotation was applied, and
// the secret read back is the new one, so it goes to the sink. The result is journaled.
func (e *Engine) resolveRotation(ctx context.Context, stepID, clientID string, open journal.Record) (bool, error) {
	_, now, err := e.readSecret(ctx, clientID)
	if err != nil {
		return false, fmt.Errorf("rotate-secret %s: outcome unclear and %w; the journal keeps the open intent, rerun to decide it (rotate will not be called again before that)", clientID, err)
	}
	fp := e.Journal.Fingerprint(now)
	if fp == open.BeforeFP {
		return false, e.Journal.Append(journal.Record{Step: stepID, Attempt: open.Attempt, Phase: journal.Outcome, Action: actionRotate,
			Result: journal.NotApplied, BeforeFP: open.BeforeFP, AfterFP: fp, Recovered: true, Detail: "read back: secret unchanged"})
	}
	_, err = e.finishRotation(stepID, clientID, open.Attempt, open.BeforeFP, now, true, Outcome{})
	return err == nil, err
}

// finishRotation stores the new secret in the sink and only then journals the step done. If the
// sink fails the intent stays open: the next run reads the secret back from the tenant.
func (e *Engine) finishRotation(stepID, clientID string, attempt int, beforeFP, secret string, recovered bool, out Outcome) (Outcome, error) {
	if err := e.Sink.Put(clientID, secret); err != nil {
		return out, fmt.Errorf("client %s was rotated but the new secret could not be stored (%v); fix the sink and rerun: the secret will be read back from the tenant", clientID, err)
	}
	fp := e.Journal.Fingerprint(secret)
	if err := e.Journal.Append(journal.Record{Step: stepID, Attempt: attempt, Phase: journal.Outcome, Action: actionRotate,
		Result: journal.Done, BeforeFP: beforeFP, AfterFP: fp, Recovered: recovered}); err != nil {
		return out, err
	}
	e.progress("client %s rotated; new secret (fingerprint %s) stored in %s", clientID, fp, e.Sink)
	out.Result, out.SecretFP, out.Recovered = journal.Done, fp, recovered
	return out, nil
}
