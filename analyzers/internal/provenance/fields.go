package provenance

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"strings"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/sdk"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/structlit"
)

// Field-sensitive values. A struct field of the package is, by default, a global fact: every
// value of the type holds what any value was ever given. That mixes values: the package's
// Default settings (the link scope) and its Server settings (the link scope and update:users)
// would read as one, and a session built with an access token would read as one built with
// an ID token. So a value of a module struct type held by a variable, a parameter or a
// result also carries what each of its own fields holds:
//
//   - a local or package variable records the fields of what it is assigned (a composite
//     literal, another variable, the result of a call) and of field assignments on it;
//   - a function's receiver and struct parameters get one extra argument per field (a slot,
//     after the parameters), and its struct results one extra result per field, so frames
//     and summaries (facts) carry them like any other argument: a constructor of another
//     package says which field of its result holds its parameter, a method says which
//     receiver field reaches a sink;
//   - a field read through such a value takes that value's field, not the global fact.
//
// A slot's kind has knownFields set when the fields of the value are known; a slot without it
// (an argument of unknown origin, a function evaluated for all its callers) falls back to the
// package's global field facts, as before.
const knownFields Kind = 1 << 63

// maxBaseSlots and maxSlots bound the extra arguments (and results) of one receiver,
// parameter or result and of one signature, and so the cost of probing it for its summary.
const (
	maxBaseSlots = 12
	maxSlots     = 24
)

// fieldPath names a field of a struct value: a direct field (inner nil), or a field of a
// struct-typed (or embedded) direct field, one level down.
type fieldPath struct {
	outer, inner *types.Var
}

// slotCache holds the slots of the types and signatures met, computed once per package.
type slotCache struct {
	structs map[types.Type][]fieldPath
	params  map[*types.Signature][]slot
	results map[*types.Signature][]slot
}

func newSlotCache() *slotCache {
	return &slotCache{structs: map[types.Type][]fieldPath{}, params: map[*types.Signature][]slot{}, results: map[*types.Signature][]slot{}}
}

// slot is one field of a receiver, parameter or result: param is the parameter's index (-1
// for the receiver) or the result's.
type slot struct {
	param int
	path  fieldPath
}

// fieldKinds is what the fields of one struct value hold. An entry with knownFields holds
// exactly its other kinds; a missing entry, or one without knownFields, is not known, and a
// read of it falls back to the package's global fact for the field.
type fieldKinds map[fieldPath]Kind

// trackedStruct reports the struct of a (pointer to a) named struct type declared outside
// the standard library and the libraries the models know: the app's own holders and
// settings.
func trackedStruct(t types.Type) *types.Struct {
	if t == nil {
		return nil
	}
	n, ok := types.Unalias(deref(t)).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return nil
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	p := n.Obj().Pkg().Path()
	if first, _, _ := strings.Cut(p, "/"); !strings.Contains(first, ".") || modelledPackage(p) {
		return nil // the standard library, or a library the models know
	}
	return st
}

// directSlots lists the fields of a tracked struct that can hold anything the rules read.
func directSlots(t types.Type) []*types.Var {
	st := trackedStruct(t)
	if st == nil {
		return nil
	}
	var out []*types.Var
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); fieldCarries(f.Type()) {
			out = append(out, f)
		}
	}
	return out
}

// fieldCarries reports whether a field of type t can hold what the rules read: a string or
// a list of them (a token, a URL, scopes, a secret), a map of strings (headers, a form), a
// value of the libraries the models know (a token, a client, a transport), or another of
// the app's structs. A reader, a callback or a cache holds nothing of it, and giving every
// such field a slot would only make summaries dearer.
func fieldCarries(t types.Type) bool {
	switch u := types.Unalias(t).Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice:
		return fieldCarries(u.Elem()) && !isStructType(u.Elem())
	case *types.Array:
		return fieldCarries(u.Elem()) && !isStructType(u.Elem())
	case *types.Map:
		return fieldCarries(u.Elem()) && !isStructType(u.Elem())
	}
	if trackedStruct(t) != nil {
		return true
	}
	n, ok := types.Unalias(deref(t)).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	return modelledPackage(n.Obj().Pkg().Path())
}

func isStructType(t types.Type) bool {
	_, ok := deref(t).Underlying().(*types.Struct)
	return ok
}

