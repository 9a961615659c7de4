//go:build duckdb

package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// ndjsonKeys reads NDJSON findings as "log_id use_case status confidence" lines, sorted.
func ndjsonKeys(t *testing.T, out string) []string {
	t.Helper()
	var keys []string
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var f struct {
			LogID      string `json:"log_id"`
			UseCase    string `json:"use_case"`
			Status     string `json:"status"`
			Confidence string `json:"confidence"`
		}
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			t.Fatalf("not NDJSON: %v: %s", err, sc.Text())
		}
		keys = append(keys, strings.Join([]string{f.LogID, f.UseCase, f.Status, f.Confidence}, " "))
	}
	slices.Sort(keys)
	return keys
}

// TestLogsEngineDuckDBMatchesGo is the issue's interface: `auth0audit logs --engine duckdb
// --format ndjson FILE` prints the findings `auth0audit logs --format ndjson FILE` does.
func TestLogsEngineDuckDBMatchesGo(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(logsSampleDir, "*.*"))
	files = append(files, logsSampleDir)
	for _, f := range files {
		if strings.HasSuffix(f, ".md") || strings.Contains(f, "LICENSE") {
			continue
		}
		goOut, _, goErr := runLogs(t, nil, "--format", "ndjson", f)
		duckOut, stderr, duckErr := runLogs(t, nil, "--engine", "duckdb", "--format", "ndjson", f)
		if (goErr == nil) != (duckErr == nil) {
			t.Errorf("%s: Go engine error %v, DuckDB engine error %v (%s)", f, goErr, duckErr, stderr)
		}
		want, got := ndjsonKeys(t, goOut), ndjsonKeys(t, duckOut)
		if len(want) == 0 && f == logsSampleDir {
			t.Fatal("no findings in the sample logs")
		}
		if !slices.Equal(want, got) {
			t.Errorf("%s: --engine duckdb differs:\n go:     %v\n duckdb: %v", f, want, got)
		}
	}
}

// TestLogsEngineDuckDBStdinAndFilters: stdin, and the report filters apply to DuckDB's findings.
func TestLogsEngineDuckDBStdinAndFilters(t *testing.T) {
	in := []byte(`{"log_id":"1","type":"depnote","date":"2026-10-05T00:00:00Z"}` + "\n" +
		`{"log_id":"2","type":"depnote","date":"2026-09-05T00:00:00Z"}` + "\nnot json\n")
	out, stderr, err := runLogs(t, in, "--engine", "duckdb", "--format", "ndjson", "--since", "2026-10-01", "-")
	if err != nil {
		t.Fatal(err, stderr)
	}
	if got := ndjsonKeys(t, out); !slices.Equal(got, []string{"1 deprecation-notice review confirmed"}) {
		t.Errorf("got %v", got)
	}
	if !strings.Contains(stderr, "1 malformed") || !strings.Contains(stderr, "-:3") {
		t.Errorf("the malformed line is not reported: %s", stderr)
	}
}

// TestLogsEngineDuckDBRefusesGarbage: input that is not an Auth0 log export is an error with
// either engine, never an all-clear.
func TestLogsEngineDuckDBRefusesGarbage(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"page.json":   "<!doctype html><html><body>502 Bad Gateway</body></html>\n",
		"error.json":  `{"statusCode":401,"error":"Unauthorized","message":"Invalid token"}` + "\n",
		"empty.json":  "",
		"other.jsonl": `{"level":"info","msg":"started"}` + "\n" + `{"level":"warn","msg":"slow"}` + "\n",
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		_, _, goErr := runLogs(t, nil, "--format", "ndjson", path)
		_, stderr, duckErr := runLogs(t, nil, "--engine", "duckdb", "--format", "ndjson", path)
		if goErr == nil || duckErr == nil {
			t.Errorf("%s: Go engine error %v, DuckDB engine error %v (%s); want both to refuse it", name, goErr, duckErr, stderr)
		}
	}
}

// TestLogsEngineDuckDBSameBytes: the two engines print the same NDJSON, byte for byte and in
// the same order (the classified events in input order, then secret-stale-use), so that `diff`
// of their outputs is empty. An API export is newest first, so date order is not input order.
func TestLogsEngineDuckDBSameBytes(t *testing.T) {
	for _, f := range []string{filepath.Join(logsSampleDir, "api-export.json"), logsSampleDir} {
		goOut, _, _ := runLogs(t, nil, "--format", "ndjson", f)
		duckOut, stderr, _ := runLogs(t, nil, "--engine", "duckdb", "--format", "ndjson", f)
		if goOut == "" {
			t.Fatalf("%s: no findings", f)
		}
		if goOut != duckOut {
			t.Errorf("%s: --engine duckdb prints other bytes (%s):\n go:\n%s\n duckdb:\n%s", f, stderr, goOut, duckOut)
		}
	}
}
