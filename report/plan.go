package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"

	"github.com/auth0-migrate/auth0audit/remediate"
	"github.com/auth0-migrate/auth0audit/remediate/journal"
)

// WritePlan renders a remediation plan. On a terminal each step is a numbered block: what it
// does and to what, why (wrapped), and its evidence, one log_id or file position per line in
// full. Piped, one tab-separated row per step.
func WritePlan(w io.Writer, l Layout, p *remediate.Plan) error {
	if p == nil || len(p.Steps) == 0 {
		_, err := fmt.Fprintln(w, "Nothing to do: no finding needs a change.")
		return err
	}
	if !l.Terminal() {
		t := NewTable(Column{Header: "#"}, Column{Header: "Op"}, Column{Header: "Target"}, Column{Header: "Why"}, Column{Header: "Evidence"})
		for i, s := range p.Steps {
			t.AddRow(strconv.Itoa(i+1), string(s.Op), s.Target(), s.Reason, strings.Join(s.Evidence, "\n"))
		}
		return t.Render(w, l)
	}
	var b strings.Builder
	num := len(strconv.Itoa(len(p.Steps)))
	pad := strings.Repeat(" ", num+2)
	width := l.Width - len(pad)
	for i, s := range p.Steps {
		fmt.Fprintf(&b, "%*d. %s  %s\n", num, i+1, s.Op, s.Target())
		for _, line := range WrapText(s.Reason, width) {
			b.WriteString(pad + line + "\n")
		}
		for k, e := range s.Evidence {
			label := "evidence: "
			if k > 0 {
				label = strings.Repeat(" ", len(label))
			}
			e = strings.TrimPrefix(e, "log_id ")
			if !l.Wide && runewidth.StringWidth(e) > width-len(label) {
				e = shortenMiddle(e, width-len(label))
			}
			b.WriteString(pad + label + e + "\n")
		}
		if s.EvidenceCount > len(s.Evidence) {
			fmt.Fprintf(&b, "%s          (+%d more)\n", pad, s.EvidenceCount-len(s.Evidence))
		}
	}
	text := fmt.Sprintf("%d step(s) would change the tenant, %d need a code change (review). Nothing was changed: "+
		"save the plan with --json and run `auth0audit fix apply --plan FILE --journal FILE`.", p.Executable(), len(p.Steps)-p.Executable())
	b.WriteString(wrapWords(text, l.textWidth(), "") + "\n")
	_, err := io.WriteString(w, b.String())
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
			case o.Result == journal.Done || o.Result == journal.Live:
				detail = "-"
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
	// A step that needs attention says the exact command that continues it, on a line of its
	// own, unwrapped, so it can be copied as it is.
	for _, o := range r.Outcomes {
		if o.Next != "" {
			next := "  " + o.Next
			if l.Terminal() && !l.Wide {
				next = wrapCommand(o.Next, l.Width)
			}
			head := fmt.Sprintf("%s %s, next:", o.Step, o.Result)
			if l.Terminal() && !l.Wide {
				head = WrapLine(head, l.Width)
			}
			if _, err := fmt.Fprintf(w, "%s\n%s\n", head, next); err != nil {
				return err
			}
		}
	}
	summary := fmt.Sprintf("%d step(s): %d done, %d need attention, %d pending.", len(r.Outcomes), r.Done, r.NeedsAttention, r.Pending)
	if r.Journal != "" {
		journal := r.Journal
		if l.Terminal() && !l.Wide && runewidth.StringWidth(journal)+len("Journal: ") > l.Width {
			journal = shortenMiddle(journal, l.Width-len("Journal: "))
		}
		summary += "\nJournal: " + journal
	}
	_, err := fmt.Fprintln(w, summary)
	return err
}

// wrapCommand lays a shell command out in lines of at most width columns, indented, broken
// between arguments with a backslash, so that it still runs when pasted as it is. An argument
// too long for a line is broken inside with a backslash-newline and continued at the start of
// the next line (the shell joins the pieces); one in single quotes is never broken.
func wrapCommand(cmd string, width int) string {
	const indent = "  "
	var args []string
	var cur strings.Builder
	quoted := false
	for _, r := range cmd {
		switch {
		case r == '\'':
			quoted = !quoted
			cur.WriteRune(r)
		case r == ' ' && !quoted:
			if cur.Len() > 0 {
				args = append(args, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		args = append(args, cur.String())
	}
	var b strings.Builder
	line := indent
	for i, a := range args {
		aw := runewidth.StringWidth(a)
		switch {
		case i == 0:
			line += a
			continue
		case runewidth.StringWidth(line)+1+aw+2 <= width:
			line += " " + a
			continue
		}
		b.WriteString(line + " \\\n")
		line = indent
		if len(indent)+aw+2 > width && !strings.Contains(a, "'") && width > len(indent)+3 {
			// Too long for a line of its own: break it inside.
			room := width - len(indent) - 1
			for len(a) > room {
				b.WriteString(line + a[:room] + "\\\n")
				a, line, room = a[room:], "", width-1
			}
		}
		line += a
	}
	b.WriteString(line)
	return b.String()
}
