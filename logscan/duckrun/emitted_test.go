//go:build duckdb

package duckrun

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"testing"

	"github.com/auth0-migrate/auth0audit/logscan/sqlgen"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// TestEmittedQueryReadsFiles runs what `auth0audit logs --emit-sql duckdb --source FILE` prints,
// DuckDB reading the file itself (read_json_objects), and compares its findings with the Go
// scanner's on each sample file: the query users paste into the duckdb shell.
func TestEmittedQueryReadsFiles(t *testing.T) {
	r := newRunner(t)
	ctx := context.Background()
	total := 0
	for _, in := range readDir(t, filepath.Join("..", "..", "testdata", "logs")) {
		src, err := sqlgen.ParseSource(sqlgen.DuckDB, in.name, "")
		if err != nil {
			t.Fatal(err)
		}
		q, err := sqlgen.Render(sqlgen.Options{Engine: sqlgen.DuckDB, Source: src})
		if err != nil {
			t.Fatal(err)
		}
		got := queryKeys(ctx, t, r.conn, q)
		var want []string
		for _, f := range goScan(t, []input{in}) {
			want = append(want, key(f))
		}
		slices.Sort(want)
		total += len(want)
		if !slices.Equal(want, got) {
			t.Errorf("%s: DuckDB reading the file differs:\n go:     %v\n duckdb: %v", in.name, want, got)
		}
	}
	if total < 30 {
		t.Errorf("only %d findings in the sample files", total)
	}
}

// queryKeys runs a Findings query and returns its rows' keys, sorted.
func queryKeys(ctx context.Context, t *testing.T, conn *sql.Conn, q string) []string {
	t.Helper()
	rows, err := conn.QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var keys []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		str := func(i int) string {
			s, _ := vals[i].(string)
			return s
		}
		f := usecase.Finding{LogID: str(0), UseCase: usecase.ID(str(5)), Status: usecase.Status(str(6)), Confidence: usecase.Confidence(str(7))}
		keys = append(keys, key(f))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(keys)
	return keys
}
