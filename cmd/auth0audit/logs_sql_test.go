package main

import (
	"strings"
	"testing"
)

// TestLogsEmitSQL: --emit-sql prints one query per engine, naming the source; reading no logs.
func TestLogsEmitSQL(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--emit-sql", "duckdb", "--source", "exports/*.ndjson.gz"},
			[]string{"read_json_objects('exports/*.ndjson.gz', format = 'auto', ignore_errors = true)", "AS MATERIALIZED", "ORDER BY t_ns"}},
		{[]string{"--emit-sql", "duckdb", "--source", "logs.parquet"}, []string{"read_parquet('logs.parquet')", "to_json(s)"}},
		{[]string{"--emit-sql", "duckdb", "--source", "auth0_logs", "--source-column", "event"}, []string{"FROM auth0_logs AS s", "s.event"}},
		{[]string{"--emit-sql", "athena", "--source", "auth0.logs"}, []string{"FROM auth0.logs AS s", "s.raw", "json_extract_scalar"}},
		{[]string{"--emit-sql", "bigquery", "--source", "my-project.auth0.logs", "--summary"},
			[]string{"FROM `my-project.auth0.logs` AS s", "ARRAY_AGG(log_id IGNORE NULLS ORDER BY log_id LIMIT 3) AS sample_log_ids"}},
		{[]string{"--emit-sql", "bigquery", "--source", "p.d.t", "--source-column", "*"}, []string{"TO_JSON_STRING(s)"}},
	} {
		out, stderr, err := runLogs(t, nil, tc.args...)
		if err != nil {
			t.Errorf("%v: %v (%s)", tc.args, err, stderr)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: the query lacks %q", tc.args, w)
			}
		}
	}
}

// TestLogsSQLFlagErrors: misuse is a clear error naming the flag.
func TestLogsSQLFlagErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--emit-sql", "duckdb"}, "--emit-sql needs --source"},
		{[]string{"--emit-sql", "postgres", "--source", "t"}, `unknown SQL engine "postgres"`},
		{[]string{"--emit-sql", "athena", "--source", "logs; DROP TABLE x"}, "not a table name"},
		{[]string{"--emit-sql", "athena", "--source", "t", "--source-column", "*"}, "Trino cannot turn a whole row into JSON"},
		{[]string{"--emit-sql", "duckdb", "--source", "t", "file.json"}, "reads no logs"},
		{[]string{"--emit-sql", "duckdb", "--source", "./x.ndjson", "--source-column", "c"}, "JSON files have no columns"},
		{[]string{"--source", "t", "file.json"}, "go with --emit-sql"},
		{[]string{"--summary", "file.json"}, "go with --emit-sql"},
		{[]string{"--engine", "athena", "file.json"}, `--engine "athena": want go or duckdb`},
		{[]string{"--engine", "duckdb", "--tenant", "example.eu.auth0.com"}, "--engine duckdb reads files"},
	} {
		_, _, err := runLogs(t, nil, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one saying %q", tc.args, err, tc.want)
		}
	}
}
