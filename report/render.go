package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/auth0-migrate/auth0audit/internal/cliexit"
	"github.com/auth0-migrate/auth0audit/internal/suggest"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// Format names an output format.
type Format string

const (
	Table    Format = "table"
	JSON     Format = "json"
	NDJSON   Format = "ndjson"
	CSV      Format = "csv"
	Markdown Format = "markdown"
)

// ParseFormat checks a --format value against the formats a command offers.
func ParseFormat(s string, allowed ...Format) (Format, error) {
	names := make([]string, len(allowed))
	for i, f := range allowed {
		if string(f) == s {
			return f, nil
		}
		names[i] = string(f)
	}
	return "", cliexit.Usagef("--format %q: must be one of %s%s", s, strings.Join(names, ", "), suggest.Hint("", suggest.Closest(s, names)))
}

const timeLayout = "2006-01-02 15:04"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

// ClientLabel names a group's client as "Name (id)", or whichever of the two is known, or ""
// when the findings name no client.
func ClientLabel(g Group) string {
	switch {
	case g.ClientName != "" && g.ClientID != "":
		return g.ClientName + " (" + g.ClientID + ")"
	case g.ClientID != "":
		return g.ClientID
	}
	return g.ClientName
}

func clientLabel(g Group) string {
	if l := ClientLabel(g); l != "" {
		return l
	}
	return "-"
}

// dash stands for an empty Markdown cell.
func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func countLabel(g Group) string {
	if g.Failed > 0 {
		return fmt.Sprintf("%d (%d failed)", g.Count, g.Failed)
	}
	return strconv.Itoa(g.Count)
}

// WriteTable renders groups as plain tab-separated rows followed by the advice.
func WriteTable(w io.Writer, groups []Group) error {
	if err := WriteGroups(w, Layout{}, groups); err != nil {
		return err
	}
	return WriteAdvice(w, Layout{}, groups)
}

// WriteGroups renders groups as a table, one row per use case and client, followed by what to
// do for each use case that needs it. Columns without a value anywhere (client and dates for
// code findings) are left out. Piped (a zero Layout), it writes the rows only: tab-separated,
// every sample, no header, nothing when there are none.
func WriteGroups(w io.Writer, l Layout, groups []Group) error {
	if len(groups) == 0 && !l.Terminal() {
		return nil
	}
	if len(groups) == 0 {
		_, err := fmt.Fprintln(w, "No findings.")
		return err
	}
	t := NewTable(
		Column{Header: "Status"},
		Column{Header: "Use case"},
		Column{Header: "Confidence"},
		Column{Header: "Client", Fit: Wrap, HideEmpty: true},
		Column{Header: "Count"},
		Column{Header: "First seen", Fit: Wrap, Min: 10, HideEmpty: true, Optional: 5},
		Column{Header: "Last seen", Fit: Wrap, Min: 10, HideEmpty: true, Optional: 3},
		Column{Header: "Sample", Fit: Shorten, Min: 16, HideEmpty: true, Optional: 4},
	)
	for _, g := range groups {
		t.AddRow(string(g.Status), string(g.UseCase), string(g.Confidence), ClientLabel(g),
			countLabel(g), fmtTime(g.FirstSeen), fmtTime(g.LastSeen), firstSample(g, l))
	}
	if err := t.Render(w, l); err != nil || !l.Terminal() {
		return err
	}
	return WriteAdvice(w, l, groups)
}

// firstSample keeps terminal tables narrow: one sample, with the count of the others.
// Markdown and JSON list every sample; piped rows carry them all.
func firstSample(g Group, l Layout) string {
	switch {
	case len(g.Samples) == 0:
		return ""
	case !l.Terminal():
		return strings.Join(g.Samples, " ")
	case len(g.Samples) == 1:
		return g.Samples[0]
	}
	return fmt.Sprintf("%s\n(+%d)", g.Samples[0], len(g.Samples)-1)
}

// WriteAdvice prints, once per use case that is not fine as it is, what to do instead, then
// the migration guides it refers to, each once (a URL is never broken across lines).
func WriteAdvice(w io.Writer, l Layout, groups []Group) error {
	return writeAdvice(w, groups, l.textWidth())
}