// modelledPackage: a package whose values the models know.
func modelledPackage(p string) bool {
	return p == sdk.NetHTTP || p == url || p == resty || p == oidc || strings.HasPrefix(p, sdk.OAuth2) ||
		strings.HasPrefix(p, "github.com/auth0/go-auth0") || strings.HasPrefix(p, "gopkg.in/auth0.v5")
}

// structSlots lists the field paths of a tracked struct: its fields, and the fields of its
// struct fields (a service holding its settings, an embedded holder).
func (e *engine) structSlots(t types.Type) []fieldPath {
	return memoized(e.slots.structs, types.Unalias(deref(t)), func() []fieldPath { return e.computeStructSlots(t) })
}

func (e *engine) computeStructSlots(t types.Type) []fieldPath {
	var out []fieldPath
	direct := directSlots(t)
	for _, f := range direct {
		out = append(out, fieldPath{f, nil})
	}
	for _, f := range direct { // the nested fields after every direct one
		if types.Identical(deref(f.Type()), deref(t)) {
			continue
		}
		for _, g := range directSlots(f.Type()) {
			out = append(out, fieldPath{f, g})
		}
	}
	return out
}

// paramSlots lists the slots of a signature's receiver and parameters, in order; the
// receiver's and parameters' extra arguments follow the parameters in that order.
func (e *engine) paramSlots(sig *types.Signature) []slot {
	return memoized(e.slots.params, sig, func() []slot {
		var out []slot
		if r := sig.Recv(); r != nil {
			out = e.appendSlots(out, -1, r.Type())
		}
		for i := 0; i < sig.Params().Len(); i++ {
			out = e.appendSlots(out, i, sig.Params().At(i).Type())
		}
		return out
	})
}

// resultSlots lists the slots of a signature's results; they follow the results.
func (e *engine) resultSlots(sig *types.Signature) []slot {
	return memoized(e.slots.results, sig, func() []slot {
		var out []slot
		for i := 0; i < sig.Results().Len(); i++ {
			out = e.appendSlots(out, i, sig.Results().At(i).Type())
		}
		return out
	})
}

// appendSlots adds the slots of parameter or result i, of type t, within the bounds.
func (e *engine) appendSlots(out []slot, i int, t types.Type) []slot {
	for k, p := range e.structSlots(t) {
		if k < maxBaseSlots && len(out) < maxSlots {
			out = append(out, slot{i, p})
		}
	}
	return out
}

func memoized[K comparable, V any](m map[K]V, k K, compute func() V) V {
	if v, ok := m[k]; ok {
		return v
	}
	v := compute()
	m[k] = v
	return v
}

// argCount is the number of arguments a frame of fn takes: its parameters, then its slots.
func (e *engine) argCount(fn *types.Func) int {
	sig := fn.Type().(*types.Signature)
	return sig.Params().Len() + len(e.paramSlots(sig))
}

// blankArgs are the arguments of a probe: nothing known of the parameters, and values whose
// fields are known to hold nothing (so the package's global field facts stay out of a
// summary, which describes the function by its arguments alone).
func (e *engine) blankArgs(fn *types.Func) []Kind {
	sig := fn.Type().(*types.Signature)
	out := make([]Kind, sig.Params().Len()+len(e.paramSlots(sig)))
	for i := sig.Params().Len(); i < len(out); i++ {
		out[i] = knownFields
	}
	return out
}

// bindSlots gives a frame's receiver and struct parameters the fields its slot arguments
// carry.
func (fr *Frame) bindSlots(sig *types.Signature, args []Kind) {
	n := sig.Params().Len()
	for j, s := range fr.eng.paramSlots(sig) {
		base := sig.Recv()
		if s.param >= 0 {
			base = sig.Params().At(s.param)
		}
		if fr.fields[base] == nil {
			fr.fields[base] = fieldKinds{}
		}
		entry := assignKey{nil, base}
		if fr.fieldDefs[entry] == nil {
			fr.fieldDefs[entry] = fieldKinds{}
		}
		if n+j < len(args) && args[n+j] != 0 {
			fr.fields[base][s.path] = args[n+j]
			fr.fieldDefs[entry][s.path] = args[n+j]
		}
	}
}

