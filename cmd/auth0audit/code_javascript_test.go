package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/auth0-migrate/auth0audit/analyzers/codescan"
	"github.com/auth0-migrate/auth0audit/internal/iostreams"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// TestCodeJavaScriptSARIF: JavaScript findings reach SARIF with the use-case ID as ruleId, at
// the original file and line, from "code" and from "audit --code" alike.
func TestCodeJavaScriptSARIF(t *testing.T) {
	for _, args := range [][]string{
		{"code", "-C", "../..", "./jsscan/testdata/real/...", "--format", "sarif", "--fail-on", "none"},
		{"audit", "--code", "./jsscan/testdata/real/...", "--format", "sarif", "--fail-on", "none"},
	} {
		var out, errOut bytes.Buffer
		root := newRootCmd(iostreams.Test(strings.NewReader(""), &out, &errOut))
		root.SetArgs(args)
		if args[0] == "audit" {
			t.Chdir("../..")
		}
		if err := root.Execute(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, errOut.String())
		}
		var doc struct {
			Runs []struct {
				Results []struct {
					RuleID    string `json:"ruleId"`
					Locations []struct {
						Physical struct {
							Artifact struct {
								URI string `json:"uri"`
							} `json:"artifactLocation"`
							Region struct {
								StartLine int `json:"startLine"`
							} `json:"region"`
						} `json:"physicalLocation"`
					} `json:"locations"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatalf("%v: not JSON: %v", args, err)
		}
		var got []string
		for _, r := range doc.Runs[0].Results {
			l := r.Locations[0].Physical
			got = append(got, r.RuleID+" "+l.Artifact.URI+":"+itoaTest(l.Region.StartLine))
		}
		want := []string{
			"link-idtoken-bearer jsscan/testdata/real/auth0-link-accounts-sample/before-6bc3e02/SPA/app.js:189",
			"unlink-idtoken-bearer jsscan/testdata/real/auth0-link-accounts-sample/before-6bc3e02/SPA/app.js:210",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%v: results\n%s\nwant\n%s", args, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

func itoaTest(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestCodeJavaScriptOnlyProject: a JavaScript project with no Go module at all (the usual SPA
// or Node back end) scanned with the README's "./..." is no Go load error: the findings are
// reported, the exit status is that of the findings, and no "directory prefix does not contain
// main module" error is printed.
func TestCodeJavaScriptOnlyProject(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../../jsscan/testdata/real/auth0-link-accounts-sample/before-6bc3e02/SPA/app.js")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "public", "js"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "public", "js", "app.js"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, pattern := range []string{"./...", ".", "./public/..."} {
		var out, errOut bytes.Buffer
		root := newRootCmd(iostreams.Test(strings.NewReader(""), &out, &errOut))
		root.SetArgs([]string{"code", "-C", dir, pattern, "--json"})
		err := root.Execute()
		if got := exitCode(err); got != 2 {
			t.Errorf("%s: exit code = %d (err %v), want 2 (findings, nothing else wrong); stderr:\n%s", pattern, got, err, errOut.String())
		}
		var doc struct {
			Findings []usecase.Finding  `json:"findings"`
			Problems []codescan.Problem `json:"problems"`
		}
		if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
			t.Fatalf("%s: not JSON: %v\n%s", pattern, err, out.String())
		}
		if len(doc.Findings) != 2 {
			t.Errorf("%s: %d findings, want the link and the unlink", pattern, len(doc.Findings))
		}
		for _, p := range doc.Problems {
			t.Errorf("%s: problem %s: %s", pattern, p.Where, p.Message)
		}
		if strings.Contains(errOut.String(), "main module") {
			t.Errorf("%s: stderr names a Go module problem for a JavaScript project:\n%s", pattern, errOut.String())
		}
	}
}

// TestCodeJavaScriptAllSkipped: a tree whose every JavaScript file is skipped by default
// (node_modules, build output) is no "directory prefix does not contain main module" error
// and no "no JavaScript/TypeScript file was found": the error says how many files were
// skipped and why, and how to scan them; --include then finds them.
func TestCodeJavaScriptAllSkipped(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../../jsscan/testdata/real/auth0-link-accounts-sample/before-6bc3e02/SPA/app.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"node_modules/shared-auth/app.js", "dist/app.js"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out, errOut bytes.Buffer
	root := newRootCmd(iostreams.Test(strings.NewReader(""), &out, &errOut))
	root.SetArgs([]string{"code", "-C", dir, "./..."})
	err = root.Execute()
	if err == nil {
		t.Fatalf("no error for a tree where nothing was analyzed; stdout:\n%s", out.String())
	}
	msg := err.Error() + "\n" + errOut.String()
	for _, want := range []string{"node_modules 1", "build 1", "--include"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error does not say %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "main module") {
		t.Errorf("a Go module error for a JavaScript tree:\n%s", msg)
	}

	// audit --code: the same error, not "Code: 0 package(s) analyzed" and exit 0.
	out.Reset()
	errOut.Reset()
	t.Chdir(dir)
	root = newRootCmd(iostreams.Test(strings.NewReader(""), &out, &errOut))
	root.SetArgs([]string{"audit", "--code", "./..."})
	if err := root.Execute(); err == nil || !strings.Contains(err.Error(), "node_modules 1") {
		t.Errorf("audit --code on a tree of skipped files: err %v, want it to name the skipped files; stdout:\n%s", err, out.String())
	}

	out.Reset()
	errOut.Reset()
	root = newRootCmd(iostreams.Test(strings.NewReader(""), &out, &errOut))
	root.SetArgs([]string{"code", "-C", dir, "./...", "--include", "node_modules,build", "--json"})
	if got := exitCode(root.Execute()); got != 2 {
		t.Errorf("--include node_modules,build: exit code %d, want 2 (findings); stderr:\n%s", got, errOut.String())
	}
}

// TestCodeJavaScriptPaths: paths named on the command line. A JavaScript file named
// explicitly is scanned even when it looks minified (the user asked for it); a file of
// another language and a path that does not exist are errors naming the path, not a Go
// loader's "no Go packages match" or "does not contain main module".
func TestCodeJavaScriptPaths(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../../jsscan/testdata/real/auth0-link-accounts-sample/before-6bc3e02/SPA/app.js")
	if err != nil {
		t.Fatal(err)
	}
	// the same code with a long line appended: minified by its shape
	long := append(append([]byte{}, src...), []byte("\nvar pad = '"+strings.Repeat("x", 30000)+"';\n")...)
	files := map[string][]byte{"bundle.js": long, "Comp.vue": []byte("<template><div/></template>\n"), "broken.js": []byte("const a = ;\n")}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) (error, string) {
		var out, errOut bytes.Buffer
		root := newRootCmd(iostreams.Test(strings.NewReader(""), &out, &errOut))
		root.SetArgs(append([]string{"code", "-C", dir}, args...))
		err := root.Execute()
		return err, errOut.String()
	}
	if err, stderr := run("./bundle.js", "--json"); exitCode(err) != 2 {
		t.Errorf("./bundle.js named explicitly: exit %d (%v), want 2 (its findings); stderr:\n%s", exitCode(err), err, stderr)
	}
	for _, c := range []struct{ path, want string }{
		{"./Comp.vue", "Comp.vue: not a Go, JavaScript or TypeScript file"},
		{"./nope/...", "nope: no such file or directory"},
		{"./nope.js", "nope.js: no such file or directory"},
		{"./broken.js", "broken.js:1:11: not parsed"},
	} {
		err, stderr := run(c.path)
		msg := fmt.Sprint(err) + "\n" + stderr
		if err == nil || !strings.Contains(msg, c.want) || strings.Contains(msg, "main module") || strings.Contains(msg, "no Go packages match") || strings.Contains(msg, "no JavaScript/TypeScript file was found") {
			t.Errorf("%s: got %q, want an error saying %q", c.path, msg, c.want)
		}
	}
}

// TestAuditJSONJavaScriptStats: the joined audit report's JSON says how many JavaScript files
// were read, skipped (by reason) and not parsed, as "code --json" does (was: only the Go
// package count, so a JSON consumer could not tell node_modules had been left out).
func TestAuditJSONJavaScriptStats(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../../jsscan/testdata/real/auth0-link-accounts-sample/before-6bc3e02/SPA/app.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"node_modules/shared-auth/app.js", "src/app.js"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	var out, errOut bytes.Buffer
	root := newRootCmd(iostreams.Test(strings.NewReader(""), &out, &errOut))
	root.SetArgs([]string{"audit", "--code", "./...", "--format", "json", "--fail-on", "none"})
	if err := root.Execute(); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	var doc struct {
		Code struct {
			Stats struct {
				JavaScript *struct {
					Files   int            `json:"files"`
					Skipped map[string]int `json:"skipped"`
				} `json:"javascript"`
			} `json:"stats"`
		} `json:"code"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	js := doc.Code.Stats.JavaScript
	if js == nil || js.Files != 1 || js.Skipped["node_modules"] != 1 {
		t.Errorf("code.stats.javascript = %+v, want 1 file read and node_modules 1 skipped\n%s", js, out.String())
	}
}
