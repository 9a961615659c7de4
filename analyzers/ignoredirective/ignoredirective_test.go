package ignoredirective_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/auth0-migrate/auth0audit/analyzers/ignoredirective"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, "../testdata/mod", ignoredirective.Analyzer, "./ignoredirective/...")
}
