package audit

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"

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
		parts = append(parts, fmt.Sprintf("code: %d package(s)", r.CodeScan.Packages))
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
		if n := len(r.CodeScan.LoadErrors); n > 0 {
			note += fmt.Sprintf(" %d package error(s): those packages were not analyzed (first: %s).", n, r.CodeScan.LoadErrors[0])
		}
		out = append(out, report.HTMLSection{Name: "Code", Note: note, Groups: r.Code})
	}
	if r.LogStats != nil {
		out = append(out, report.HTMLSection{Name: "Logs", Note: strings.TrimSpace(logscan.InputSummary(*r.LogStats, int(r.LogStats.Relevant), "  ")), Groups: r.Logs})
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

func (r *Result) planLines() []string {
	if r.Plan == nil {
		return nil
	}
	lines := make([]string, 0, len(r.Plan.Steps))
	for _, s := range r.Plan.Steps {
		lines = append(lines, fmt.Sprintf("%s %s: %s", s.Op, s.Target(), s.Reason))
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

// WriteTerminal renders the audit for a terminal: totals, the per-client join, each source's
// table and the plan.
func WriteTerminal(w io.Writer, r *Result) error {
	fmt.Fprintf(w, "%s (%s)\nFindings: %s\n", r.title(), r.subtitle(), r.totals())
	if len(r.Clients) > 0 {
		fmt.Fprintln(w, "\nBy client")
		if err := writeClientTable(w, r.Clients); err != nil {
			return err
		}
	}
	for _, s := range r.sections() {
		fmt.Fprintf(w, "\n%s\n%s\n", s.Name, s.Note)
		if err := report.WriteTable(w, s.Groups); err != nil {
			return err
		}
	}
	fmt.Fprintln(w, "\nRemediation plan (dry run)")
	return remediate.WritePlanTable(w, r.Plan)
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

// WriteHTML renders the audit as one self-contained page.
func WriteHTML(w io.Writer, r *Result) error {
	var notes []string
	if r.LogStats != nil {
		for _, f := range r.LogStats.Files {
			if f.Error != "" {
				notes = append(notes, fmt.Sprintf("%s was not read to the end: %s", f.Name, f.Error))
			}
		}
	}
	return report.WriteHTML(w, report.HTMLReport{
		Title: r.title(), Subtitle: r.subtitle(), GeneratedAt: r.GeneratedAt,
		Sections: r.sections(), Clients: r.Clients, Daily: r.Daily, Plan: r.planLines(), Notes: notes,
	})
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
		out.Code = &JSONSource{Groups: nonNil(r.Code), Stats: map[string]any{
			"packages": r.CodeScan.Packages, "load_errors": nonNil(r.CodeScan.LoadErrors), "warnings": nonNil(r.CodeScan.Warnings)}}
	}
	if r.LogStats != nil {
		out.Logs = &JSONSource{Groups: nonNil(r.Logs), Stats: r.LogStats}
	}
	if r.TenantRan {
		out.TenantCheck = &JSONSource{Groups: nonNil(r.TenantFind), Error: r.TenantError}
	}
	return report.WriteJSON(w, out)
}

func writeClientTable(w io.Writer, clients []report.ClientView) error {
	t := tablewriter.NewTable(w)
	t.Header("Client", "Source", "Status", "Use case", "Count", "Where")
	for _, c := range clients {
		for _, row := range c.Rows {
			if err := t.Append(c.Client, string(row.Source), string(row.Status), string(row.UseCase), strconv.Itoa(row.Count), row.Where); err != nil {
				return err
			}
		}
	}
	return t.Render()
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
