package remediate

import (
	"errors"
	"fmt"

	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/ratelimit"
)

// AttentionError ends a step in the named state needs-attention: the step stopped where it
// could not prove what to do next, and Next is the exact command that continues it.
type AttentionError struct {
	Step string
	// What says what happened, including what this run changed on the tenant.
	What string
	Next string
	Err  error
}

func (e *AttentionError) Error() string {
	s := fmt.Sprintf("step %s needs attention: %s", e.Step, e.What)
	if e.Next != "" {
		s += "\n  next: " + e.Next
	}
	return s
}

func (e *AttentionError) Unwrap() error { return e.Err }

// ErrNeedsAttention is matched by every *AttentionError.
var ErrNeedsAttention = errors.New("needs attention")

// Is lets errors.Is(err, ErrNeedsAttention) match.
func (e *AttentionError) Is(target error) bool { return target == ErrNeedsAttention }

// attention ends out in needs-attention: it journals what happened and the next command (so
// a later run, and the operator reading the journal, know), and returns the error.
func (e *Engine) attention(out Outcome, what, next string, cause error) (Outcome, error) {
	out.Result, out.Detail, out.Next = journal.NeedsAttention, what, next
	if e.Journal != nil {
		if err := e.Journal.Append(journal.Record{Step: out.Step, Phase: journal.Note, Action: "stop", Result: journal.NeedsAttention,
			Detail: what, Next: next}); err != nil {
			return out, err
		}
	}
	e.progress("%s: needs attention (the report says why, and the next command)", out.Step)
	return out, &AttentionError{Step: out.Step, What: what, Next: next, Err: cause}
}

// tenantChanges says truthfully what the journal knows this step changed on the tenant, for
// messages of steps that stop: "nothing was changed" only when nothing was.
func (e *Engine) tenantChanges(stepID string) string {
	if e.Journal == nil {
		return "nothing was changed on the tenant"
	}
	st := e.Journal.State(stepID)
	switch {
	case st.Applied:
		return fmt.Sprintf("the tenant's secret was changed by this step (fingerprint %s, recorded in the journal)", st.AfterFP)
	case st.Unclear || st.LateRisk:
		return "a call of this step may have changed the tenant (its outcome is not known yet; the journal keeps it)"
	}
	return "nothing was changed on the tenant"
}

// notSent reports whether err says the request was never sent (a wait too long to honour).
func notSent(err error) bool { return errors.Is(err, ratelimit.ErrWaitTooLong) }
