package remediate

import (
	"context"
	"crypto/rand"
	"encoding/hex"
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
	// Sink receives new secrets, in stages; required for rotate and set-secret.
	Sink sink.Sink
	// Confirm asks the operator before each destructive step; nil means every step is
	// refused (dry run). `--yes` installs one that always says yes.
	Confirm func(question string) (bool, error)
	// ConfirmStaged says the operator already confirmed (--confirm-staged) that the apps hold
	// the secrets this journal staged as their fallback.
	ConfirmStaged bool
	// StartOver lets a step left needs-attention because someone else changed the secret
	// begin anew (a new rotation, or a new staged secret) instead of stopping again.
	StartOver bool
	// Progress reports steps (stderr); nil means quiet.
	Progress func(format string, args ...any)
	// AfterStep, if set, is called by Apply after each step it ran.
	AfterStep func(Outcome)
	// MaxAttempts bounds the attempts of a PATCH of a known secret whose earlier attempts
	// were proved not applied. Zero means 3.
	MaxAttempts int
	// RetryWait is the pause between such attempts; zero means one second.
	RetryWait time.Duration
	// Settle is how long verification waits before it checks a changed secret again, to catch
	// a request that lands late. Zero means 10 seconds.
	Settle time.Duration
	// MarkerWait is how long a run waits after writing the tenant-side in-progress marker
	// before it reads it back (another run's marker written meanwhile wins). Zero means 2s.
	MarkerWait time.Duration
	// MarkerTTL is how long a marker holds when its run dies without removing it. Zero means
	// 30 minutes.
	MarkerTTL time.Duration
	// LockDir holds the per-client lock files that keep one run per client on this machine;
	// "" disables them (the journal lock and the tenant-side marker still apply).
	LockDir string
	// Parallel bounds how many steps Apply runs at once; 0 or 1 means one at a time.
	Parallel int
	// NextCommand renders the command that continues this run, with extra flags appended;
	// it is what a step left needs-attention tells the operator to run. nil means a generic
	// "rerun with the same journal".
	NextCommand func(extra ...string) string
	// Now is the clock for link_with expiry and marker expiry; nil means time.Now.
	Now func() time.Time

	runID string
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
	// Next is the exact command that continues a step left needs-attention.
	Next string `json:"next_command,omitempty"`
	// Verification says how a secret step was proved done.
	Verification *Verification `json:"verification,omitempty"`
}

// Verification is the proof behind a secret step's "done".
type Verification struct {
	TenantFP string `json:"tenant_fingerprint"`
	SinkFP   string `json:"sink_fingerprint"`
	// Probe is /oauth/token's answer to the sink's secret.
	Probe string `json:"probe"`
	// Checks counts the checks that passed: one at once, one after the settle interval (more
	// when a late change was recovered).
	Checks int    `json:"checks"`
	Settle string `json:"settle"`
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

func (e *Engine) settle() time.Duration {
	if e.Settle > 0 {
		return e.Settle
	}
	return 10 * time.Second
}

// RunID identifies this run in the tenant-side marker.
func (e *Engine) RunID() string {
	if e.runID == "" {
		b := make([]byte, 6)
		rand.Read(b)
		e.runID = hex.EncodeToString(b)
	}
	return e.runID
}

// next is the command that continues the run, with extra flags.
func (e *Engine) next(extra ...string) string {
	if e.NextCommand != nil {
		return e.NextCommand(extra...)
	}
	s := "rerun the same command with the same --journal"
	for _, x := range extra {
		s += " " + x
	}
	return s
}

// ErrDeclined is returned when the operator said no (or could not be asked).
var ErrDeclined = errors.New("not confirmed")

func (e *Engine) confirm(question, unchanged string) error {
	if e.Confirm == nil {
		return fmt.Errorf("%w: %s (dry run: %s)", ErrDeclined, question, unchanged)
	}
	ok, err := e.Confirm(question)
	if err != nil {
		return fmt.Errorf("%w: %v (%s)", ErrDeclined, err, unchanged)
	}
	if !ok {
		return fmt.Errorf("%w: %s (%s)", ErrDeclined, question, unchanged)
	}
	return nil
}

func (e *Engine) needJournal() error {
	if e.Journal == nil {
		return errors.New("a journal is required for this operation (--journal FILE)")
	}
	return nil
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
// no answer (network error, timeout, dropped connection) or a 5xx. A wait the tenant asked
// for that was too long to honour is not unclear: the request was never sent.
func unclear(err error) bool {
	if notSent(err) {
		return false
	}
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
