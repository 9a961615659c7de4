// Package jsscan finds account-linking code that Auth0's changes affect, and hard-coded client
// secrets, in JavaScript and TypeScript: the same use-case IDs, confidence and advice as the Go
// analyzers, at the original file and line.
//
// A scan walks the given directories for .js .mjs .cjs .jsx .ts .mts .cts .tsx files (skipping
// node_modules, build output and minified bundles unless asked, and counting what it skipped),
// parses them all in parallel (package frontend), then follows values through the project
// (package provenance) with the library models (package libmodel) in two passes: the first
// learns what later code states (scopes requested at login, storage keys written by a
// callback), the second reports.
package jsscan

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/auth0-migrate/auth0audit/jsscan/frontend"
	"github.com/auth0-migrate/auth0audit/jsscan/ignore"
	"github.com/auth0-migrate/auth0audit/jsscan/libmodel"
	"github.com/auth0-migrate/auth0audit/jsscan/provenance"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// Skip reasons, as reported and as named by Options.Include.
const (
	SkipNodeModules = "node_modules"
	SkipBuild       = "build"
	SkipMinified    = "minified"
	SkipDeclaration = "declarations"
	SkipTestdata    = "testdata"
	// SkipVendor: vendor directories, third-party code copied in, as go's ./... skips them.
	SkipVendor = "vendor"
	SkipHidden = "hidden"
	// SkipUnsupported: single-file components (.vue .svelte .astro), whose scripts are not
	// read; counted so that a project of them does not scan to an all-clear.
	SkipUnsupported = "unsupported"
)

// componentExts are the files counted as SkipUnsupported.
var componentExts = []string{".vue", ".svelte", ".astro"}

// Includable are the skipped kinds Options.Include may name.
var Includable = []string{SkipNodeModules, SkipBuild, SkipMinified, SkipTestdata, SkipHidden, SkipVendor}

func checkInclude(kinds []string) error {
	for _, k := range kinds {
		if !slices.Contains(Includable, k) {
			return fmt.Errorf("--include %q: not a kind of skipped file (known: %s)", k, strings.Join(Includable, ", "))
		}
	}
	return nil
}

// Options control a scan.
type Options struct {
	// Dir is what finding paths are made relative to ("" is the current directory).
	Dir string
	// Include names skipped kinds to scan after all (Includable).
	Include []string
	// Workers parse files in parallel (0: GOMAXPROCS).
	Workers int
}

// Problem is a file that was not analyzed, or a directive or limit the user should see.
type Problem struct {
	Where   string `json:"where"`
	Message string `json:"message"`
}

func (p Problem) String() string { return p.Where + ": " + p.Message }

// Result is the outcome of a scan.
type Result struct {
	Findings []usecase.Finding
	// Files were parsed; Lines is their total line count.
	Files, Lines int
	// Unparsed are files that could not be parsed, with where and why: they were not analyzed.
	Unparsed []Problem
	// Skipped counts files left out, by reason (node_modules, build, minified, declarations).
	Skipped map[string]int
	// Warnings are ignore directives that silence nothing and analysis limits reached.
	Warnings []Problem
}

// buildDirs are directories of generated output.
var buildDirs = map[string]bool{"dist": true, "build": true, "out": true, ".next": true, ".nuxt": true, ".output": true,
	".svelte-kit": true, "coverage": true, ".cache": true, "storybook-static": true, ".turbo": true, ".vercel": true, ".angular": true}

var vendorDirs = map[string]bool{"node_modules": true, "bower_components": true, "jspm_packages": true}

// ScanPatterns scans the directories named by Go-style package patterns ("./...",
// "./web/...", "."), resolved in opts.Dir; patterns that name no directory or file (import
// paths) are left to the Go analyzers. It returns an empty result when none is a path.
func ScanPatterns(ctx context.Context, opts Options, patterns ...string) (*Result, error) {
	if err := checkInclude(opts.Include); err != nil {
		return nil, err
	}
	dir := opts.Dir
	if dir == "" {
		dir = "."
	}
	var paths []string
	for _, p := range patterns {
		p = strings.TrimSuffix(strings.TrimSuffix(p, "..."), "/")
		if p == "" {
			p = "."
		}
		full := p
		if !filepath.IsAbs(full) {
			full = filepath.Join(dir, p)
		}
		if st, err := os.Stat(full); err == nil && (st.IsDir() || frontend.Supported(full)) {
			paths = append(paths, p)
		}
	}
	if len(paths) == 0 {
		return &Result{Skipped: map[string]int{}}, nil
	}
	return Scan(ctx, opts, paths...)
}