// fieldsOf returns what the fields of the struct value x hold (nil when nothing is known).
func (e *engine) fieldsOf(fr *Frame, x ast.Expr) fieldKinds {
	x = ast.Unparen(x)
	if trackedStruct(e.r.info.TypeOf(x)) == nil {
		return nil
	}
	switch x := x.(type) {
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return e.fieldsOf(fr, x.X)
		}
	case *ast.StarExpr:
		return e.fieldsOf(fr, x.X)
	case *ast.CompositeLit:
		return e.literalFields(fr, x)
	case *ast.Ident:
		if v, ok := e.r.info.ObjectOf(x).(*types.Var); ok {
			return e.varFields(fr, v, x)
		}
	case *ast.SelectorExpr:
		sel := e.r.info.Selections[x]
		if sel == nil { // pkg.Var
			if v, ok := e.r.info.Uses[x.Sel].(*types.Var); ok {
				return e.varFields(fr, v, nil)
			}
			return nil
		}
		if sel.Kind() == types.FieldVal && len(sel.Index()) == 1 {
			return inner(e.fieldsOf(fr, x.X), sel.Obj().(*types.Var))
		}
	case *ast.CallExpr:
		if tv, ok := e.r.info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return e.fieldsOf(fr, x.Args[0]) // a conversion
		}
		return e.resultFields(fr, x, 0)
	}
	return nil
}

// inner returns the fields of the struct held by field f of a value with fields m.
func inner(m fieldKinds, f *types.Var) fieldKinds {
	var out fieldKinds
	for p, k := range m {
		if p.outer == f && p.inner != nil {
			if out == nil {
				out = fieldKinds{}
			}
			out[fieldPath{p.inner, nil}] = k
		}
	}
	return out
}

// literalFields: the fields a composite literal gives, the others known to be empty.
func (e *engine) literalFields(fr *Frame, lit *ast.CompositeLit) fieldKinds {
	t := e.r.info.TypeOf(lit)
	st := trackedStruct(t)
	out := fieldKinds{}
	for _, p := range e.structSlots(t) {
		out[p] = knownFields
	}
	structlit.Fields(e.r.info, lit, st, func(field *types.Var, val ast.Expr) {
		out[fieldPath{field, nil}] = e.kind(fr, val) | knownFields
		if trackedStruct(field.Type()) == nil {
			return
		}
		sub := e.fieldsOf(fr, val)
		for _, g := range directSlots(field.Type()) {
			out[fieldPath{field, g}] = sub[fieldPath{g, nil}]
		}
	})
	return out
}

// varFields: a local's fields as assigned in this frame, a package variable's as assigned in
// the package, another package's from its VarKinds fact. Nothing is known of a package
// variable whose address is taken. use, when not nil, is where a local is read: its fields
// are then those of the assignments and field writes that reach it.
func (e *engine) varFields(fr *Frame, v *types.Var, use *ast.Ident) fieldKinds {
	if v.IsField() {
		return nil
	}
	if !e.isGlobal(v) {
		if fr.fieldsLost[v] {
			return nil
		}
		if use != nil && fr.Decl != nil {
			if m, ok := e.fieldsAt(fr, v, use); ok {
				return m
			}
		}
		return fr.fields[v]
	}
	if e.addrTaken[v] {
		return nil
	}
	if v.Pkg() != e.r.pkg {
		return e.importedVarFields(v)
	}
	if init := e.r.initFields[v]; init != nil {
		out := maps.Clone(e.r.fields[v])
		if out == nil {
			out = fieldKinds{}
		}
		maps.Copy(out, init)
		return out
	}
	return e.r.fields[v]
}

// initWrite records a write of a field of a package variable by an init function: init runs
// before anything reads the variable, so what it writes replaces the declared value.
func (e *engine) initWrite(lhs ast.Expr, k Kind) {
	sel, ok := ast.Unparen(lhs).(*ast.SelectorExpr)
	if !ok || e.probing {
		return
	}
	p, ok := e.selectedPath(sel)
	if !ok {
		return
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return
	}
	v, ok := e.r.info.Uses[id].(*types.Var)
	if !ok || !e.isGlobal(v) || v.IsField() || v.Pkg() != e.r.pkg {
		return
	}
	if e.r.initFields[v] == nil {
		e.r.initFields[v] = fieldKinds{}
	}
	if old := e.r.initFields[v][p]; old|k|knownFields != old {
		e.r.initFields[v][p] = old | k | knownFields
		e.globalsChanged = true
	}
}

// isInit reports whether fn is a package's init function.
func isInit(fn *types.Func) bool {
	return fn != nil && fn.Name() == "init" && fn.Type().(*types.Signature).Recv() == nil && fn.Parent() == fn.Pkg().Scope()
}

