//go:build !duckdb

package main

import (
	"context"
	"errors"

	"github.com/auth0-migrate/auth0audit/logscan"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// newDuckDBScanner: DuckDB needs cgo, so it is only in binaries built with -tags duckdb.
func newDuckDBScanner(context.Context, logscan.Options, func(usecase.Finding) error) (logsScanner, error) {
	return nil, errors.New("--engine duckdb: this binary was built without DuckDB; build one with: go build -tags duckdb ./cmd/auth0audit (needs cgo and a C compiler)")
}
