package provenance_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/provenance"
)

// active reports, on the package clause, whether the provenance fast path let the dataflow run.
var active = &analysis.Analyzer{
	Name:     "active",
	Doc:      "report whether provenance is active",
	Requires: []*analysis.Analyzer{provenance.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		if pass.ResultOf[provenance.Analyzer].(*provenance.Result).Active {
			pass.Reportf(pass.Files[0].Name.Pos(), "active")
		}
		return nil, nil
	},
}

func TestFastPath(t *testing.T) {
	analysistest.Run(t, "../../testdata/mod", active, "./provenance/...")
}
