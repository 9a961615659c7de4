package provenance

import (
	"encoding/binary"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/httpreq"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/sdk"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/structlit"
)

// engine evaluates function bodies per calling context, memoized by (function, argument
// kinds). A frame still being evaluated is returned as it stands, which makes recursion
// terminate; the fixpoints in eval and run complete it.
type engine struct {
	r    *Result
	pass *analysis.Pass
	// facts: import the summaries of other packages' functions (analysis facts).
	facts bool
	// probing: computing this package's summaries; globals are frozen then, so a probe's
	// made-up argument kinds never leak into fields or context values.
	probing          bool
	memo             map[frameKey]*Frame
	globalsChanged   bool
	tags             map[*types.Var]bool // field -> has json:"id_token"
	flows            map[*ast.FuncDecl]*flow
	funcs            map[*ast.FuncDecl]*httpreq.Func
	events           map[*ast.FuncDecl][]event
	consts           map[string]Kind
	ctxValues        map[string]Kind // context.WithValue key -> kinds stored under it
	addrTaken        map[*types.Var]bool
	transports       map[*types.Named]bool // local types whose RoundTrip sets Authorization
	imported         map[*types.Func]*Summary
	importedVars     map[*types.Var]Kind // kinds of other packages' variables, from VarKinds facts
	importedVarFacts map[*types.Var]*VarKinds
	slots            *slotCache
	steps            int                    // events evaluated, the measure of the work done
	slotSteps        int                    // steps spent probing fields for summaries (see summarize)
	summaryStart     int                    // steps when the summary being probed started
	used             map[*types.Func][]bool // the slots each function reads (usedslots.go)
	contexts         map[*types.Func]int    // frames of each function (see eval)
	replaced         map[*types.Func][]bool // the receiver fields each setter replaces
	summarizing      *types.Func            // the function whose summary is being probed
	importsAuth0     bool
	// sawIDClientCall: some Management call is made on an ID-token client in this package (so
	// the client options themselves are not reported as suspected links).
	sawIDClientCall bool
}

// event is one node of a function body the evaluation acts on, found by the single
// inspector walk of the function; lit is the innermost function literal holding it.
type event struct {
	node ast.Node
	lit  *ast.FuncLit
}

// frameKey identifies a frame: its function and its arguments' kinds.
type frameKey struct {
	fn   *types.Func
	args string
}

func keyOf(fn *types.Func, args []Kind) frameKey {
	b := make([]byte, 0, 8*len(args))
	for _, k := range args {
		b = binary.LittleEndian.AppendUint64(b, uint64(k))
	}
	return frameKey{fn, string(b)}
}

func (e *engine) eval(fn *types.Func, args []Kind) *Frame {
	args = e.canonArgs(fn, args)
	key := keyOf(fn, args)
	if fr, ok := e.memo[key]; ok {
		return fr
	}
	// A function evaluated in many contexts (methods of a large client calling each other,
	// each with what the others stored in its fields) is widened: past maxContexts its
	// slots are left unknown, past maxAllContexts its arguments too.
	if n, lim := e.contexts[fn], e.contextLimit(); n >= lim && fn != e.summarizing || e.overBudget() {
		args = widen(fn, args, n >= 4*lim)
		key = keyOf(fn, args)
		if fr, ok := e.memo[key]; ok {
			return fr
		}
	}
	e.contexts[fn]++
	decl := e.r.decls[fn]
	sig := fn.Type().(*types.Signature)
	fr := newFrame(e, decl, fn, args, sig.Results().Len())
	e.memo[key] = fr
	for i := 0; i < sig.Params().Len() && i < len(args); i++ {
		fr.env[sig.Params().At(i)] = args[i]
		fr.kinds[assignKey{nil, sig.Params().At(i)}] = args[i]
	}
	fr.bindSlots(sig, args)
	for iter := 0; iter < 8; iter++ {
		fr.changed = false
		clear(fr.atCache)
		e.walk(fr)
		if !fr.changed {
			break
		}
	}
	fr.compact(sig)
	return fr
}

