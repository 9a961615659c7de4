//go:build !duckdb

package main

import (
	"strings"
	"testing"
)

// TestLogsEngineDuckDBNeedsTheTag: the default (pure Go) build says how to get DuckDB.
func TestLogsEngineDuckDBNeedsTheTag(t *testing.T) {
	_, _, err := runLogs(t, nil, "--engine", "duckdb", logsSampleDir)
	if err == nil || !strings.Contains(err.Error(), "go build -tags duckdb ./cmd/auth0audit") {
		t.Fatalf("error %v, want the build command", err)
	}
}
