package userscopedlink_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/auth0-migrate/auth0audit/analyzers/userscopedlink"
)

// The testdata module requires the real go-auth0 v1.45.0 and v3.0.0 and golang.org/x/oauth2.
func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, "../testdata/mod", userscopedlink.Analyzer, "./userscopedlink/...", "./realistic/usl/...", "./heldout/usl/...", "./heldout2/usl/...")
}
