package hardcodedsecret_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/auth0-migrate/auth0audit/analyzers/hardcodedsecret"
)

// The testdata module requires the real go-auth0 v1.45.0, v3.0.0, gopkg.in/auth0.v5 and
// golang.org/x/oauth2.
func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, "../testdata/mod", hardcodedsecret.Analyzer, "./hardcodedsecret/...", "./realistic/sec/...", "./heldout/sec/...", "./heldout2/sec/...")
}

func TestPlaceholder(t *testing.T) {
	for s, want := range map[string]bool{
		"":                           true,
		"short":                      true,
		"YOUR_CLIENT_SECRET":         true,
		"<client-secret>":            true,
		"${AUTH0_CLIENT_SECRET}":     true,
		"changeme-please-now":        true,
		"xxxxxxxxxxxxxxxxxxxxxxxxxx": true,
		"****************":           true,
		"hJ8sQ2vN4kLp9wXz1RtYbC3mD5fG7aE0uI6oP8qS2dF4gH6jK8lZ0xC2vB4nM6qW": false,
	} {
		if got := hardcodedsecret.Placeholder(s); got != want {
			t.Errorf("Placeholder(%q) = %v, want %v", s, got, want)
		}
	}
}