// compact drops what only the evaluation of the frame's body needed. A finished frame is
// read for its results, findings and gains only, and summaries keep thousands of them.
func (fr *Frame) compact(sig *types.Signature) {
	fr.env, fr.kinds, fr.litResults, fr.authSet = nil, nil, nil, nil
	fr.fieldDefs, fr.fieldMut, fr.fieldsLost, fr.nilDefs, fr.atCache = nil, nil, nil, nil, nil
	bases := map[*types.Var]fieldKinds{}
	if r := sig.Recv(); r != nil && fr.fields[r] != nil {
		bases[r] = fr.fields[r]
	}
	mutated := map[*types.Var]Kind{}
	for i := 0; i < sig.Params().Len(); i++ {
		p := sig.Params().At(i)
		if fr.fields[p] != nil {
			bases[p] = fr.fields[p]
		}
		if k := fr.mutated[p]; k != 0 {
			mutated[p] = k
		}
	}
	for i := 0; i < sig.Results().Len(); i++ {
		if r := sig.Results().At(i); fr.mutated[r] != 0 {
			mutated[r] = fr.mutated[r]
		}
	}
	fr.fields, fr.mutated = bases, mutated
}

// newFrame makes a frame for fn with its results, then one result per result slot.
func newFrame(e *engine, decl *ast.FuncDecl, fn *types.Func, args []Kind, results int) *Frame {
	slots := 0
	if fn != nil {
		slots = len(e.resultSlots(fn.Type().(*types.Signature)))
	}
	return &Frame{Decl: decl, fn: fn, args: args, eng: e,
		env: map[*types.Var]Kind{}, kinds: map[assignKey]Kind{}, mutated: map[*types.Var]Kind{},
		litResults: map[*ast.FuncLit]Kind{}, hits: map[hitKey]*Hit{}, authSet: map[*types.Var]bool{},
		fields: map[*types.Var]fieldKinds{}, fieldDefs: map[assignKey]fieldKinds{}, fieldMut: map[*types.Var]fieldKinds{},
		fieldsLost: map[*types.Var]bool{}, nilDefs: map[assignKey]bool{}, atCache: map[*ast.Ident]fieldKinds{},
		nres: results, results: make([]Kind, results+slots)}
}

// walk evaluates the events of a function body once.
func (e *engine) walk(fr *Frame) {
	e.steps += len(e.events[fr.Decl])
	for _, ev := range e.events[fr.Decl] {
		e.event(fr, ev)
	}
}

func (e *engine) event(fr *Frame, ev event) {
	switch n := ev.node.(type) {
	case *ast.AssignStmt:
		e.assign(fr, n, n.Lhs, n.Rhs)
		if n.Tok == token.ASSIGN || n.Tok == token.DEFINE {
			e.assignFields(fr, n, n.Lhs, n.Rhs)
		}
		e.assignSinks(fr, n)
	case *ast.ValueSpec:
		e.valueSpec(fr, n)
	case *ast.RangeStmt:
		e.rangeValue(fr, n)
	case *ast.ReturnStmt:
		if ev.lit != nil {
			var k Kind
			for _, x := range n.Results {
				k |= e.kind(fr, x)
			}
			if fr.litResults[ev.lit]|k != fr.litResults[ev.lit] {
				fr.litResults[ev.lit] |= k
				fr.changed = true
			}
		} else {
			e.ret(fr, n)
		}
	case *ast.CompositeLit:
		e.structLit(fr, n)
		e.compositeSinks(fr, n)
	case *ast.CallExpr:
		c := e.resolve(fr, n)
		if c.lit != nil {
			e.bindLit(fr, c)
		} else if c.fn != nil {
			if _, local := e.r.decls[c.fn]; local {
				e.localCall(fr, c)
			} else if s := e.summary(c.fn); s != nil {
				e.summaryHits(fr, c, s)
				args := e.callArgs(fr, c)
				e.applyGains(fr, c, s.gains(s.fill(c.fn, args)))
			}
		}
		e.escapes(fr, c)
		e.mutations(fr, c)
		e.callSinks(fr, c)
	}
}

// call is a resolved call: the function (or method) called, its receiver expression, and
// its arguments; or the function literal called through a variable.
type call struct {
	expr *ast.CallExpr
	fn   *types.Func
	recv ast.Expr
	lit  *ast.FuncLit
	args []ast.Expr
	// embedded: the embedded fields of recv's value a promoted method's receiver is reached
	// through.
	embedded []*types.Var
}

