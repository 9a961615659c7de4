//go:build duckdb

package duckrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/bench/logscan/synth"
	"github.com/auth0-migrate/auth0audit/logscan"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// input is one named input of a scan.
type input struct {
	name string
	data []byte
}

// goScan runs the Go scanner, as `auth0audit logs` does.
func goScan(t testing.TB, inputs []input) []usecase.Finding {
	t.Helper()
	var out []usecase.Finding
	s := logscan.New(logscan.Options{}, func(f usecase.Finding) error { out = append(out, f); return nil })
	for _, in := range inputs {
		_ = s.Scan(context.Background(), in.name, bytes.NewReader(in.data)) // read errors: keep what was read
	}
	if _, err := s.Finish(); err != nil && !errors.Is(err, logscan.ErrNoEvents) {
		t.Fatal(err) // a verdict on the input is not a failure of the scan
	}
	return out
}

// newRunner opens a runner for the test: tests reuse one, as planning the query costs more
// than running it on a small input.
func newRunner(t testing.TB) *Runner {
	t.Helper()
	r, err := New(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// scanCase is one scan: its inputs are read together.
type scanCase struct {
	name   string
	inputs []input
}

// duckScans runs the SQL query in DuckDB over each case, as separate scans in one query.
func duckScans(t testing.TB, r *Runner, cases []scanCase) [][]usecase.Finding {
	t.Helper()
	ctx := context.Background()
	if err := r.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		r.Separate(strconv.Itoa(i))
		for _, in := range c.inputs {
			_ = r.Add(ctx, "-", bytes.NewReader(in.data))
		}
	}
	out := make([][]usecase.Finding, len(cases))
	_, err := r.FinishScans(ctx, func(part string, f usecase.Finding) error {
		i, err := strconv.Atoi(part)
		if err != nil || i < 0 || i >= len(cases) {
			return fmt.Errorf("finding of unknown scan %q", part)
		}
		out[i] = append(out[i], f)
		return nil
	})
	if err != nil && !errors.Is(err, logscan.ErrNoEvents) {
		t.Fatal(err)
	}
	return out
}

// key is what the issue holds the engines to, row for row.
func key(f usecase.Finding) string {
	return strings.Join([]string{f.LogID, string(f.UseCase), string(f.Status), string(f.Confidence)}, "|")
}

// full is every field a finding reports.
func full(f usecase.Finding) string {
	return fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%d|%s", f.LogID, f.UseCase, f.Status, f.Confidence,
		f.Time.Format(time.RFC3339Nano), f.ClientID, f.ClientName, f.UserID, f.Method, f.Path, f.StatusCode, f.Detail)
}

// diff compares two lists of findings as multisets of rendered rows.
func diff(want, got []usecase.Finding, render func(usecase.Finding) string) (missing, extra []string) {
	count := map[string]int{}
	for _, f := range want {
		count[render(f)]++
	}
	for _, f := range got {
		count[render(f)]--
	}
	for k, n := range count {
		for ; n > 0; n-- {
			missing = append(missing, k)
		}
		for ; n < 0; n++ {
			extra = append(extra, k)
		}
	}
	slices.Sort(missing)
	slices.Sort(extra)
	return missing, extra
}

// checkSame fails when the engines disagree on a row's key, and also on any other field. It
// returns the number of findings.
func checkSame(t *testing.T, r *Runner, name string, inputs []input) int {
	t.Helper()
	return checkCases(t, r, []scanCase{{name, inputs}})
}

// checkCases is checkSame for many scans, run by DuckDB in one query.
func checkCases(t *testing.T, r *Runner, cases []scanCase) int {
	t.Helper()
	gots := duckScans(t, r, cases)
	total := 0
	for i, c := range cases {
		want, got := goScan(t, c.inputs), gots[i]
		total += len(want)
		for _, render := range []struct {
			what string
			fn   func(usecase.Finding) string
		}{{"log_id, use_case, status, confidence", key}, {"every field", full}} {
			missing, extra := diff(want, got, render.fn)
			if len(missing)+len(extra) > 0 {
				t.Errorf("%s: DuckDB and the Go scanner differ on %s (%d findings from Go, %d from DuckDB):\n  only Go:     %s\n  only DuckDB: %s",
					c.name, render.what, len(want), len(got), strings.Join(first(missing, 10), "\n               "), strings.Join(first(extra, 10), "\n               "))
				break
			}
		}
	}
	return total
}

func first(s []string, n int) []string { return s[:min(n, len(s))] }

func readDir(t *testing.T, dir string) []input {
	t.Helper()
	names, err := logscan.ExpandInputs([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var out []input
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, input{n, b})
	}
	return out
}

// TestSampleLogs: the bundled sample tenant, in every format, as one scan.
func TestSampleLogs(t *testing.T) {
	n := checkSame(t, newRunner(t), "testdata/logs", readDir(t, filepath.Join("..", "..", "testdata", "logs")))
	if n < 30 {
		t.Fatalf("only %d findings in the sample logs", n)
	}
}

// TestGeneratedCorpus: the benchmark corpus's generator (a small size; AUTH0AUDIT_EQUIV_SIZE
// sets another, e.g. 256MiB).
func TestGeneratedCorpus(t *testing.T) {
	size := int64(8 << 20)
	if s := os.Getenv("AUTH0AUDIT_EQUIV_SIZE"); s != "" {
		var err error
		if size, err = parseSize(s); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if _, err := synth.WriteCorpus(&b, size, synth.DefaultMix, 1); err != nil {
		t.Fatal(err)
	}
	n := checkSame(t, newRunner(t), "generated corpus", []input{{"corpus.ndjson", b.Bytes()}})
	t.Logf("%d findings in %d MiB", n, b.Len()>>20)
}

// TestFuzzCorpus: every input of logscan's fuzz corpus, each as a scan of its own.
func TestFuzzCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "fuzz", "*", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fuzz corpus (%v)", err)
	}
	var cases []scanCase
	for _, f := range files {
		data, err := readFuzzInput(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		cases = append(cases, scanCase{f, []input{{filepath.Base(f), data}}})
	}
	total := checkCases(t, newRunner(t), cases)
	t.Logf("%d inputs, %d findings", len(files), total)
}

// readFuzzInput reads a corpus file of `go test fuzz v1` holding one []byte.
func readFuzzInput(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	lines := strings.SplitN(string(b), "\n", 2)
	if len(lines) < 2 || lines[0] != "go test fuzz v1" {
		return nil, fmt.Errorf("not a go test fuzz v1 file")
	}
	v := strings.TrimSpace(lines[1])
	if !strings.HasPrefix(v, "[]byte(") || !strings.HasSuffix(v, ")") {
		return nil, fmt.Errorf("not a []byte value")
	}
	s, err := strconv.Unquote(v[len("[]byte(") : len(v)-1])
	return []byte(s), err
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	for suffix, m := range map[string]int64{"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30} {
		if strings.HasSuffix(s, suffix) {
			s, mult = strings.TrimSuffix(s, suffix), m
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n * mult, err
}
