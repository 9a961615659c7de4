package logscan

import (
	"fmt"
	"io"
	"strings"

	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// Formats are the report formats of `auth0audit logs`.
var Formats = []report.Format{report.Table, report.JSON, report.NDJSON, report.CSV, report.Markdown}

// Reporter renders findings as they arrive. NDJSON and CSV are streamed (memory does not grow
// with the findings); table and Markdown keep only the per-client groups; JSON keeps the
// findings, since they go in one document after the summary.
type Reporter struct {
	format   report.Format
	out      io.Writer
	sum      *report.Summarizer
	findings []usecase.Finding
	ndjson   *report.NDJSONWriter
	csv      *report.CSVWriter
	reported int
}

// Summary is the "summary" object of the JSON report.
type Summary struct {
	Stats
	// Reported counts the findings after --since/--until/--client/--use-case.
	Reported int                    `json:"reported"`
	ByStatus map[usecase.Status]int `json:"by_status"`
}

// NewReporter returns a reporter writing format to out.
func NewReporter(format report.Format, out io.Writer) (*Reporter, error) {
	r := &Reporter{format: format, out: out, sum: report.NewSummarizer()}
	switch format {
	case report.NDJSON:
		r.ndjson = report.NewNDJSONWriter(out)
	case report.CSV:
		w, err := report.NewCSVWriter(out)
		if err != nil {
			return nil, err
		}
		r.csv = w
	}
	return r, nil
}

// Add reports one finding.
func (r *Reporter) Add(f usecase.Finding) error {
	r.reported++
	r.sum.Add(f)
	switch {
	case r.ndjson != nil:
		return r.ndjson.Write(f)
	case r.csv != nil:
		return r.csv.Write(f)
	case r.format == report.JSON:
		r.findings = append(r.findings, f)
	}
	return nil
}

// Reported returns how many findings were reported (after filters).
func (r *Reporter) Reported() int { return r.reported }

// Groups returns the findings reported so far, per use case and client.
func (r *Reporter) Groups() []report.Group { return r.sum.Groups() }

// Finish writes what is left of the report once the scan is done.
func (r *Reporter) Finish(st Stats) error {
	groups := r.sum.Groups()
	switch r.format {
	case report.NDJSON:
		return nil
	case report.CSV:
		return r.csv.Flush()
	case report.JSON:
		usecase.Sort(r.findings)
		findings := r.findings
		if findings == nil {
			findings = []usecase.Finding{}
		}
		return report.WriteJSON(r.out, struct {
			Summary  Summary           `json:"summary"`
			Groups   []report.Group    `json:"groups"`
			Findings []usecase.Finding `json:"findings"`
		}{Summary{st, r.reported, report.CountByStatus(groups)}, groups, findings})
	case report.Markdown:
		if err := report.WriteMarkdown(r.out, "Auth0 logs", groups); err != nil {
			return err
		}
		_, err := io.WriteString(r.out, "\n"+InputSummary(st, r.reported, "- "))
		return err
	}
	if err := report.WriteTable(r.out, groups); err != nil {
		return err
	}
	_, err := io.WriteString(r.out, "\n"+InputSummary(st, r.reported, "  "))
	return err
}

// maxListed bounds the malformed examples listed under a table.
const maxListed = 5

// InputSummary says what was read: events, relevant, duplicates, malformed (with where), and
// inputs that could not be read to the end.
func InputSummary(st Stats, reported int, indent string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Read %d events from %d input(s): %d relevant", st.EventsRead, len(st.Files), st.Relevant)
	if int64(reported) != st.Relevant {
		fmt.Fprintf(&b, " (%d shown after filters)", reported)
	}
	fmt.Fprintf(&b, ", %d duplicate(s), %d malformed.\n", st.Duplicates, st.Malformed)
	for i, m := range st.MalformedExamples {
		if i == maxListed {
			fmt.Fprintf(&b, "%s... %d more malformed record(s); --json lists the first %d\n", indent,
				st.Malformed-int64(maxListed), len(st.MalformedExamples))
			break
		}
		fmt.Fprintf(&b, "%s%s:%d: %s\n", indent, m.File, m.Line, m.Reason)
	}
	for _, f := range st.Files {
		if f.Error != "" {
			fmt.Fprintf(&b, "%s%s: not read to the end: %s\n", indent, f.Name, f.Error)
		}
	}
	return b.String()
}