// resolve finds what a call calls. A function variable or method value with a single
// definition in the function is followed to that definition.
func (e *engine) resolve(fr *Frame, ce *ast.CallExpr) call {
	c := call{expr: ce, args: ce.Args}
	fun := ast.Unparen(ce.Fun)
	if id, ok := fun.(*ast.Ident); ok {
		if v, ok := e.r.info.Uses[id].(*types.Var); ok {
			fun = e.singleDef(fr, v)
			if fun == nil {
				return c
			}
		}
	}
	switch f := fun.(type) {
	case *ast.FuncLit:
		c.lit = f
		return c
	case *ast.SelectorExpr:
		if sel := e.r.info.Selections[f]; sel != nil {
			if fn, ok := sel.Obj().(*types.Func); ok && (sel.Kind() == types.MethodVal) {
				c.fn, c.recv, c.embedded = fn.Origin(), f.X, embeddedPath(sel)
			}
			return c
		}
		if fn, ok := e.r.info.Uses[f.Sel].(*types.Func); ok {
			c.fn = fn.Origin()
		}
		return c
	case *ast.Ident:
		if fn, ok := e.r.info.Uses[f].(*types.Func); ok {
			c.fn = fn.Origin()
		}
		return c
	case *ast.IndexExpr, *ast.IndexListExpr: // generic instantiation
		if fn, ok := typeutil.Callee(e.r.info, ce).(*types.Func); ok {
			c.fn = fn.Origin()
		}
	}
	return c
}

// singleDef returns the only value a local function variable is given, if it has one.
func (e *engine) singleDef(fr *Frame, v *types.Var) ast.Expr {
	if fr.Decl == nil || e.isGlobal(v) {
		return nil
	}
	fl := e.flowOf(fr.Decl)
	as := fl.assignments[v]
	if fl.insensitive[v] || len(as) != 1 || as[0].node == nil {
		return nil
	}
	switch n := as[0].node.(type) {
	case *ast.AssignStmt:
		if len(n.Lhs) != len(n.Rhs) {
			return nil
		}
		for i, l := range n.Lhs {
			if id, ok := ast.Unparen(l).(*ast.Ident); ok && e.r.info.ObjectOf(id) == v {
				return ast.Unparen(n.Rhs[i])
			}
		}
	case *ast.ValueSpec:
		if len(n.Names) != len(n.Values) {
			return nil
		}
		for i, id := range n.Names {
			if e.r.info.ObjectOf(id) == v {
				return ast.Unparen(n.Values[i])
			}
		}
	}
	return nil
}

// bindLit gives a called function literal's parameters the kinds of the arguments (in this
// frame, whatever the call site: a closure is evaluated once per frame).
func (e *engine) bindLit(fr *Frame, c call) {
	params := c.lit.Type.Params
	if params == nil {
		return
	}
	i := 0
	for _, f := range params.List {
		for _, name := range f.Names {
			v, ok := e.r.info.Defs[name].(*types.Var)
			if ok && i < len(c.args) {
				k := e.kind(fr, c.args[i])
				key := assignKey{nil, v}
				if fr.kinds[key]|k != fr.kinds[key] || fr.env[v]|k != fr.env[v] {
					fr.kinds[key] |= k
					fr.env[v] |= k
					fr.changed = true
				}
			}
			i++
		}
	}
}

// localCall evaluates a package-local callee in the context of this call, and brings up the
// findings the callee makes only because of what this call passes: they land here, at the
// call, naming the helper.
func (e *engine) localCall(fr *Frame, c call) {
	args := e.callArgs(fr, c)
	callee := e.eval(c.fn, args)
	e.applyGains(fr, c, e.gains(callee))
	if allZero(args) {
		return
	}
	zero := e.eval(c.fn, make([]Kind, len(args)))
	for k, h := range callee.hits {
		if _, intrinsic := zero.hits[k]; intrinsic {
			continue
		}
		fr.addHit(&Hit{Node: c.expr, Check: h.Check, ID: h.ID, What: h.What, Suspected: h.Suspected,
			Via: append([]string{funcName(c.fn, e.r.pkg)}, h.Via...), ViaPkg: h.ViaPkg, from: c.fn, fromKey: k})
	}
}

