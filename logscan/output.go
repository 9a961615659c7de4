package logscan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/auth0-migrate/auth0audit/internal/findingsort"
	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// Formats are the report formats of `auth0audit logs`.
var Formats = []report.Format{report.Table, report.JSON, report.NDJSON, report.CSV, report.Markdown}

// Reporter renders findings as they arrive. NDJSON and CSV are streamed (memory does not grow
// with the findings); table and Markdown keep only the per-client groups; JSON lists the
// findings sorted after the summary, so they go through a findingsort.Sorter, which keeps a
// bounded number in memory and spills the rest to a temporary file until Finish.
type Reporter struct {
	// Layout is how the table format is drawn (the terminal's width; zero: plain rows).
	Layout   report.Layout
	format   report.Format
	out      io.Writer
	sum      *report.Summarizer
	sorter   *findingsort.Sorter
	ndjson   *report.NDJSONWriter
	csv      *report.CSVWriter
	reported int
	notWhole []string
	// OwnReadsLeftOut counts the relevant events the caller left out as the tool's own
	// secret reads (not reported, not filtered); the summaries say so.
	OwnReadsLeftOut int
}

// Summary is the "summary" object of the JSON report.
type Summary struct {
	Stats
	// Reported counts the findings after --since/--until/--client/--use-case.
	Reported int                    `json:"reported"`
	ByStatus map[usecase.Status]int `json:"by_status"`
	// Whole is true only when the report covers every event of its inputs: each read to its
	// end and found to be logs, no filter, no interruption, no fetch that started mid-way.
	// Only then may "no call seen" be read as "no call made" (fix plan --from-logs turns
	// enable_idtoken_api2 off on nothing less). NotWhole says why not.
	Whole    bool     `json:"whole"`
	NotWhole []string `json:"not_whole,omitempty"`
	// OwnReadsLeftOut counts the tool's own secret reads left out of the report.
	OwnReadsLeftOut int `json:"own_reads_left_out,omitempty"`
}

// NewReporter returns a reporter writing format to out. Call Finish, or Close when the report
// is abandoned, to remove the JSON report's temporary file.
func NewReporter(format report.Format, out io.Writer) (*Reporter, error) {
	return newReporter(format, out, 0)
}

// newReporter is NewReporter with the JSON sorter's run size: tests make it tiny, so that a
// few hundred findings already take the spilling path.
func newReporter(format report.Format, out io.Writer, runSize int) (*Reporter, error) {
	r := &Reporter{format: format, out: out, sum: report.NewSummarizer()}
	switch format {
	case report.JSON:
		r.sorter = findingsort.New(runSize)
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
	case r.sorter != nil:
		return r.sorter.Add(f)
	}
	return nil
}

// Close releases what the report holds on disk. Finish does it too; Close is for the paths
// that give up before Finish, and is safe to call after it.
func (r *Reporter) Close() error {
	if r.sorter == nil {
		return nil
	}
	return r.sorter.Close()
}

// NotWhole records why the report does not cover every event of its inputs (a filter, an
// interruption, a fetch resumed mid-way). Inputs not read to their end are added by Finish.
func (r *Reporter) NotWhole(reason string) { r.notWhole = append(r.notWhole, reason) }

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
		notWhole := append(slices.Clone(r.notWhole), st.NotWhole()...)
		sum := Summary{Stats: st, Reported: r.reported, ByStatus: report.CountByStatus(groups), Whole: len(notWhole) == 0, NotWhole: notWhole,
			OwnReadsLeftOut: r.OwnReadsLeftOut}
		err := r.writeJSON(sum, groups)
		return errors.Join(err, r.sorter.Close())
	case report.Markdown:
		if err := report.WriteMarkdown(r.out, "Auth0 logs", groups); err != nil {
			return err
		}
		_, err := io.WriteString(r.out, "\n"+InputSummaryLeftOut(st, r.reported, r.OwnReadsLeftOut, "- "))
		return err
	}
	if !r.Layout.Terminal() {
		// Piped: the rows only; the caller puts the advice and the input summary on stderr.
		return report.WriteGroups(r.out, r.Layout, groups)
	}
	if err := report.WriteGroups(r.out, r.Layout, groups); err != nil {
		return err
	}
	_, err := io.WriteString(r.out, "\n"+report.WrapLines(InputSummaryLeftOut(st, r.reported, r.OwnReadsLeftOut, "  "), r.Layout.Width))
	return err
}

