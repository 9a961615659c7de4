package main

import (
	"fmt"
	"io"
	"slices"

	"github.com/spf13/cobra"

	"github.com/auth0-migrate/auth0audit/analyzers/codescan"
	"github.com/auth0-migrate/auth0audit/audit"
	"github.com/auth0-migrate/auth0audit/internal/iostreams"
	"github.com/auth0-migrate/auth0audit/jsscan"
	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/usecase"
)

type codeOptions struct {
	ios *iostreams.IOStreams

	format  string
	jsonOut bool
	failOn  string
	tests   bool
	dir     string
	include []string
}

// codeFormats are the output formats of "auth0audit code".
var codeFormats = []report.Format{report.Table, report.JSON, report.Markdown, "sarif"}

func newCodeCmd(ios *iostreams.IOStreams) *cobra.Command {
	o := &codeOptions{ios: ios}
	cmd := &cobra.Command{
		Use:   "code [packages]",
		Short: "Find affected account-linking calls and hard-coded secrets in Go, JS and TS",
		Long: `Run the auth0vet analyzers over Go packages (default ./...), and the
JavaScript/TypeScript scanner over the .js .mjs .cjs .jsx .ts .mts .cts .tsx
files of the same directories, and report, per use case, the account-linking
calls Auth0 no longer accepts (an ID token as the Management API bearer,
user-scoped links by user_id) and client secrets written in the code.

node_modules, vendor, build output (dist, build, out, .next, ...), minified
bundles, testdata and hidden directories are skipped and counted; --include names those
to scan after all. JavaScript files that do not parse are listed on stderr,
like Go packages that do not load.

The same analyzers run as a vet tool in CI:
  go vet -vettool=$(which auth0vet) ./...

Output: a table of findings by default (one row per location; piped, tab-separated
rows); json (summary, findings, problems), markdown, or sarif for GitHub code
scanning. Packages that do not load or type-check are listed on stderr and make
the exit status 1, since they were not analyzed.

No tenant and no credentials: the code is read, never run.

Exit status: 0 when nothing needs attention; 2 when --fail-on found findings
(by default: affected or action); 1 on errors; 64 on usage errors.`,
		Example: `  auth0audit code ./...
  auth0audit code ./testdata/sampleapp/... --format markdown
  auth0audit code ./... --format sarif > auth0vet.sarif
  auth0audit code ./... --fail-on none --json   # report only`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"./..."}
			}
			return o.run(cmd, args)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.format, "format", "table", "output format: table, json, markdown or sarif")
	f.BoolVar(&o.jsonOut, "json", false, "shorthand for --format json")
	f.StringVar(&o.failOn, "fail-on", "affected", "exit 2 when findings of this status are reported: affected (affected or action), action, review, none")
	f.BoolVar(&o.tests, "tests", false, "also analyze _test.go files")
	f.StringVarP(&o.dir, "dir", "C", ".", "directory to resolve packages in (a module or a directory inside one)")
	f.StringSliceVar(&o.include, "include", nil, jsIncludeHelp)
	return cmd
}

func (o *codeOptions) run(cmd *cobra.Command, patterns []string) error {
	if o.jsonOut {
		o.format = string(report.JSON)
	}
	format, err := report.ParseFormat(o.format, codeFormats...)
	if err != nil {
		return err
	}
	gate, err := report.ParseGate(o.failOn)
	if err != nil {
		return err
	}
	res, js, err := audit.ScanCode(cmd.Context(), codescan.Options{Dir: o.dir, Tests: o.tests}, o.include, o.ios.ErrOut, patterns...)
	if err != nil {
		return err
	}
	for _, e := range res.LoadErrors {
		printErr(o.ios, fmt.Sprint("error: ", e))
	}
	if res.Analyzed == 0 && js.Files == 0 && len(js.Unparsed) == 0 {
		return fmt.Errorf("none of the %d package(s) matching %v could be loaded, and no JavaScript/TypeScript file was found", res.Packages, patterns)
	}
	if err := writeCode(o.ios.Out, layoutOf(o.ios), format, o.dir, res, js); err != nil {
		return err
	}
	if err := adviceWhenPiped(o.ios, format, report.Summarize(res.Findings)); err != nil {
		return err
	}
	if js.Files > 0 || len(js.Unparsed) > 0 || js.SkippedAny() {
		printErr(o.ios, "JavaScript/TypeScript: "+js.Summary())
	}
	for _, w := range res.Warnings {
		printErr(o.ios, fmt.Sprint("warning: ", w))
	}
	if len(res.LoadErrors) > 0 {
		return fmt.Errorf("%d package or file error(s): those were not analyzed", len(res.LoadErrors))
	}
	for _, f := range res.Findings {
		if gate.Trips(f.Status) {
			return findingsExit(fmt.Sprintf("--fail-on %s: findings with status %s (%s)", o.failOn, f.Status, f.UseCase))
		}
	}
	return nil
}

