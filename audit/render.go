package audit

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/auth0-migrate/auth0audit/logscan"
	"github.com/auth0-migrate/auth0audit/remediate"
	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/usecase"
)

func (r *Result) title() string {
	if r.Tenant != "" {
		return "Auth0 audit of " + r.Tenant
	}
	return "Auth0 audit"
}

func (r *Result) subtitle() string {
	var parts []string
	if r.CodeScan != nil {
		code := fmt.Sprintf("code: %d package(s)", r.CodeScan.Packages)
		if r.JSScan != nil && r.JSScan.Files > 0 {
			code += fmt.Sprintf(", %d JS/TS file(s)", r.JSScan.Files)
		}
		parts = append(parts, code)
	}
	if r.LogStats != nil {
		parts = append(parts, fmt.Sprintf("logs: %d event(s) read, %d malformed", r.LogStats.EventsRead, r.LogStats.Malformed))
	}
	if r.TenantRan {
		parts = append(parts, "tenant configuration")
	}
	return strings.Join(parts, " · ")
}

// sections lists each source that ran with a note on its input.
func (r *Result) sections() []report.HTMLSection {
	var out []report.HTMLSection
	if r.CodeScan != nil {
		note := fmt.Sprintf("%d package(s) analyzed.", r.CodeScan.Packages)
		if r.JSScan != nil && (r.JSScan.Files > 0 || len(r.JSScan.Unparsed) > 0 || r.JSScan.SkippedAny()) {
			note += " " + r.JSScan.Summary() + "."
		}
		if n := len(r.CodeScan.LoadErrors); n > 0 {
			note += fmt.Sprintf(" %d package error(s): those packages were not analyzed (first: %s).", n, r.CodeScan.LoadErrors[0])
		}
		out = append(out, report.HTMLSection{Name: "Code", Note: note, Groups: r.Code})
	}
	if r.LogStats != nil {
		note := strings.TrimSpace(logscan.InputSummary(*r.LogStats, int(r.LogStats.Relevant), "  "))
		if r.SelfExcluded > 0 {
			note += "\n" + r.selfExcludedNote()
		}
		out = append(out, report.HTMLSection{Name: "Logs", Note: note, Groups: r.Logs})
	}
	if r.TenantRan {
		note := "Read-only configuration checks."
		if r.TenantError != "" {
			note += " Incomplete: " + r.TenantError
		}
		out = append(out, report.HTMLSection{Name: "Tenant configuration", Note: note, Groups: r.TenantFind})
	}
	return out
}

// selfExcludedNote says which of the tenant's events were left out as the tool's own.
func (r *Result) selfExcludedNote() string {
	return fmt.Sprintf("%d secret-read event(s) by this tool's own client (%s) left out: they are this audit's own reads of the tenant, told by its User-Agent; other programs' reads through that client are reported.",
		r.SelfExcluded, strings.Join(r.SelfClients, ", "))
}

func (r *Result) planLines() []string {
	if r.Plan == nil {
		return nil
	}
	lines := make([]string, 0, len(r.Plan.Steps))
	for _, s := range r.Plan.Steps {
		target := s.Target()
		if target == "-" && len(s.Evidence) > 0 {
			target = s.Evidence[0] // a code change: where
		}
		lines = append(lines, fmt.Sprintf("%s %s: %s", s.Op, target, s.Reason))
	}
	return lines
}

func (r *Result) totals() string {
	counts := map[usecase.Status]int{}
	for _, s := range r.sections() {
		for st, n := range report.CountByStatus(s.Groups) {
			counts[st] += n
		}
	}
	var parts []string
	for _, st := range []usecase.Status{usecase.Affected, usecase.Action, usecase.Review, usecase.Info, usecase.NotAffected, usecase.Compliant} {
		if counts[st] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", st, counts[st]))
		}
	}
	if len(parts) == 0 {
		return "no findings"
	}
	return strings.Join(parts, ", ")
}