// fieldsAt returns the fields of local v where use reads it, from the assignments and field
// writes that reach it (a later write replaces an earlier one), plus what was added in
// place; ok false when flow.go cannot tell which reach.
func (e *engine) fieldsAt(fr *Frame, v *types.Var, use *ast.Ident) (fieldKinds, bool) {
	if m, ok := fr.atCache[use]; ok {
		return m, m != nil
	}
	out := fieldKinds{}
	for _, p := range e.structSlots(v.Type()) {
		k, ok := e.fieldAt(fr, v, p, use)
		if !ok {
			out = nil
			break
		}
		if k != 0 {
			out[p] = k
		}
	}
	fr.atCache[use] = out
	return out, out != nil
}

// fieldAt is fieldsAt for one field path.
func (e *engine) fieldAt(fr *Frame, v *types.Var, p fieldPath, use *ast.Ident) (Kind, bool) {
	defs, ok := e.flowOf(fr.Decl).reachingField(v, p, use)
	if !ok {
		return 0, false
	}
	var k Kind
	first := true
	for _, a := range defs {
		key := assignKey{a.node, v}
		if fr.nilDefs[key] {
			continue // a nil pointer has no fields to read
		}
		d := fr.fieldDefs[key][p]
		if first {
			k, first = d, false
		} else {
			k = join(k, d)
		}
	}
	return k | fr.fieldMut[v][p]&^knownFields, true
}

func (e *engine) importedVarFields(v *types.Var) fieldKinds {
	if !e.facts {
		return nil
	}
	e.importedVar(v)
	f := e.importedVarFacts[v]
	if f == nil || !f.HasFields {
		return nil
	}
	out := fieldKinds{}
	for i, p := range e.structSlots(v.Type()) {
		if i < len(f.Fields) {
			out[p] = f.Fields[i]
		}
	}
	return out
}

// resultFields returns the fields of result idx of a call, when the callee says.
func (e *engine) resultFields(fr *Frame, ce *ast.CallExpr, idx int) fieldKinds {
	c := e.resolve(fr, ce)
	if c.fn == nil {
		return nil
	}
	var results []Kind
	if _, local := e.r.decls[c.fn]; local {
		results = e.eval(c.fn, e.callArgs(fr, c)).results
	} else if s := e.summary(c.fn); s != nil {
		args := e.callArgs(fr, c)
		results = s.apply(s.fill(c.fn, args))
	} else {
		return nil
	}
	sig := c.fn.Type().(*types.Signature)
	n := sig.Results().Len()
	out := fieldKinds{}
	for j, s := range e.resultSlots(sig) {
		if s.param == idx && n+j < len(results) && results[n+j] != 0 {
			out[s.path] = results[n+j]
		}
	}
	return out
}

// join merges what one more assignment gives a value: kinds add up, and a field stays known
// only if it is known in both.
func join(a, b Kind) Kind {
	return (a|b)&^knownFields | a&b&knownFields
}

// mergeFields merges m into what v holds; the first assignment sets it.
func (e *engine) mergeFields(store map[*types.Var]fieldKinds, v *types.Var, m fieldKinds) bool {
	return joinInto(store, v, m, e.structSlots(v.Type()))
}

// joinInto merges m into store[key] over the paths: kinds add up, a path stays known only if
// it is known in both. The first merge sets it.
func joinInto[K comparable](store map[K]fieldKinds, key K, m fieldKinds, paths []fieldPath) bool {
	old, ok := store[key]
	if !ok {
		old = fieldKinds{}
		for _, p := range paths {
			if m[p] != 0 {
				old[p] = m[p]
			}
		}
		store[key] = old
		return true
	}
	changed := false
	for _, p := range paths {
		if k := join(old[p], m[p]); k != old[p] {
			old[p] = k
			changed = true
		}
	}
	return changed
}

// markFields records the fields of what lhs is assigned by node.
func (e *engine) markFields(fr *Frame, node ast.Node, lhs ast.Expr, m fieldKinds) {
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		return
	}
	v, ok := e.r.info.ObjectOf(id).(*types.Var)
	if !ok || v.IsField() || trackedStruct(v.Type()) == nil {
		return
	}
	if e.isGlobal(v) {
		if !e.probing && v.Pkg() == e.r.pkg && e.mergeFields(e.r.fields, v, m) {
			e.globalsChanged = true
		}
		return
	}
	if e.mergeFields(fr.fields, v, m) {
		fr.changed = true
	}
	if node != nil && e.mergeDef(fr, assignKey{node, v}, m) {
		fr.changed = true
	}
}

