package report

import (
	"strings"

	"github.com/auth0-migrate/auth0audit/internal/cliexit"
	"github.com/auth0-migrate/auth0audit/internal/suggest"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// Gate is a --fail-on threshold: findings at or above it make a command exit non-zero.
type Gate string

const (
	// FailOnAffected trips on affected and action findings: something must change.
	FailOnAffected Gate = "affected"
	// FailOnAction is the same threshold under the other name of the table: "anything to do".
	FailOnAction Gate = "action"
	// FailOnReview also trips on findings a person must look at.
	FailOnReview Gate = "review"
	// FailOnNone never trips: report only.
	FailOnNone Gate = "none"
)

// ParseGate checks a --fail-on value.
func ParseGate(s string) (Gate, error) {
	switch g := Gate(s); g {
	case FailOnAffected, FailOnAction, FailOnReview, FailOnNone:
		return g, nil
	}
	names := []string{"affected", "action", "review", "none"}
	return "", cliexit.Usagef("--fail-on %q: must be one of %s%s", s, strings.Join(names, ", "), suggest.Hint("", suggest.Closest(s, names)))
}

// Trips reports whether a finding of status s fails the gate.
func (g Gate) Trips(s usecase.Status) bool {
	switch g {
	case FailOnAffected, FailOnAction:
		return s == usecase.Affected || s == usecase.Action
	case FailOnReview:
		return s == usecase.Affected || s == usecase.Action || s == usecase.Review
	}
	return false
}

// Count returns how many findings in groups fail the gate.
func (g Gate) Count(groups []Group) int {
	n := 0
	for _, gr := range groups {
		if g.Trips(gr.Status) {
			n += gr.Count
		}
	}
	return n
}