// SkippedAny reports whether a file was left out (node_modules, build output, ...).
func (r *Result) SkippedAny() bool {
	for _, n := range r.Skipped {
		if n > 0 {
			return true
		}
	}
	return false
}

// IncludeHint names the --include kinds that would scan the skipped files, or "".
func (r *Result) IncludeHint() string {
	var kinds []string
	for _, k := range Includable {
		if r.Skipped[k] > 0 {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == 0 {
		return ""
	}
	return "--include " + strings.Join(kinds, ",")
}

// Summary is one line saying what was scanned and skipped.
func (r *Result) Summary() string {
	s := fmt.Sprintf("%d JavaScript/TypeScript file(s), %d line(s)", r.Files, r.Lines)
	var skips []string
	for _, k := range []string{SkipNodeModules, SkipBuild, SkipMinified, SkipDeclaration, SkipTestdata, SkipHidden, SkipUnsupported} {
		if n := r.Skipped[k]; n > 0 {
			label := k
			if k == SkipUnsupported {
				label = "unsupported (" + strings.Join(componentExts, " ") + ", not read)"
			}
			skips = append(skips, fmt.Sprintf("%s %d", label, n))
		}
	}
	if len(skips) > 0 {
		s += "; skipped " + strings.Join(skips, ", ")
	}
	if n := len(r.Unparsed); n > 0 {
		s += fmt.Sprintf("; %d not parsed", n)
	}
	return s
}

// Scan scans the directories (or files) in paths. A path may end in "/..." (a Go pattern),
// which means the same as the directory.
func Scan(ctx context.Context, opts Options, paths ...string) (*Result, error) {
	dir := opts.Dir
	if dir == "" {
		dir = "."
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := checkInclude(opts.Include); err != nil {
		return nil, err
	}
	include := map[string]bool{}
	for _, i := range opts.Include {
		include[i] = true
	}
	res := &Result{Skipped: map[string]int{}}
	var files []string
	var roots []string
	explicit := map[string]bool{}
	for _, p := range paths {
		p = strings.TrimSuffix(strings.TrimSuffix(p, "..."), "/")
		if p == "" {
			p = "."
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(absDir, p)
		}
		roots = append(roots, p)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			explicit[p] = true // named on the command line: read even if it looks minified
		}
		fs_, err := walk(ctx, p, include, res.Skipped)
		if err != nil {
			return nil, err
		}
		files = append(files, fs_...)
	}
	files = dedupe(files)

	parsed := make([]*frontend.File, len(files))
	errs := make([]error, len(files))
	minified := make([]bool, len(files))
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				src, err := os.ReadFile(files[i])
				if err != nil {
					errs[i] = &frontend.Error{Path: files[i], Reason: err.Error()}
					continue
				}
				if !include[SkipMinified] && !explicit[files[i]] && isMinified(src) {
					minified[i] = true
					continue
				}
				parsed[i], errs[i] = frontend.Parse(files[i], src)
				if parsed[i] != nil && !Relevant(src) {
					// checked, and kept as text: parsed again only if a relevant file imports it
					parsed[i].Drop()
				}
			}
		}()
	}
	for i := range files {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var good []*frontend.File
	for i, f := range parsed {
		switch {
		case minified[i]:
			res.Skipped[SkipMinified]++
		case errs[i] != nil:
			res.Unparsed = append(res.Unparsed, problemOf(absDir, errs[i]))
		case f != nil:
			good = append(good, f)
			res.Files++
			res.Lines += f.Lines
		}
	}
	analyze(absDir, roots, good, res)
	sort.Slice(res.Unparsed, func(i, j int) bool { return res.Unparsed[i].Where < res.Unparsed[j].Where })
	sort.SliceStable(res.Warnings, func(i, j int) bool { return res.Warnings[i].Where < res.Warnings[j].Where })
	usecase.Sort(res.Findings)
	return res, nil
}

