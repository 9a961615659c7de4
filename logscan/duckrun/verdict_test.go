//go:build duckdb

package duckrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/auth0-migrate/auth0audit/logscan"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// verdictKind names the kind of an input's error, as the command reports it.
func verdictKind(err error) string {
	for _, k := range []error{logscan.ErrTruncated, logscan.ErrNotLogs, logscan.ErrUnreadable, logscan.ErrNoEvents} {
		if errors.Is(err, k) {
			return k.Error()
		}
	}
	if err != nil {
		return "other: " + err.Error()
	}
	return "ok"
}

// TestVerdictsMatchGo: --engine duckdb judges an input as the Go scanner does (an input that
// ends early, or is not an Auth0 log export, or is mostly not events, is an error, never an
// all-clear) and counts its events and malformed records the same way.
func TestVerdictsMatchGo(t *testing.T) {
	const ev = `{"log_id":"a","type":"depnote","date":"2026-10-02T09:15:00Z","client_id":"c"}`
	link := `{"log_id":"l1","date":"2026-10-02T09:15:00Z","type":"sapi","client_id":"spa","details":{"request":{"method":"POST","path":"/api/v2/users/x/identities","auth":{"credentials":{"scopes":"update:users"}}}}}`
	cases := map[string]string{
		"ndjson whose last line is cut":          ev + "\n" + `{"log_id":"b","type":"depnote","date":"2026-10-02T`,
		"JSON array cut inside an element":       "[" + ev + ",\n" + `{"log_id":"b","type":"depnote"`,
		"JSON array cut between elements":        "[" + ev + ",\n" + link + ",",
		"mostly objects without log_id or type":  ev + "\n" + strings.Repeat(`{"foo":1}`+"\n", 5),
		"mostly arrays of scalars":               ev + "\n" + strings.Repeat("[1,2,3]\n", 3),
		"an application's log, not Auth0's":      strings.Repeat(`{"level":"info","type":"request","msg":"GET /","ts":"2026-10-02T09:15:00Z"}`+"\n", 3),
		"objects of another product with log_id": strings.Repeat(`{"log_id":"x","type":"Request","when":"now"}`+"\n", 3),
		"mostly broken _raw":                     ev + "\n" + strings.Repeat(`{"result":{"_raw":"not json"}}`+"\n", 3),
		"mostly unclosed irrelevant lines":       ev + "\n" + strings.Repeat(`{"log_id":"s1","type":"s",`+"\n", 3),
		"a page of mostly scalars":               `{"logs":[` + ev + `,1,2,3]}` + "\n",
		"a valid export":                         ev + "\n" + link + "\n" + `[` + ev + `,` + link + `]` + "\n",
		"mostly another product's typed events":  ev + "\n" + strings.Repeat(`{"type":"Request","log_id":"r1","level":"info"}`+"\n", 10),
		"a zip archive":                          "PK\x03\x04\x14\x00\x00\x00\x08\x00" + ev + "\n",
	}
	r := newRunner(t)
	ctx := context.Background()
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			gs := logscan.New(logscan.Options{}, func(usecase.Finding) error { return nil })
			gErr := gs.Scan(ctx, "in.ndjson", strings.NewReader(data))
			gStats, _ := gs.Finish()

			if err := r.Reset(ctx); err != nil {
				t.Fatal(err)
			}
			dErr := r.Add(ctx, "-", bytes.NewReader([]byte(data)))
			dStats, _ := r.Finish(ctx, func(usecase.Finding) error { return nil })

			if g, d := verdictKind(gErr), verdictKind(dErr); g != d {
				t.Errorf("verdict: Go %q (%v), DuckDB %q (%v)", g, gErr, d, dErr)
			}
			if gStats.EventsRead != dStats.EventsRead || gStats.Malformed != dStats.Malformed || gStats.NotValidated != dStats.NotValidated {
				t.Errorf("counts: Go %d events, %d malformed, %d not validated; DuckDB %d events, %d malformed, %d not validated",
					gStats.EventsRead, gStats.Malformed, gStats.NotValidated, dStats.EventsRead, dStats.Malformed, dStats.NotValidated)
			}
		})
	}
}

// TestParquetVerdicts: a Parquet input is judged and counted as its records would be in a
// JSON file: a table that holds no Auth0 log event is not an Auth0 log export, not an
// all-clear.
func TestParquetVerdicts(t *testing.T) {
	const ev = `{"log_id":"a","type":"depnote","date":"2026-10-02T09:15:00Z","client_id":"c"}`
	dir := t.TempDir()
	r := newRunner(t)
	ctx := context.Background()
	cases := []struct {
		name, query, ndjson string
	}{
		{"another table", `SELECT i AS id, 'hello' AS msg FROM range(3) t(i)`, ""},
		{"one JSON column, mostly keyless", `SELECT * FROM (VALUES ('` + ev + `'), ('{"foo":1}'), ('{"foo":2}')) t(raw)`,
			ev + "\n" + `{"foo":1}` + "\n" + `{"foo":2}` + "\n"},
		{"one JSON column of events", `SELECT * FROM (VALUES ('` + ev + `'), ('[` + ev + `,` + ev + `]')) t(raw)`,
			ev + "\n[" + ev + "," + ev + "]\n"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, fmt.Sprintf("%d.parquet", i))
			if _, err := r.conn.ExecContext(ctx, "COPY ("+c.query+") TO "+sqlString(path)+" (FORMAT parquet)"); err != nil {
				t.Fatal(err)
			}
			if err := r.Reset(ctx); err != nil {
				t.Fatal(err)
			}
			dErr := r.Add(ctx, path, nil)
			dStats, _ := r.Finish(ctx, func(usecase.Finding) error { return nil })
			if c.ndjson == "" {
				if !errors.Is(dErr, logscan.ErrNotLogs) {
					t.Errorf("got %v, want an error: not an Auth0 log export", dErr)
				}
				return
			}
			gs := logscan.New(logscan.Options{}, func(usecase.Finding) error { return nil })
			gErr := gs.Scan(ctx, "in.ndjson", strings.NewReader(c.ndjson))
			gStats, _ := gs.Finish()
			if g, d := verdictKind(gErr), verdictKind(dErr); g != d {
				t.Errorf("verdict: Go %q (%v), DuckDB %q (%v)", g, gErr, d, dErr)
			}
			if gStats.EventsRead != dStats.EventsRead || gStats.Malformed != dStats.Malformed {
				t.Errorf("counts: Go %d events, %d malformed; DuckDB %d events, %d malformed",
					gStats.EventsRead, gStats.Malformed, dStats.EventsRead, dStats.Malformed)
			}
		})
	}
}
