package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/auth0-migrate/auth0audit/internal/cliexit"
	"github.com/auth0-migrate/auth0audit/internal/iostreams"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// runCode runs "auth0audit code" with args from the module root and returns stdout, stderr
// and the error main would turn into an exit code.
func runCode(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	root := newRootCmd(iostreams.Test(strings.NewReader(""), &out, &errOut))
	root.SetArgs(append([]string{"code", "-C", "../.."}, args...))
	err := root.Execute()
	return out.String(), errOut.String(), err
}

func exitCode(err error) int { return cliexit.Code(err) }

// TestCodeSampleApp scans the bundled sample app: each affected pattern is found at its line,
// and the compliant code (server-side linker, link_with, env secrets, id_token_hint) is not.
func TestCodeSampleApp(t *testing.T) {
	stdout, stderr, err := runCode(t, "./testdata/sampleapp/...", "--json")
	if got := exitCode(err); got != 2 {
		t.Fatalf("exit code = %d (err %v), want 2; stderr:\n%s", got, err, stderr)
	}
	var doc struct {
		Packages int               `json:"packages"`
		Findings []usecase.Finding `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, stdout)
	}
	type where struct {
		id   usecase.ID
		file string
		line int
	}
	var got []where
	for _, f := range doc.Findings {
		got = append(got, where{f.UseCase, f.File, f.Line})
		if f.Source != usecase.FromCode || f.Confidence != usecase.Confirmed || f.Status != f.UseCase.Status() {
			t.Errorf("finding %+v: want source code, confidence confirmed and the table's status", f)
		}
		if !strings.HasPrefix(f.Detail, "["+string(f.UseCase)+"]") || !strings.Contains(f.Detail, usecase.MustLookup(f.UseCase).DocURL) {
			t.Errorf("detail %q: want the use-case ID first and the doc link", f.Detail)
		}
		if strings.Contains(stdout, "Qm4Zt8Lp2Xw6Rb9") {
			t.Errorf("the hard-coded secret's value appears in the output")
		}
	}
	want := []where{
		{usecase.LinkIDTokenBearer, "testdata/sampleapp/legacy.go", 24},
		{usecase.LinkUserIDCurrentUser, "testdata/sampleapp/selfservice.go", 23},
		{usecase.UnlinkIDTokenBearer, "testdata/sampleapp/unlink.go", 20},
		{usecase.SecretHardcoded, "testdata/sampleapp/config.go", 37},
	}
	if len(got) != len(want) {
		t.Fatalf("findings = %+v\nwant %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("finding %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestCodeFailOnNoneAndTable: piped, the table is one tab-separated row per finding on
// stdout, and the advice goes to stderr.
func TestCodeFailOnNoneAndTable(t *testing.T) {
	stdout, stderr, err := runCode(t, "./testdata/sampleapp/...", "--fail-on", "none")
	if err != nil {
		t.Fatalf("--fail-on none: err = %v, want nil", err)
	}
	if !strings.Contains(stdout, "affected\tlink-idtoken-bearer\tconfirmed\ttestdata/sampleapp/legacy.go:24:2\n") {
		t.Errorf("rows lack the ID-token link:\n%s", stdout)
	}
	if strings.Contains(stdout, usecase.LinkingMigrationDoc) || !strings.Contains(stderr, usecase.LinkingMigrationDoc) {
		t.Errorf("advice not on stderr alone:\nstdout %s\nstderr %s", stdout, stderr)
	}
}

func TestCodeCleanPackageAndBadFlags(t *testing.T) {
	var out bytes.Buffer
	ios := iostreams.Test(nil, &out, &bytes.Buffer{})
	ios.SetTTY(false, true, false)
	root := newRootCmd(ios)
	root.SetArgs([]string{"code", "-C", "../..", "./usecase"})
	if err := root.Execute(); err != nil || !strings.Contains(out.String(), "No findings.") {
		t.Errorf("clean package: err = %v, output %q; want nil and No findings.", err, out.String())
	}
	if _, _, err := runCode(t, "./testdata/sampleapp/...", "--format", "xml"); exitCode(err) != cliexit.Usage || !strings.Contains(err.Error(), "--format") {
		t.Errorf("--format xml: err = %v, want a --format usage error", err)
	}
	if _, _, err := runCode(t, "./does/not/exist/..."); exitCode(err) != 1 {
		t.Errorf("missing packages: err = %v, want exit 1", err)
	}
}

func TestCodeMarkdownAndSARIF(t *testing.T) {
	md, _, err := runCode(t, "./testdata/sampleapp/...", "--format", "markdown", "--fail-on", "none")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"## Code", "`link-userid-current-user`", "### Locations", "- `testdata/sampleapp/unlink.go:20:15` unlink-idtoken-bearer"} {
		if !strings.Contains(md, s) {
			t.Errorf("markdown lacks %q:\n%s", s, md)
		}
	}
	out, _, err := runCode(t, "./testdata/sampleapp/...", "--format", "sarif", "--fail-on", "none")
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(out), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("SARIF output does not parse (%v):\n%s", err, out)
	}
	uris := map[string]string{}
	for _, r := range log.Runs[0].Results {
		if len(r.Locations) == 1 {
			uris[r.RuleID] = r.Locations[0].PhysicalLocation.ArtifactLocation.URI
		}
	}
	if uris["secret-hardcoded"] != "testdata/sampleapp/config.go" || len(uris) != 4 {
		t.Errorf("SARIF results by rule = %v, want 4 rules with repository-relative paths", uris)
	}
}