func dedupe(ps []string) []string {
	seen := map[string]bool{}
	out := ps[:0]
	for _, p := range ps {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

func problemOf(dir string, err error) Problem {
	if e, ok := err.(*frontend.Error); ok {
		where := rel(dir, e.Path)
		if e.Line > 0 {
			where = fmt.Sprintf("%s:%d:%d", where, e.Line, e.Column)
		}
		return Problem{Where: where, Message: "not parsed: " + e.Reason}
	}
	return Problem{Where: "?", Message: err.Error()}
}

func rel(dir, p string) string {
	if r, err := filepath.Rel(dir, p); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return filepath.ToSlash(p)
}

// walk lists the source files under root, counting those it skips.
func walk(ctx context.Context, root string, include map[string]bool, skipped map[string]int) ([]string, error) {
	st, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		if frontend.IsDeclaration(root) {
			skipped[SkipDeclaration]++
			return nil, nil
		}
		if !frontend.Supported(root) {
			return nil, fmt.Errorf("%s: not a JavaScript or TypeScript file (%s)", root, strings.Join(frontend.Extensions, " "))
		}
		return []string{root}, nil
	}
	var out []string
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		name := d.Name()
		if d.IsDir() {
			if p == root {
				return nil
			}
			if name == ".git" || name == ".hg" || name == ".svn" {
				return filepath.SkipDir
			}
			reason := ""
			switch {
			case strings.HasPrefix(name, ".") && !include[SkipHidden]:
				// as go's ./... does (and .next, .nuxt, .cache build output)
				reason = SkipHidden
			case name == "testdata" && !include[SkipTestdata]:
				// as go's ./... does: fixtures are not the code under audit
				reason = SkipTestdata
			case vendorDirs[name] && !include[SkipNodeModules]:
				reason = SkipNodeModules
			case name == "vendor" && !include[SkipVendor]:
				// as go's ./... does: third-party code copied into the tree
				reason = SkipVendor
			case buildDirs[name] && !include[SkipBuild]:
				reason = SkipBuild
			}
			if reason != "" {
				skipped[reason] += countSources(p)
				return filepath.SkipDir
			}
			return nil
		}
		if frontend.IsDeclaration(name) {
			skipped[SkipDeclaration]++
			return nil
		}
		if !frontend.Supported(name) {
			if slices.Contains(componentExts, strings.ToLower(filepath.Ext(name))) {
				skipped[SkipUnsupported]++
			}
			return nil
		}
		lower := strings.ToLower(name)
		if !include[SkipMinified] && (strings.Contains(lower, ".min.") || strings.HasSuffix(lower, "-min.js") || strings.Contains(lower, ".bundle.")) {
			skipped[SkipMinified]++
			return nil
		}
		out = append(out, p)
		return nil
	})
	return out, err
}

// countSources counts the source files under a skipped directory.
func countSources(dir string) int {
	n := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && frontend.Supported(d.Name()) {
			n++
		}
		return nil
	})
	return n
}

// isMinified: code written for machines, not people (very long lines).
func isMinified(src []byte) bool {
	if len(src) < 2000 {
		return false
	}
	lines := bytes.Count(src, []byte("\n")) + 1
	if len(src)/lines > 500 {
		return true
	}
	// one huge line among short ones (a bundle with a banner)
	longest, cur := 0, 0
	for _, b := range src {
		if b == '\n' {
			cur = 0
			continue
		}
		cur++
		longest = max(longest, cur)
	}
	return longest > 20000
}

// keywords make a file worth analyzing on its own; files without them are analyzed only when
// a relevant file imports them.
var keywords = [][]byte{[]byte("idToken"), []byte("id_token"), []byte("IdToken"), []byte("idtoken"), []byte("auth0"),
	[]byte("Auth0"), []byte("AUTH0"), []byte("identities"), []byte("__raw"), []byte("client_secret"), []byte("clientSecret"),
	[]byte("update:current_user"), []byte("linkUser"), []byte("ID_TOKEN"),
	// node-auth0's link and unlink calls, on a client made in another file
	[]byte("unlinkUsers"), []byte("users.link("), []byte("users.unlink(")}

// Relevant reports whether a file's text names something the scanner looks for.
func Relevant(src []byte) bool {
	for _, k := range keywords {
		if bytes.Contains(src, k) {
			return true
		}
	}
	return false
}