// writeJSON writes the document report.WriteJSON would write for
//
//	struct {
//		Summary  Summary           `json:"summary"`
//		Groups   []report.Group    `json:"groups"`
//		Findings []usecase.Finding `json:"findings"` // never null
//	}
//
// byte for byte, but streams the findings from the sorter instead of needing them in a slice.
// Each member is encoded with WriteJSON's settings (no HTML escaping, two-space indent),
// prefixed with the indentation of its depth in the document; output_test.go holds it to
// WriteJSON's bytes.
func (r *Reporter) writeJSON(sum Summary, groups []report.Group) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("  ", "  ")
	// Encode ends each value with a newline, which the document's punctuation replaces.
	member := func(name string, v any) error {
		buf.WriteString("  \"" + name + "\": ")
		if err := enc.Encode(v); err != nil {
			return err
		}
		buf.Truncate(buf.Len() - 1)
		return nil
	}
	buf.WriteString("{\n")
	if err := member("summary", sum); err != nil {
		return err
	}
	buf.WriteString(",\n")
	if err := member("groups", groups); err != nil {
		return err
	}
	buf.WriteString(",\n  \"findings\": [")
	enc.SetIndent("    ", "  ")
	n := 0
	err := r.sorter.Each(func(f usecase.Finding) error {
		if n > 0 {
			buf.WriteByte(',')
		}
		n++
		buf.WriteString("\n    ")
		if err := enc.Encode(f); err != nil {
			return err
		}
		buf.Truncate(buf.Len() - 1)
		// Written a finding at a time, so the buffer holds one finding, not the report.
		_, err := buf.WriteTo(r.out)
		return err
	})
	if err != nil {
		return err
	}
	if n > 0 {
		buf.WriteString("\n  ")
	}
	buf.WriteString("]\n}\n")
	_, err = buf.WriteTo(r.out)
	return err
}

// maxListed bounds the malformed examples listed under a table.
const maxListed = 5

// InputSummary says what was read: events, relevant, duplicates, malformed (with where), and
// inputs that could not be read to the end.
func InputSummary(st Stats, reported int, indent string) string {
	return InputSummaryLeftOut(st, reported, 0, indent)
}

// InputSummaryLeftOut is InputSummary for a report that also left out ownReads relevant
// events as the tool's own secret reads (logs --tenant): those are said to be left out as
// such, not counted as filtered.
func InputSummaryLeftOut(st Stats, reported, ownReads int, indent string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Read %d events from %d input(s): %d relevant", st.EventsRead, len(st.Files), st.Relevant)
	switch filtered := st.Relevant - int64(reported+ownReads); {
	case ownReads > 0 && filtered == 0:
		fmt.Fprintf(&b, " (%d of them this tool's own secret reads, left out)", ownReads)
	case ownReads > 0:
		fmt.Fprintf(&b, " (%d this tool's own secret reads left out, %d shown after filters)", ownReads, reported)
	case filtered != 0:
		fmt.Fprintf(&b, " (%d shown after filters)", reported)
	}
	fmt.Fprintf(&b, ", %d duplicate(s), %d malformed.\n", st.Duplicates, st.Malformed)
	if st.NotValidated > 0 {
		fmt.Fprintf(&b, "%s%d irrelevant event(s) not parsed, only structure-checked (see --strict); %d parsed.\n",
			indent, st.NotValidated, st.EventsRead-st.NotValidated)
	}
	for i, m := range st.MalformedExamples {
		if i == maxListed {
			fmt.Fprintf(&b, "%s... %d more malformed record(s); --json lists the first %d\n", indent,
				st.Malformed-int64(maxListed), len(st.MalformedExamples))
			break
		}
		fmt.Fprintf(&b, "%s%s:%d: %s\n", indent, m.File, m.Line, m.Reason)
	}
	for _, f := range st.Files {
		switch {
		case f.Error != "":
			fmt.Fprintf(&b, "%s%s: %s\n", indent, f.Name, f.Error)
		case f.Warning != "":
			fmt.Fprintf(&b, "%s%s: warning: %s\n", indent, f.Name, f.Warning)
		}
	}
	return b.String()
}
