package journal

import "time"

// Header is the first line of a journal file.
type Header struct {
	Format  string    `json:"format"` // always FormatName
	Version int       `json:"version"`
	Created time.Time `json:"created"`
	Tenant  string    `json:"tenant,omitempty"`
	// Salt keys the secret fingerprints (hex). It is not a secret: it only makes fingerprints
	// differ between journals.
	Salt string `json:"salt"`
	// PlanDigest identifies the plan this journal belongs to, so a journal is not resumed
	// against a different plan by mistake.
	PlanDigest string `json:"plan_digest,omitempty"`
}

// FormatName marks a file as a remediation journal.
const FormatName = "auth0audit-fix-journal"

// Phase says which half of a call a record describes.
type Phase string

const (
	// Intent is written (and fsync'd) before a state-changing call.
	Intent Phase = "intent"
	// Outcome is written after the call's result is known.
	Outcome Phase = "outcome"
	// Note records something that is not a call (a staged secret, a probe, a skip).
	Note Phase = "note"
)

// Result is the outcome of a call or of a whole step.
type Result string

const (
	// Done: the change is applied and, for secrets, the new secret is in the sink.
	Done Result = "done"
	// NotApplied: the call was rejected or read-back proved nothing changed; a new attempt is safe.
	NotApplied Result = "not-applied"
	// Failed: the step cannot go on without the operator (refused, forbidden, bad input).
	Failed Result = "failed"
	// Staged: a new secret is in the sink and waits for the operator's confirmation.
	Staged Result = "staged"
	// Live: the new secret was proved to work at /oauth/token.
	Live Result = "live"
	// Skipped: the operator declined the step.
	Skipped Result = "skipped"
)

// Record is one journal line after the header.
type Record struct {
	Time    time.Time `json:"time"`
	Step    string    `json:"step"`
	Attempt int       `json:"attempt,omitempty"`
	Phase   Phase     `json:"phase"`
	Action  string    `json:"action"` // e.g. rotate-secret, patch-secret, link, unlink, stage, probe
	Result  Result    `json:"result,omitempty"`
	// Fingerprints (never the secrets): the secret before the call, the one staged for a
	// set-secret, and the one the tenant holds after the call.
	BeforeFP string `json:"before_fp,omitempty"`
	StagedFP string `json:"staged_fp,omitempty"`
	AfterFP  string `json:"after_fp,omitempty"`
	// Recovered is set when the outcome was decided by reading the client back.
	Recovered bool   `json:"recovered,omitempty"`
	Detail    string `json:"detail,omitempty"`
}
