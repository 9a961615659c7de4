// Package suppress implements the //auth0vet:ignore directive and the reporting rules every
// analyzer shares: a diagnostic on a line carrying the directive, or on the line below it, is
// dropped when the directive gives a reason; diagnostics in generated files are never reported.
//
// A directive without a reason suppresses nothing (the ignoredirective analyzer reports it), so
// that every silenced finding carries an explanation a reviewer can judge.
package suppress

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Prefix starts an ignore directive.
const Prefix = "//auth0vet:ignore"

// Directive is one //auth0vet:ignore comment.
type Directive struct {
	Pos    token.Pos
	Reason string
}

// Directives returns the ignore directives of file, in source order. A comment such as
// "//auth0vet:ignored" is not a directive.
func Directives(file *ast.File) []Directive {
	var out []Directive
	for _, cg := range file.Comments {
		for _, c := range cg.List {
			rest, ok := strings.CutPrefix(c.Text, Prefix)
			if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
				continue
			}
			out = append(out, Directive{Pos: c.Pos(), Reason: strings.TrimSpace(rest)})
		}
	}
	return out
}

// Reporter reports diagnostics for one pass, applying the directives and skipping generated
// files.
type Reporter struct {
	pass      *analysis.Pass
	generated map[*token.File]bool
	// ignored holds, per file, the lines a reasoned directive covers.
	ignored map[*token.File]map[int]bool
}

// NewReporter scans the pass's files for directives.
func NewReporter(pass *analysis.Pass) *Reporter {
	r := &Reporter{pass: pass, generated: map[*token.File]bool{}, ignored: map[*token.File]map[int]bool{}}
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.FileStart)
		if tf == nil {
			continue
		}
		if ast.IsGenerated(f) {
			r.generated[tf] = true
			continue
		}
		for _, d := range Directives(f) {
			if d.Reason == "" {
				continue
			}
			lines := r.ignored[tf]
			if lines == nil {
				lines = map[int]bool{}
				r.ignored[tf] = lines
			}
			line := tf.Line(d.Pos)
			lines[line] = true   // trailing comment: covers its own line
			lines[line+1] = true // comment above: covers the next line
		}
	}
	return r
}

// Report reports d unless it is in a generated file or covered by a reasoned directive.
func (r *Reporter) Report(d analysis.Diagnostic) {
	tf := r.pass.Fset.File(d.Pos)
	if tf == nil {
		r.pass.Report(d)
		return
	}
	if r.generated[tf] || r.ignored[tf][tf.Line(d.Pos)] {
		return
	}
	r.pass.Report(d)
}

// InGenerated reports whether n lies in a generated file; analyzers skip such nodes early.
func (r *Reporter) InGenerated(n ast.Node) bool {
	return r.generated[r.pass.Fset.File(n.Pos())]
}
