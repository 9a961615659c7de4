package remediate

import (
	"context"
	"errors"
	"fmt"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/ratelimit"
	"github.com/auth0-migrate/auth0audit/remediate/secretgen"
	"github.com/auth0-migrate/auth0audit/remediate/sink"
)

const (
	actionStage = "stage"
	actionPatch = "patch-secret"
	actionProbe = "probe"
)

// ErrAwaitingConfirmation is returned when a secret is staged and the operator has not yet
// confirmed that the apps hold it as fallback.
var ErrAwaitingConfirmation = errors.New("staged secret awaits confirmation")

// SetSecret sets clientID's secret to a new generated one: generate, stage it in the sink,
// journal "staged", wait for the operator to confirm the apps have it as fallback, PATCH
// client_secret, then probe /oauth/token with it.
func (e *Engine) SetSecret(ctx context.Context, stepID, clientID string) (Outcome, error) {
	out, st, finished, err := e.beginSecretStep(stepID, clientID, OpSetSecret, "already set in an earlier run")
	if finished {
		return out, err
	}
	if st.Unclear && st.Open.Action == actionPatch {
		applied, err := e.resolvePatch(ctx, stepID, clientID, st.Open)
		if err != nil {
			return out, err
		}
		if applied {
			out.Recovered = true
			return e.probeAndReport(ctx, stepID, clientID, st.StagedFP, out)
		}
		st = e.Journal.State(stepID)
	}

	secret, stagedFP, err := e.stagedOrNew(ctx, stepID, clientID, st)
	if err != nil {
		return out, err
	}
	out.SecretFP = stagedFP
	if !e.ConfirmStaged {
		q := fmt.Sprintf("The new secret for client %s (fingerprint %s) is staged in %s. Have all its apps been given it as their fallback secret?",
			clientID, stagedFP, e.Sink)
		if err := e.confirm(q); err != nil {
			out.Result = journal.Staged
			out.Detail = "staged; install it in the apps as fallback, then rerun with --confirm-staged"
			return out, fmt.Errorf("%w: client %s: %v", ErrAwaitingConfirmation, clientID, err)
		}
	}

	attempt := st.Attempts
	for try := 0; ; try++ {
		attempt++
		if err := e.Journal.Append(journal.Record{Step: stepID, Attempt: attempt, Phase: journal.Intent, Action: actionPatch, StagedFP: stagedFP}); err != nil {
			return out, err
		}
		e.progress("setting the staged secret on client %s (attempt %d)", clientID, attempt)
		callErr := e.API.Client.Update(ratelimit.NoRetry(ctx), clientID, &management.Client{ClientSecret: &secret})
		if callErr == nil {
			if err := e.Journal.Append(journal.Record{Step: stepID, Attempt: attempt, Phase: journal.Outcome, Action: actionPatch,
				Result: journal.Done, StagedFP: stagedFP, AfterFP: stagedFP}); err != nil {
				return out, err
			}
			return e.probeAndReport(ctx, stepID, clientID, stagedFP, out)
		}
		if unclear(callErr) {
			e.progress("PATCH client_secret for %s: outcome unclear (%v); reading the client back", clientID, callErr)
			applied, err := e.resolvePatch(ctx, stepID, clientID, journal.Record{Attempt: attempt, StagedFP: stagedFP})
			if err != nil {
				return out, err
			}
			if applied {
				out.Recovered = true
				return e.probeAndReport(ctx, stepID, clientID, stagedFP, out)
			}
		} else {
			if err := e.Journal.Append(journal.Record{Step: stepID, Attempt: attempt, Phase: journal.Outcome, Action: actionPatch,
				Result: journal.NotApplied, StagedFP: stagedFP, Detail: callErr.Error()}); err != nil {
				return out, err
			}
			if apiStatus(callErr) != 429 {
				out.Result, out.Detail = journal.Failed, callErr.Error()
				return out, fmt.Errorf("PATCH client_secret %s refused: %w", clientID, callErr)
			}
		}
		if try+1 >= e.maxAttempts() {
			out.Result = journal.NotApplied
			return out, fmt.Errorf("PATCH client_secret %s: not applied after %d attempts; the staged secret stays in %s, rerun later", clientID, try+1, e.Sink)
		}
		if err := sleepCtx(ctx, e.retryWait(try)); err != nil {
			return out, err
		}
	}
}