func writeAdvice(w io.Writer, groups []Group, width int) error {
	var b strings.Builder
	var links []string
	seen := map[usecase.ID]bool{}
	for _, g := range groups {
		if seen[g.UseCase] || g.Status == usecase.NotAffected || g.Status == usecase.Compliant {
			continue
		}
		seen[g.UseCase] = true
		uc, ok := usecase.Lookup(g.UseCase)
		if !ok {
			continue
		}
		n := slices.Index(links, uc.DocURL)
		if n < 0 {
			links = append(links, uc.DocURL)
			n = len(links) - 1
		}
		b.WriteString(wrapWords(fmt.Sprintf("%s: %s [%d]", uc.ID, uc.Instead, n+1), width, "  ") + "\n")
	}
	for i, u := range links {
		fmt.Fprintf(&b, "[%d] %s\n", i+1, u)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeMarkdownAdvice lists what to do per use case, each with its guide linked.
func writeMarkdownAdvice(w io.Writer, groups []Group) error {
	var b strings.Builder
	seen := map[usecase.ID]bool{}
	for _, g := range groups {
		if seen[g.UseCase] || g.Status == usecase.NotAffected || g.Status == usecase.Compliant {
			continue
		}
		seen[g.UseCase] = true
		if uc, ok := usecase.Lookup(g.UseCase); ok {
			fmt.Fprintf(&b, "- `%s`: %s ([guide](%s))\n", uc.ID, mdEscape(uc.Instead), uc.DocURL)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// wrapWords breaks s between words so that no line is longer than width (a longer word gets a
// line of its own), starting each continuation line with indent.
func wrapWords(s string, width int, indent string) string {
	var b strings.Builder
	line := 0
	for i, word := range strings.Fields(s) {
		switch {
		case i == 0:
		case line+1+len(word) > width:
			b.WriteString("\n" + indent)
			line = len(indent)
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += len(word)
	}
	return b.String()
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;").Replace(s)
}

// WriteMarkdown renders groups as a Markdown section with a table and the advice.
func WriteMarkdown(w io.Writer, title string, groups []Group) error {
	var b strings.Builder
	if title != "" {
		fmt.Fprintf(&b, "## %s\n\n", title)
	}
	if len(groups) == 0 {
		b.WriteString("No findings.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	b.WriteString("| Status | Use case | Confidence | Client | Count | First seen | Last seen | Samples |\n")
	b.WriteString("|---|---|---|---|---:|---|---|---|\n")
	for _, g := range groups {
		samples := make([]string, len(g.Samples))
		for i, s := range g.Samples {
			samples[i] = "`" + strings.ReplaceAll(s, "`", "'") + "`"
		}
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s | %s | %s | %s |\n", g.Status, g.UseCase, g.Confidence,
			mdEscape(clientLabel(g)), countLabel(g), dash(fmtTime(g.FirstSeen)), dash(fmtTime(g.LastSeen)), mdEscape(strings.Join(samples, " ")))
	}
	b.WriteString("\n### What to do\n\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	return writeMarkdownAdvice(w, groups)
}

// CSVHeader is the column list of WriteCSV.
var csvHeader = []string{"use_case", "status", "confidence", "source", "where", "log_id", "date",
	"client_id", "client_name", "user_id", "method", "path", "status_code", "detail"}

// CSVWriter writes one row per finding.
type CSVWriter struct{ w *csv.Writer }

// NewCSVWriter writes the header and returns the writer.
func NewCSVWriter(w io.Writer) (*CSVWriter, error) {
	cw := csv.NewWriter(w)
	return &CSVWriter{cw}, cw.Write(csvHeader)
}

// Write writes one finding.
func (c *CSVWriter) Write(f usecase.Finding) error {
	date := ""
	if !f.Time.IsZero() {
		date = f.Time.UTC().Format(time.RFC3339Nano)
	}
	code := ""
	if f.StatusCode != 0 {
		code = strconv.Itoa(f.StatusCode)
	}
	return c.w.Write([]string{string(f.UseCase), string(f.Status), string(f.Confidence), string(f.Source),
		f.Where(), f.LogID, date, f.ClientID, f.ClientName, f.UserID, f.Method, f.Path, code, f.Detail})
}

// Flush flushes and reports any write error.
func (c *CSVWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// NDJSONWriter writes one JSON object per finding.
type NDJSONWriter struct{ enc *json.Encoder }

// ndjsonRecord is one finding as a flat record whose core keys are always present (empty
// when unknown), so line-oriented consumers (jq, Splunk, BigQuery) see one schema.
type ndjsonRecord struct {
	LogID      string             `json:"log_id"`
	Date       string             `json:"date"`
	UseCase    usecase.ID         `json:"use_case"`
	Status     usecase.Status     `json:"status"`
	Confidence usecase.Confidence `json:"confidence"`
	Source     usecase.Source     `json:"source"`
	ClientID   string             `json:"client_id"`
	ClientName string             `json:"client_name"`
	UserID     string             `json:"user_id"`
	Method     string             `json:"method"`
	Path       string             `json:"path"`
	StatusCode int                `json:"status_code"`
	File       string             `json:"file,omitempty"`
	Line       int                `json:"line,omitempty"`
	Column     int                `json:"column,omitempty"`
	Check      string             `json:"check,omitempty"`
	Detail     string             `json:"detail,omitempty"`
}

// NewNDJSONWriter returns a writer of one finding per line.
func NewNDJSONWriter(w io.Writer) *NDJSONWriter {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &NDJSONWriter{enc}
}

// Write writes one finding.
func (n *NDJSONWriter) Write(f usecase.Finding) error {
	date := ""
	if !f.Time.IsZero() {
		date = f.Time.UTC().Format(time.RFC3339Nano)
	}
	return n.enc.Encode(ndjsonRecord{
		LogID: f.LogID, Date: date, UseCase: f.UseCase, Status: f.Status, Confidence: f.Confidence,
		Source: f.Source, ClientID: f.ClientID, ClientName: f.ClientName, UserID: f.UserID,
		Method: f.Method, Path: f.Path, StatusCode: f.StatusCode,
		File: f.File, Line: f.Line, Column: f.Column, Check: f.Check, Detail: f.Detail,
	})
}

// WriteJSON writes v as indented JSON.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
