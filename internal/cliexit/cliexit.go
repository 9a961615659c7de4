// Package cliexit is the one place that decides auth0audit's exit status from the error a
// command returned, so that scripts and CI can tell a usage mistake from a refused credential,
// from findings, from an interruption.
//
//	0    success: nothing at or above --fail-on
//	1    an error: unreadable input, an API failure, a tenant that cannot be reached
//	2    findings at or above --fail-on, or a fix step awaiting confirmation
//	4    authentication: no credentials, or the tenant refused them or a scope they lack
//	5    a fix step ended needs-attention (the report gives the exact next command)
//	64   usage: an unknown command or flag, a bad flag value, a missing required flag
//	130  interrupted (SIGINT, Ctrl-C); 143 terminated (SIGTERM): the partial report is written
//
// (3 is auth0vet's: diagnostics reported by the standalone vet tool.)
package cliexit

import (
	"errors"
	"fmt"
)

// The exit statuses.
const (
	OK       = 0
	Error    = 1
	Findings = 2
	Auth     = 4
	// NeedsAttention: a fix step stopped where it could not prove what to do next.
	NeedsAttention = 5
	Usage          = 64
	Interrupted    = 130 // 128 + SIGINT
	Terminated     = 143 // 128 + SIGTERM
)

// UsageError is a command line that cannot work as given.
type UsageError struct {
	Err error
	// Help is the command line that shows the right usage ("auth0audit logs --help").
	Help string
}

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef returns a usage error with a formatted message.
func Usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// AsUsage marks err (when not nil) as a usage error.
func AsUsage(err error) error {
	if err == nil {
		return nil
	}
	var ue *UsageError
	if errors.As(err, &ue) {
		return err
	}
	return &UsageError{Err: err}
}

// WithCauses returns an error that reads msg and keeps causes for Code (a refused token among
// them makes the status Auth), without their text.
func WithCauses(msg string, causes ...error) error { return &causedError{msg: msg, causes: causes} }

type causedError struct {
	msg    string
	causes []error
}

func (e *causedError) Error() string   { return e.msg }
func (e *causedError) Unwrap() []error { return e.causes }

// ExitCoder is an error that carries its own exit status: findings at or above a --fail-on
// gate (the report is written, the status tells CI).
type ExitCoder interface {
	error
	ExitCode() int
}

// AuthFailure is implemented by errors that mean the tool could not authenticate (no
// credentials, or credentials the tenant refused): tenantconn.AuthError.
type AuthFailure interface {
	error
	AuthFailure() bool
}

// OneLiner is implemented by errors that carry one self-contained line, shown instead of the
// whole chain of calls that wrapped them (tenantconn.NetError, tenantconn.AuthError).
type OneLiner interface {
	error
	OneLine() string
}

// statusError is an HTTP API error (go-auth0's management.Error).
type statusError interface {
	error
	Status() int
}

// Code is the exit status for err (nil is OK).
func Code(err error) int {
	if err == nil {
		return OK
	}
	var ec ExitCoder
	var ue *UsageError
	var af AuthFailure
	var api statusError
	switch {
	case errors.As(err, &ec):
		return ec.ExitCode()
	case errors.As(err, &ue):
		return Usage
	case errors.As(err, &af) && af.AuthFailure():
		return Auth
	case errors.As(err, &api) && (api.Status() == 401 || api.Status() == 403):
		return Auth
	}
	return Error
}

// HelpFor is the help command to suggest after a usage error.
func HelpFor(err error) string {
	var ue *UsageError
	if errors.As(err, &ue) && ue.Help != "" {
		return ue.Help
	}
	return "auth0audit COMMAND --help"
}

// Message is what to print for err on stderr: one line where a typed error has one (a
// tenant that cannot be reached, a refused credential), the error otherwise.
func Message(err error) string {
	var ol OneLiner
	if errors.As(err, &ol) {
		return ol.OneLine()
	}
	return err.Error()
}
