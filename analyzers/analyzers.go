// Package analyzers lists the auth0vet analyzers. Each lives in its own package; shared
// knowledge of the SDKs and the dataflow is under internal/.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/auth0-migrate/auth0audit/analyzers/hardcodedsecret"
	"github.com/auth0-migrate/auth0audit/analyzers/idtokenbearer"
	"github.com/auth0-migrate/auth0audit/analyzers/ignoredirective"
	"github.com/auth0-migrate/auth0audit/analyzers/userscopedlink"
)

// All returns the default analyzer suite (typed AST only, no SSA), in a fixed order.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		idtokenbearer.Analyzer,
		userscopedlink.Analyzer,
		hardcodedsecret.Analyzer,
		ignoredirective.Analyzer,
	}
}
