// Package analyzers lists the auth0vet analyzers. Each lives in its own package; shared
// knowledge of the SDKs and the dataflow is under internal/.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/auth0-migrate/auth0audit/analyzers/hardcodedsecret"
	"github.com/auth0-migrate/auth0audit/analyzers/idtokenbearer"
	"github.com/auth0-migrate/auth0audit/analyzers/ignoredirective"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/provenance"
	"github.com/auth0-migrate/auth0audit/analyzers/userscopedlink"
)

// All returns the default analyzer suite (typed AST only, no SSA), in a fixed order. It
// follows helpers across the module's packages with analysis facts: under go vet that costs
// nothing extra (the go command runs the tool on every dependency anyway, and only the
// module's own packages are summarized); a driver must give it the module's packages from
// source (see codescan.Load).
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		idtokenbearer.Analyzer,
		userscopedlink.Analyzer,
		hardcodedsecret.Analyzer,
		ignoredirective.Analyzer,
	}
}

// Local returns the suite without facts: helpers are followed within a package only. For
// drivers that cannot give the analyzers the module's packages from source.
func Local() []*analysis.Analyzer {
	prov := provenance.Local
	idt := idtokenbearer.New(prov)
	usl := userscopedlink.New(prov)
	hcs := hardcodedsecret.New(prov)
	return []*analysis.Analyzer{idt, usl, hcs, ignoredirective.New(idt, usl, hcs)}
}
