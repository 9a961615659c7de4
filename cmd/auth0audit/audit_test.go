package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v2/sarif"
)

// jwtLike matches a token's header.payload start; no output may carry one.
var jwtLike = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{10,}\.eyJ`)

func TestDemoWritesEveryReport(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the sample app's packages")
	}
	t.Chdir(filepath.Join("..", ".."))
	out := t.TempDir()
	stdout, stderr, err := runCLI(t, "demo", "--out-dir", out)
	if err != nil {
		t.Fatalf("demo: %v\n%s", err, stderr)
	}
	for _, want := range []string{"What to do", "Remediation plan (dry run)", "Reports written to " + out} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q", want)
		}
	}
	all := stdout + stderr
	for _, name := range []string{"report.html", "report.md", "report.json", "code.sarif"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		all += string(b)
	}
	if m := jwtLike.FindString(all); m != "" {
		t.Fatalf("a token reached the demo's output: %.20s...", m)
	}

	var rep struct {
		Code, Logs struct {
			Groups []struct {
				UseCase  string `json:"use_case"`
				ClientID string `json:"client_id"`
			} `json:"groups"`
			Stats struct {
				Malformed int `json:"malformed"`
			} `json:"stats"`
		}
		TenantConfig struct {
			Groups []struct {
				UseCase string `json:"use_case"`
			} `json:"groups"`
		} `json:"tenant_config"`
		Plan struct{ Steps []json.RawMessage }
	}
	b, _ := os.ReadFile(filepath.Join(out, "report.json"))
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	has := func(groups []struct {
		UseCase  string `json:"use_case"`
		ClientID string `json:"client_id"`
	}, id, client string) bool {
		for _, g := range groups {
			if g.UseCase == id && (client == "" || g.ClientID == client) {
				return true
			}
		}
		return false
	}
	for _, id := range []string{"link-idtoken-bearer", "unlink-idtoken-bearer", "link-userid-current-user", "secret-hardcoded"} {
		if !has(rep.Code.Groups, id, "") {
			t.Errorf("code findings lack %s", id)
		}
	}
	// The simulated tenant's own traffic, fetched live: the legacy portal's ID-token link and
	// the billing app still presenting its rotated secret.
	if !has(rep.Logs.Groups, "link-idtoken-bearer", "legacy-hs256") || !has(rep.Logs.Groups, "secret-stale-use", "web") {
		t.Errorf("live log findings missing: %+v", rep.Logs.Groups)
	}
	if len(rep.TenantConfig.Groups) == 0 || rep.TenantConfig.Groups[0].UseCase != "client-idtoken-not-rs256" {
		t.Errorf("tenant findings: %+v", rep.TenantConfig.Groups)
	}
	// The sample logs hold exactly one cut-off line (tenant.ndjson:41); the README and licence
	// beside them are not logs.
	if rep.Logs.Stats.Malformed != 1 {
		t.Errorf("logs malformed = %d, want 1", rep.Logs.Stats.Malformed)
	}
	if len(rep.Plan.Steps) == 0 {
		t.Error("empty plan")
	}
	if _, err := sarif.Open(filepath.Join(out, "code.sarif")); err != nil {
		t.Errorf("code.sarif: %v", err)
	}
	html, _ := os.ReadFile(filepath.Join(out, "report.html"))
	if !strings.Contains(string(html), "<svg") || strings.Contains(string(html), "<script") {
		t.Error("report.html lacks its chart or loads a script")
	}
}

func TestAuditCommandFormatsAndGate(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the sample app's packages")
	}
	t.Chdir(filepath.Join("..", ".."))
	sarifOut := filepath.Join(t.TempDir(), "code.sarif")
	_, _, err := runCLI(t, "audit", "--code", "./testdata/sampleapp/...", "--format", "sarif", "--out", sarifOut)
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != 2 {
		t.Fatalf("affected code must trip the default gate: err = %v", err)
	}
	rep, err := sarif.Open(sarifOut)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Runs[0].Results) < 4 {
		t.Errorf("%d SARIF results", len(rep.Runs[0].Results))
	}
	for _, r := range rep.Runs[0].Results {
		uri := *r.Locations[0].PhysicalLocation.ArtifactLocation.URI
		if filepath.IsAbs(uri) || !strings.HasPrefix(uri, "testdata/sampleapp/") {
			t.Errorf("SARIF path %q is not relative to the repository", uri)
		}
	}

	md, _, err := runCLI(t, "audit", "--logs", "testdata/logs/tenant.ndjson", "--format", "markdown", "--fail-on", "none")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(md, "# Auth0 audit") || !strings.Contains(md, "## Logs") || !strings.Contains(md, "## Remediation plan") {
		t.Errorf("markdown:\n%s", md)
	}

	cases := map[string][]string{
		"nothing to audit":   {"audit"},
		"--fetch-logs needs": {"audit", "--logs", "x", "--fetch-logs"},
		"--format sarif":     {"audit", "--logs", "testdata/logs/tenant.ndjson", "--format", "sarif"},
		"--format \"pdf\"":   {"audit", "--logs", "x", "--format", "pdf"},
		"no-such-file.json":  {"audit", "--logs", "no-such-file.json"},
	}
	for want, args := range cases {
		_, _, err := runCLI(t, args...)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v: err = %v, want it to mention %q", args, err, want)
		}
	}
}
