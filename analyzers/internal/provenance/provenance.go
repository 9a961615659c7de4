// Package provenance computes, for one package, where token values come from (ID tokens,
// access tokens granted with the user-scoped link scope, literal client secrets), what
// requests and strings are (a link or unlink request, an identities URL, a user-link scope,
// an /oauth/token form carrying a literal secret), and the findings that follow when one
// reaches the other. It is a small dataflow over the typed AST (no SSA):
//
//   - local variables are read at each use with the assignments that reach it, where the
//     code's structure makes that sure, else with every kind any assignment gives them
//     (flow.go);
//   - struct fields, package-level variables and context values (by key) of the package are
//     global facts;
//   - package-local functions are evaluated per calling context (the kinds of their
//     arguments): a helper such as bearer(tok) is an ID token only where it is given one, and
//     a sink inside a helper that is reached only because of what a caller passes is reported
//     at that caller, naming the helper;
//   - functions of other packages of the module are applied through their summaries
//     (analysis facts, summary.go), computed the same way by probing each parameter;
//   - a function variable or method value with a single definition is followed to it.
//
// Everything else from outside the package has unknown provenance (Kind 0) unless a library
// model (models.go) says otherwise. Each function is walked once, by the shared inspector,
// to list the nodes the evaluation acts on.
package provenance

import (
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/httpreq"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/sdk"
)

// Analyzer computes the package's provenance Result, using and exporting summaries of the
// module's functions as facts, so findings follow helpers across packages. Under go vet the
// go command runs it on every dependency anyway; a standalone driver that loads every
// dependency from source for it pays for that (see Local).
var Analyzer = New(true)

// Local is Analyzer without facts: helpers in other packages are not followed, and a
// standalone driver need not load every dependency from source.
var Local = New(false)

// New returns the provenance analyzer, with or without cross-package summaries.
func New(facts bool) *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name:       "auth0provenance",
		Doc:        "compute where Auth0 tokens, requests and secrets flow (helper for the auth0vet analyzers)",
		Requires:   []*analysis.Analyzer{inspect.Analyzer},
		ResultType: reflect.TypeOf((*Result)(nil)),
	}
	if facts {
		a.FactTypes = []analysis.Fact{new(Summary), new(HasSummaries), new(VarKinds)}
	} else {
		a.Name = "auth0provenancelocal"
	}
	a.Run = func(pass *analysis.Pass) (any, error) { return run(pass, facts) }
	return a
}

// Result holds the provenance facts and findings of one package.
type Result struct {
	// Active is false when the package cannot hold anything the analyzers look for (the
	// fast path); analyzers return at once then.
	Active bool

	pkg     *types.Package
	info    *types.Info
	globals map[*types.Var]Kind // fields and package-level variables of this package
	// fields: what each field of a package variable's struct value holds (fields.go);
	// initFields, what the package's init functions write in them, which replaces it.
	fields     map[*types.Var]fieldKinds
	initFields map[*types.Var]fieldKinds
	decls      map[*types.Func]*ast.FuncDecl
	order      []*ast.FuncDecl
	hits       []*Hit
}

// Findings returns the findings of one check (CheckIDTokenBearer, ...), in source order.
func (r *Result) Findings(check string) []*Hit {
	var out []*Hit
	for _, h := range r.hits {
		if h.Check == check {
			out = append(out, h)
		}
	}
	return out
}

// Frame is one evaluation of a function body under the kinds of its arguments.
type Frame struct {
	Decl *ast.FuncDecl
	fn   *types.Func
	args []Kind
	// env holds every kind each local was ever given; kinds, what each assignment gave it
	// (see flow.go); mutated, what was added to it in place (a header set on it).
	env     map[*types.Var]Kind
	kinds   map[assignKey]Kind
	mutated map[*types.Var]Kind
	// results: the function's results, then its result slots (fields.go); nres counts the
	// former.
	results []Kind
	nres    int
	// fields: what each field of a local struct value holds, every assignment together
	// (fields.go); fieldDefs, what each assignment or field write gives it, read where flow.go
	// says which reach a use; fieldMut, what was added in place (a setter, a header set);
	// fieldsLost, locals whose fields a function not followed may have changed; nilDefs,
	// assignments of a nil pointer.
	fields     map[*types.Var]fieldKinds
	fieldDefs  map[assignKey]fieldKinds
	fieldMut   map[*types.Var]fieldKinds
	fieldsLost map[*types.Var]bool
	nilDefs    map[assignKey]bool
	atCache    map[*ast.Ident]fieldKinds // fieldsAt, for one walk of the body
	litResults map[*ast.FuncLit]Kind
	hits       map[hitKey]*Hit
	authSet    map[*types.Var]bool
	eng        *engine
	changed    bool
}