// gains is what a call of fr's function adds, in place, to the headers and forms it is given
// (a helper that sets the bearer on an http.Header parameter, or the client_secret of a
// url.Values): the caller's argument holds it after the call. A *http.Request parameter is
// not listed: a helper that sets a request's bearer makes the finding itself (see localCall).
func (e *engine) gains(fr *Frame) []Kind {
	if fr.fn == nil {
		return nil
	}
	sig := fr.fn.Type().(*types.Signature)
	params := sig.Params()
	out := make([]Kind, params.Len())
	for i := range out {
		p := params.At(i)
		if sdk.IsNamed(p.Type(), sdk.NetHTTP, "Header") || sdk.IsNamed(p.Type(), url, "Values") {
			out[i] = fr.mutated[p]
		}
	}
	return append(out, fr.slotGains(sig)...)
}

// applyGains marks the arguments of call c with what the callee adds to them: R.Header
// passed to such a helper marks the request R.
func (e *engine) applyGains(fr *Frame, c call, gains []Kind) {
	n := paramCount(c.fn)
	e.replaceFields(fr, c, gains)
	for i, k := range gains {
		if i >= n && k != 0 {
			e.applySlotGain(fr, c, i-n, k)
			continue
		}
		if k == 0 || i >= len(c.args) {
			continue
		}
		if req := httpreq.RequestOfHeader(e.r.info, c.args[i]); req != nil {
			e.mutate(fr, req, k)
			continue
		}
		e.mutate(fr, c.args[i], k)
	}
}

func allZero(ks []Kind) bool {
	for _, k := range ks {
		if k != 0 {
			return false
		}
	}
	return true
}

// funcName names a function for a message: "helper", "pkg.Helper", "(*T).M", "pkg.(*T).M".
func funcName(fn *types.Func, from *types.Package) string {
	name := fn.Name()
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		t := sig.Recv().Type()
		ptr := ""
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t, ptr = p.Elem(), "*"
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			name = "(" + ptr + n.Obj().Name() + ")." + name
		}
	}
	if fn.Pkg() != nil && fn.Pkg() != from {
		name = fn.Pkg().Name() + "." + name
	}
	return name
}

// assign records what node (an AssignStmt or ValueSpec) assigns to lhs.
func (e *engine) assign(fr *Frame, node ast.Node, lhs, rhs []ast.Expr) {
	if len(lhs) == len(rhs) {
		for i := range lhs {
			k := e.kind(fr, rhs[i])
			if as, ok := node.(*ast.AssignStmt); ok && as.Tok != token.ASSIGN && as.Tok != token.DEFINE {
				k |= e.kind(fr, lhs[i]) // tok += x
			}
			e.mark(fr, node, lhs[i], k)
		}
		return
	}
	if len(rhs) == 1 {
		ks := e.kinds(fr, rhs[0], len(lhs))
		for i := range lhs {
			e.mark(fr, node, lhs[i], ks[i])
		}
	}
}

// rangeValue: the value variable of a range over a slice, array or map holds what the
// container holds (for _, s := range cfg.Scopes).
func (e *engine) rangeValue(fr *Frame, rs *ast.RangeStmt) {
	if rs.Value == nil {
		return
	}
	switch deref(e.r.info.TypeOf(rs.X)).Underlying().(type) {
	case *types.Slice, *types.Array, *types.Map:
		e.mark(fr, rs, rs.Value, e.kind(fr, rs.X))
	}
}

func (e *engine) valueSpec(fr *Frame, vs *ast.ValueSpec) {
	lhs := make([]ast.Expr, len(vs.Names))
	for i, n := range vs.Names {
		lhs[i] = n
	}
	if len(vs.Values) > 0 {
		e.assign(fr, vs, lhs, vs.Values)
		e.assignFields(fr, vs, lhs, vs.Values)
		return
	}
	for _, x := range lhs {
		if m := e.zeroFields(e.r.info.TypeOf(x)); m != nil {
			e.markFields(fr, vs, x, m) // var s T
		} else {
			e.markNil(fr, vs, x) // var p *T: no value yet
		}
	}
}

