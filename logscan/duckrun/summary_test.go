//go:build duckdb

package duckrun

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/auth0-migrate/auth0audit/logscan/sqlgen"
)

// TestSummarySamples: the summary query's sample_log_ids are those the Go report shows (the
// smallest log_ids, report.MaxSamples of them), without a NULL for a finding that has no log_id
// (BigQuery's ARRAY_AGG fails the whole query on a NULL element).
func TestSummarySamples(t *testing.T) {
	ctx := context.Background()
	r := newRunner(t)
	if err := r.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	var in bytes.Buffer
	// Dates run against the log_ids, and one notice has no log_id at all.
	for i, id := range []string{"b2", "a1", ""} {
		fmt.Fprintf(&in, `{"log_id":%q,"type":"depnote","date":"2026-10-0%dT00:00:00Z","client_id":"c"}`+"\n", id, i+1)
	}
	if err := r.Add(ctx, "-", &in); err != nil {
		t.Fatal(err)
	}
	q, err := sqlgen.Render(sqlgen.Options{Engine: sqlgen.DuckDB, Query: sqlgen.Summary,
		Source: sqlgen.Source{Relation: recordsTable, Column: "raw"}})
	if err != nil {
		t.Fatal(err)
	}
	var events int
	var samples any
	if err := r.conn.QueryRowContext(ctx, "SELECT events, sample_log_ids FROM ("+q+")").Scan(&events, &samples); err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(events, samples), "3 [a1 b2]"; got != want {
		t.Errorf("events and samples: got %s, want %s", got, want)
	}
}
