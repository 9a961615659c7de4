package journal

import "time"

// Header is the first line of a journal file.
type Header struct {
	Format  string `json:"format"` // always FormatName
	Version int    `json:"version"`
	// ID identifies the journal in the tenant-side in-progress marker (not a secret).
	ID      string    `json:"id,omitempty"`
	Created time.Time `json:"created"`
	// Tenant is the tenant domain the journal's steps run against; a run against another
	// tenant refuses the journal.
	Tenant string `json:"tenant"`
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
	// Done: the step is finished. For a secret change this means verified: the tenant and the
	// sink hold the same secret and /oauth/token accepted it, again after the settle interval.
	Done Result = "done"
	// Applied: the change is on the tenant and the new secret in the sink, not yet verified.
	Applied Result = "applied"
	// NotApplied: the call was rejected or read-back proved nothing changed; a new attempt is safe.
	NotApplied Result = "not-applied"
	// Failed: a call was refused (forbidden, bad input); nothing changed.
	Failed Result = "failed"
	// NeedsAttention: the step stopped and needs the operator; Next says the exact command.
	NeedsAttention Result = "needs-attention"
	// Staged: a new secret is in the sink's pending stage and waits for the operator's confirmation.
	Staged Result = "staged"
	// Live was written by earlier versions after a successful probe; read as Done.
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
	Recovered bool `json:"recovered,omitempty"`
	// LateRisk marks an outcome decided by a read-back after an unclear call: the call may
	// still land later, so the step's verification after the settle interval must look for it.
	LateRisk bool   `json:"late_risk,omitempty"`
	Detail   string `json:"detail,omitempty"`
	// Next is the exact command that continues a step left needs-attention.
	Next string `json:"next,omitempty"`
}
