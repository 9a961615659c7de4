package sqlgen

import (
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/auth0-migrate/auth0audit/logscan/rules"
	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/usecase"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// goldenSources are the sources the golden files are rendered for: what a user would pass.
var goldenSources = map[Engine][2]string{
	DuckDB:   {"exports/*.ndjson.gz", ""},
	Athena:   {"auth0.logs", ""},
	BigQuery: {"my-project.auth0.logs", ""},
}

func goldenPath(e Engine, q Query) string {
	name := "findings"
	if q == Summary {
		name = "summary"
	}
	return filepath.Join("testdata", "golden", string(e)+"-"+name+".sql")
}

func renderGolden(t *testing.T, e Engine, q Query) string {
	t.Helper()
	s := goldenSources[e]
	src, err := ParseSource(e, s[0], s[1])
	if err != nil {
		t.Fatal(err)
	}
	text, err := Render(Options{Engine: e, Source: src, Query: q})
	if err != nil {
		t.Fatal(err)
	}
	return text
}

// TestGolden: the queries are reviewed as files (go test ./logscan/sqlgen -update rewrites them).
func TestGolden(t *testing.T) {
	for _, e := range Engines {
		for _, q := range []Query{Findings, Summary} {
			got := renderGolden(t, e, q)
			path := goldenPath(e, q)
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(want) != got {
				t.Errorf("%s is out of date: run go test ./logscan/sqlgen -update and review the diff", path)
			}
		}
	}
}

// TestSyntax parses the Athena and BigQuery queries with a Trino grammar (dt-sql-parser) and a
// BigQuery one (sql-parser-cst), installed by .ci/setup-sqlparsers.sh. Under CI a missing
// parser fails the test; elsewhere it skips, saying how to install it.
func TestSyntax(t *testing.T) {
	dir := filepath.Join("testdata", "syntax")
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(dir, "node_modules", "dt-sql-parser"))
	}
	if err != nil {
		msg := "no SQL parsers (" + err.Error() + "): run .ci/setup-sqlparsers.sh (node and npm)"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	for _, e := range []Engine{Athena, BigQuery} {
		// The summary holds every part of the findings query but its last SELECT; the findings
		// query is checked in the variant with a partition, an order and exact times (the
		// Trino grammar is slow: each file costs seconds).
		abs, _ := filepath.Abs(goldenPath(e, Summary))
		files := []string{abs}
		text, err := Render(Options{Engine: e, Source: Source{Relation: "t", Column: "event", Order: "seq", Partition: "tenant"}, ExactTime: true})
		if err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(t.TempDir(), string(e)+"-variant.sql")
		if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		if e == BigQuery {
			abs, _ := filepath.Abs(goldenPath(e, Findings))
			files = append(files, abs)
		}
		cmd := exec.Command(node, append([]string{"--import", "./resolve-extensionless.mjs", "check.mjs", string(e)}, files...)...)
		cmd.Dir = dir
		out, err := cmd.Output() // the Trino grammar also prints ANTLR's messages on stderr
		var exit *exec.ExitError
		switch {
		case errors.As(err, &exit):
			t.Errorf("%s: syntax errors:\n%s", e, firstLines(string(out), 20))
		case err != nil:
			t.Fatalf("%s: %v", e, err)
		}
	}
}

func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

// TestEveryRuleIsRendered: each piece of the rules description appears in every engine's query,
// so a rule added to rules cannot be left out of the SQL unnoticed.
func TestEveryRuleIsRendered(t *testing.T) {
	for _, e := range Engines {
		text := renderGolden(t, e, Findings)
		var want []string
		for _, et := range rules.EventTypes {
			want = append(want, "'"+et.Name+"'")
		}
		for _, c := range rules.Calls {
			want = append(want, "'"+c.Method+"'")
			for _, s := range c.Path {
				if s != rules.AnySegment {
					want = append(want, "'"+s+"'")
				}
			}
		}
		for _, s := range append(append([]string{}, rules.ServerScopes...), rules.UserScopes...) {
			want = append(want, "'"+s+"'")
		}
		for _, tr := range rules.TokenRules {
			want = append(want, "'"+tr.Kind.Name()+"'", tr.Kind.Why())
		}
		for _, id := range rules.LogUseCases() {
			uc, _ := usecase.Lookup(id)
			want = append(want, "'"+string(id)+"'", "'"+string(uc.Status)+"'")
		}
		for _, sr := range rules.SecretRules {
			want = append(want, sr.What)
		}
		want = append(want, rules.Auth0jsClient, rules.LinkWithKey, rules.ClientSecretKey, rules.SecretReadDetail,
			rules.StaleUseDetailParts[0], rules.ByClient)
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the query does not mention %q", e, w)
			}
		}
	}
}

// TestRenderErrors: what cannot be rendered says why.
func TestRenderErrors(t *testing.T) {
	if _, err := Render(Options{Engine: "postgres", Source: Source{Relation: "t", Column: "c"}}); err == nil {
		t.Error("an unknown engine rendered")
	}
	if _, err := Render(Options{Engine: Athena, Source: Source{Relation: "t"}}); err == nil || !strings.Contains(err.Error(), "whole row") {
		t.Errorf("Athena with a whole row: %v", err)
	}
	if _, err := Render(Options{Engine: DuckDB}); err == nil {
		t.Error("no source rendered")
	}
}

// TestSamplesAsTheReport: the summary samples as many log_ids as the Go report, and leaves
// NULLs out in every dialect (BigQuery's ARRAY_AGG fails the query on a NULL element).
func TestSamplesAsTheReport(t *testing.T) {
	if sampleLogIDs != report.MaxSamples {
		t.Errorf("the summary samples %d log_ids, the report %d", sampleLogIDs, report.MaxSamples)
	}
	for _, e := range Engines {
		q := renderGolden(t, e, Summary)
		if !strings.Contains(q, "IGNORE NULLS") && !strings.Contains(q, "FILTER (WHERE log_id IS NOT NULL)") {
			t.Errorf("%s: the sample list keeps NULL log_ids", e)
		}
	}
}
