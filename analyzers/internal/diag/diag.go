// Package diag builds the analyzers' diagnostics from the use-case table, so that the
// use-case ID, the advice and the doc link never drift from what the reports say.
package diag

import (
	"go/ast"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// New returns a diagnostic for node classified as id. what says what was found; the message
// reads "[id] what; instead: <advice> (<doc link>)" and Category is the use-case ID.
func New(node ast.Node, id usecase.ID, what string) analysis.Diagnostic {
	return build(node, id, "["+string(id)+"] ", what)
}

// NewSuspected is New for a finding the code does not prove, only makes likely (a Management
// client authenticated by an ID token, with no link call seen): the message starts
// "[id, suspected]" and the finding made from it is suspected.
func NewSuspected(node ast.Node, id usecase.ID, what string) analysis.Diagnostic {
	return build(node, id, suspectedTag(id), what)
}

func build(node ast.Node, id usecase.ID, tag, what string) analysis.Diagnostic {
	uc := usecase.MustLookup(id)
	return analysis.Diagnostic{
		Pos:      node.Pos(),
		End:      node.End(),
		Category: string(id),
		Message:  tag + what + "; instead: " + uc.Instead + " (" + uc.DocURL + ")",
	}
}

func suspectedTag(id usecase.ID) string { return "[" + string(id) + ", suspected] " }

// Confidence reads back how sure a diagnostic built here is.
func Confidence(d analysis.Diagnostic) usecase.Confidence {
	if strings.HasPrefix(d.Message, suspectedTag(usecase.ID(d.Category))) {
		return usecase.Suspected
	}
	return usecase.Confirmed
}
