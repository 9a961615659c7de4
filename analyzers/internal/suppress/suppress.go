// Package suppress implements the //auth0vet:ignore directive and the reporting rules every
// analyzer shares: a diagnostic is dropped when a directive giving a reason is on its line, at
// the end of the first line of its statement, or on its own line above the statement (the
// whole statement is covered, however many lines it spans); diagnostics in generated files are
// never reported.
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
		var ds []Directive
		for _, d := range Directives(f) {
			if d.Reason != "" {
				ds = append(ds, d)
			}
		}
		if len(ds) == 0 {
			continue
		}
		lines := map[int]bool{}
		r.ignored[tf] = lines
		firstCol, spans, starts := layout(tf, f)
		for _, d := range ds {
			line := tf.Line(d.Pos)
			target := line + 1 // a comment on its own line covers the statement below it
			if col, ok := firstCol[line]; ok && col < tf.Position(d.Pos).Column {
				target = line // a trailing comment covers its own statement only
			}
			lines[line] = true
			lines[target] = true
			for l := target + 1; l <= spans[target]; l++ {
				lines[l] = true
			}
			if target == line {
				// ... and the statement ending on its line: f(a,\n b) //auth0vet:ignore why
				if first, ok := starts[line]; ok {
					for l := first; l < line; l++ {
						lines[l] = true
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
	if r.generated[tf] || r.ignored[tf][tf.Line(d.Pos)] {
		return
	}
	r.pass.Report(d)
}

// InGenerated reports whether n lies in a generated file; analyzers skip such nodes early.
func (r *Reporter) InGenerated(n ast.Node) bool {
	return r.generated[r.pass.Fset.File(n.Pos())]
}
