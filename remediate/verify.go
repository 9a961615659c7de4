package remediate

import (
	"context"
	"fmt"

	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/sink"
)

// verify proves the step done: the tenant holds want (read back with read:client_keys), the
// sink's current stage holds the same value, and /oauth/token accepts it; then it checks all
// of it again after the settle interval, so a request that lands late (a rotate read back as
// not applied) is caught and recovered rather than reported done over a dead secret. The
// journal records the verification; the previous stage is dropped once verified.
func (s *secretStep) verify(ctx context.Context, want string) (Outcome, error) {
	e := s.e
	settle := e.settle()
	var probe ProbeResult
	for check := 1; ; check++ {
		if err := s.refresh(ctx); err != nil {
			return s.stop(fmt.Sprintf("the change is applied but could not be verified (%v)", err), e.next(), err)
		}
		if s.cs.secret != want {
			return s.changedUnderUs(ctx, s.fp(want))
		}
		if s.stages.Current != want {
			return s.stop(fmt.Sprintf("the tenant holds the new secret (fingerprint %s) but %s holds %s as current: something else "+
				"wrote the sink during the run", s.fp(want), e.Sink, fpOrNone(s.fp(s.stages.Current))),
				e.next(), nil)
		}
		var err error
		probe, err = e.Tenant.Probe(ctx, s.client, want, s.cs.authMethod)
		if err != nil {
			return s.stop(fmt.Sprintf("the tenant and %s hold the new secret (fingerprint %s) but /oauth/token could not be asked (%v)",
				e.Sink, s.fp(want), err), e.next(), err)
		}
		if !probe.Authenticates() {
			// Refused: was the secret changed meanwhile?
			if err := s.refresh(ctx); err == nil && s.cs.secret != want {
				return s.changedUnderUs(ctx, s.fp(want))
			}
			return s.stop(fmt.Sprintf("the tenant and %s hold the new secret (fingerprint %s) but /oauth/token answered %s",
				e.Sink, s.fp(want), probe)+"; check the client's settings (token_endpoint_auth_method), then run the command below", e.next(), nil)
		}
		if check >= 2 {
			break
		}
		if err := s.journal(journal.Record{Phase: journal.Note, Action: actionVerify, AfterFP: s.fp(want),
			Detail: fmt.Sprintf("checked once; checking again after %s", settle)}); err != nil {
			return s.out, err
		}
		e.progress("client %s: verified once; checking again in %s for a request that lands late", s.client, settle)
		if err := sleepCtx(ctx, settle); err != nil {
			return s.stop("interrupted while waiting to verify again: the change is applied and in the sink, not yet verified",
				e.next(), err)
		}
	}
	fp := s.fp(want)
	detail := fmt.Sprintf("verified: the tenant and %s hold fingerprint %s, /oauth/token %s, checked again after %s",
		e.Sink, fp, probeShort(probe), settle)
	if s.out.Recovered {
		detail += " (outcome read back from the tenant)"
	}
	if err := s.journal(journal.Record{Phase: journal.Note, Action: actionVerify, Result: journal.Done, AfterFP: fp, Detail: detail}); err != nil {
		return s.out, err
	}
	if s.stages.Previous != "" {
		if err := sink.DropPrevious(e.Sink, s.client, s.stages); err != nil {
			e.progress("client %s: verified, but the previous secret could not be dropped from %s: %v", s.client, e.Sink, err)
		}
	}
	s.out.Result, s.out.SecretFP, s.out.Detail = journal.Done, fp, detail
	s.out.Verification = &Verification{TenantFP: fp, SinkFP: fp, Probe: probe.String(), Checks: 2, Settle: settle.String()}
	e.progress("client %s: done, verified", s.client)
	return s.out, nil
}

func probeShort(p ProbeResult) string {
	if p.Status == 200 {
		return "accepted it"
	}
	return fmt.Sprintf("authenticated it (%d %s)", p.Status, p.Error)
}

func fpOrNone(fp string) string {
	if fp == "" {
		return "nothing"
	}
	return "fingerprint " + fp
}

// Verify checks, without changing anything, that the sink's current secret for clientID is
// what the tenant holds and that /oauth/token accepts it, twice, settle apart.
func (e *Engine) Verify(ctx context.Context, clientID string) (Outcome, error) {
	out := Outcome{Step: "verify:" + clientID, Op: "verify"}
	if e.Sink == nil {
		return out, fmt.Errorf("--secret-sink is required: the check compares it with the tenant")
	}
	out.Sink = e.Sink.String()
	fp := func(v string) string {
		if e.Journal != nil {
			return e.Journal.Fingerprint(v)
		}
		return "" // fingerprints are keyed by a journal's salt
	}
	var probe ProbeResult
	for check := 1; check <= 2; check++ {
		cs, err := e.readClient(ctx, clientID)
		if err != nil {
			return out, err
		}
		cur, err := sink.Current(e.Sink, clientID)
		if err != nil {
			return out, err
		}
		switch {
		case cur == "":
			out.Result, out.Detail = journal.NeedsAttention, fmt.Sprintf("%s holds no current secret for client %s", e.Sink.Where(clientID, sink.SlotCurrent), clientID)
			return out, &AttentionError{Step: out.Step, What: out.Detail}
		case cur != cs.secret:
			out.Result, out.Detail = journal.NeedsAttention, fmt.Sprintf("%s holds another secret than the tenant (%s): the apps using it are locked out", e.Sink, e.Sink.Where(clientID, sink.SlotCurrent))
			return out, &AttentionError{Step: out.Step, What: out.Detail}
		}
		if probe, err = e.Tenant.Probe(ctx, clientID, cur, cs.authMethod); err != nil {
			return out, err
		}
		if !probe.Authenticates() {
			out.Result, out.Detail = journal.NeedsAttention, "the tenant and the sink agree but /oauth/token answered "+probe.String()
			return out, &AttentionError{Step: out.Step, What: out.Detail}
		}
		out.SecretFP = fp(cur)
		if check == 1 {
			if err := sleepCtx(ctx, e.settle()); err != nil {
				return out, err
			}
		}
	}
	out.Result = journal.Done
	out.Detail = fmt.Sprintf("the tenant and %s hold the same secret and /oauth/token %s; checked again after %s", e.Sink.Where(clientID, sink.SlotCurrent), probeShort(probe), e.settle())
	out.Verification = &Verification{Probe: probe.String(), Checks: 2, Settle: e.settle().String()}
	return out, nil
}
