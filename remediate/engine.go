package remediate

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/sink"
)

// Engine performs steps against one tenant.
type Engine struct {
	Tenant Tenant
	// API is the tool's own Management API client (client credentials of SelfClientID).
	API *management.Management
	// SelfClientID is the client the tool authenticates as; rotating it needs AllowSelf.
	SelfClientID string
	AllowSelf    bool
	// Journal records every step; required for rotate, set-secret and plan runs.
	Journal *journal.Journal
	// Sink receives new secrets; required for rotate and set-secret.
	Sink sink.Sink
	// Confirm asks the operator before each destructive step; nil means every step is
	// refused (dry run). `--yes` installs one that always says yes.
	Confirm func(question string) (bool, error)
	// ConfirmStaged says the operator already confirmed (--confirm-staged) that the apps hold
	// the staged secrets as fallback.
	ConfirmStaged bool
	// Progress reports steps (stderr); nil means quiet.
	Progress func(format string, args ...any)
	// AfterStep, if set, is called by Apply after each step it ran.
	AfterStep func(Outcome)
	// MaxAttempts bounds attempts of a secret change whose earlier attempts were proved not
	// applied (4xx/429, or read back unchanged). Zero means 3.
	MaxAttempts int
	// RetryWait is the pause between such attempts; zero means one second.
	RetryWait time.Duration
	// Now is the clock for link_with expiry; nil means time.Now.
	Now func() time.Time
}

// Outcome is what happened to one step. It carries fingerprints, never secrets.
type Outcome struct {
	Step      string         `json:"step"`
	Op        Op             `json:"op"`
	Result    journal.Result `json:"result"`
	Recovered bool           `json:"recovered,omitempty"` // decided by reading the tenant back
	Resumed   bool           `json:"resumed,omitempty"`   // already done in an earlier run
	SecretFP  string         `json:"secret_fingerprint,omitempty"`
	Sink      string         `json:"sink,omitempty"`
	Detail    string         `json:"detail,omitempty"`
}

func (e *Engine) progress(format string, args ...any) {
	if e.Progress != nil {
		e.Progress(format, args...)
	}
}

func (e *Engine) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Engine) maxAttempts() int {
	if e.MaxAttempts > 0 {
		return e.MaxAttempts
	}
	return 3
}

func (e *Engine) retryWait(attempt int) time.Duration {
	d := e.RetryWait
	if d == 0 {
		d = time.Second
	}
	return d << min(attempt, 4)
}

// ErrDeclined is returned when the operator said no (or could not be asked).
var ErrDeclined = errors.New("not confirmed")

func (e *Engine) confirm(question string) error {
	if e.Confirm == nil {
		return fmt.Errorf("%w: %s (dry run: nothing was changed)", ErrDeclined, question)
	}
	ok, err := e.Confirm(question)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDeclined, err)
	}
	if !ok {
		return fmt.Errorf("%w: %s", ErrDeclined, question)
	}
	return nil
}

func (e *Engine) needJournal() error {
	if e.Journal == nil {
		return errors.New("a journal is required for this operation (--journal FILE)")
	}
	return nil
}

func (e *Engine) needSink(clientID string, st journal.StepState) error {
	if e.Sink == nil {
		return errors.New("no secret sink: choose where the new secret goes (--secret-sink file:PATH, env:PATH, or stdout with --reveal-secrets)")
	}
	// Refuse before anything changes: a secret made and then refused by the sink is known
	// only to the tenant.
	err := sink.Check(e.Sink, clientID)
	occupied := (*sink.OccupiedError)(nil)
	if a, ok := e.Sink.(sink.Adopter); ok && errors.As(err, &occupied) && e.sinkHoldsJournaled(clientID, st) {
		// A resumed run: the file holds this step's staged or new secret.
		a.Adopt(clientID)
		err = nil
	}
	if err != nil {
		return fmt.Errorf("client %s: %w; nothing was changed", clientID, err)
	}
	return nil
}

// sinkHoldsJournaled reports whether the sink's secret for clientID is one the journal recorded
// for the step (staged, or set by it).
func (e *Engine) sinkHoldsJournaled(clientID string, st journal.StepState) bool {
	s, err := e.Sink.Get(clientID)
	if err != nil {
		return false
	}
	fp := e.Journal.Fingerprint(s)
	return fp == st.StagedFP || fp == st.AfterFP
}

// apiStatus returns the HTTP status of a Management API error, or 0 for anything else
// (network error, timeout, cancelled).
func apiStatus(err error) int {
	var me management.Error
	if errors.As(err, &me) {
		return me.Status()
	}
	return 0
}

// unclear reports whether a failed state-changing call may nevertheless have been applied:
// no answer (network error, timeout, dropped connection) or a 5xx.
func unclear(err error) bool {
	s := apiStatus(err)
	return s == 0 || s >= 500
}

// readBackCtx gives read-backs a little time even when the run's context was cancelled
// mid-call: deciding an unclear outcome now saves the operator a resume.
func readBackCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