func (e *engine) ret(fr *Frame, rs *ast.ReturnStmt) {
	if fr.Decl == nil {
		return
	}
	var ks []Kind
	sig := fr.fn.Type().(*types.Signature)
	fields := make([]fieldKinds, fr.nres)
	switch {
	case len(rs.Results) == 0:
		// Bare return: the named results.
		for i := 0; i < sig.Results().Len(); i++ {
			ks = append(ks, fr.env[sig.Results().At(i)]|fr.mutated[sig.Results().At(i)])
			fields[i] = e.varFields(fr, sig.Results().At(i), nil)
		}
	case len(rs.Results) == 1 && fr.nres > 1:
		ks = e.kinds(fr, rs.Results[0], fr.nres)
		if ce, ok := ast.Unparen(rs.Results[0]).(*ast.CallExpr); ok {
			for i := range fields {
				fields[i] = e.resultFields(fr, ce, i)
			}
		}
	default:
		for i, x := range rs.Results {
			ks = append(ks, e.kind(fr, x))
			if i < len(fields) {
				fields[i] = e.fieldsOf(fr, x)
			}
		}
	}
	for len(ks) < len(fr.results) {
		ks = append(ks, 0)
	}
	for j, s := range e.resultSlots(sig) {
		ks[fr.nres+j] |= fields[s.param][s.path]
	}
	for i := range ks {
		if i < len(fr.results) && fr.results[i]|ks[i] != fr.results[i] {
			fr.results[i] |= ks[i]
			fr.changed = true
		}
	}
}

// structLit records the kinds stored in the fields of a struct declared in this package.
func (e *engine) structLit(fr *Frame, lit *ast.CompositeLit) {
	t := e.r.info.TypeOf(lit)
	if t == nil {
		return
	}
	st, ok := deref(t).Underlying().(*types.Struct)
	if !ok {
		return
	}
	structlit.Fields(e.r.info, lit, st, func(field *types.Var, val ast.Expr) {
		e.setGlobal(field, e.kind(fr, val))
	})
}

// mark adds k to what the assigned-to expression holds.
func (e *engine) mark(fr *Frame, node ast.Node, lhs ast.Expr, k Kind) {
	if k == 0 {
		return
	}
	switch l := ast.Unparen(lhs).(type) {
	case *ast.Ident:
		v, _ := e.r.info.ObjectOf(l).(*types.Var)
		if v == nil {
			return
		}
		if e.isGlobal(v) {
			e.setGlobal(v, k)
			return
		}
		if fr.env[v]|k != fr.env[v] {
			fr.env[v] |= k
			fr.changed = true
		}
		if key := (assignKey{node, v}); fr.kinds[key]|k != fr.kinds[key] {
			fr.kinds[key] |= k
			fr.changed = true
		}
	case *ast.SelectorExpr:
		if v, ok := e.r.info.ObjectOf(l.Sel).(*types.Var); ok {
			e.setGlobal(v, k)
			e.directField(fr, l, k, false)
		}
	case *ast.IndexExpr:
		// m[k] = v, s[i] = v: the container holds v.
		e.mutate(fr, l.X, k)
	}
}

// mutate adds k to what a variable (or field) holds without replacing it: a header set on
// it, a form value added, a raw token verified as an ID token.
func (e *engine) mutate(fr *Frame, x ast.Expr, k Kind) {
	if k == 0 {
		return
	}
	x = ast.Unparen(x)
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = ast.Unparen(u.X)
	}
	if s, ok := x.(*ast.StarExpr); ok {
		x = ast.Unparen(s.X)
	}
	switch x := x.(type) {
	case *ast.Ident:
		v, ok := e.r.info.ObjectOf(x).(*types.Var)
		if !ok {
			return
		}
		if e.isGlobal(v) {
			e.setGlobal(v, k)
			return
		}
		if fr.mutated[v]|k != fr.mutated[v] {
			fr.mutated[v] |= k
			fr.changed = true
		}
	case *ast.SelectorExpr:
		if v, ok := e.r.info.ObjectOf(x.Sel).(*types.Var); ok && v.IsField() {
			e.setGlobal(v, k)
			e.directField(fr, x, k, true)
		}
	}
}