// codeJSON is the --format json document.
type codeJSON struct {
	Packages int                `json:"packages"`
	Analyzed int                `json:"analyzed"`
	Summary  []report.Group     `json:"summary"`
	Findings []usecase.Finding  `json:"findings"`
	Problems []codescan.Problem `json:"problems"`
	// JavaScript says what the JavaScript/TypeScript scan read and skipped.
	JavaScript *jsSummary `json:"javascript,omitempty"`
}

// jsSummary is the JavaScript/TypeScript part of the --format json document.
type jsSummary struct {
	Files    int            `json:"files"`
	Lines    int            `json:"lines"`
	Skipped  map[string]int `json:"skipped"`
	Unparsed int            `json:"unparsed"`
}

func writeCode(w io.Writer, l report.Layout, format report.Format, dir string, res *codescan.Result, js *jsscan.Result) error {
	groups := report.Summarize(res.Findings)
	switch format {
	case report.JSON:
		return report.WriteJSON(w, codeJSON{
			Packages: res.Packages,
			Analyzed: res.Analyzed,
			Summary:  orEmpty(groups),
			Findings: orEmpty(res.Findings),
			Problems: orEmpty(append(slices.Clone(res.LoadErrors), res.Warnings...)),
			JavaScript: func() *jsSummary {
				if js == nil || (js.Files == 0 && len(js.Unparsed) == 0) {
					return nil
				}
				return &jsSummary{Files: js.Files, Lines: js.Lines, Skipped: js.Skipped, Unparsed: len(js.Unparsed)}
			}(),
		})
	case report.Markdown:
		if err := report.WriteMarkdown(w, "Code", groups); err != nil {
			return err
		}
		return writeLocations(w, res.Findings, "\n### Locations\n", "- `%s` %s\n")
	case "sarif":
		_, err := report.WriteSARIF(w, dir, res.Findings)
		return err
	}
	return writeCodeTable(w, l, res.Findings, groups)
}

// writeCodeTable lists every finding once, at its position, then what to do per use case.
// Code findings have no client and no time: those columns do not exist here. Piped, only the
// rows are written (one finding per line, tab-separated; adviceWhenPiped puts the advice on
// stderr).
func writeCodeTable(w io.Writer, l report.Layout, fs []usecase.Finding, groups []report.Group) error {
	if len(fs) == 0 {
		if !l.Terminal() {
			return nil
		}
		_, err := fmt.Fprintln(w, "No findings.")
		return err
	}
	t := report.NewTable(
		report.Column{Header: "Status"},
		report.Column{Header: "Use case"},
		report.Column{Header: "Confidence"},
		report.Column{Header: "Location", Fit: report.Shorten, Min: 24},
	)
	for _, f := range fs {
		t.AddRow(string(f.Status), string(f.UseCase), string(f.Confidence), f.Where())
	}
	if err := t.Render(w, l); err != nil || !l.Terminal() {
		return err
	}
	fmt.Fprintln(w)
	return report.WriteAdvice(w, l, groups)
}

// writeLocations lists every finding's position under its use case (the summary keeps only a
// few samples per group).
func writeLocations(w io.Writer, fs []usecase.Finding, heading, line string) error {
	if len(fs) == 0 {
		return nil
	}
	if _, err := io.WriteString(w, heading); err != nil {
		return err
	}
	for _, f := range fs {
		if _, err := fmt.Fprintf(w, line, f.Where(), f.UseCase); err != nil {
			return err
		}
	}
	return nil
}

// adviceWhenPiped writes what to do per use case on stderr when a table went to a pipe or a
// file as plain rows: the data stays machine-readable, the person reading a CI log still
// learns what to change.
func adviceWhenPiped(ios *iostreams.IOStreams, format report.Format, groups []report.Group) error {
	if format != report.Table || ios.TerminalWidth() > 0 {
		return nil
	}
	return report.WriteAdvice(ios.ErrOut, errLayoutOf(ios), groups)
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
