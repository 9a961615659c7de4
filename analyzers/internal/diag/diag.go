// Package diag builds the analyzers' diagnostics from the use-case table, so that the
// use-case ID, the advice and the doc link never drift from what the reports say.
package diag

import (
	"go/ast"

	"golang.org/x/tools/go/analysis"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// New returns a diagnostic for node classified as id. what says what was found; the message
// reads "[id] what; instead: <advice> (<doc link>)" and Category is the use-case ID.
func New(node ast.Node, id usecase.ID, what string) analysis.Diagnostic {
	uc := usecase.MustLookup(id)
	return analysis.Diagnostic{
		Pos:      node.Pos(),
		End:      node.End(),
		Category: string(id),
		Message:  "[" + string(id) + "] " + what + "; instead: " + uc.Instead + " (" + uc.DocURL + ")",
	}
}
