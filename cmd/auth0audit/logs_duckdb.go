//go:build duckdb

package main

import (
	"context"
	"errors"
	"io"

	"github.com/auth0-migrate/auth0audit/logscan"
	"github.com/auth0-migrate/auth0audit/logscan/duckrun"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// duckDBScanner runs the classification's SQL in an embedded DuckDB (this binary was built with
// -tags duckdb).
type duckDBScanner struct {
	ctx  context.Context
	r    *duckrun.Runner
	emit func(usecase.Finding) error
}

func newDuckDBScanner(ctx context.Context, opts logscan.Options, emit func(usecase.Finding) error) (logsScanner, error) {
	r, err := duckrun.New(ctx, duckrun.Options{Split: opts.Split, MaxExamples: opts.MaxExamples, Strict: opts.Strict})
	if err != nil {
		return nil, err
	}
	return &duckDBScanner{ctx: ctx, r: r, emit: emit}, nil
}

func (d *duckDBScanner) ScanPath(ctx context.Context, name string, stdin io.Reader) error {
	return d.r.Add(ctx, name, stdin)
}

func (d *duckDBScanner) Finish() (logscan.Stats, error) {
	st, err := d.r.Finish(d.ctx, d.emit)
	return st, errors.Join(err, d.r.Close())
}

func (d *duckDBScanner) Close() error { return d.r.Close() }
