package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/internal/iostreams"
	"github.com/auth0-migrate/auth0audit/logscan"
	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/usecase"
)

const logsSampleDir = "../../testdata/logs"

// The link_with token logged unmasked in the sample (synth.FakeLinkWithToken); its signature
// part is distinctive enough to search for.
const sampleTokenPart = "U0FNUExFLVNJR05BVFVSRQ"

func runLogs(t *testing.T, stdin []byte, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	ios := iostreams.Test(bytes.NewReader(stdin), &out, &errOut)
	root := newRootCmd(ios)
	root.SetArgs(append([]string{"logs"}, args...))
	err = root.ExecuteContext(context.Background())
	return out.String(), errOut.String(), err
}

type logsJSON struct {
	Summary  logscan.Summary   `json:"summary"`
	Groups   []report.Group    `json:"groups"`
	Findings []usecase.Finding `json:"findings"`
}

func countByUseCase(fs []usecase.Finding) map[string]int {
	m := map[string]int{}
	for _, f := range fs {
		m[string(f.UseCase)]++
	}
	return m
}

func TestLogsSampleTenant(t *testing.T) {
	out, _, err := runLogs(t, nil, logsSampleDir, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got logsJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not the JSON report: %v\n%s", err, out)
	}
	// Every row of the use-case table but secret-hardcoded (a code finding), counted by hand
	// from the sample scenario in bench/logscan/synth/sample.go.
	want := map[string]int{
		"link-idtoken-bearer": 3, "link-userid-update-users": 2, "link-userid-current-user": 2,
		"link-with-idtoken": 2, "auth0js-idtoken": 2, "auth0js-update-users": 1, "auth0js-current-user": 2,
		"unlink-idtoken-bearer": 2, "unlink-access-token": 2, "link-undetermined": 2, "unlink-undetermined": 1,
		"secret-rotate": 2, "secret-set-custom": 1, "secret-in-client-update": 1, "secret-stale-use": 5,
		"secret-read": 1, "deprecation-notice": 2,
	}
	if g := countByUseCase(got.Findings); !mapsEqual(g, want) {
		t.Errorf("findings per use case:\n got %v\nwant %v", g, want)
	}
	s := got.Summary
	// 277 synthetic events in 5 files (2 of them exported twice) + 27 real ones.
	if s.EventsRead != 304 || s.Relevant != 33 || s.Duplicates != 2 || s.Malformed != 1 || s.Reported != 33 ||
		len(s.Files) != 6 || s.SecretChanges != 2 || s.FailedExchanges != 11 {
		t.Errorf("summary %+v", s)
	}
	if len(s.MalformedExamples) != 1 || s.MalformedExamples[0].Line != 41 ||
		filepath.Base(s.MalformedExamples[0].File) != "tenant.ndjson" {
		t.Errorf("malformed examples %+v", s.MalformedExamples)
	}
	if s.ByStatus[usecase.Affected] != 11 || s.ByStatus[usecase.Action] != 5 {
		t.Errorf("by status %v", s.ByStatus)
	}
	for _, f := range got.Findings {
		if f.LogID == "" || f.Time.IsZero() || f.Source != usecase.FromLogs {
			t.Errorf("finding without log_id or date: %+v", f)
		}
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestLogsNoTokenInAnyFormat(t *testing.T) {
	// The test is only meaningful while the sample logs the token unmasked somewhere.
	found := false
	entries, err := os.ReadDir(logsSampleDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(logsSampleDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if zr, err := gzip.NewReader(bytes.NewReader(b)); err == nil {
			if b, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		found = found || bytes.Contains(b, []byte(sampleTokenPart))
	}
	if !found {
		t.Fatal("the sample no longer holds the unmasked link_with token this test looks for")
	}
	for _, format := range []string{"table", "json", "ndjson", "csv", "markdown"} {
		out, errOut, err := runLogs(t, nil, logsSampleDir, "--format", format)
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if strings.Contains(out+errOut, sampleTokenPart) || strings.Contains(out+errOut, "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9") {
			t.Errorf("%s output carries the link_with token", format)
		}
		if !strings.Contains(out, "link-with-idtoken") {
			t.Errorf("%s output lacks the link-with-idtoken finding", format)
		}
	}
}

func TestLogsNDJSONRecords(t *testing.T) {
	out, errOut, err := runLogs(t, nil, logsSampleDir, "--format", "ndjson")
	if err != nil {
		t.Fatal(err)
	}
	// Machine formats keep stdout clean; the malformed input is still told on stderr.
	if !strings.Contains(errOut, "33 relevant, 2 duplicate(s), 1 malformed") || !strings.Contains(errOut, "tenant.ndjson:41") {
		t.Errorf("stderr: %q", errOut)
	}
	n := 0
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		n++
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		for _, k := range []string{"log_id", "date", "use_case", "status", "confidence", "client_id"} {
			if _, ok := rec[k]; !ok {
				t.Errorf("line %d lacks %s: %s", n, k, sc.Text())
			}
		}
		switch rec["use_case"] {
		case "link-idtoken-bearer", "unlink-access-token", "secret-rotate":
			for _, k := range []string{"method", "path", "status_code"} {
				if _, ok := rec[k]; !ok {
					t.Errorf("line %d lacks %s: %s", n, k, sc.Text())
				}
			}
			if p := rec["path"].(string); strings.Contains(p, "%7C") || !strings.HasPrefix(p, "/api/v2/") {
				t.Errorf("path %q not decoded", p)
			}
		}
	}
	if n != 33 {
		t.Errorf("%d records, want 33", n)
	}
}

func TestLogsFilters(t *testing.T) {
	tests := []struct {
		args []string
		want map[string]int
	}{
		{[]string{"--since", "2026-10-20", "--until", "2026-10-21"}, map[string]int{
			"secret-set-custom": 1, "secret-in-client-update": 1, "secret-stale-use": 1}},
		{[]string{"--since", "2026-10-29T00:00:00Z"}, map[string]int{
			"auth0js-current-user": 1, "deprecation-notice": 1}},
		{[]string{"--client", "LegacySync000000000000000000004"}, map[string]int{"secret-rotate": 1, "secret-stale-use": 4}},
		{[]string{"--client", "nightly sync"}, map[string]int{"secret-stale-use": 4}},
		{[]string{"--use-case", "link-idtoken-bearer,unlink-idtoken-bearer", "--use-case", "auth0js-idtoken"},
			map[string]int{"link-idtoken-bearer": 3, "unlink-idtoken-bearer": 2, "auth0js-idtoken": 2}},
	}
	for _, tt := range tests {
		out, _, err := runLogs(t, nil, append([]string{logsSampleDir, "--json"}, tt.args...)...)
		if err != nil {
			t.Fatalf("%v: %v", tt.args, err)
		}
		var got logsJSON
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		if g := countByUseCase(got.Findings); !mapsEqual(g, tt.want) {
			t.Errorf("%v:\n got %v\nwant %v", tt.args, g, tt.want)
		}
		if got.Summary.Relevant != 33 {
			t.Errorf("%v: filters must not change what was found (relevant %d)", tt.args, got.Summary.Relevant)
		}
	}
}

func TestLogsBadFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{logsSampleDir, "--use-case", "link-idtoken"}, `--use-case "link-idtoken": not a use case`},
		{[]string{logsSampleDir, "--since", "yesterday"}, `--since "yesterday"`},
		{[]string{logsSampleDir, "--until", "2026-13-01"}, `--until "2026-13-01"`},
		{[]string{logsSampleDir, "--format", "yaml"}, `--format "yaml"`},
		{[]string{logsSampleDir, "--fail-on", "always"}, `--fail-on "always"`},
		{nil, "no input"},
		{[]string{"no-such-file.json"}, "no-such-file.json"},
		{[]string{logsSampleDir, "--save-raw", "x"}, "need --tenant"},
		{[]string{"--tenant", "127.0.0.1:1", "--insecure-http"}, "AUTH0_CLIENT_ID"},
	}
	t.Setenv("AUTH0_CLIENT_ID", "")
	t.Setenv("AUTH0_CLIENT_SECRET", "")
	for _, tt := range tests {
		_, _, err := runLogs(t, nil, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want it to mention %q", tt.args, err, tt.want)
		}
	}
}