func run(pass *analysis.Pass, facts bool) (any, error) {
	r := &Result{pkg: pass.Pkg, info: pass.TypesInfo}
	if pass.TypesInfo == nil || !mayMatter(pass, facts) {
		return r, nil
	}
	r.Active = true
	r.globals = map[*types.Var]Kind{}
	r.fields = map[*types.Var]fieldKinds{}
	r.initFields = map[*types.Var]fieldKinds{}
	r.decls = map[*types.Func]*ast.FuncDecl{}
	in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	eng := &engine{r: r, pass: pass, facts: facts, tags: map[*types.Var]bool{}, flows: map[*ast.FuncDecl]*flow{},
		funcs: map[*ast.FuncDecl]*httpreq.Func{}, events: map[*ast.FuncDecl][]event{}, consts: map[string]Kind{},
		ctxValues: map[string]Kind{}, addrTaken: map[*types.Var]bool{}, transports: map[*types.Named]bool{},
		imported: map[*types.Func]*Summary{}, slots: newSlotCache(), used: map[*types.Func][]bool{}, contexts: map[*types.Func]int{}, replaced: map[*types.Func][]bool{}, importedVars: map[*types.Var]Kind{}, importedVarFacts: map[*types.Var]*VarKinds{},
		importsAuth0: sdk.ImportsAny(pass.Pkg, sdk.V1Management, sdk.V1Authentication, sdk.V1OAuth,
			sdk.V3Management, sdk.V3Client, sdk.V3Option, sdk.V3Authentication, sdk.V3OAuth, sdk.V5Management)}
	eng.index(in)
	// Outer fixpoint over the global facts (fields, package variables, context values): every
	// round re-evaluates all functions from scratch with the globals of the previous round.
	var pkgFrame *Frame
	for round := 0; round < 8; round++ {
		eng.memo = map[frameKey]*Frame{}
		eng.contexts = map[*types.Func]int{}
		eng.globalsChanged = false
		eng.sawIDClientCall = false
		pkgFrame = newFrame(eng, nil, nil, nil, 0)
		for iter := 0; iter < 4; iter++ {
			pkgFrame.changed = false
			eng.walk(pkgFrame)
			if !pkgFrame.changed {
				break
			}
		}
		for _, fd := range r.order {
			fn := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			eng.eval(fn, make([]Kind, eng.argCount(fn)))
		}
		if !eng.globalsChanged {
			break
		}
	}
	r.hits = eng.collect(pkgFrame)
	if facts && moduleLocal(pass) {
		eng.exportSummaries()
	}
	return r, nil
}

// index lists, with one inspector walk, the functions of the package and the nodes of each
// body (and of package-level declarations) that the evaluation acts on.
func (e *engine) index(in *inspector.Inspector) {
	r := e.r
	filter := []ast.Node{(*ast.FuncDecl)(nil), (*ast.GenDecl)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil),
		(*ast.ReturnStmt)(nil), (*ast.CompositeLit)(nil), (*ast.CallExpr)(nil), (*ast.UnaryExpr)(nil), (*ast.FuncLit)(nil), (*ast.RangeStmt)(nil)}
	var decl *ast.FuncDecl // the function being listed; nil at package level
	var lits []*ast.FuncLit
	inDecl := false
	in.Nodes(filter, func(n ast.Node, push bool) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if push {
				decl, inDecl, lits = nil, false, nil
				if n.Body == nil {
					return false
				}
				fn, ok := r.info.Defs[n.Name].(*types.Func)
				if !ok {
					return false
				}
				r.decls[fn] = n
				r.order = append(r.order, n)
				decl, inDecl = n, true
			} else {
				decl, inDecl = nil, false
			}
			return true
		case *ast.GenDecl:
			if !inDecl && n.Tok != token.VAR {
				return false // package-level const, type and import declarations
			}
			return true
		case *ast.FuncLit:
			if push {
				lits = append(lits, n)
			} else {
				lits = lits[:len(lits)-1]
			}
			return true
		case *ast.UnaryExpr:
			if push && n.Op == token.AND {
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
					if v, ok := r.info.ObjectOf(id).(*types.Var); ok {
						e.addrTaken[v] = true
					}
				}
			}
			return true
		}
		if !push {
			return true
		}
		if !inDecl {
			if _, ok := n.(*ast.ReturnStmt); ok {
				return true
			}
		}
		var lit *ast.FuncLit
		if len(lits) > 0 {
			lit = lits[len(lits)-1]
		}
		if vs, ok := n.(*ast.ValueSpec); ok && !inDecl {
			e.events[nil] = append(e.events[nil], event{node: vs})
			return true
		}
		e.events[decl] = append(e.events[decl], event{node: n, lit: lit})
		return true
	})
}