// stagedOrNew returns the secret staged by an earlier run (read back from the sink and checked
// against the journaled fingerprint), or generates, stages and journals a new one.
func (e *Engine) stagedOrNew(ctx context.Context, stepID, clientID string, st journal.StepState) (string, string, error) {
	if st.StagedFP != "" {
		s, err := e.Sink.Get(clientID)
		if errors.Is(err, sink.ErrNotStored) {
			return "", "", fmt.Errorf("client %s: the journal says a secret (fingerprint %s) was staged, but %s cannot give it back "+
				"(stdout cannot be read back): finish with the same sink, or start a new journal", clientID, st.StagedFP, e.Sink)
		}
		if err != nil {
			return "", "", err
		}
		if fp := e.Journal.Fingerprint(s); fp != st.StagedFP {
			return "", "", fmt.Errorf("client %s: the secret in %s (fingerprint %s) is not the one staged (fingerprint %s): refusing to send it",
				clientID, e.Sink, fp, st.StagedFP)
		}
		return s, st.StagedFP, nil
	}
	_, before, err := e.readSecret(ctx, clientID)
	if err != nil {
		return "", "", err
	}
	s, err := secretgen.Generate(secretgen.MinLength)
	if err != nil {
		return "", "", err
	}
	if err := e.Sink.Put(clientID, s); err != nil {
		return "", "", err
	}
	fp := e.Journal.Fingerprint(s)
	if err := e.Journal.Append(journal.Record{Step: stepID, Phase: journal.Note, Action: actionStage, Result: journal.Staged,
		BeforeFP: e.Journal.Fingerprint(before), StagedFP: fp}); err != nil {
		return "", "", err
	}
	e.progress("generated a new secret for client %s (fingerprint %s) and staged it in %s", clientID, fp, e.Sink)
	return s, fp, nil
}

// resolvePatch decides an open PATCH intent: the secret read back equals the staged one
// (by fingerprint) or it does not.
func (e *Engine) resolvePatch(ctx context.Context, stepID, clientID string, open journal.Record) (bool, error) {
	_, now, err := e.readSecret(ctx, clientID)
	if err != nil {
		return false, fmt.Errorf("PATCH client_secret %s: outcome unclear and %w; rerun to decide it", clientID, err)
	}
	fp := e.Journal.Fingerprint(now)
	res := journal.NotApplied
	if fp == open.StagedFP {
		res = journal.Done
	}
	err = e.Journal.Append(journal.Record{Step: stepID, Attempt: open.Attempt, Phase: journal.Outcome, Action: actionPatch,
		Result: res, StagedFP: open.StagedFP, AfterFP: fp, Recovered: true, Detail: "decided by reading the client back"})
	return res == journal.Done, err
}

// probeAndReport proves the new secret at /oauth/token where the client may use client
// credentials, and journals "live".
func (e *Engine) probeAndReport(ctx context.Context, stepID, clientID, fp string, out Outcome) (Outcome, error) {
	out.Result, out.SecretFP = journal.Done, fp
	c, secret, err := e.readSecret(ctx, clientID)
	if err != nil {
		out.Detail = "set; could not read the client back to probe: " + err.Error()
		return out, nil
	}
	if now := e.Journal.Fingerprint(secret); now != fp {
		// Someone changed the secret again since ours was set: probing what the tenant holds
		// now would report another secret as ours and live.
		out.Detail = fmt.Sprintf("set, but the client now holds another secret (fingerprint %s, not %s): not probed; find out who changed it", now, fp)
		return out, nil
	}
	if !hasGrant(c, "client_credentials") {
		out.Detail = "set; not probed (the client has no client_credentials grant)"
		return out, nil
	}
	status, err := e.Tenant.Probe(ctx, clientID, secret)
	switch {
	case err != nil:
		out.Detail = "set; probe failed: " + err.Error()
	case status == 200:
		out.Result, out.Detail = journal.Live, "set and live: /oauth/token accepted the new secret"
		err = e.Journal.Append(journal.Record{Step: stepID, Phase: journal.Note, Action: actionProbe, Result: journal.Live, AfterFP: fp})
		e.progress("client %s: new secret is live", clientID)
		return out, err
	default:
		out.Detail = fmt.Sprintf("set; /oauth/token answered %d to the new secret", status)
	}
	return out, nil
}

func hasGrant(c *management.Client, grant string) bool {
	for _, g := range c.GetGrantTypes() {
		if g == grant {
			return true
		}
	}
	return false
}