// markNil records that node gives the local pointer lhs no value (var p *T, p = nil).
func (e *engine) markNil(fr *Frame, node ast.Node, lhs ast.Expr) {
	if v := e.localVar(lhs); v != nil && !fr.nilDefs[assignKey{node, v}] {
		fr.nilDefs[assignKey{node, v}] = true
		fr.changed = true
	}
}

// forget forgets what the fields of the variable x names hold.
func (e *engine) forget(fr *Frame, x *ast.Ident) {
	if e.localVar(x) != nil {
		e.loseFields(fr, x)
		return
	}
	e.markFields(fr, nil, x, nil)
}

// loseFields forgets what a local's fields hold.
func (e *engine) loseFields(fr *Frame, x ast.Expr) {
	if v := e.localVar(x); v != nil && trackedStruct(v.Type()) != nil && !fr.fieldsLost[v] {
		fr.fieldsLost[v] = true
		fr.changed = true
	}
}

// mergeDef merges m into what the assignment key gives, over the walk's iterations.
func (e *engine) mergeDef(fr *Frame, key assignKey, m fieldKinds) bool {
	return joinInto(fr.fieldDefs, key, m, e.structSlots(key.v.Type()))
}

// assignFields records, for an assignment by node, the fields of each struct value
// assigned, and the field writes on locals (v.f = x).
func (e *engine) assignFields(fr *Frame, node ast.Node, lhs, rhs []ast.Expr) {
	if len(lhs) == len(rhs) {
		for i := range lhs {
			e.assignOne(fr, node, lhs[i], rhs[i])
		}
		return
	}
	if len(rhs) != 1 {
		return
	}
	ce, ok := ast.Unparen(rhs[0]).(*ast.CallExpr)
	var ks []Kind
	for i := range lhs {
		if v, p, isField := e.fieldTarget(lhs[i]); isField {
			// v.f, err = x(): the write defines f with the value's kinds.
			if ks == nil {
				ks = e.kinds(fr, rhs[0], len(lhs))
			}
			if e.mergeDef(fr, assignKey{node, v}, fieldKinds{p: ks[i] | knownFields}) {
				fr.changed = true
			}
			continue
		}
		if trackedStruct(e.r.info.TypeOf(lhs[i])) == nil {
			continue
		}
		var m fieldKinds
		if ok {
			m = e.resultFields(fr, ce, i)
		}
		e.markFields(fr, node, lhs[i], m)
	}
}

func (e *engine) assignOne(fr *Frame, node ast.Node, lhs, rhs ast.Expr) {
	if isInit(fr.fn) {
		e.initWrite(lhs, e.kind(fr, rhs))
	}
	if v, p, ok := e.fieldTarget(lhs); ok {
		// v.f = x: the write defines f (and the fields of f's value, when it is a struct).
		m := fieldKinds{p: e.kind(fr, rhs) | knownFields}
		if p.inner == nil && trackedStruct(p.outer.Type()) != nil {
			sub := e.fieldsOf(fr, rhs)
			for _, g := range directSlots(p.outer.Type()) {
				m[fieldPath{p.outer, g}] = sub[fieldPath{g, nil}]
			}
		}
		if e.mergeDef(fr, assignKey{node, v}, m) {
			fr.changed = true
		}
		return
	}
	if trackedStruct(e.r.info.TypeOf(lhs)) == nil {
		return
	}
	r := ast.Unparen(rhs)
	if id, ok := r.(*ast.Ident); ok && id.Name == "nil" && e.r.info.Uses[id] == types.Universe.Lookup("nil") {
		e.markNil(fr, node, lhs)
		return
	}
	// Two names for one value (p := &s, q := p): a write through one is not seen on the
	// other, so neither is known.
	if u, ok := r.(*ast.UnaryExpr); ok && u.Op == token.AND && e.localVar(u.X) != nil {
		e.loseFields(fr, u.X)
		e.loseFields(fr, lhs)
		return
	}
	if _, ptr := types.Unalias(e.r.info.TypeOf(lhs)).(*types.Pointer); ptr && e.localVar(r) != nil {
		e.loseFields(fr, r)
		e.loseFields(fr, lhs)
		return
	}
	e.markFields(fr, node, lhs, e.fieldsOf(fr, rhs))
}

