package jsscan

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// wantRE reads expectations written in the fixtures: "want: <use-case>[ suspected]" in a
// comment on the line the finding must be reported at.
var wantRE = regexp.MustCompile(`want: ([a-z0-9-]+)( suspected)?`)

// expectations returns "file:line use-case confidence" for every want comment under dir, and
// the lines of dir/expect.txt (for real files, which are kept as published).
func expectations(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.Name() == "expect.txt" {
			b, _ := os.ReadFile(p)
			for _, l := range strings.Split(string(b), "\n") {
				if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
					out = append(out, l)
				}
			}
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			for _, m := range wantRE.FindAllStringSubmatch(sc.Text(), -1) {
				conf := usecase.Confirmed
				if m[2] != "" {
					conf = usecase.Suspected
				}
				out = append(out, fmt.Sprintf("%s:%d %s %s", rel, n, m[1], conf))
			}
		}
		return nil
	})
	slices.Sort(out)
	return out
}

func got(res *Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, fmt.Sprintf("%s:%d %s %s", f.File, f.Line, f.UseCase, f.Confidence))
	}
	slices.Sort(out)
	return out
}

func scanDir(t *testing.T, dir string) *Result {
	t.Helper()
	res, err := Scan(context.Background(), Options{Dir: dir}, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Unparsed {
		t.Errorf("unparsed: %s", p)
	}
	return res
}

func diff(t *testing.T, want, got []string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing: %s", w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			t.Errorf("unexpected: %s", g)
		}
	}
}

func TestFixtures(t *testing.T) {
	for _, dir := range []string{"testdata/real", "testdata/cases"} {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !e.IsDir() {
				continue
			}
			d := filepath.Join(dir, e.Name())
			t.Run(d, func(t *testing.T) {
				res := scanDir(t, d)
				diff(t, expectations(t, d), got(res))
				for _, f := range res.Findings {
					t.Logf("%s %s", f.Where(), f.Detail)
				}
			})
		}
	}
}

func TestIgnoreWarnings(t *testing.T) {
	res := scanDir(t, "testdata/cases/ignore")
	var ws []string
	for _, w := range res.Warnings {
		ws = append(ws, w.String())
	}
	want := []string{
		"affected.jsx:17:5: //auth0vet:ignore matches no finding; remove it",
		"affected.jsx:19:5: //auth0vet:ignore needs a reason (//auth0vet:ignore [check] <why this is fine>); without one it silences nothing",
	}
	diff(t, want, ws)
}

// TestCasesBalanced: the hand-written cases hold as many compliant scenarios (marked
// "compliant:") as affected ones (marked "want:"), per pattern.
func TestCasesBalanced(t *testing.T) {
	entries, _ := os.ReadDir("testdata/cases")
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "ignore" {
			continue
		}
		var affected, compliant int
		filepath.WalkDir(filepath.Join("testdata/cases", e.Name()), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, _ := os.ReadFile(p)
			affected += len(wantRE.FindAll(b, -1))
			compliant += strings.Count(string(b), "// compliant:")
			return nil
		})
		if affected == 0 || affected != compliant {
			t.Errorf("%s: %d affected, %d compliant scenarios", e.Name(), affected, compliant)
		}
	}
}

// TestSkipsAndUnparsed: node_modules, vendor, build output, hidden directories, minified files and
// declarations are counted, not read; a file that does not parse is listed with where and why.
func TestSkipsAndUnparsed(t *testing.T) {
	res, err := Scan(context.Background(), Options{Dir: "testdata/skips"}, ".")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{SkipNodeModules: 1, SkipVendor: 1, SkipBuild: 1, SkipHidden: 1, SkipMinified: 2, SkipDeclaration: 1}
	for k, n := range want {
		if res.Skipped[k] != n {
			t.Errorf("skipped %s = %d, want %d (all: %v)", k, res.Skipped[k], n, res.Skipped)
		}
	}
	if res.Files != 1 {
		t.Errorf("parsed %d files, want 1 (src/ok.ts)", res.Files)
	}
	if len(res.Unparsed) != 1 || !strings.HasPrefix(res.Unparsed[0].Where, "src/flow.js:2:") {
		t.Errorf("unparsed = %v, want src/flow.js at line 2", res.Unparsed)
	}
	all, err := Scan(context.Background(), Options{Dir: "testdata/skips", Include: []string{SkipNodeModules, SkipBuild, SkipMinified, SkipHidden, SkipVendor}}, ".")
	if err != nil {
		t.Fatal(err)
	}
	if all.Files != 7 {
		t.Errorf("with everything included: %d files parsed, want 7", all.Files)
	}
}

