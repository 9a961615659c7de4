// Package suppress implements the //auth0vet:ignore directive and the reporting rules every
// analyzer shares. Every scanner of the project
// (the Go analyzers, and the JavaScript/TypeScript scanner of "auth0audit code") honours it:
//
//	//auth0vet:ignore <reason>                            silences every check
//	//auth0vet:ignore <analyzer>[,<analyzer>...] <reason> silences the named checks only
//
// The analyzer names are idtokenbearer, userscopedlink and hardcodedsecret; how the words
// after the directive are read (lists, misspelt names, the required reason) is defined once,
// in internal/ignoregrammar, for every language the project reads. A directive that names an
// unknown check or has no reason suppresses nothing
// (the ignoredirective analyzer reports it), so that every silenced finding carries an
// explanation a reviewer can judge. A directive that silences no finding is reported too, as
// staticcheck reports unmatched linter directives: it is stale, or not where the finding is.
//
// Placement: a directive on its own line covers the statement below it (the whole
// statement, however many lines it spans); at the end of a line it covers the statement on
// that line (and, on a statement's last line, the whole statement). Diagnostics in generated
// files are never reported.
package suppress

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/auth0-migrate/auth0audit/internal/ignoregrammar"
)

// Prefix starts an ignore directive.
const Prefix = "//auth0vet:ignore"

// Analyzers are the names a directive may list.
var Analyzers = []string{"idtokenbearer", "userscopedlink", "hardcodedsecret"}

// Directive is one //auth0vet:ignore comment.
type Directive struct {
	Pos token.Pos
	// Analyzers are the checks it names; empty for all.
	Analyzers []string
	Reason    string
	// Unknown are the names in its list that are no analyzer: then it silences nothing.
	Unknown []string
	words   ignoregrammar.Words
}

// Applies reports whether the directive silences the named analyzer.
func (d Directive) Applies(analyzer string) bool {
	if len(d.Unknown) > 0 {
		return false
	}
	return len(d.Analyzers) == 0 || slices.Contains(d.Analyzers, analyzer)
}

// Parse reads the text of a comment; ok is false when it is not a directive. A comment such
// as "//auth0vet:ignored" is not one.
func Parse(text string) (d Directive, ok bool) {
	rest, ok := strings.CutPrefix(text, Prefix)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return Directive{}, false
	}
	w := ignoregrammar.Read(rest, Analyzers)
	return Directive{Analyzers: w.Checks, Unknown: w.Unknown, Reason: w.Reason, words: w}, true
}

// Problem says why the directive silences nothing (an unknown check, no reason), or "".
func (d Directive) Problem() string { return d.words.Problem(Prefix, Analyzers) }

// Directives returns the ignore directives of file, in source order.
func Directives(file *ast.File) []Directive {
	var out []Directive
	for _, cg := range file.Comments {
		for _, c := range cg.List {
			if d, ok := Parse(c.Text); ok {
				d.Pos = c.Pos()
				out = append(out, d)
			}
		}
	}
	return out
}

// Used is what an analyzer's Reporter returns as its result: the directives that silenced
// at least one of its findings.
type Used struct {
	Directives map[token.Pos]bool
}

// Reporter reports diagnostics for one pass, applying the directives and skipping generated
// files.
type Reporter struct {
	pass      *analysis.Pass
	generated map[*token.File]bool
	// ignored holds, per file, the lines a reasoned directive for this analyzer covers, and
	// the directives covering each.
	ignored map[*token.File]map[int][]token.Pos
	used    *Used
}

// NewReporter scans the pass's files for the directives that apply to analyzer.
func NewReporter(pass *analysis.Pass, analyzer string) *Reporter {
	r := &Reporter{pass: pass, generated: map[*token.File]bool{}, ignored: map[*token.File]map[int][]token.Pos{},
		used: &Used{Directives: map[token.Pos]bool{}}}
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.FileStart)
		if tf == nil {
			continue
		}
		if ast.IsGenerated(f) {
			r.generated[tf] = true
			continue
		}
		var ds []Directive
		for _, d := range Directives(f) {
			if d.Reason != "" && d.Applies(analyzer) {
				ds = append(ds, d)
			}
		}
		if len(ds) == 0 {
			continue
		}
		lines := map[int][]token.Pos{}
		r.ignored[tf] = lines
		firstCol, spans, starts := layout(tf, f)
		for _, d := range ds {
			line := tf.Line(d.Pos)
			target := line + 1 // a comment on its own line covers the statement below it
			if col, ok := firstCol[line]; ok && col < tf.Position(d.Pos).Column {
				target = line // a trailing comment covers its own statement only
			}
			cover := func(l int) {
				if !slices.Contains(lines[l], d.Pos) {
					lines[l] = append(lines[l], d.Pos)
				}
			}
			cover(line)
			cover(target)
			for l := target + 1; l <= spans[target]; l++ {
				cover(l)
			}
			if target == line {
				// ... and the statement ending on its line: f(a,\n b) //auth0vet:ignore why
				if first, ok := starts[line]; ok {
					for l := first; l < line; l++ {
						cover(l)
					}
				}
			}
		}
	}
	return r
}

// layout returns, per line of f, the column of the first code on it; for each line the last
// line of the statements (assignments, calls, returns, declarations, keyed elements) starting
// on it; and for each line the first line of the statements ending on it. A directive covers a
// statement written over several lines. A function literal's body is not part of its
// statement's span.
func layout(tf *token.File, f *ast.File) (firstCol, spans, starts map[int]int) {
	firstCol, spans, starts = map[int]int{}, map[int]int{}, map[int]int{}
	note := func(p token.Pos) {
		if !p.IsValid() {
			return
		}
		pos := tf.Position(p)
		if c, ok := firstCol[pos.Line]; !ok || pos.Column < c {
			firstCol[pos.Line] = pos.Column
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n.(type) {
		case nil:
			return false
		case *ast.CommentGroup, *ast.Comment:
			return false
		case *ast.AssignStmt, *ast.ExprStmt, *ast.ReturnStmt, *ast.SendStmt, *ast.IncDecStmt,
			*ast.GoStmt, *ast.DeferStmt, *ast.GenDecl, *ast.ValueSpec, *ast.KeyValueExpr:
			end := n.End()
			ast.Inspect(n, func(m ast.Node) bool {
				if fl, ok := m.(*ast.FuncLit); ok && fl.Body.Lbrace < end {
					end = fl.Body.Lbrace
				}
				return true
			})
			start, last := tf.Line(n.Pos()), tf.Line(end)
			if last > spans[start] {
				spans[start] = last
			}
			if first, ok := starts[last]; !ok || start < first {
				starts[last] = start
			}
		}
		note(n.Pos())
		if n.End() > n.Pos() {
			note(n.End() - 1)
		}
		return true
	})
	return firstCol, spans, starts
}

// Report reports d unless it is in a generated file or covered by a reasoned directive.
func (r *Reporter) Report(d analysis.Diagnostic) {
	tf := r.pass.Fset.File(d.Pos)
	if tf == nil {
		r.pass.Report(d)
		return
	}
	if r.generated[tf] {
		return
	}
	if ds := r.ignored[tf][tf.Line(d.Pos)]; len(ds) > 0 {
		for _, p := range ds {
			r.used.Directives[p] = true
		}
		return
	}
	r.pass.Report(d)
}

// Used returns the directives that silenced a finding so far.
func (r *Reporter) Used() *Used { return r.used }

// InGenerated reports whether n lies in a generated file; analyzers skip such nodes early.
func (r *Reporter) InGenerated(n ast.Node) bool {
	return r.generated[r.pass.Fset.File(n.Pos())]
}
