// Package ignoredirective defines an Analyzer that reports //auth0vet:ignore directives
// without a reason. Such a directive suppresses nothing: every silenced finding must carry an
// explanation a reviewer can judge.
package ignoredirective

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/suppress"
)

// Category is the diagnostic category of a reasonless directive (not a use case).
const Category = "auth0vet-ignore"

const Doc = `report //auth0vet:ignore directives without a reason

A directive must say why the finding is acceptable:

	//auth0vet:ignore test fixture against the local tenant simulator

A bare //auth0vet:ignore does not suppress anything and is reported.`

var Analyzer = &analysis.Analyzer{
	Name: "ignoredirective",
	Doc:  Doc,
	Run:  run,
}

func run(pass *analysis.Pass) (any, error) {
	for _, f := range pass.Files {
		if ast.IsGenerated(f) {
			continue
		}
		for _, d := range suppress.Directives(f) {
			if d.Reason == "" {
				pass.Report(analysis.Diagnostic{
					Pos:      d.Pos,
					End:      d.Pos + token.Pos(len(suppress.Prefix)),
					Category: Category,
					Message:  "//auth0vet:ignore needs a reason (//auth0vet:ignore <why this is fine>); without one it suppresses nothing",
				})
			}
		}
	}
	return nil, nil
}