// WriteTerminal renders the audit for a terminal (or, with a zero Layout, as plain rows):
// totals, one table with every finding once (per client, most urgent first), what each
// source read, what to do per use case, and the plan.
func WriteTerminal(w io.Writer, l report.Layout, r *Result) error {
	fmt.Fprintf(w, "%s\n%s\nFindings: %s\n", r.title(), wrap(l, "Sources: "+r.subtitle()), r.totals())
	groups := r.allGroups()
	if len(groups) > 0 {
		fmt.Fprintln(w, "\nBy client")
		if err := writeFindingsByClient(w, l, r); err != nil {
			return err
		}
	}
	for _, s := range r.sections() {
		fmt.Fprintln(w)
		for i, line := range strings.Split(strings.TrimSpace(s.Note), "\n") {
			if i == 0 {
				line = s.Name + ": " + line
			}
			fmt.Fprintln(w, wrap(l, line))
		}
	}
	if len(groups) > 0 {
		fmt.Fprintln(w, "\nWhat to do")
		if err := report.WriteAdvice(w, l, groups); err != nil {
			return err
		}
	}
	fmt.Fprintln(w, "\nRemediation plan (dry run)")
	return report.WritePlan(w, l, r.Plan)
}

func wrap(l report.Layout, s string) string {
	if !l.Terminal() {
		return s
	}
	return report.WrapLine(s, l.Width)
}

// allGroups are the groups of every source, in source order.
func (r *Result) allGroups() []report.Group {
	var out []report.Group
	out = append(out, r.Code...)
	out = append(out, r.Logs...)
	return append(out, r.TenantFind...)
}

// writeFindingsByClient is the audit's one table: each finding group once, under its client
// (clients in the order of the per-client join: most urgent first), the client named on its
// first row only.
func writeFindingsByClient(w io.Writer, l report.Layout, r *Result) error {
	type row struct {
		src usecase.Source
		g   report.Group
	}
	names := map[string]string{}
	for _, g := range r.allGroups() {
		if g.ClientID != "" && g.ClientName != "" && names[g.ClientID] == "" {
			names[g.ClientID] = g.ClientName
		}
	}
	byClient := map[string][]row{}
	add := func(src usecase.Source, groups []report.Group) {
		for _, g := range groups {
			if g.ClientName == "" {
				g.ClientName = names[g.ClientID]
			}
			c := clientName(g)
			byClient[c] = append(byClient[c], row{src, g})
		}
	}
	add(usecase.FromCode, r.Code)
	add(usecase.FromLogs, r.Logs)
	add(usecase.FromTenant, r.TenantFind)

	// On a terminal each client is a heading over its rows; piped, every row names its client.
	var cols []report.Column
	if !l.Terminal() {
		cols = append(cols, report.Column{Header: "Client"})
	}
	cols = append(cols,
		report.Column{Header: "Status"},
		report.Column{Header: "Use case"},
		report.Column{Header: "Source", Optional: 2},
		report.Column{Header: "Count"},
		report.Column{Header: "Last seen", Fit: report.Wrap, Min: 10, HideEmpty: true, Optional: 3},
		report.Column{Header: "Where", Fit: report.Shorten, Min: 20, HideEmpty: true, Optional: 1},
	)
	t := report.NewTable(cols...)
	for _, c := range r.Clients {
		rows := byClient[c.Client]
		sort.SliceStable(rows, func(i, j int) bool {
			if a, b := rows[i].g.Status.Rank(), rows[j].g.Status.Rank(); a != b {
				return a < b
			}
			return rows[i].src < rows[j].src
		})
		t.AddHeading(c.Client)
		for _, rw := range rows {
			where := firstSample(rw.g)
			if !l.Terminal() {
				where = strings.Join(rw.g.Samples, " ")
			}
			last := ""
			if !rw.g.LastSeen.IsZero() {
				last = rw.g.LastSeen.UTC().Format("2006-01-02 15:04")
			}
			count := strconv.Itoa(rw.g.Count)
			if rw.g.Failed > 0 {
				count += fmt.Sprintf(" (%d failed)", rw.g.Failed)
			}
			uc := string(rw.g.UseCase)
			if rw.g.Confidence != "" && rw.g.Confidence != usecase.Confirmed {
				uc += " (" + string(rw.g.Confidence) + ")"
			}
			cells := []string{string(rw.g.Status), uc, string(rw.src), count, last, where}
			if !l.Terminal() {
				cells = append([]string{c.Client}, cells...)
			}
			t.AddRow(cells...)
		}
	}
	return t.Render(w, l)
}

