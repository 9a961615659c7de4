package remediate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// Op is what a step does.
type Op string

const (
	OpLink      Op = "link"
	OpUnlink    Op = "unlink"
	OpRotate    Op = "rotate"
	OpSetSecret Op = "set-secret"
	// OpReview is a finding the API cannot fix (code must change); it is listed, never run.
	OpReview Op = "review"
)

// Destructive reports whether the step changes the tenant.
func (o Op) Destructive() bool { return o != OpReview }

// Step is one planned change. It never carries a token or a secret: plans are files that get
// passed around and reviewed.
type Step struct {
	ID       string `json:"id"`
	Op       Op     `json:"op"`
	ClientID string `json:"client_id,omitempty"`
	UserID   string `json:"user_id,omitempty"` // the primary user of a link or unlink
	Provider string `json:"provider,omitempty"`
	// SecondaryUserID is the secondary account: provider|id for a link, the bare id for an unlink.
	SecondaryUserID string       `json:"secondary_user_id,omitempty"`
	ConnectionID    string       `json:"connection_id,omitempty"`
	UseCases        []usecase.ID `json:"use_cases,omitempty"`
	Reason          string       `json:"reason"`
	Evidence        []string     `json:"evidence,omitempty"` // sample locations (log_id, file:line)
	EvidenceCount   int          `json:"evidence_count,omitempty"`
}

// PlanFormat marks a plan file.
const PlanFormat = "auth0audit-fix-plan"

// Plan is an ordered list of steps.
type Plan struct {
	Format  string    `json:"format"`
	Version int       `json:"version"`
	Tenant  string    `json:"tenant,omitempty"`
	Created time.Time `json:"created"`
	Steps   []Step    `json:"steps"`
}

// Digest identifies the plan's steps (not its creation time), so its journal can be checked
// to belong to it.
func (p *Plan) Digest() string {
	b, _ := json.Marshal(p.Steps)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// Executable counts the steps that change the tenant.
func (p *Plan) Executable() int {
	n := 0
	for _, s := range p.Steps {
		if s.Op.Destructive() {
			n++
		}
	}
	return n
}

// WritePlan writes p as indented JSON.
func WritePlan(w io.Writer, p *Plan) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(p)
}

// ReadPlanFile reads and checks a plan file.
func ReadPlanFile(path string) (*Plan, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	var p Plan
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("plan %s: not JSON: %v", jsonErrAt(path, b, err), err)
	}
	if p.Format != PlanFormat {
		return nil, fmt.Errorf("plan %s: format is %q, want %q (write it with `auth0audit fix plan --json`)", path, p.Format, PlanFormat)
	}
	if err := p.Check(); err != nil {
		return nil, fmt.Errorf("plan %s: %w", path, err)
	}
	return &p, nil
}

// Check refuses a plan a run could not carry out safely: a step that is not well formed, two
// steps with one id, or two steps changing the same client's secret or the same identity (the
// second would undo or fight the first, and their journal records would be mixed up).
func (p *Plan) Check() error {
	ids := map[string]int{}
	targets := map[string]int{}
	for i, s := range p.Steps {
		if err := s.validate(); err != nil {
			return fmt.Errorf("steps[%d] (%s): %v", i, s.ID, err)
		}
		if j, ok := ids[s.ID]; ok {
			return fmt.Errorf("steps[%d]: duplicate step id %q (also steps[%d])", i, s.ID, j)
		}
		ids[s.ID] = i
		if t := s.target(); t != "" {
			if j, ok := targets[t]; ok {
				return fmt.Errorf("steps[%d] (%s) and steps[%d] (%s) both change %s: keep one step per client and per identity",
					j, p.Steps[j].ID, i, s.ID, t)
			}
			targets[t] = i
		}
	}
	return nil
}

// target names what a destructive step changes, for the one-step-per-target rule.
func (s Step) target() string {
	switch s.Op {
	case OpRotate, OpSetSecret:
		return "the secret of client " + s.ClientID
	case OpLink:
		return "the identity " + s.SecondaryUserID + " of user " + s.UserID
	case OpUnlink:
		return "the identity " + s.Provider + "|" + s.SecondaryUserID + " of user " + s.UserID
	}
	return ""
}

func (s Step) validate() error {
	if s.ID == "" {
		return fmt.Errorf("no id")
	}
	switch s.Op {
	case OpRotate, OpSetSecret:
		if s.ClientID == "" {
			return fmt.Errorf("%s needs client_id", s.Op)
		}
	case OpLink:
		if s.UserID == "" || s.SecondaryUserID == "" {
			return fmt.Errorf("link needs user_id and secondary_user_id")
		}
	case OpUnlink:
		if s.UserID == "" || s.SecondaryUserID == "" || s.Provider == "" {
			return fmt.Errorf("unlink needs user_id, provider and secondary_user_id")
		}
	case OpReview:
	default:
		if handled, err := validateTenantFix(s); handled {
			return err
		}
		return fmt.Errorf("unknown op %q", s.Op)
	}
	return nil
}

// jsonErrAt names the file and, when err tells where decoding failed, the line: "path:LINE".
func jsonErrAt(path string, b []byte, err error) string {
	var off int64 = -1
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 || off > int64(len(b)) {
		return path
	}
	return fmt.Sprintf("%s:%d", path, 1+bytes.Count(b[:off], []byte("\n")))
}