// TestHelperPathsRelative: a finding reached through a helper names the helper's file as the
// finding's own path is written (relative to the scan's directory), never by the absolute path
// of the machine that ran the scan: reports are handed around.
func TestHelperPathsRelative(t *testing.T) {
	res := scanDir(t, "testdata/cases/modules")
	abs, _ := filepath.Abs("testdata/cases/modules")
	var via int
	for _, f := range res.Findings {
		if strings.Contains(f.Detail, abs) {
			t.Errorf("%s: detail names an absolute path: %s", f.Where(), f.Detail)
		}
		if strings.Contains(f.Detail, "through postIdentity (lib/management.js:") {
			via++
		}
	}
	if via != 1 {
		t.Errorf("%d findings name the helper as lib/management.js, want 1", via)
	}
}

// TestIncludeUnknownKind: --include with a kind that does not exist ("nodemodules", "all")
// is an error naming the kinds, not a scan that silently skips what the user asked to include.
func TestIncludeUnknownKind(t *testing.T) {
	for _, bad := range []string{"nodemodules", "all", "dist"} {
		_, err := Scan(context.Background(), Options{Dir: "testdata/skips", Include: []string{SkipBuild, bad}}, ".")
		if err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), SkipNodeModules) {
			t.Errorf("--include %s: err = %v, want an error naming it and the known kinds", bad, err)
		}
	}
	if _, err := Scan(context.Background(), Options{Dir: "testdata/skips", Include: []string{SkipNodeModules, SkipBuild, SkipMinified, SkipTestdata, SkipHidden}}, "."); err != nil {
		t.Errorf("every known kind: %v", err)
	}
}

// TestIgnoreNearMiss: "// auth0vet:ignore" (a space after the slashes) is prose, not a
// directive, as in Go; it is reported as such, once per comment, and never inside a string.
func TestIgnoreNearMiss(t *testing.T) {
	res := scanDir(t, "testdata/nearmiss")
	if len(res.Findings) != 1 {
		t.Errorf("%d findings, want the link (the spaced comment silences nothing)", len(res.Findings))
	}
	var ws []string
	for _, w := range res.Warnings {
		ws = append(ws, w.String())
	}
	want := []string{
		"a.jsx:9:5: // auth0vet:ignore with a space is no directive and silences nothing; write //auth0vet:ignore",
		"a.jsx:15:7: // auth0vet:ignore with a space is no directive and silences nothing; write //auth0vet:ignore",
	}
	diff(t, want, ws)
}

// TestRelevanceThroughImports: a file naming neither an SDK nor the endpoint (a feature layer
// handing one module's token to another's request, a route using a client made elsewhere) is
// analyzed because it imports files that do.
func TestRelevanceThroughImports(t *testing.T) {
	res := scanDir(t, "testdata/relevance")
	diff(t, expectations(t, "testdata/relevance"), got(res))
}

// TestDeepExpressionIsAWarning: an expression nested tens of thousands deep (1 + 1 + ...,
// !!!...x) is analyzed up to a depth and reported as cut short; a million deep overflowed the
// analyzer's stack (fatal error, no report at all).
func TestDeepExpressionIsAWarning(t *testing.T) {
	dir := t.TempDir()
	src := "// auth0\nvar a = 1" + strings.Repeat(" +\n1", 50_000) + ";\nvar b = " + strings.Repeat("!\n", 50_000) + "x;\n"
	if err := os.WriteFile(filepath.Join(dir, "deep.js"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res := scanDir(t, dir)
	found := false
	for _, w := range res.Warnings {
		found = found || (strings.HasPrefix(w.Where, "deep.js") && strings.Contains(w.Message, "nested"))
	}
	if !found {
		t.Errorf("no warning that deep.js was analyzed only in part; warnings: %v", res.Warnings)
	}
}

// TestComponentFilesCounted: .vue, .svelte and .astro single-file components hold script code
// the scanner does not read; they are counted as skipped (unsupported), not passed over in
// silence: a Vue project scanned to "0 files" read as an all-clear.
func TestComponentFilesCounted(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"src/App.vue":       "<script>\nexport default { name: 'App' }\n</script>\n",
		"src/Link.svelte":   "<script>\nlet a = 1;\n</script>\n",
		"src/Page.astro":    "---\nconst a = 1;\n---\n",
		"src/main.js":       "export const a = 1;\n",
		"src/styles.css":    "a { color: red }\n",
		"public/index.html": "<html></html>\n",
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := scanDir(t, dir)
	if res.Files != 1 || res.Skipped[SkipUnsupported] != 3 {
		t.Errorf("files %d, skipped %v; want 1 file read and 3 unsupported", res.Files, res.Skipped)
	}
	if s := res.Summary(); !strings.Contains(s, ".vue") {
		t.Errorf("summary %q does not say .vue files were not read", s)
	}
}