func TestLogsFailOn(t *testing.T) {
	_, _, err := runLogs(t, nil, logsSampleDir, "--fail-on", "affected", "--format", "csv")
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 2 {
		t.Errorf("--fail-on affected: %v, want exit 2", err)
	}
	// Only compliant and not-affected findings: the gate stays open.
	_, _, err = runLogs(t, nil, logsSampleDir, "--fail-on", "review", "--use-case", "link-with-idtoken,unlink-access-token")
	if err != nil {
		t.Errorf("--fail-on review on fine findings: %v", err)
	}
	if _, _, err := runLogs(t, nil, logsSampleDir, "--fail-on", "none"); err != nil {
		t.Errorf("--fail-on none: %v", err)
	}
}

func TestLogsStdinAndTable(t *testing.T) {
	gz, err := os.ReadFile(filepath.Join(logsSampleDir, "stream-jsonarray.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	ios := iostreams.Test(bytes.NewReader(gz), &stdout, &stderr)
	ios.SetTTY(false, true, false)
	ios.SetWidth(100)
	root := newRootCmd(ios)
	root.SetArgs([]string{"logs", "-"})
	if err := root.ExecuteContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := stdout.String()
	for _, want := range []string{"USE CASE", "secret-set-custom", "secret-stale-use", "Read 61 events from 1 input(s)"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	// The WebApp feccft of the 21st follows a custom secret set on the 20th in the same file.
}

func TestLogsTruncatedInputIsAnErrorButReported(t *testing.T) {
	gz, err := os.ReadFile(filepath.Join(logsSampleDir, "stream-jsonarray.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(t.TempDir(), "cut.json.gz")
	if err := os.WriteFile(cut, gz[:len(gz)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, err := runLogs(t, nil, cut, "--format", "markdown")
	var ee *exitError
	if err == nil || errors.As(err, &ee) {
		t.Fatalf("error %v, want an ordinary error (exit 1)", err)
	}
	if !strings.Contains(errOut, "cut.json.gz") || !strings.Contains(errOut, "truncated gzip") {
		t.Errorf("stderr does not say which file and why: %s", errOut)
	}
	if !strings.Contains(out, "## Auth0 logs") || !strings.Contains(out, "not read to the end") {
		t.Errorf("report missing or silent about the cut: %s", out)
	}
}

// TestLogsProgressOnlyOnATerminal: progress goes to stderr, on a terminal, once the work has
// taken a few seconds; never to stdout, never into a pipe.
func TestLogsProgressOnlyOnATerminal(t *testing.T) {
	for _, c := range []struct {
		tty   bool
		after time.Duration
		shown bool
	}{{false, 0, false}, {true, 0, true}, {true, time.Hour, false}} {
		var errOut bytes.Buffer
		ios := iostreams.Test(nil, &bytes.Buffer{}, &errOut)
		ios.SetTTY(false, false, c.tty)
		p := newDelayedProgress(ios, c.after)
		p.scan("big.ndjson", 3<<20, 12345)
		p.clear()
		if got := strings.Contains(errOut.String(), "Scanning big.ndjson: 3 MiB, 12345 events"); got != c.shown {
			t.Errorf("%+v: progress shown: %v (%q)", c, got, errOut.String())
		}
	}
	// A quick scan on a terminal prints its report and no progress.
	var out, errOut bytes.Buffer
	ios := iostreams.Test(nil, &out, &errOut)
	ios.SetTTY(false, false, true)
	root := newRootCmd(ios)
	root.SetArgs([]string{"logs", logsSampleDir})
	if err := root.ExecuteContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(errOut.String()+out.String(), "Scanning ") {
		t.Errorf("progress for a scan of a few milliseconds: %q", errOut.String())
	}
}