// collect returns the findings to report: those each function makes with unknown arguments
// (a helper reached with an ID token only from some callers is reported at those callers),
// in source order. A finding brought up from a helper that the helper makes on its own is
// left to the helper. Suspected findings (an ID-token client option) are dropped when a call
// on such a client shows what it is used for.
func (e *engine) collect(pkgFrame *Frame) []*Hit {
	var out []*Hit
	add := func(fr *Frame) {
		for _, h := range fr.hits {
			if h.from != nil {
				zero := e.eval(h.from, make([]Kind, e.argCount(h.from)))
				if _, ok := zero.hits[h.fromKey]; ok {
					continue
				}
			}
			if h.Suspected && e.sawIDClientCall {
				continue
			}
			out = append(out, h)
		}
	}
	add(pkgFrame)
	for _, fd := range e.r.order {
		fn := e.r.info.Defs[fd.Name].(*types.Func)
		add(e.eval(fn, make([]Kind, e.argCount(fn))))
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Node.Pos() != out[j].Node.Pos() {
			return out[i].Node.Pos() < out[j].Node.Pos()
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// moduleLocal reports whether the package belongs to the module being checked (not a
// versioned dependency, not the standard library): only those get summaries, which keeps a
// go vet run over a module's dependencies as cheap as before.
func moduleLocal(pass *analysis.Pass) bool {
	if pass.Module != nil && pass.Module.Version != "" {
		return false
	}
	if len(pass.Files) == 0 {
		return false
	}
	name := pass.Fset.File(pass.Files[0].FileStart).Name()
	goroot := filepath.Join(build.Default.GOROOT, "src") + string(filepath.Separator)
	return !strings.HasPrefix(name, goroot)
}

// mayMatter is the fast path. A package matters if it imports a library the models know
// (go-auth0, oauth2, go-resty, go-oidc), imports a package of the module with summaries, or
// imports net/http and spells, in a string literal, something the analyzers look for (an
// Authorization header, "id_token", an identities or /oauth/token path, a secret or the
// user-link scope). Dependencies outside the module are never evaluated when facts are on:
// under go vet they are analyzed only for their facts, and they have none.
func mayMatter(pass *analysis.Pass, facts bool) bool {
	if facts && !moduleLocal(pass) {
		return false
	}
	if sdk.ImportsAny(pass.Pkg, sdk.V1Management, sdk.V5Management, sdk.V3Option, sdk.V3Client, sdk.V3Management,
		sdk.V3Identities, sdk.V1Authentication, sdk.V1OAuth, sdk.V3Authentication, sdk.V3OAuth,
		sdk.OAuth2, sdk.ClientCredentials, resty, oidc) {
		return true
	}
	if facts {
		for _, imp := range pass.Pkg.Imports() {
			if pass.ImportPackageFact(imp, new(HasSummaries)) {
				return true
			}
		}
		// A config package ("var ClientSecret = ...", "var Default = Settings{...}") exports
		// what its variables hold.
		scope := pass.Pkg.Scope()
		for _, name := range scope.Names() {
			v, ok := scope.Lookup(name).(*types.Var)
			if ok && v.Exported() && (strings.Contains(strings.ToLower(name), "secret") || trackedStruct(v.Type()) != nil) {
				return true
			}
		}
	}
	if !sdk.ImportsAny(pass.Pkg, sdk.NetHTTP) {
		return false
	}
	// The inspector is shared with the other analyzers of a vet run (and go vet's own), so
	// this scan costs a walk over its event list only.
	in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	for n := range in.PreorderSeq((*ast.BasicLit)(nil)) {
		lit := n.(*ast.BasicLit)
		if lit.Kind == token.STRING && interesting.MatchString(lit.Value) {
			return true
		}
	}
	return false
}

// interesting matches the words in string literals that make a net/http package worth
// evaluating. "id_token" must be a whole word (not id_token_hint).
var interesting = regexp.MustCompile(`(?i)(^|[^_A-Za-z0-9])id_token([^_A-Za-z0-9]|$)|authorization|/identities|oauth/token|client_secret|update:current_user_`)
