package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/auth0-migrate/auth0audit/remediate"
)

// WritePlan renders a remediation plan: one row per step with what it acts on, why, and the
// evidence (log_ids and file positions, one per line, shortened on a terminal).
func WritePlan(w io.Writer, l Layout, p *remediate.Plan) error {
	if p == nil || len(p.Steps) == 0 {
		_, err := fmt.Fprintln(w, "Nothing to do: no finding needs a change.")
		return err
	}
	t := NewTable(
		Column{Header: "#"},
		Column{Header: "Op"},
		Column{Header: "Target", Fit: Wrap, Min: 12},
		Column{Header: "Why", Fit: Wrap, Min: 24},
		Column{Header: "Evidence", Fit: Shorten, Min: 16, HideEmpty: true, Optional: 1},
	)
	for i, s := range p.Steps {
		ev := strings.Join(s.Evidence, "\n")
		if s.EvidenceCount > len(s.Evidence) {
			ev += fmt.Sprintf("\n(+%d more)", s.EvidenceCount-len(s.Evidence))
		}
		t.AddRow(strconv.Itoa(i+1), string(s.Op), s.Target(), s.Reason, ev)
	}
	if err := t.Render(w, l); err != nil {
		return err
	}
	text := fmt.Sprintf("%d step(s) would change the tenant, %d need a code change (review). Nothing was changed: "+
		"save the plan with --json and run `auth0audit fix apply --plan FILE --journal FILE`.", p.Executable(), len(p.Steps)-p.Executable())
	_, err := fmt.Fprintln(w, wrapWords(text, l.textWidth(), ""))
	return err
}

// WriteRunReport renders what a fix run did, step by step. A step the engine left without a
// result (the run stopped on it with runErr) is shown as failed with runErr as its detail:
// the table never has an empty RESULT or DETAIL.
func WriteRunReport(w io.Writer, l Layout, r *remediate.Report, runErr error) error {
	t := NewTable(
		Column{Header: "Step", Fit: Wrap, Min: 16},
		Column{Header: "Result", Fit: Wrap, Min: 12},
		Column{Header: "Secret fingerprint", Fit: Shorten, Min: 12, HideEmpty: true, Optional: 1},
		Column{Header: "Detail", Fit: Wrap, Min: 24},
	)
	for i, o := range r.Outcomes {
		res, detail := string(o.Result), o.Detail
		if res == "" {
			res = "not finished"
			if runErr != nil && i == len(r.Outcomes)-1 {
				res = "failed"
			}
		}
		if o.Recovered {
			res += " (read back)"
		}
		if o.Resumed {
			res += " (earlier run)"
		}
		if detail == "" {
			switch {
			case runErr != nil && i == len(r.Outcomes)-1:
				detail = runErr.Error()
			case r.Journal != "":
				detail = "no detail recorded; see the journal " + r.Journal
			default:
				detail = "no detail recorded"
			}
		}
		t.AddRow(o.Step, res, o.SecretFP, detail)
	}
	if err := t.Render(w, l); err != nil {
		return err
	}
	summary := fmt.Sprintf("%d step(s), %d failed, %d pending.", len(r.Outcomes), r.Failed, r.Pending)
	if r.Journal != "" {
		summary += " Journal: " + r.Journal
	}
	_, err := fmt.Fprintln(w, summary)
	return err
}