// WriteMarkdown renders the audit as a Markdown document.
func WriteMarkdown(w io.Writer, r *Result) error {
	fmt.Fprintf(w, "# %s\n\n%s, generated %s UTC.\n\n**Findings:** %s\n\n", r.title(), r.subtitle(),
		r.GeneratedAt.Format("2006-01-02 15:04"), r.totals())
	if len(r.Clients) > 0 {
		fmt.Fprint(w, "## By client\n\n| Client | Source | Status | Use case | Count | Where |\n|---|---|---|---|---:|---|\n")
		for _, c := range r.Clients {
			for _, row := range c.Rows {
				fmt.Fprintf(w, "| %s | %s | %s | `%s` | %d | `%s` |\n", mdCell(c.Client), row.Source, row.Status, row.UseCase, row.Count, mdCell(row.Where))
			}
		}
		fmt.Fprintln(w)
	}
	for _, s := range r.sections() {
		if err := report.WriteMarkdown(w, s.Name, s.Groups); err != nil {
			return err
		}
		fmt.Fprintf(w, "\n_%s_\n\n", mdCell(s.Note))
	}
	fmt.Fprint(w, "## Remediation plan (dry run)\n\n")
	lines := r.planLines()
	if len(lines) == 0 {
		fmt.Fprintln(w, "Nothing to do: no finding needs a change.")
	}
	for i, l := range lines {
		fmt.Fprintf(w, "%d. %s\n", i+1, mdCell(l))
	}
	return nil
}

// WriteHTML renders the audit as one self-contained page, built around the admin's decision
// (see page.go).
func WriteHTML(w io.Writer, r *Result) error {
	return report.WriteHTML(w, r.page())
}

// JSON is the machine-readable audit.
type JSON struct {
	Tenant      string              `json:"tenant,omitempty"`
	GeneratedAt string              `json:"generated_at"`
	Code        *JSONSource         `json:"code,omitempty"`
	Logs        *JSONSource         `json:"logs,omitempty"`
	TenantCheck *JSONSource         `json:"tenant_config,omitempty"`
	Clients     []report.ClientView `json:"clients"`
	Daily       []report.DailyCount `json:"affected_per_day"`
	Plan        *remediate.Plan     `json:"plan"`
	// SelfExcluded counts the secret-read events of the tool's own client(s), left out.
	SelfExcluded *JSONSelfExcluded `json:"self_excluded,omitempty"`
}

// JSONSelfExcluded says which of the tenant's events were the tool's own reads.
type JSONSelfExcluded struct {
	SecretReads int      `json:"secret_reads"`
	Clients     []string `json:"clients"`
}

// JSONSource is one source's part of the JSON audit.
type JSONSource struct {
	Groups []report.Group `json:"groups"`
	Stats  any            `json:"stats,omitempty"`
	Error  string         `json:"error,omitempty"`
}

// WriteJSON renders the audit as JSON.
func WriteJSON(w io.Writer, r *Result) error {
	out := JSON{Tenant: r.Tenant, GeneratedAt: r.GeneratedAt.Format("2006-01-02T15:04:05Z"),
		Clients: nonNil(r.Clients), Daily: nonNil(r.Daily), Plan: r.Plan}
	if r.CodeScan != nil {
		stats := map[string]any{
			"packages": r.CodeScan.Packages, "load_errors": nonNil(r.CodeScan.LoadErrors), "warnings": nonNil(r.CodeScan.Warnings)}
		if js := r.JSScan; js != nil && (js.Files > 0 || len(js.Unparsed) > 0 || js.SkippedAny()) {
			// as "code --json" says it: read, skipped by reason, not parsed
			stats["javascript"] = map[string]any{"files": js.Files, "lines": js.Lines, "skipped": js.Skipped, "unparsed": len(js.Unparsed)}
		}
		out.Code = &JSONSource{Groups: nonNil(r.Code), Stats: stats}
	}
	if r.LogStats != nil {
		out.Logs = &JSONSource{Groups: nonNil(r.Logs), Stats: r.LogStats}
	}
	if r.TenantRan {
		out.TenantCheck = &JSONSource{Groups: nonNil(r.TenantFind), Error: r.TenantError}
	}
	if r.SelfExcluded > 0 {
		out.SelfExcluded = &JSONSelfExcluded{SecretReads: r.SelfExcluded, Clients: nonNil(r.SelfClients)}
	}
	return report.WriteJSON(w, out)
}

func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;").Replace(s)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
