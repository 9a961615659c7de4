package audit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/auth0-migrate/auth0audit/analyzers/codescan"
	"github.com/auth0-migrate/auth0audit/jsscan"
	"github.com/auth0-migrate/auth0audit/jsscan/frontend"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// ScanCode runs the Go analyzers and the JavaScript/TypeScript scanner over the same patterns
// and joins their findings into one codescan.Result. A tree with no Go packages is fine when
// it has JavaScript or TypeScript (and the reverse); a Go loader failure is then a note on
// notes (unless it only says there is no Go code).
func ScanCode(ctx context.Context, opts codescan.Options, include []string, notes io.Writer, patterns ...string) (*codescan.Result, *jsscan.Result, error) {
	if err := checkPaths(opts.Dir, patterns); err != nil {
		return nil, nil, err
	}
	js, err := jsscan.ScanPatterns(ctx, jsscan.Options{Dir: opts.Dir, Include: include}, patterns...)
	if err != nil {
		return nil, nil, fmt.Errorf("javascript: %w", err)
	}
	goPatterns := patterns
	if js.Files > 0 || len(js.Unparsed) > 0 || js.SkippedAny() {
		// A directory tree holding JavaScript and no Go file is no Go package to load: outside
		// a Go module, loading it fails ("directory prefix . does not contain main module").
		goPatterns = withGoFiles(opts.Dir, patterns)
		if len(goPatterns) == 0 {
			if js.Files == 0 && len(js.Unparsed) == 0 {
				// Every JavaScript file was skipped: say so, and how to scan them; an empty
				// report would read as an all-clear.
				msg := fmt.Sprintf("nothing analyzed in %v: no Go package, and every JavaScript/TypeScript file was skipped (%s)", patterns, js.Summary())
				if hint := js.IncludeHint(); hint != "" {
					msg += "; " + hint + " scans them"
				}
				return nil, nil, errors.New(msg)
			}
			res := &codescan.Result{}
			JoinJS(res, js)
			return res, js, nil
		}
	}
	res, goErr := codescan.Scan(ctx, opts, goPatterns...)
	if goErr != nil {
		if js.Files == 0 && len(js.Unparsed) == 0 {
			return nil, nil, goErr
		}
		if notes != nil && !strings.Contains(goErr.Error(), "no Go packages match") {
			fmt.Fprintln(notes, "note: no Go code analyzed:", goErr)
		}
		res = &codescan.Result{}
	}
	if js.Files > 0 {
		// A directory of JavaScript only is no broken Go package.
		kept := res.LoadErrors[:0]
		for _, e := range res.LoadErrors {
			if !strings.Contains(e.Message, "no Go files in") {
				kept = append(kept, e)
			}
		}
		res.LoadErrors = kept
	}
	JoinJS(res, js)
	return res, js, nil
}

// JoinJS adds the JavaScript findings and problems to a Go scan's result: files that did not
// parse are load errors (not analyzed), directive problems and limits are warnings.
func JoinJS(res *codescan.Result, js *jsscan.Result) {
	if js == nil {
		return
	}
	res.Findings = append(res.Findings, js.Findings...)
	usecase.Sort(res.Findings)
	for _, p := range js.Unparsed {
		res.LoadErrors = append(res.LoadErrors, codescan.Problem{Where: p.Where, Message: p.Message})
	}
	for _, p := range js.Warnings {
		res.Warnings = append(res.Warnings, codescan.Problem{Where: p.Where, Message: p.Message})
	}
}

// withGoFiles returns the patterns that may name Go code: import paths, and directories (or
// "dir/..." trees) holding a .go file where the go command would look for one.
func withGoFiles(dir string, patterns []string) []string {
	var out []string
	for _, p := range patterns {
		path, full, recursive := patternPath(dir, p)
		st, err := os.Stat(full)
		if err == nil && !st.IsDir() && !strings.HasSuffix(full, ".go") {
			continue // a JavaScript file: no Go to load
		}
		if err != nil || !st.IsDir() || !isLocalPath(path) {
			out = append(out, p) // an import path, a file, or a mistake: the Go loader says which
			continue
		}
		if hasGoFile(full, recursive) {
			out = append(out, p)
		}
	}
	return out
}

// hasGoFile reports whether dir (and, when recursive, a directory below it that "./..."
// matches: not testdata, vendor trees or names starting with "." or "_") holds a .go file.
func hasGoFile(dir string, recursive bool) bool {
	found := false
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || found {
			return filepath.SkipDir
		}
		if d.IsDir() {
			if p == dir {
				return nil
			}
			name := d.Name()
			if !recursive || name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(d.Name(), ".go") {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}

// patternPath splits a pattern ("./web/...") into its path ("./web"), that path resolved in
// dir, and whether it names a tree.
func patternPath(dir, p string) (path, full string, recursive bool) {
	path, recursive = strings.CutSuffix(p, "...")
	path = strings.TrimSuffix(path, "/")
	if path == "" {
		path = "."
	}
	full = path
	if !filepath.IsAbs(full) {
		full = filepath.Join(dir, path)
	}
	return path, full, recursive
}

// isLocalPath: a pattern written as a path (".", "./web/...", "../x", "/abs"), not an import
// path.
func isLocalPath(p string) bool {
	return filepath.IsAbs(p) || p == "." || p == ".." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") ||
		p == "./..." || p == "..."
}

// checkPaths fails on a path pattern that names nothing, or a file neither Go nor JavaScript:
// the Go loader's words for those ("directory prefix does not contain main module", "no Go
// packages match") do not say what is wrong with a JavaScript path.
func checkPaths(dir string, patterns []string) error {
	for _, p := range patterns {
		if !isLocalPath(p) {
			continue
		}
		path, full, _ := patternPath(dir, p)
		st, err := os.Stat(full)
		if err != nil {
			return fmt.Errorf("%s: no such file or directory", path)
		}
		if !st.IsDir() && !strings.HasSuffix(full, ".go") && !frontend.Supported(full) {
			return fmt.Errorf("%s: not a Go, JavaScript or TypeScript file (.go %s)", path, strings.Join(frontend.Extensions, " "))
		}
	}
	return nil
}
