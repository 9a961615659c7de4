// Package codescan runs the auth0vet analyzers over Go packages in-process and turns their
// diagnostics into use-case Findings, for "auth0audit code" and any later command that
// combines code, logs and tenant findings.
package codescan

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/auth0-migrate/auth0audit/analyzers"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/diag"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// Options control a scan.
type Options struct {
	// Dir is the directory patterns are resolved in (the module or a directory inside it);
	// "" is the current directory. Finding paths are made relative to it.
	Dir string
	// Tests includes the packages' _test.go files.
	Tests bool
}

// Problem is something the scan wants the user to see that is not a finding: a package that
// does not load or type-check, or an //auth0vet:ignore without a reason.
type Problem struct {
	Where   string `json:"where"`
	Message string `json:"message"`
}

func (p Problem) String() string { return p.Where + ": " + p.Message }

// Result is the outcome of a scan.
type Result struct {
	Findings []usecase.Finding
	// LoadErrors are packages that did not load or type-check: they were not analyzed, so
	// the scan is incomplete.
	LoadErrors []Problem
	// Warnings are directives without a reason and analyzer failures.
	Warnings []Problem
	// Packages matched the patterns; Analyzed of them loaded and were analyzed.
	Packages, Analyzed int
}

// Scan loads the packages matching patterns and runs the default analyzers on them.
func Scan(ctx context.Context, opts Options, patterns ...string) (*Result, error) {
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	pkgs, err := Load(ctx, dir, opts.Tests, patterns...)
	if err != nil {
		return nil, err
	}
	res := &Result{Packages: len(pkgs)}
	var good []*packages.Package
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			res.LoadErrors = append(res.LoadErrors, Problem{Where: relPos(dir, e.Pos, p.PkgPath), Message: e.Msg})
		}
	})
	for _, p := range pkgs {
		if len(p.Errors) == 0 && p.Types != nil {
			good = append(good, p)
		}
	}
	res.Analyzed = len(good)
	if len(good) == 0 {
		return res, nil
	}
	graph, err := checker.Analyze(analyzers.All(), good, nil)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			res.Warnings = append(res.Warnings, Problem{Where: act.Package.PkgPath, Message: act.Analyzer.Name + ": " + act.Err.Error()})
			continue
		}
		for _, d := range act.Diagnostics {
			f, prob, ok := convert(dir, act.Package, act.Analyzer, d)
			key := fmt.Sprintf("%s|%d|%d|%s", f.File, f.Line, f.Column, d.Category)
			if seen[key] {
				// With Tests, a package's files are analyzed again in its test variant.
				continue
			}
			seen[key] = true
			if ok {
				res.Findings = append(res.Findings, f)
			} else {
				res.Warnings = append(res.Warnings, prob)
			}
		}
	}
	usecase.Sort(res.Findings)
	for _, ps := range [][]Problem{res.LoadErrors, res.Warnings} {
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].Where < ps[j].Where })
	}
	return res, nil
}

// Load loads the packages matching patterns (in dir) for the analyzers of analyzers.All:
// the packages of the main module, those matched and those they import, from source, so
// that helpers in other packages of the module are summarized (analysis facts) and followed;
// every other dependency from export data, so that a standalone run costs what a run
// without facts costs. It returns the packages matching the patterns, to report on.
func Load(ctx context.Context, dir string, tests bool, patterns ...string) ([]*packages.Package, error) {
	graph, err := packages.Load(&packages.Config{Context: ctx, Dir: dir, Tests: tests,
		Mode: packages.NeedName | packages.NeedModule | packages.NeedImports | packages.NeedDeps}, patterns...)
	if err != nil {
		return nil, fmt.Errorf("loading packages %v: %w", patterns, err)
	}
	if len(graph) == 0 {
		return nil, fmt.Errorf("no Go packages match %v in %s", patterns, dir)
	}
	matched := map[string]bool{}
	given := map[string]bool{}
	for _, p := range graph {
		matched[p.ID] = true
		given[p.PkgPath] = true
	}
	// The module's packages the matched ones import, not matched themselves.
	var extra []string
	packages.Visit(graph, nil, func(p *packages.Package) {
		if p.Module != nil && p.Module.Main && !given[p.PkgPath] {
			given[p.PkgPath] = true
			extra = append(extra, p.PkgPath)
		}
	})
	sort.Strings(extra)
	all, err := packages.Load(&packages.Config{Context: ctx, Dir: dir, Tests: tests, Mode: packages.LoadSyntax | packages.NeedModule},
		append(append([]string(nil), patterns...), extra...)...)
	if err != nil {
		return nil, fmt.Errorf("loading packages %v: %w", patterns, err)
	}
	var roots []*packages.Package
	for _, p := range all {
		if matched[p.ID] {
			roots = append(roots, p)
		}
	}
	return roots, nil
}

// convert turns one diagnostic into a Finding, or into a Problem when its category is not a
// use case (a reasonless ignore directive).
func convert(dir string, pkg *packages.Package, a *analysis.Analyzer, d analysis.Diagnostic) (usecase.Finding, Problem, bool) {
	pos := pkg.Fset.Position(d.Pos)
	file := pos.Filename
	if rel, err := filepath.Rel(dir, file); err == nil {
		file = filepath.ToSlash(rel)
	}
	id := usecase.ID(d.Category)
	if !id.Valid() {
		return usecase.Finding{File: file, Line: pos.Line, Column: pos.Column},
			Problem{Where: fmt.Sprintf("%s:%d:%d", file, pos.Line, pos.Column), Message: d.Message}, false
	}
	f := usecase.New(id, usecase.FromCode, diag.Confidence(d))
	f.File, f.Line, f.Column = file, pos.Line, pos.Column
	f.Check = a.Name
	f.Detail = d.Message
	return f, Problem{}, true
}

func relPos(dir, pos, fallback string) string {
	if pos == "" || pos == "-" {
		return fallback
	}
	if rel, err := filepath.Rel(dir, pos); err == nil && !filepath.IsAbs(rel) && rel[0] != '.' {
		return filepath.ToSlash(rel)
	}
	return pos
}
