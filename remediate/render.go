package remediate

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// Target names what a step acts on.
func (s Step) Target() string {
	switch s.Op {
	case OpRotate, OpSetSecret:
		return "client " + s.ClientID
	case OpLink:
		return s.SecondaryUserID + " -> " + s.UserID
	case OpUnlink:
		return s.Provider + "|" + s.SecondaryUserID + " from " + s.UserID
	}
	if s.ClientID != "" {
		return "client " + s.ClientID
	}
	return "-"
}

// planReasonWidth is the width the Why column wraps at.
const planReasonWidth = 60

// WritePlanTable renders p for a terminal.
func WritePlanTable(w io.Writer, p *Plan) error {
	if len(p.Steps) == 0 {
		_, err := fmt.Fprintln(w, "Nothing to do: no finding needs a change.")
		return err
	}
	// Reasons are sentences and evidence is a list of 56-character log_ids: wrapped, one id
	// per line, the table fits a terminal instead of running to 1,500 columns.
	t := tablewriter.NewTable(w,
		tablewriter.WithRowAutoWrap(tw.WrapNormal),
		tablewriter.WithColumnWidths(tw.NewMapper[int, int]().Set(3, planReasonWidth)))
	t.Header("#", "Op", "Target", "Why", "Evidence")
	for i, s := range p.Steps {
		ev := strings.Join(s.Evidence, "\n")
		if s.EvidenceCount > len(s.Evidence) {
			ev += fmt.Sprintf(" (+%d more)", s.EvidenceCount-len(s.Evidence))
		}
		if err := t.Append(strconv.Itoa(i+1), string(s.Op), s.Target(), s.Reason, ev); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d step(s) would change the tenant, %d need a code change (review). Nothing was changed: "+
		"save with --json and run `auth0audit fix apply --plan FILE --journal FILE`.\n", p.Executable(), len(p.Steps)-p.Executable())
	return err
}

// WriteReportTable renders the outcome of a run.
func WriteReportTable(w io.Writer, r *Report) error {
	t := tablewriter.NewTable(w)
	t.Header("Step", "Result", "Secret fingerprint", "Detail")
	for _, o := range r.Outcomes {
		res := string(o.Result)
		if o.Recovered {
			res += " (read back)"
		}
		if o.Resumed {
			res += " (earlier run)"
		}
		if err := t.Append(o.Step, res, o.SecretFP, o.Detail); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d step(s), %d failed, %d pending. Journal: %s\n", len(r.Outcomes), r.Failed, r.Pending, r.Journal)
	return err
}
