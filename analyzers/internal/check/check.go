// Package check turns the provenance findings of one analyzer into diagnostics, through the
// shared suppression rules: the one body every auth0vet analyzer runs.
package check

import (
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/diag"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/provenance"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/suppress"
)

// ResultType is the result every analyzer returns: the ignore directives its findings used.
var ResultType = reflect.TypeOf((*suppress.Used)(nil))

// Run reports the findings of the named check from the provenance result of prov.
func Run(pass *analysis.Pass, prov *analysis.Analyzer, name string) (any, error) {
	rep := suppress.NewReporter(pass, name)
	res := pass.ResultOf[prov].(*provenance.Result)
	if !res.Active {
		return rep.Used(), nil
	}
	for _, h := range res.Findings(name) {
		what := h.What + via(h)
		if h.Suspected {
			rep.Report(diag.NewSuspected(h.Node, h.ID, what))
		} else {
			rep.Report(diag.New(h.Node, h.ID, what))
		}
	}
	return rep.Used(), nil
}

// via says which helpers a finding rests on: "(via helper linkWith)", "(via helpers
// authkit.LinkAs → SendLink, package example.com/app/authkit)".
func via(h *provenance.Hit) string {
	if len(h.Via) == 0 {
		return ""
	}
	s := " (via helper "
	if len(h.Via) > 1 {
		s = " (via helpers "
	}
	s += strings.Join(h.Via, " → ")
	if h.ViaPkg != "" {
		s += ", package " + h.ViaPkg
	}
	return s + ")"
}