func (e *engine) isGlobal(v *types.Var) bool {
	return v.IsField() || (v.Pkg() != nil && v.Parent() == v.Pkg().Scope())
}

// setGlobal records k for a field or package variable of this package; facts about other
// packages' fields are never invented (storing an ID token in an oauth2.Token does not make
// every AccessToken an ID token).
//
// A field never holds LiteralSecret as a global fact: a literal stored in one value's field
// (a test fixture's client) says nothing of what another value's field holds. A literal
// secret is followed in the struct value instead (secretField).
func (e *engine) setGlobal(v *types.Var, k Kind) {
	if v.IsField() {
		k &^= LiteralSecret
	}
	if k == 0 || e.probing || v.Pkg() != e.r.pkg || !e.isGlobal(v) {
		return
	}
	if e.r.globals[v]|k != e.r.globals[v] {
		e.r.globals[v] |= k
		e.globalsChanged = true
	}
}

func (e *engine) varKind(fr *Frame, v *types.Var) Kind {
	if e.isGlobal(v) {
		if !v.IsField() && v.Pkg() != e.r.pkg {
			return e.importedVar(v)
		}
		return e.maskAddr(v, e.r.globals[v])
	}
	return e.maskAddr(v, fr.env[v]|fr.mutated[v])
}

// importedVar is what a package variable of another package of the module holds (its
// VarKinds fact): a config package's "var ClientSecret = ..." or "var Default = Settings{...}".
func (e *engine) importedVar(v *types.Var) Kind {
	if !e.facts {
		return 0
	}
	if k, ok := e.importedVars[v]; ok {
		return k
	}
	f := new(VarKinds)
	k := Kind(0)
	if e.pass.ImportObjectFact(v, f) {
		k = f.Kinds
		e.importedVarFacts[v] = f
	}
	e.importedVars[v] = k
	return k
}

// maskAddr: a variable whose address is taken (flag.StringVar(&s, ...)) may be overwritten at
// run time, so a literal it was given is not known to be what it holds.
func (e *engine) maskAddr(v *types.Var, k Kind) Kind {
	if e.addrTaken[v] {
		return k &^ LiteralSecret
	}
	return k
}

// identKind returns the kinds of v where use reads it: from the assignments that reach the
// use when flow.go can tell which, else from all of them.
func (e *engine) identKind(fr *Frame, v *types.Var, use *ast.Ident) Kind {
	if e.isGlobal(v) || fr.Decl == nil {
		return e.varKind(fr, v)
	}
	reaching, ok := e.flowOf(fr.Decl).reaching(v, use)
	if !ok {
		return e.varKind(fr, v)
	}
	k := fr.mutated[v]
	for _, a := range reaching {
		k |= fr.kinds[assignKey{a.node, v}]
	}
	return e.maskAddr(v, k)
}

// kind returns the kinds of a single-valued expression.
func (e *engine) kind(fr *Frame, x ast.Expr) Kind {
	if tv, ok := e.r.info.Types[x]; ok && tv.Value != nil {
		if tv.Value.Kind() == constant.String {
			return e.constKind(constant.StringVal(tv.Value))
		}
		return 0
	}
	switch x := x.(type) {
	case *ast.Ident:
		if v, ok := e.r.info.ObjectOf(x).(*types.Var); ok {
			return e.secretFromFields(fr, x, e.identKind(fr, v, x))
		}
	case *ast.ParenExpr:
		return e.kind(fr, x.X)
	case *ast.StarExpr:
		return e.kind(fr, x.X)
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return e.kind(fr, x.X)
		}
	case *ast.TypeAssertExpr:
		return e.kind(fr, x.X)
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			return e.stringOp(fr, x, e.kind(fr, x.X), e.kind(fr, x.Y))
		}
	case *ast.SelectorExpr:
		k := e.selectorKind(fr, x)
		if e.r.info.Selections[x] == nil { // pkg.Var
			k = e.secretFromFields(fr, x, k)
		}
		return k
	case *ast.CallExpr:
		return e.kinds(fr, x, 1)[0]
	case *ast.IndexExpr:
		// tokenResponse["id_token"] on a decoded token response.
		t := e.r.info.TypeOf(x.X)
		if t != nil && isMap(t) {
			if constString(e.r.info, x.Index) == "id_token" {
				return IDToken
			}
			return 0
		}
		if t != nil {
			if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
				// A byte of a string: a secret generated from a literal alphabet is not literal.
				return e.kind(fr, x.X) &^ LiteralSecret
			}
		}
		return e.kind(fr, x.X) // an element of a slice holds what the slice holds
	case *ast.SliceExpr:
		return e.kind(fr, x.X)
	case *ast.CompositeLit:
		return e.compositeKind(fr, x)
	}
	return 0
}

