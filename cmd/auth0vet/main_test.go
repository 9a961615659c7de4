package main

import (
	"encoding/json"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestModes builds auth0vet and runs it on the sample app the three ways CI uses it, checking
// the documented exit codes: standalone 3 on findings, -json 0, go vet -vettool 1.
func TestModes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tool and runs go vet")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}
	tool := filepath.Join(t.TempDir(), "auth0vet")
	if out, err := exec.Command(goTool, "build", "-o", tool, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	run := func(name string, args ...string) (stdout, stderr string, code int) {
		cmd := exec.Command(name, args...)
		cmd.Dir = "../.."
		var o, e strings.Builder
		cmd.Stdout, cmd.Stderr = &o, &e
		err := cmd.Run()
		var ee *exec.ExitError
		switch {
		case err == nil:
		case errors.As(err, &ee):
			code = ee.ExitCode()
		default:
			t.Fatalf("%s: %v", name, err)
		}
		return o.String(), e.String(), code
	}
	const pkgs = "./testdata/sampleapp/..."
	wantIDs := []string{"[link-idtoken-bearer]", "[unlink-idtoken-bearer]", "[link-userid-current-user]", "[secret-hardcoded]"}

	_, stderr, code := run(tool, pkgs)
	if code != 3 {
		t.Errorf("standalone: exit %d, want 3\n%s", code, stderr)
	}
	for _, id := range wantIDs {
		if !strings.Contains(stderr, id) {
			t.Errorf("standalone output lacks %s:\n%s", id, stderr)
		}
	}

	stdout, stderr, code := run(tool, "-json", pkgs)
	if code != 0 {
		t.Errorf("-json: exit %d, want 0\n%s", code, stderr)
	}
	var tree map[string]map[string][]struct {
		Category string `json:"category"`
		Posn     string `json:"posn"`
		Message  string `json:"message"`
	}
	if err := json.Unmarshal([]byte(stdout), &tree); err != nil {
		t.Fatalf("-json output: %v\n%s", err, stdout)
	}
	byAnalyzer := tree["github.com/auth0-migrate/auth0audit/testdata/sampleapp"]
	if len(byAnalyzer["idtokenbearer"]) != 2 || len(byAnalyzer["userscopedlink"]) != 1 || len(byAnalyzer["hardcodedsecret"]) != 1 {
		t.Errorf("-json tree = %+v, want 2 idtokenbearer, 1 userscopedlink, 1 hardcodedsecret", byAnalyzer)
	}
	for _, d := range byAnalyzer["hardcodedsecret"] {
		if d.Category != "secret-hardcoded" || !strings.Contains(d.Posn, "config.go:37:") {
			t.Errorf("hardcodedsecret diagnostic %+v", d)
		}
	}

	_, stderr, code = run(goTool, "vet", "-vettool="+tool, pkgs)
	if code != 1 {
		t.Errorf("go vet -vettool: exit %d, want 1\n%s", code, stderr)
	}
	for _, id := range wantIDs {
		if !strings.Contains(stderr, id) {
			t.Errorf("go vet output lacks %s:\n%s", id, stderr)
		}
	}
}
