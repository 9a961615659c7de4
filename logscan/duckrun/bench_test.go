//go:build duckdb

package duckrun

import (
	"context"
	"os"
	"testing"

	"github.com/auth0-migrate/auth0audit/logscan/sqlgen"
)

// BenchmarkEmittedQuery runs the query `--emit-sql duckdb --source FILE` prints over the file
// named by AUTH0AUDIT_BENCH_CORPUS (bench/logscan/duckdb.sh sets it), DuckDB reading it itself.
func BenchmarkEmittedQuery(b *testing.B) {
	corpus := os.Getenv("AUTH0AUDIT_BENCH_CORPUS")
	if corpus == "" {
		b.Skip("AUTH0AUDIT_BENCH_CORPUS names no corpus (make bench-logscan-duckdb sets it)")
	}
	st, err := os.Stat(corpus)
	if err != nil {
		b.Fatal(err)
	}
	src, err := sqlgen.ParseSource(sqlgen.DuckDB, corpus, "")
	if err != nil {
		b.Fatal(err)
	}
	q, err := sqlgen.Render(sqlgen.Options{Engine: sqlgen.DuckDB, Source: src})
	if err != nil {
		b.Fatal(err)
	}
	r, err := New(context.Background(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	b.SetBytes(st.Size())
	for b.Loop() {
		rows, err := r.conn.QueryContext(context.Background(), q)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			n++
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
		rows.Close()
		b.ReportMetric(float64(n), "findings")
	}
}
