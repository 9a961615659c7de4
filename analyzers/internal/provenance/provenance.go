// Package provenance computes, for one package, where token values come from: ID tokens, and
// access tokens granted with the user-scoped link scope, and the clients built from them. It
// is a small intra-package dataflow over the typed AST (no SSA):
//
//   - local variables are read at each use with the assignments that reach it, where the
//     code's structure makes that sure, else with every kind any assignment gives them
//     (flow.go);
//   - struct fields and package-level variables declared in the package are global facts;
//   - package-local functions are evaluated per calling context (the kinds of their
//     arguments), so a helper such as bearer(tok) is an ID token only where it is given one,
//     and sinks inside helpers see what their callers pass.
//
// Everything from outside the package has unknown provenance (Kind 0) unless an SDK rule below
// says otherwise. Analyzers use the Result's Frames to evaluate their sinks.
package provenance

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/sdk"
)

// Analyzer computes the package's provenance Result. It reports nothing itself.
var Analyzer = &analysis.Analyzer{
	Name:       "auth0provenance",
	Doc:        "compute where ID tokens and user-scoped access tokens flow within a package (helper for the auth0vet analyzers)",
	Run:        run,
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// Result holds the provenance facts of one package.
type Result struct {
	// Active is false when the package cannot hold a token source (the fast path); analyzers
	// return at once then.
	Active bool

	pkg     *types.Package
	info    *types.Info
	globals map[*types.Var]Kind // fields and package-level variables of this package
	decls   map[*types.Func]*ast.FuncDecl
	order   []*ast.FuncDecl
	frames  map[*ast.FuncDecl][]*Frame
	eng     *engine
}

// Decls returns the package's function declarations with bodies, in source order.
func (r *Result) Decls() []*ast.FuncDecl { return r.order }

// Frames returns the contexts decl was evaluated in: always one with unknown arguments, plus
// one per distinct combination of argument kinds its callers in the package pass.
func (r *Result) Frames(decl *ast.FuncDecl) []*Frame { return r.frames[decl] }

// Frame is one evaluation of a function body under the kinds of its arguments.
type Frame struct {
	Decl *ast.FuncDecl
	args []Kind
	// env holds every kind each local was ever given; kinds, what each assignment gave it
	// (see flow.go).
	env     map[*types.Var]Kind
	kinds   map[assignKey]Kind
	results []Kind
	eng     *engine
	changed bool
}

// Kind returns the kinds of a single-valued expression evaluated in this frame. It is safe
// for concurrent use: the analyzers requiring this one may run in parallel, and evaluation
// fills caches (field tags, contexts of calls first seen here).
func (f *Frame) Kind(e ast.Expr) Kind {
	f.eng.mu.Lock()
	defer f.eng.mu.Unlock()
	return f.eng.kind(f, e)
}

func run(pass *analysis.Pass) (any, error) {
	r := &Result{pkg: pass.Pkg, info: pass.TypesInfo}
	if !mayHoldTokens(pass) {
		return r, nil
	}
	r.Active = true
	r.globals = map[*types.Var]Kind{}
	r.decls = map[*types.Func]*ast.FuncDecl{}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				r.decls[fn] = fd
				r.order = append(r.order, fd)
			}
		}
	}
	eng := &engine{r: r, tags: map[*types.Var]bool{}, flows: map[*ast.FuncDecl]*flow{}}
	r.eng = eng
	// Outer fixpoint over the global facts (fields, package variables): every round
	// re-evaluates all functions from scratch with the globals of the previous round.
	for round := 0; round < 8; round++ {
		eng.memo = map[string]*Frame{}
		eng.globalsChanged = false
		pkgFrame := &Frame{env: map[*types.Var]Kind{}, kinds: map[assignKey]Kind{}, eng: eng}
		for _, f := range pass.Files {
			for _, d := range f.Decls {
				if gd, ok := d.(*ast.GenDecl); ok {
					for _, s := range gd.Specs {
						if vs, ok := s.(*ast.ValueSpec); ok {
							eng.valueSpec(pkgFrame, vs)
						}
					}
				}
			}
		}
		for _, fd := range r.order {
			fn := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			eng.eval(fn, make([]Kind, paramCount(fn)))
		}
		if !eng.globalsChanged {
			break
		}
	}
	r.frames = map[*ast.FuncDecl][]*Frame{}
	keys := make([]string, 0, len(eng.memo))
	for k := range eng.memo {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fr := eng.memo[k]
		r.frames[fr.Decl] = append(r.frames[fr.Decl], fr)
	}
	return r, nil
}

// mayHoldTokens is the fast path: a package can only send a token to a sink the analyzers
// know if it imports net/http or a go-auth0 Management package (http.NewRequest, the token
// options), and can only hold an ID token or a user-scoped token if it imports an SDK that
// yields one, or spells "id_token" or the user-scoped scope in a literal (struct tags, map
// keys, Extra("id_token"), scope lists).
func mayHoldTokens(pass *analysis.Pass) bool {
	if !sdk.ImportsAny(pass.Pkg, sdk.NetHTTP, sdk.V1Management, sdk.V5Management, sdk.V3Option, sdk.V3Client) {
		return false
	}
	if sdk.ImportsAny(pass.Pkg, sdk.V1Authentication, sdk.V1OAuth, sdk.V3Authentication, sdk.V3OAuth) {
		return true
	}
	// The inspector is shared with the other analyzers of a vet run (and go vet's own), so
	// this scan costs a walk over its event list only.
	in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	found := false
	for n := range in.PreorderSeq((*ast.BasicLit)(nil)) {
		lit := n.(*ast.BasicLit)
		if lit.Kind == token.STRING && (idTokenWord.MatchString(lit.Value) || strings.Contains(lit.Value, "update:current_user_")) {
			found = true
			break
		}
	}
	return found
}

// idTokenWord matches "id_token" as a whole word: a key or tag, not id_token_hint or
// id_token_signed_response_alg.
var idTokenWord = regexp.MustCompile(`(^|[^_A-Za-z0-9])id_token([^_A-Za-z0-9]|$)`)

func paramCount(fn *types.Func) int {
	return fn.Type().(*types.Signature).Params().Len()
}
