package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/auth0-migrate/auth0audit/analyzers"
	"github.com/auth0-migrate/auth0audit/analyzers/codescan"
)

// StandaloneOptions are the flags of a standalone run.
type StandaloneOptions struct {
	JSON     bool
	Context  int  // lines of context around each finding (-c)
	Tests    bool // analyze test files too
	Local    bool // no cross-package summaries
	Only     []string
	Without  []string
	Patterns []string
}

// parseStandalone parses the flags of a standalone run, as multichecker does: -json, -c,
// -test, and -NAME / -NAME=false to run only, or leave out, an analyzer.
func parseStandalone(args []string, stderr io.Writer) (*StandaloneOptions, error) {
	o := &StandaloneOptions{Context: -1, Tests: true}
	fs := flag.NewFlagSet("auth0vet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&o.JSON, "json", false, "emit JSON output (exit code 0)")
	fs.IntVar(&o.Context, "c", -1, "display offending line with this many lines of context")
	fs.BoolVar(&o.Tests, "test", true, "analyze test files too")
	fs.BoolVar(&o.Local, "local", false, "follow helpers within each package only (no cross-package summaries)")
	fix := fs.Bool("fix", false, "apply suggested fixes (auth0vet offers none: no rewrite of a token's source is certain)")
	diff := fs.Bool("diff", false, "with -fix, print the diffs instead (auth0vet offers no fixes)")
	enabled := map[string]*optionalBool{}
	for _, a := range analyzers.All() {
		b := new(optionalBool)
		enabled[a.Name] = b
		fs.Var(b, a.Name, "enable "+a.Name+" analysis")
	}
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: auth0vet [flags] packages...\n       go vet -vettool=$(which auth0vet) packages...\n\nflags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if *fix || *diff {
		return nil, fmt.Errorf("-fix/-diff: no auth0vet analyzer offers a fix (swapping an ID token for an access token changes how the app gets its tokens)")
	}
	for name, b := range enabled {
		if b.set && b.value {
			o.Only = append(o.Only, name)
		} else if b.set {
			o.Without = append(o.Without, name)
		}
	}
	o.Patterns = fs.Args()
	if len(o.Patterns) == 0 {
		fs.Usage()
		return nil, fmt.Errorf("no packages given (for example ./...)")
	}
	return o, nil
}

// optionalBool is a bool flag that knows whether it was given.
type optionalBool struct{ set, value bool }

func (b *optionalBool) String() string   { return fmt.Sprint(b.value) }
func (b *optionalBool) IsBoolFlag() bool { return true }
func (b *optionalBool) Set(s string) error {
	var v bool
	if _, err := fmt.Sscan(s, &v); err != nil {
		return fmt.Errorf("want true or false")
	}
	b.set, b.value = true, v
	return nil
}

// standalone runs the analyzers on the packages and returns the exit code.
func standalone(args []string, stdout, stderr io.Writer) int {
	o, err := parseStandalone(args, stderr)
	if err != nil {
		if err != flag.ErrHelp {
			fmt.Fprintln(stderr, "auth0vet:", err)
		}
		return 1
	}
	return runStandalone(context.Background(), o, stdout, stderr)
}

func runStandalone(ctx context.Context, o *StandaloneOptions, stdout, stderr io.Writer) int {
	suite := analyzers.All()
	var pkgs []*packages.Package
	var err error
	if o.Local {
		suite = analyzers.Local()
		pkgs, err = packages.Load(&packages.Config{Context: ctx, Mode: packages.LoadSyntax | packages.NeedModule, Tests: o.Tests}, o.Patterns...)
	} else {
		pkgs, err = codescan.Load(ctx, "", o.Tests, o.Patterns...)
	}
	if err != nil {
		fmt.Fprintln(stderr, "auth0vet:", err)
		return 1
	}
	code := 0
	if packages.PrintErrors(pkgs) > 0 {
		code = 1
	}
	var run []*analysis.Analyzer
	for _, a := range suite {
		if (len(o.Only) == 0 || slices.Contains(o.Only, a.Name)) && !slices.Contains(o.Without, a.Name) {
			run = append(run, a)
		}
	}
	graph, err := checker.Analyze(run, pkgs, nil)
	if err != nil {
		fmt.Fprintln(stderr, "auth0vet:", err)
		return 1
	}
	if o.JSON {
		if err := graph.PrintJSON(stdout); err != nil {
			return 1
		}
		return 0
	}
	if err := graph.PrintText(stderr, o.Context); err != nil {
		return 1
	}
	failed, diags := false, 0
	for act := range graph.All() {
		if act.Err != nil {
			failed = true
		} else if act.IsRoot {
			diags += len(act.Diagnostics)
		}
	}
	switch {
	case failed:
		return 1
	case code != 0:
		return code
	case diags > 0:
		return 3
	}
	return 0
}
