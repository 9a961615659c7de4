// Package ignoredirective defines an Analyzer that reports //auth0vet:ignore directives that
// do nothing: one without a reason (it suppresses nothing: every silenced finding must carry
// an explanation a reviewer can judge), and one that silenced no finding (stale, or not on the
// finding's line), as staticcheck reports unmatched linter directives.
package ignoredirective

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/auth0-migrate/auth0audit/analyzers/hardcodedsecret"
	"github.com/auth0-migrate/auth0audit/analyzers/idtokenbearer"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/suppress"
	"github.com/auth0-migrate/auth0audit/analyzers/userscopedlink"
)

// Category is the diagnostic category of a directive that does nothing (not a use case).
const Category = "auth0vet-ignore"

const Doc = `report //auth0vet:ignore directives that do nothing

A directive must say why the finding is acceptable, and may name the checks it silences:

	//auth0vet:ignore test fixture against the local tenant simulator
	//auth0vet:ignore idtokenbearer,hardcodedsecret demo tenant, deleted after the talk

A bare //auth0vet:ignore does not suppress anything and is reported. A directive that
silences no finding (of the checks it names) is reported too: remove it, or move it onto the
finding's line or the line above.`

// Analyzer checks the directives against the findings of the default analyzers.
var Analyzer = New(idtokenbearer.Analyzer, userscopedlink.Analyzer, hardcodedsecret.Analyzer)

// New returns the analyzer for a set of checks (their results say which directives they used).
func New(checks ...*analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     "ignoredirective",
		Doc:      Doc,
		Requires: checks,
		Run:      func(pass *analysis.Pass) (any, error) { return run(pass, checks) },
	}
}

func run(pass *analysis.Pass, checks []*analysis.Analyzer) (any, error) {
	used := map[token.Pos]bool{}
	for _, c := range checks {
		if u, ok := pass.ResultOf[c].(*suppress.Used); ok && u != nil {
			for p := range u.Directives {
				used[p] = true
			}
		}
	}
	for _, f := range pass.Files {
		if ast.IsGenerated(f) {
			continue
		}
		for _, d := range suppress.Directives(f) {
			switch {
			case d.Problem() != "":
				pass.Report(analysis.Diagnostic{
					Pos:      d.Pos,
					End:      d.Pos + token.Pos(len(suppress.Prefix)),
					Category: Category,
					Message:  d.Problem(),
				})
			case !used[d.Pos]:
				what := "no finding"
				if len(d.Analyzers) > 0 {
					what = "no " + strings.Join(d.Analyzers, " or ") + " finding"
				}
				pass.Report(analysis.Diagnostic{
					Pos:      d.Pos,
					End:      d.Pos + token.Pos(len(suppress.Prefix)),
					Category: Category,
					Message:  "//auth0vet:ignore matches " + what + " on its line or the statement below: remove it, or move it to the finding",
				})
			}
		}
	}
	return nil, nil
}
