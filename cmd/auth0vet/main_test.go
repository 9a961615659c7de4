package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

	overlay := uniqueVetInputs(t, "../../testdata/sampleapp/main.go")
	_, stderr, code = run(goTool, "vet", "-overlay="+overlay, "-vettool="+tool, pkgs)
	if code != 1 {
		t.Errorf("go vet -vettool: exit %d, want 1\n%s", code, stderr)
	}
	for _, id := range wantIDs {
		if !strings.Contains(stderr, id) {
			t.Errorf("go vet output lacks %s:\n%s", id, stderr)
		}
	}
}

// uniqueVetInputs writes a go build -overlay file that replaces file (of the package under
// test) by a copy with a comment no earlier run has seen, and returns its path.
//
// The go command (Go 1.26) caches every vet run that exits 0 and replays it, without
// running the tool, when the same package inputs are vetted again by a tool with the same
// content hash and flags. The key does not record whether that run was a facts-only run for
// a dependency (which reports nothing and exits 0), so one entry written by such a run, or by
// any run that exited 0, makes "go vet -vettool" print nothing and exit 0 on a package with
// findings, for every later build of the same source. The overlay gives the
// root package inputs no earlier run had (its dependencies' facts still come from the cache).
func uniqueVetInputs(t *testing.T, file string) string {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	copyPath := filepath.Join(dir, filepath.Base(file))
	nonce := fmt.Sprintf("\n// TestModes run %d.%d: a vet cache key of its own.\n", time.Now().UnixNano(), os.Getpid())
	if err := os.WriteFile(copyPath, append(src, nonce...), 0o644); err != nil {
		t.Fatal(err)
	}
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": {abs: copyPath}})
	if err != nil {
		t.Fatal(err)
	}
	overlayPath := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayPath, overlay, 0o644); err != nil {
		t.Fatal(err)
	}
	return overlayPath
}

func TestParseStandalone(t *testing.T) {
	var stderr strings.Builder
	o, err := parseStandalone([]string{"-json", "-c", "2", "-test=false", "-local", "-hardcodedsecret=false", "./..."}, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if !o.JSON || o.Context != 2 || o.Tests || !o.Local || len(o.Without) != 1 || o.Without[0] != "hardcodedsecret" || len(o.Only) != 0 || o.Patterns[0] != "./..." {
		t.Errorf("options %+v", o)
	}
	o, err = parseStandalone([]string{"-idtokenbearer", "./x"}, &stderr)
	if err != nil || len(o.Only) != 1 || o.Only[0] != "idtokenbearer" {
		t.Errorf("-idtokenbearer: %+v, %v", o, err)
	}
	for _, bad := range [][]string{{}, {"-fix", "./..."}, {"-diff", "./..."}, {"-nosuch", "./..."}} {
		if _, err := parseStandalone(bad, &stderr); err == nil {
			t.Errorf("parseStandalone(%q): no error", bad)
		}
	}
	for args, want := range map[string]bool{"-V=full": true, "-flags": true, "-json /tmp/x/vet.cfg": true, "./...": false, "-json ./...": false} {
		if got := vetProtocol(strings.Fields(args)); got != want {
			t.Errorf("vetProtocol(%q) = %v", args, got)
		}
	}
}

// TestStandaloneFollowsHelpers: standalone, a helper in another package of the module is
// followed (its package is loaded from source, the SDKs from export data); with -local it
// is not.
func TestStandaloneFollowsHelpers(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the analyzers' test module")
	}
	t.Chdir("../../analyzers/testdata/mod")
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOFLAGS", "-mod=mod")
	var stdout, stderr strings.Builder
	code := standalone([]string{"./realistic/idt/web"}, &stdout, &stderr)
	if code != 3 || !strings.Contains(stderr.String(), "web.go:67:9: [link-idtoken-bearer] ID token sent as the Authorization bearer of a Management API link request (via helpers authkit.SendLink → Authorize, package example.com/auth0vettest/realistic/idt/authkit)") {
		t.Errorf("exit %d, output:\n%s", code, stderr.String())
	}
	stderr.Reset()
	code = standalone([]string{"-local", "./realistic/idt/web"}, &stdout, &stderr)
	if strings.Contains(stderr.String(), "authkit.SendLink") {
		t.Errorf("-local followed a helper of another package (exit %d):\n%s", code, stderr.String())
	}
}