// relevantModules are the modules analyzed as entry points: those naming something the
// scanner looks for, and those importing two or more of them, which may hand one module's
// token to another's request without naming either. (Every importer of a relevant module
// would be most of a large library, for little: a widely imported file naming "identities"
// made webpack's analysis ten times slower.)
func relevantModules(proj *provenance.Project) func(*provenance.Module) bool {
	set := map[*provenance.Module]bool{}
	for _, m := range proj.Modules {
		if Relevant(m.File.Src) {
			set[m] = true
		}
	}
	count := map[*provenance.Module]int{}
	for dep, imps := range proj.Importers() {
		if !set[dep] {
			continue
		}
		for _, imp := range imps {
			count[imp]++
		}
	}
	for m, n := range count {
		if n >= 2 {
			set[m] = true
		}
	}
	return func(m *provenance.Module) bool { return set[m] }
}

// analyze runs both passes and turns hits into findings, applying ignore directives.
func analyze(dir string, roots []string, files []*frontend.File, res *Result) {
	if len(files) == 0 {
		return
	}
	model := libmodel.New()
	var hits []provenance.Hit
	var budget []string
	var tooDeep map[string]bool
	for pass := 1; pass <= 2; pass++ {
		model.StartPass(pass)
		proj := provenance.NewProject(files, roots)
		ev := provenance.NewEvaluator(proj, model)
		hits = ev.Run(relevantModules(proj))
		budget = ev.Budget
		tooDeep = ev.TooDeep
		if !model.Learned() {
			break // nothing learned that a second pass would use
		}
	}
	for _, b := range budget {
		res.Warnings = append(res.Warnings, Problem{Where: rel(dir, b), Message: "analysis stopped at its step limit in this function; findings in it may be missing"})
	}
	for _, p := range slices.Sorted(maps.Keys(tooDeep)) {
		res.Warnings = append(res.Warnings, Problem{Where: rel(dir, p), Message: "an expression nested too deep was analyzed only in part; findings in it may be missing"})
	}
	sets := map[*frontend.File]*ignore.Set{}
	setOf := func(f *frontend.File) *ignore.Set {
		if s, ok := sets[f]; ok {
			return s
		}
		s := directives(f)
		sets[f] = s
		return s
	}
	for _, f := range files {
		setOf(f)
	}
	seen := map[string]bool{}
	for _, h := range hits {
		if h.File == nil {
			continue
		}
		line, col := h.File.Position(h.Idx)
		k := fmt.Sprintf("%s|%d|%d|%s", h.File.Path, line, col, h.UseCase)
		if seen[k] {
			continue
		}
		seen[k] = true
		if line > 0 && setOf(h.File).Match(h.Check, line) != nil {
			continue
		}
		f := usecase.New(h.UseCase, usecase.FromCode, h.Confidence)
		f.File, f.Line, f.Column = rel(dir, h.File.Path), line, col
		f.Check = h.Check
		f.Detail = message(dir, h)
		res.Findings = append(res.Findings, f)
	}
	for f, s := range sets {
		if s == nil {
			continue
		}
		for _, d := range s.Directives {
			where := fmt.Sprintf("%s:%d:%d", rel(dir, f.Path), d.Line, d.Column)
			switch {
			case d.Problem != "":
				res.Warnings = append(res.Warnings, Problem{Where: where, Message: d.Problem})
			case !d.Used:
				res.Warnings = append(res.Warnings, Problem{Where: where, Message: "//auth0vet:ignore matches no finding; remove it"})
			}
		}
	}
}

// message builds the finding's text the way the Go analyzers do: "[id] what; instead: advice
// (doc)", "[id, suspected] ..." for findings the code makes likely but does not prove.
func message(dir string, h provenance.Hit) string {
	uc := usecase.MustLookup(h.UseCase)
	tag := "[" + string(h.UseCase) + "] "
	if h.Confidence == usecase.Suspected {
		tag = "[" + string(h.UseCase) + ", suspected] "
	}
	what := h.What
	if h.Via != "" {
		what += ", through " + h.Via
		if h.ViaFile != nil {
			what += fmt.Sprintf(" (%s:%d)", rel(dir, h.ViaFile.Path), h.ViaLine)
		}
	}
	if h.UseCase == usecase.Auth0jsCurrentUser {
		return tag + what + "; check: " + uc.Instead + " (" + uc.DocURL + ")"
	}
	return tag + what + "; instead: " + uc.Instead + " (" + uc.DocURL + ")"
}