// storeField records k in the field path p of the value x names (x.f = k, x.f.g = k, or a
// header set on one).
func (e *engine) storeField(fr *Frame, x ast.Expr, p fieldPath, k Kind, inPlace bool) {
	x = ast.Unparen(x)
	if s, ok := x.(*ast.StarExpr); ok {
		x = ast.Unparen(s.X)
	}
	var v *types.Var
	switch x := x.(type) {
	case *ast.Ident:
		v, _ = e.r.info.ObjectOf(x).(*types.Var)
	case *ast.SelectorExpr:
		sel := e.r.info.Selections[x]
		if sel == nil {
			v, _ = e.r.info.Uses[x.Sel].(*types.Var)
		} else if sel.Kind() == types.FieldVal && len(sel.Index()) == 1 && p.inner == nil {
			e.storeField(fr, x.X, fieldPath{sel.Obj().(*types.Var), p.outer}, k, inPlace) // x.f.g = k
			return
		}
	}
	if v == nil || v.IsField() {
		return
	}
	store := fr.fields
	if e.isGlobal(v) {
		if e.probing || v.Pkg() != e.r.pkg {
			return
		}
		store = e.r.fields
	} else if mut := fr.fieldMut[v]; inPlace && mut[p]|k != mut[p] {
		if mut == nil {
			fr.fieldMut[v] = fieldKinds{}
		}
		fr.fieldMut[v][p] |= k
		fr.changed = true
	}
	m := store[v]
	if m == nil {
		return
	}
	if old := m[p]; old|k != old {
		m[p] = old | k // a field's known state stays what its value's was
		if e.isGlobal(v) {
			e.globalsChanged = true
		} else {
			fr.changed = true
		}
	}
}

// slotArgs returns the slot arguments of a call: the fields of its receiver and struct
// arguments.
func (e *engine) slotArgs(fr *Frame, c call, sig *types.Signature) []Kind {
	slots := e.paramSlots(sig)
	if len(slots) == 0 {
		return nil
	}
	out := make([]Kind, len(slots))
	cache := map[int]fieldKinds{}
	for j, s := range slots {
		m, seen := cache[s.param]
		if !seen {
			switch {
			case s.param < 0:
				m = e.recvFields(fr, c)
			case s.param < len(c.args) && !(len(c.args) == 1 && sig.Params().Len() > 1):
				m = e.fieldsOf(fr, c.args[s.param])
			}
			cache[s.param] = m
		}
		out[j] = m[s.path]
	}
	return out
}

// recvFields returns the fields of a method call's receiver value: the receiver
// expression's, or those of the embedded field the method is promoted from.
func (e *engine) recvFields(fr *Frame, c call) fieldKinds {
	if c.recv == nil {
		return nil
	}
	m := e.fieldsOf(fr, c.recv)
	switch len(c.embedded) {
	case 0:
		return m
	case 1:
		return inner(m, c.embedded[0])
	}
	return nil
}

// directField records an assignment to a field selected on a variable's value, or (inPlace)
// what is added to it (a header set on it).
func (e *engine) directField(fr *Frame, x *ast.SelectorExpr, k Kind, inPlace bool) {
	if p, ok := e.selectedPath(x); ok {
		e.storeField(fr, x.X, p, k, inPlace)
	}
}

// selectedPath is the field path a field selection reads on the value of x.X: a direct field,
// or one promoted from an embedded field.
func (e *engine) selectedPath(x *ast.SelectorExpr) (fieldPath, bool) {
	sel := e.r.info.Selections[x]
	if sel == nil || sel.Kind() != types.FieldVal {
		return fieldPath{}, false
	}
	f := sel.Obj().(*types.Var)
	switch idx := sel.Index(); len(idx) {
	case 1:
		return fieldPath{f, nil}, true
	case 2:
		st := trackedStruct(sel.Recv())
		if st == nil || idx[0] >= st.NumFields() {
			return fieldPath{}, false
		}
		return fieldPath{st.Field(idx[0]), f}, true
	}
	return fieldPath{}, false
}

