package idtokenbearer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/auth0-migrate/auth0audit/analyzers/idtokenbearer"
)

// The testdata module requires the real go-auth0 v1.45.0 and v3.0.0, gopkg.in/auth0.v5 and
// golang.org/x/oauth2; analysistest loads it offline (GOPROXY=off) from the module cache.
func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, "../testdata/mod", idtokenbearer.Analyzer, "./idtokenbearer/...", "./realistic/idt/...", "./heldout/idt/...", "./heldout2/idt/...")
}
