package logscan

import (
	"errors"
	"fmt"
)

// The kinds of InputError, for errors.Is: what the command should make of an input it could
// not use whole.
var (
	// ErrNotLogs: the input is not an Auth0 log export (no event recognised, or most records
	// not events). Whatever was read from it is still counted and reported.
	ErrNotLogs = errors.New("not an Auth0 log export")
	// ErrTruncated: the input ends early (a cut gzip, JSON array or last line); the events
	// before the cut were kept.
	ErrTruncated = errors.New("input ends early")
	// ErrUnreadable: reading the input failed (an I/O error, a broken gzip header, an
	// interrupted scan); the events before were kept.
	ErrUnreadable = errors.New("input could not be read")
	// ErrNoEvents: every input was empty, so there is nothing to report on; "no findings"
	// would be an all-clear on no data.
	ErrNoEvents = errors.New("no events read")
)

// InputError says what was wrong with one input, and how much of it was read anyway.
type InputError struct {
	Name string // the file name, "-" for stdin, or "tenant DOMAIN"
	Kind error  // ErrNotLogs, ErrTruncated, ErrUnreadable or ErrNoEvents
	// Detail says what was wrong, without the name: it is also the input's FileStats.Error.
	Detail string
	// Kept is the number of events read from the input; they are in the report.
	Kept int64
	Err  error // the underlying error, if any
}

func (e *InputError) Error() string { return e.Name + ": " + e.Detail }

// Unwrap lets errors.Is find both the kind and the underlying error.
func (e *InputError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// kept says what became of the events read from an input that failed.
func kept(n int64) string {
	if n == 1 {
		return "the 1 event read before was kept"
	}
	return fmt.Sprintf("the %d events read before were kept", n)
}