// valueField returns what the field x reads holds in its value, and whether that is known.
func (e *engine) valueField(fr *Frame, x *ast.SelectorExpr) (Kind, bool) {
	p, ok := e.selectedPath(x)
	if !ok {
		return 0, false
	}
	var k Kind
	if id, ok := ast.Unparen(x.X).(*ast.Ident); ok && fr.Decl != nil {
		if v := e.localVar(id); v != nil && trackedStruct(v.Type()) != nil && !fr.fieldsLost[v] {
			if pk, ok := e.fieldAt(fr, v, p, id); ok {
				return pk &^ knownFields, pk&knownFields != 0
			}
		}
	}
	k = e.fieldsOf(fr, x.X)[p]
	return k &^ knownFields, k&knownFields != 0
}

// escapes forgets what the fields of a struct variable hold when its address is given to a
// function that is not followed (json.Decode(&v)), or such a method is called on it: that
// function may write them.
func (e *engine) escapes(fr *Frame, c call) {
	// The values the call may write: its pointer receiver and the addresses it is given.
	var written []*ast.Ident
	if c.fn != nil && c.recv != nil {
		if r := c.fn.Type().(*types.Signature).Recv(); r != nil {
			if _, ptr := types.Unalias(r.Type()).(*types.Pointer); ptr {
				if id, ok := ast.Unparen(c.recv).(*ast.Ident); ok {
					written = append(written, id)
				}
			}
		}
	}
	for _, a := range c.args {
		if u, ok := ast.Unparen(a).(*ast.UnaryExpr); ok && u.Op == token.AND {
			if id, ok := ast.Unparen(u.X).(*ast.Ident); ok {
				written = append(written, id)
			}
		}
	}
	if len(written) == 0 {
		return
	}
	if c.fn != nil {
		if _, local := e.r.decls[c.fn]; local || e.summary(c.fn) != nil {
			return // followed: its gains say what it writes
		}
	}
	for _, id := range written {
		e.forget(fr, id)
	}
}

// zeroFields: a zero value's fields, known to be empty.
func (e *engine) zeroFields(t types.Type) fieldKinds {
	if _, ptr := types.Unalias(t).(*types.Pointer); ptr {
		return nil // a nil pointer: the value it will point to is not known
	}
	out := fieldKinds{}
	for _, p := range e.structSlots(t) {
		out[p] = knownFields
	}
	return out
}

// embeddedPath lists the embedded fields a promoted method's receiver is reached through.
func embeddedPath(sel *types.Selection) []*types.Var {
	idx := sel.Index()
	var out []*types.Var
	t := sel.Recv()
	for _, i := range idx[:len(idx)-1] {
		st, ok := deref(t).Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return []*types.Var{nil, nil} // not followed
		}
		out = append(out, st.Field(i))
		t = st.Field(i).Type()
	}
	return out
}

// slotType is the type of the field a slot stands for.
func slotType(s slot) types.Type {
	if s.path.inner != nil {
		return s.path.inner.Type()
	}
	return s.path.outer.Type()
}

// slotGains is what the frame's function stores in the fields of the values its pointer
// receiver and pointer parameters point to (a setter): the caller's value holds it after the
// call.
func (fr *Frame) slotGains(sig *types.Signature) []Kind {
	slots := fr.eng.paramSlots(sig)
	out := make([]Kind, len(slots))
	n := sig.Params().Len()
	for j, s := range slots {
		base := sig.Recv()
		if s.param >= 0 {
			base = sig.Params().At(s.param)
		}
		if _, ptr := types.Unalias(base.Type()).(*types.Pointer); !ptr {
			continue
		}
		var in Kind
		if n+j < len(fr.args) {
			in = fr.args[n+j]
		}
		out[j] = fr.fields[base][s.path] &^ in &^ knownFields
	}
	return out
}

// applySlotGain stores what a callee put in field slot j of its receiver or argument.
func (e *engine) applySlotGain(fr *Frame, c call, j int, k Kind) {
	slots := e.paramSlots(c.fn.Type().(*types.Signature))
	if j >= len(slots) {
		return
	}
	s := slots[j]
	path := s.path
	var x ast.Expr
	switch {
	case s.param < 0 && len(c.embedded) == 0:
		x = c.recv
	case s.param < 0 && len(c.embedded) == 1 && s.path.inner == nil:
		// A setter promoted from an embedded holder: the holder is a field of recv's value.
		x, path = c.recv, fieldPath{c.embedded[0], s.path.outer}
	case s.param >= 0 && s.param < len(c.args):
		x = c.args[s.param]
	}
	if x == nil {
		return
	}
	if u, ok := ast.Unparen(x).(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = u.X
	}
	e.storeField(fr, x, path, k, true)
}

