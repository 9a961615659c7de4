package usecase

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Confidence says how a finding was decided.
type Confidence string

const (
	// Confirmed: decided by types, scopes, body or path.
	Confirmed Confidence = "confirmed"
	// Suspected: decided by the ID-token heuristic (no scopes, a user acting on themselves).
	Suspected Confidence = "suspected"
	// Unknown: the evidence could not decide (the -undetermined rows).
	Unknown Confidence = "unknown"
)

// Source names the part of the product that produced a finding.
type Source string

const (
	FromCode   Source = "code"
	FromLogs   Source = "logs"
	FromTenant Source = "tenant"
)

// Finding is one classified observation. It is the single currency between the parts:
// analyzers, the log scanner and the tenant checks produce Findings; reports render them; the
// remediation planner consumes them.
//
// A Finding never carries a secret or a token: Detail and the other fields are written into
// reports that get handed around.
type Finding struct {
	UseCase    ID         `json:"use_case"`
	Status     Status     `json:"status"`
	Confidence Confidence `json:"confidence"`
	Source     Source     `json:"source"`

	// Where: a code position, or a log event.
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
	LogID  string `json:"log_id,omitempty"`

	ClientID   string    `json:"client_id,omitempty"`
	ClientName string    `json:"client_name,omitempty"`
	UserID     string    `json:"user_id,omitempty"`
	Time       time.Time `json:"date,omitzero"`

	// Call details, for findings made from API traffic.
	Method     string `json:"method,omitempty"`
	Path       string `json:"path,omitempty"`
	StatusCode int    `json:"status_code,omitempty"`

	// Check names the tenant check or analyzer that produced the finding.
	Check  string `json:"check,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// New returns a Finding for id with the status from the table.
func New(id ID, src Source, conf Confidence) Finding {
	return Finding{UseCase: id, Status: id.Status(), Confidence: conf, Source: src}
}

// Where renders the finding's location: file:line:col for code, log_id for logs, the check
// name for tenant findings.
func (f Finding) Where() string {
	switch {
	case f.File != "" && f.Line > 0 && f.Column > 0:
		return fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Column)
	case f.File != "" && f.Line > 0:
		return fmt.Sprintf("%s:%d", f.File, f.Line)
	case f.File != "":
		return f.File
	case f.LogID != "":
		return "log_id " + f.LogID
	case f.Check != "":
		return "tenant check " + f.Check
	}
	return ""
}

// Sort orders findings for reports: most urgent status first, then use case, then location.
// The sort is stable, so findings that compare equal keep their arrival order.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, Compare)
}

// Compare is the order of Sort, exported so that code sorting findings in pieces (the
// external sort of internal/findingsort) merges them by the very same rule.
func Compare(a, b Finding) int {
	if c := cmp.Compare(a.Status.Rank(), b.Status.Rank()); c != 0 {
		return c
	}
	if c := cmp.Compare(a.UseCase, b.UseCase); c != 0 {
		return c
	}
	if c := cmp.Compare(a.File, b.File); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Line, b.Line); c != 0 {
		return c
	}
	if c := a.Time.Compare(b.Time); c != 0 {
		return c
	}
	// The rest only orders findings that share all of the above (events without a log_id, say),
	// so that a report's order never depends on which worker finished first.
	return cmp.Or(
		cmp.Compare(a.LogID, b.LogID),
		cmp.Compare(a.Column, b.Column),
		cmp.Compare(a.ClientID, b.ClientID),
		cmp.Compare(a.UserID, b.UserID),
		cmp.Compare(a.Method, b.Method),
		cmp.Compare(a.Path, b.Path),
		cmp.Compare(a.StatusCode, b.StatusCode),
		cmp.Compare(a.Confidence, b.Confidence),
		cmp.Compare(a.ClientName, b.ClientName),
		cmp.Compare(a.Check, b.Check),
		cmp.Compare(a.Detail, b.Detail),
	)
}