func (e *engine) constKind(s string) Kind {
	if k, ok := e.consts[s]; ok {
		return k
	}
	k := constKinds(s)
	e.consts[s] = k
	return k
}

// stringOp is the kinds of a string built from parts (x + y, Sprintf): the parts' marks, and
// those of the template of the whole. A literal secret stays one only when every part is.
func (e *engine) stringOp(fr *Frame, whole ast.Expr, parts ...Kind) Kind {
	var k Kind
	lit := len(parts) > 0
	for _, p := range parts {
		k |= p
		lit = lit && p.Has(LiteralSecret)
	}
	k &= stringKinds
	if lit {
		k |= LiteralSecret
	}
	if fr.Decl != nil || whole != nil {
		k |= templateKinds(e.funcOf(fr).Template(whole, 0))
	}
	if k.Has(LinkPath) && !k.Has(UnlinkPath) {
		// identitiesURL(id) + "/" + provider + "/" + secondary: a link URL from a helper,
		// extended by two segments, is the unlink URL of one identity.
		if b, ok := ast.Unparen(whole).(*ast.BinaryExpr); ok && b.Op == token.ADD {
			if templateKinds(e.markedTemplate(fr, b, 0)).Has(UnlinkPath) {
				k = k&^LinkPath | UnlinkPath
			}
		}
	}
	return k
}

// markedTemplate is the template of a + chain in which an operand known to be a link URL
// (built by a helper, so its text is not visible here) stands for the identities path.
func (e *engine) markedTemplate(fr *Frame, x ast.Expr, depth int) string {
	x = ast.Unparen(x)
	if tv, ok := e.r.info.Types[x]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value)
	}
	if b, ok := x.(*ast.BinaryExpr); ok && b.Op == token.ADD && depth < 16 {
		return e.markedTemplate(fr, b.X, depth+1) + e.markedTemplate(fr, b.Y, depth+1)
	}
	if k := e.kind(fr, x); k.Has(LinkPath) && !k.Has(UnlinkPath) {
		return "/api/v2/users/" + httpreq.Hole + "/identities"
	}
	return httpreq.Hole
}

func (e *engine) funcOf(fr *Frame) *httpreq.Func {
	if fr.Decl == nil {
		return httpreq.NewFunc(e.r.info, &ast.BlockStmt{})
	}
	f, ok := e.funcs[fr.Decl]
	if !ok {
		f = httpreq.NewFunc(e.r.info, fr.Decl.Body)
		e.funcs[fr.Decl] = f
	}
	return f
}

func (e *engine) selectorKind(fr *Frame, x *ast.SelectorExpr) Kind {
	sel := e.r.info.Selections[x]
	if sel == nil {
		// A qualified identifier: pkg.Var.
		if v, ok := e.r.info.Uses[x.Sel].(*types.Var); ok {
			return e.varKind(fr, v)
		}
		return 0
	}
	if sel.Kind() != types.FieldVal {
		return 0
	}
	field := sel.Obj().(*types.Var)
	k, known := e.valueField(fr, x) // this value's field, when known, not every value's
	if !known {
		k |= e.maskAddr(field, e.r.globals[field])
	}
	if e.taggedIDToken(sel) {
		k |= IDToken
	}
	if field.Name() == "AccessToken" && isTokenType(sel.Recv()) {
		k |= carry(e.kind(fr, x.X), IDTokenBearer, IDToken, UserScopedToken, UserScopedAccessToken)
	}
	if secretField(field) {
		k |= e.kind(fr, x.X) & LiteralSecret
	}
	if field.Name() == "Value" && sdk.IsNamed(sel.Recv(), sdk.NetHTTP, "Cookie") {
		k |= e.kind(fr, x.X) & IDToken
	}
	if field.Name() == "Scopes" && sdk.IsNamed(sel.Recv(), sdk.OAuth2, "Config") {
		k |= e.kind(fr, x.X) & scopeKinds
	}
	return k
}