// secretFromFields: a struct value whose secret fields are known holds a literal secret only
// if one of them does (a copy of settings whose literal secret was replaced from the
// environment holds none).
func (e *engine) secretFromFields(fr *Frame, x ast.Expr, k Kind) Kind {
	t := e.r.info.TypeOf(x)
	if !k.Has(LiteralSecret) || trackedStruct(t) == nil || e.isParam(fr, x) {
		return k // a parameter's literal secret is its caller's to judge
	}
	m := e.fieldsOf(fr, x)
	secret, known := Kind(0), false
	for _, p := range e.structSlots(t) {
		f := p.outer
		if p.inner != nil {
			f = p.inner
		}
		if !secretField(f) {
			continue
		}
		if m[p]&knownFields == 0 {
			return k
		}
		secret |= m[p]
		known = true
	}
	if !known {
		return k
	}
	return k&^LiteralSecret | secret&LiteralSecret
}

// isParam reports whether x names a parameter or the receiver of fr's function.
func (e *engine) isParam(fr *Frame, x ast.Expr) bool {
	v := e.localVar(x)
	if v == nil || fr.fn == nil {
		return false
	}
	sig := fr.fn.Type().(*types.Signature)
	if sig.Recv() == v {
		return true
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if sig.Params().At(i) == v {
			return true
		}
	}
	return false
}

// replacedSlots reports, for each slot of fn, whether fn always writes that field of its
// pointer receiver (a setter): a statement of its body, not after a return. For a function of
// another package, its summary says.
func (e *engine) replacedSlots(fn *types.Func) []bool {
	if r, ok := e.replaced[fn]; ok {
		return r
	}
	sig := fn.Type().(*types.Signature)
	slots := e.paramSlots(sig)
	out := make([]bool, len(slots))
	if decl := e.r.decls[fn]; decl != nil {
		if r := sig.Recv(); r != nil {
			if _, ptr := types.Unalias(r.Type()).(*types.Pointer); ptr {
				for _, st := range decl.Body.List {
					if _, ok := st.(*ast.ReturnStmt); ok {
						break
					}
					as, ok := st.(*ast.AssignStmt)
					if !ok || as.Tok != token.ASSIGN {
						continue
					}
					for _, l := range as.Lhs {
						if v, p, ok := e.fieldTarget(l); ok && v == r {
							for j, s := range slots {
								if s.param < 0 && s.path == p {
									out[j] = true
								}
							}
						}
					}
				}
			}
		}
	} else if s := e.summary(fn); s != nil {
		for _, j := range s.Replaces {
			if j < len(out) {
				out[j] = true
			}
		}
	}
	e.replaced[fn] = out
	return out
}

// replacedBy returns the local a call of a setter is made on and the field paths it replaces.
func (e *engine) replacedBy(ce *ast.CallExpr) (*types.Var, []fieldPath) {
	sel, ok := ast.Unparen(ce.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, nil
	}
	s := e.r.info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal || len(s.Index()) != 1 {
		return nil, nil
	}
	fn, ok := s.Obj().(*types.Func)
	v := e.localVar(sel.X)
	if !ok || v == nil {
		return nil, nil
	}
	fn = fn.Origin()
	var out []fieldPath
	slots := e.paramSlots(fn.Type().(*types.Signature))
	for j, r := range e.replacedSlots(fn) {
		if r {
			out = append(out, slots[j].path)
		}
	}
	return v, out
}

// replaceFields records what a setter call writes in the fields it replaces, as a definition
// at the call (see flow.go).
func (e *engine) replaceFields(fr *Frame, c call, gains []Kind) {
	if c.recv == nil || len(c.embedded) != 0 || fr.Decl == nil {
		return
	}
	v := e.localVar(c.recv)
	if v == nil {
		return
	}
	n := paramCount(c.fn)
	slots := e.paramSlots(c.fn.Type().(*types.Signature))
	m := fieldKinds{}
	for j, r := range e.replacedSlots(c.fn) {
		if !r {
			continue
		}
		var k Kind
		if n+j < len(gains) {
			k = gains[n+j]
		}
		m[slots[j].path] = k | knownFields
	}
	if len(m) > 0 && e.mergeDef(fr, assignKey{c.expr, v}, m) {
		fr.changed = true
	}
}
