package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/auth0-migrate/auth0audit/logscan"
	"github.com/auth0-migrate/auth0audit/logscan/sqlgen"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// logsSQL holds the flags that move the classification into SQL: --emit-sql prints the query
// for an engine that already holds the logs; --engine duckdb runs it here.
type logsSQL struct {
	emit         string
	source       string
	sourceColumn string
	summary      bool
	engine       string
}

func (s *logsSQL) register(f *pflag.FlagSet) {
	f.StringVar(&s.emit, "emit-sql", "", "print the classification as one SQL query for this engine (duckdb, athena, bigquery) instead of reading logs; needs --source")
	f.StringVar(&s.source, "source", "", "with --emit-sql: the table holding the logs, one record per row (duckdb also takes a file path or glob: JSON, NDJSON, gzip, Parquet)")
	f.StringVar(&s.sourceColumn, "source-column", "", "with --emit-sql: the column holding each record's JSON text (default raw; * for an event stored as columns, duckdb and bigquery)")
	f.BoolVar(&s.summary, "summary", false, "with --emit-sql: one row per use case and client instead of one per finding")
	f.StringVar(&s.engine, "engine", "go", "what classifies the logs: go, or duckdb (the SQL query in an embedded DuckDB; needs a binary built with -tags duckdb)")
}

// emitting reports whether the command prints SQL instead of reading logs.
func (s *logsSQL) emitting() bool { return s.emit != "" }

// validate checks the SQL flags against the rest of the command line.
func (s *logsSQL) validate(args []string, tenant string) error {
	switch {
	case s.emit == "" && (s.source != "" || s.sourceColumn != "" || s.summary):
		return errors.New("--source, --source-column and --summary go with --emit-sql ENGINE")
	case s.emit != "" && len(args) > 0:
		return fmt.Errorf("--emit-sql prints a query and reads no logs: name the logs with --source, not as arguments (%s)", strings.Join(args, " "))
	case s.emit != "" && tenant != "":
		return errors.New("--emit-sql reads no logs: it cannot go with --tenant")
	case s.emit != "" && s.source == "":
		return errors.New("--emit-sql needs --source: the table (or, for duckdb, the files) holding the logs")
	case s.engine != "go" && s.engine != string(sqlgen.DuckDB):
		return fmt.Errorf("--engine %q: want go or duckdb (athena and bigquery run the query of --emit-sql in their own consoles)", s.engine)
	case s.engine == string(sqlgen.DuckDB) && s.emit != "":
		return errors.New("--engine and --emit-sql do not go together: --emit-sql only prints the query")
	}
	return s.engineReads(tenant)
}

// engineReads checks that the engine can read the inputs: DuckDB reads files, not a tenant
// (given with --tenant or $AUTH0_DOMAIN).
func (s *logsSQL) engineReads(tenant string) error {
	if s.engine == string(sqlgen.DuckDB) && tenant != "" {
		return errors.New("--engine duckdb reads files, not a tenant: fetch with the Go engine (--save-raw keeps the logs for DuckDB)")
	}
	return nil
}

// print writes the query.
func (s *logsSQL) print(w io.Writer) error {
	engine := sqlgen.Engine(strings.ToLower(s.emit))
	src, err := sqlgen.ParseSource(engine, s.source, s.sourceColumn)
	if err != nil {
		return err
	}
	q := sqlgen.Findings
	if s.summary {
		q = sqlgen.Summary
	}
	text, err := sqlgen.Render(sqlgen.Options{Engine: engine, Source: src, Query: q})
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, text)
	return err
}

// logsScanner reads log inputs and reports what it found: the Go scanner, or the SQL query run
// in DuckDB.
type logsScanner interface {
	ScanPath(ctx context.Context, name string, stdin io.Reader) error
	Finish() (logscan.Stats, error)
	Close() error
}

// newScanner returns the scanner of --engine.
func (s *logsSQL) newScanner(ctx context.Context, opts logscan.Options, emit func(usecase.Finding) error) (logsScanner, error) {
	if s.engine == string(sqlgen.DuckDB) {
		return newDuckDBScanner(ctx, opts, emit)
	}
	return logscan.New(opts, emit), nil
}