// secretField: a struct field that holds a client secret (ClientSecret, Secret, secret). A
// config struct built with a literal secret carries LiteralSecret, so that the secret is
// followed through config functions and helpers of other packages that read the field.
func secretField(v *types.Var) bool {
	return strings.Contains(strings.ToLower(v.Name()), "secret")
}

func isTokenType(t types.Type) bool {
	return sdk.IsNamed(t, sdk.OAuth2, "Token") || sdk.IsNamed(t, sdk.V1OAuth, "TokenSet") || sdk.IsNamed(t, sdk.V3OAuth, "TokenSet")
}

// taggedIDToken reports whether the selected field is tagged json:"id_token" (go-auth0's
// TokenSet.IDToken, and token-response structs in user code).
func (e *engine) taggedIDToken(sel *types.Selection) bool {
	field := sel.Obj().(*types.Var)
	if v, ok := e.tags[field]; ok {
		return v
	}
	tagged := false
	t := sel.Recv()
	idx := sel.Index()
	for i, fi := range idx {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok || fi >= st.NumFields() {
			break
		}
		if i == len(idx)-1 {
			name, _, _ := strings.Cut(reflect.StructTag(st.Tag(fi)).Get("json"), ",")
			tagged = name == "id_token"
			break
		}
		t = st.Field(fi).Type()
	}
	e.tags[field] = tagged
	return tagged
}

// callArgs returns the arguments of a frame of c's callee: the kinds of the call's
// arguments, then its slots (see fields.go).
func (e *engine) callArgs(fr *Frame, c call) []Kind {
	sig := c.fn.Type().(*types.Signature)
	n := sig.Params().Len()
	out := make([]Kind, n, e.argCount(c.fn))
	args := c.args
	switch {
	case n == 0:
	case len(args) == 1 && n > 1:
		// f(g()) with a multi-valued g.
		copy(out, e.kinds(fr, args[0], n))
	default:
		for i, a := range args {
			j := min(i, n-1) // variadic extras merge into the last parameter
			out[j] |= e.kind(fr, a)
		}
	}
	return append(out, e.slotArgs(fr, c, sig)...)
}

// kinds returns the kinds of the n values of x (a call, or a comma-ok form).
func (e *engine) kinds(fr *Frame, x ast.Expr, n int) []Kind {
	out := make([]Kind, max(n, 1))
	ce, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		out[0] = e.kind(fr, x)
		return out
	}
	if tv, ok := e.r.info.Types[ce.Fun]; ok && tv.IsType() {
		if len(ce.Args) == 1 {
			out[0] = e.kind(fr, ce.Args[0])
		}
		return out
	}
	if b, ok := e.builtin(ce); ok {
		if b == "append" {
			for _, a := range ce.Args {
				out[0] |= e.kind(fr, a)
			}
		}
		return out
	}
	c := e.resolve(fr, ce)
	switch {
	case c.lit != nil:
		out[0] = fr.litResults[c.lit]
		return out
	case c.fn == nil:
		return out
	}
	if _, local := e.r.decls[c.fn]; local {
		callee := e.eval(c.fn, e.callArgs(fr, c))
		copy(out, callee.results)
		return out
	}
	if s := e.summary(c.fn); s != nil {
		args := e.callArgs(fr, c)
		copy(out, s.apply(s.fill(c.fn, args)))
	}
	out[0] |= e.model(fr, c)
	return out
}

func (e *engine) builtin(ce *ast.CallExpr) (string, bool) {
	id, ok := ast.Unparen(ce.Fun).(*ast.Ident)
	if !ok {
		return "", false
	}
	b, ok := e.r.info.Uses[id].(*types.Builtin)
	if !ok {
		return "", false
	}
	return b.Name(), true
}

func isMap(t types.Type) bool {
	_, ok := t.Underlying().(*types.Map)
	return ok
}

func deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// constString returns the value of a constant string expression, or "".
func constString(info *types.Info, x ast.Expr) string {
	if tv, ok := info.Types[x]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value)
	}
	return ""
}
