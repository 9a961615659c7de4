package provenance

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
)

// Locals are read flow-sensitively where the structure of the code makes it cheap and sure: a
// use sees the assignments that can reach it, not every assignment the variable ever gets. So
//
//	tok := ts.IDToken
//	tok = accessToken(ctx) // replaces the ID token on every path
//	link(tok)              // an access token: not reported
//
// The rule, on the typed AST (no SSA): the last assignment before the use that runs on every
// path to it (a statement of a block enclosing the use, or the Init of an if, switch or for
// enclosing it) hides the assignments before it. The assignments after it and before the use
// (in branches) reach the use, and so do those after the use inside a loop around the use that
// does not contain the hiding assignment (the next iteration). A variable assigned in a closure
// other than its own, or through &v, a range clause, an operator assignment (+=), or in a
// function with goto, is read flow-insensitively, as before: every assignment reaches every use.

// assignment is one place a local variable gets a value.
type assignment struct {
	// node is the AssignStmt or ValueSpec (the key of the per-frame kinds); nil for a
	// function's parameters and named results, assigned on entry.
	node ast.Node
	// stmt is the statement holding node (the AssignStmt, or the DeclStmt of a ValueSpec).
	stmt ast.Stmt
	// at is where the value takes effect: after its right-hand side is evaluated.
	at token.Pos
}

// flow holds what one function body needs for reaching assignments.
type flow struct {
	parent      map[ast.Node]ast.Node
	assignments map[*types.Var][]assignment // in source order
	insensitive map[*types.Var]bool
	hasGoto     bool
	// fieldWrites: the assignments to a field of a local struct (v.f = x, v.f.g = x), read
	// with v's own assignments, so that a later write replaces an earlier one
	// (fieldsInsensitive: v.f += x, or a write in a closure).
	fieldWrites       map[*types.Var][]fieldWrite
	fieldsInsensitive map[*types.Var]bool
	reached           map[reachKey][]assignment
}

// fieldWrite is an assignment to the field path of a local.
type fieldWrite struct {
	assignment
	path fieldPath
}

type reachKey struct {
	v    *types.Var
	path fieldPath
	use  *ast.Ident
}

// assignKey names one assignment of one variable in a frame's kinds.
type assignKey struct {
	node ast.Node
	v    *types.Var
}

func (e *engine) flowOf(decl *ast.FuncDecl) *flow {
	if fl, ok := e.flows[decl]; ok {
		return fl
	}
	fl := &flow{parent: map[ast.Node]ast.Node{}, assignments: map[*types.Var][]assignment{}, insensitive: map[*types.Var]bool{},
		fieldWrites: map[*types.Var][]fieldWrite{}, fieldsInsensitive: map[*types.Var]bool{}, reached: map[reachKey][]assignment{}}
	e.flows[decl] = fl
	entry := func(fields *ast.FieldList, body *ast.BlockStmt) {
		if fields == nil || body == nil {
			return
		}
		for _, f := range fields.List {
			for _, name := range f.Names {
				if v, ok := e.r.info.Defs[name].(*types.Var); ok {
					fl.assignments[v] = append(fl.assignments[v], assignment{at: body.Lbrace})
				}
			}
		}
	}
	entry(decl.Recv, decl.Body)
	entry(decl.Type.Params, decl.Body)
	entry(decl.Type.Results, decl.Body)

	var stack []ast.Node
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if len(stack) > 0 {
			fl.parent[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.FuncLit:
			entry(n.Type.Params, n.Body)
			entry(n.Type.Results, n.Body)
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if v, p, ok := e.fieldTarget(l); ok {
					fl.addField(v, p, n, n, n.Tok == token.ASSIGN, stack)
					continue
				}
				v := e.localVar(l)
				fl.add(v, n, n, n.End(), stack)
				// tok += x keeps what tok held, but its recorded kinds are those of x alone:
				// it must not hide the assignments before it.
				if v != nil && n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
					fl.insensitive[v] = true
				}
			}
		case *ast.ValueSpec:
			if len(stack) >= 3 {
				if ds, ok := stack[len(stack)-3].(*ast.DeclStmt); ok {
					for _, name := range n.Names {
						// The value takes effect at the end of its spec: a later spec of the same
						// var ( ... ) group already sees it.
						fl.add(e.localVar(name), n, ds, n.End(), stack)
					}
				}
			}
		case *ast.RangeStmt:
			for _, x := range []ast.Expr{n.Key, n.Value} {
				if v := e.localVar(x); v != nil {
					fl.insensitive[v] = true
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if v := e.localVar(n.X); v != nil {
					fl.insensitive[v] = true
				}
			}
		case *ast.ExprStmt:
			// x.SetToken(t), where SetToken always writes a field of its receiver: the call
			// replaces that field, as an assignment would.
			if ce, ok := n.X.(*ast.CallExpr); ok {
				if v, paths := e.replacedBy(ce); v != nil {
					for _, p := range paths {
						fl.addField(v, p, n, ce, true, stack)
					}
				}
			}
		case *ast.BranchStmt:
			fl.hasGoto = fl.hasGoto || n.Tok == token.GOTO
		}
		return true
	})
	for _, as := range fl.assignments {
		sort.SliceStable(as, func(i, j int) bool { return as[i].at < as[j].at })
	}
	return fl
}

// localVar returns the local variable x names, if it does.
func (e *engine) localVar(x ast.Expr) *types.Var {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok || id.Name == "_" {
		return nil
	}
	v, ok := e.r.info.ObjectOf(id).(*types.Var)
	if !ok || e.isGlobal(v) {
		return nil
	}
	return v
}

// add records an assignment of v by node (in stmt) taking effect at at; stack holds node's
// ancestors and node.
func (fl *flow) add(v *types.Var, node ast.Node, stmt ast.Stmt, at token.Pos, stack []ast.Node) {
	if v == nil {
		return
	}
	// Assigned inside a closure it was not declared in: the closure may run anywhere.
	for i := len(stack) - 1; i >= 0; i-- {
		if lit, ok := stack[i].(*ast.FuncLit); ok {
			if v.Pos() < lit.Pos() || v.Pos() >= lit.End() {
				fl.insensitive[v] = true
			}
			break
		}
	}
	fl.assignments[v] = append(fl.assignments[v], assignment{node: node, stmt: stmt, at: at})
}

// fieldTarget returns the local and the field path an assignment's left side writes.
func (e *engine) fieldTarget(l ast.Expr) (*types.Var, fieldPath, bool) {
	sel, ok := ast.Unparen(l).(*ast.SelectorExpr)
	if !ok {
		return nil, fieldPath{}, false
	}
	s := e.r.info.Selections[sel]
	if s == nil || s.Kind() != types.FieldVal || len(s.Index()) != 1 {
		return nil, fieldPath{}, false
	}
	f := s.Obj().(*types.Var)
	x := ast.Unparen(sel.X)
	if st, ok := x.(*ast.StarExpr); ok {
		x = ast.Unparen(st.X)
	}
	if v := e.localVar(x); v != nil {
		return v, fieldPath{f, nil}, true
	}
	if outer, ok := x.(*ast.SelectorExpr); ok {
		if s := e.r.info.Selections[outer]; s != nil && s.Kind() == types.FieldVal && len(s.Index()) == 1 {
			if v := e.localVar(outer.X); v != nil {
				return v, fieldPath{s.Obj().(*types.Var), f}, true
			}
		}
	}
	return nil, fieldPath{}, false
}

// addField records a write of path p of v by node; an operator assignment (v.f += x) or one
// in a closure makes v's fields read flow-insensitively.
func (fl *flow) addField(v *types.Var, p fieldPath, stmt ast.Stmt, node ast.Node, plain bool, stack []ast.Node) {
	for i := len(stack) - 1; i >= 0; i-- {
		if lit, ok := stack[i].(*ast.FuncLit); ok {
			if v.Pos() < lit.Pos() || v.Pos() >= lit.End() {
				fl.fieldsInsensitive[v] = true
			}
			break
		}
	}
	if !plain {
		fl.fieldsInsensitive[v] = true
	}
	fl.fieldWrites[v] = append(fl.fieldWrites[v], fieldWrite{assignment{node: node, stmt: stmt, at: node.End()}, p})
}

// reachingField returns the assignments of v, and the writes of its field path p (or of the
// field p is inside), that reach use; ok false when v's fields are read flow-insensitively.
func (fl *flow) reachingField(v *types.Var, p fieldPath, use *ast.Ident) ([]assignment, bool) {
	key := reachKey{v, p, use}
	if out, ok := fl.reached[key]; ok {
		return out, out != nil
	}
	var out []assignment
	ok := false
	if !fl.fieldsInsensitive[v] {
		all := append([]assignment(nil), fl.assignments[v]...)
		for _, w := range fl.fieldWrites[v] {
			if w.path == p || p.inner != nil && w.path == (fieldPath{p.outer, nil}) {
				all = append(all, w.assignment)
			}
		}
		sort.SliceStable(all, func(i, j int) bool { return all[i].at < all[j].at })
		out, ok = fl.reachingIn(all, v, use)
		if ok && out == nil {
			out = []assignment{}
		}
	}
	fl.reached[key] = out
	return out, ok
}

// reaching returns the assignments of v that reach use, or ok false when v is read
// flow-insensitively.
func (fl *flow) reaching(v *types.Var, use *ast.Ident) (out []assignment, ok bool) {
	return fl.reachingIn(fl.assignments[v], v, use)
}

// reachingIn returns which of all, the assignments of v in source order, reach use.
func (fl *flow) reachingIn(all []assignment, v *types.Var, use *ast.Ident) (out []assignment, ok bool) {
	if fl.hasGoto || fl.insensitive[v] || len(all) == 0 {
		return nil, false
	}
	// A use in a closure of a variable declared outside it sees whatever was assigned last
	// when the closure runs.
	if lit := fl.enclosingFuncLit(use); lit != nil && (v.Pos() < lit.Pos() || v.Pos() >= lit.End()) {
		return nil, false
	}
	hide := -1
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].at <= use.Pos() && fl.onEveryPath(all[i], use) {
			hide = i
			break
		}
	}
	for i, a := range all {
		switch {
		case i == hide:
			out = append(out, a)
		case a.at <= use.Pos() && i > hide:
			out = append(out, a) // between the hiding assignment and the use: in a branch
		case a.at > use.Pos() && fl.nextIteration(a, use, all, hide):
			out = append(out, a)
		}
	}
	return out, true
}

// onEveryPath reports whether a runs on every path from the start of the function to use,
// which a precedes.
func (fl *flow) onEveryPath(a assignment, use ast.Node) bool {
	if a.node == nil {
		return true // entry
	}
	stmt := ast.Node(a.stmt)
	p := fl.parent[stmt]
	if l, ok := p.(*ast.LabeledStmt); ok {
		stmt, p = l, fl.parent[l]
	}
	switch p := p.(type) {
	case *ast.BlockStmt, *ast.CaseClause:
		return fl.within(use, p)
	case *ast.CommClause:
		return fl.within(use, p)
	case *ast.IfStmt:
		return p.Init == stmt && fl.within(use, p)
	case *ast.SwitchStmt:
		return p.Init == stmt && fl.within(use, p)
	case *ast.TypeSwitchStmt:
		return p.Init == stmt && fl.within(use, p)
	case *ast.ForStmt:
		return p.Init == stmt && fl.within(use, p)
	}
	return false
}

// nextIteration reports whether a, which follows use, reaches it around a loop: a loop that
// encloses both and does not also enclose the hiding assignment in its body.
func (fl *flow) nextIteration(a assignment, use ast.Node, all []assignment, hide int) bool {
	for n := fl.parent[use]; n != nil; n = fl.parent[n] {
		var body ast.Node
		switch l := n.(type) {
		case *ast.ForStmt:
			body = l.Body
		case *ast.RangeStmt:
			body = l.Body
		case *ast.FuncLit:
			return false
		default:
			continue
		}
		if a.at >= n.End() {
			continue
		}
		if hide >= 0 && all[hide].node != nil && fl.within(all[hide].stmt, body) {
			return false // the hiding assignment runs again before the use
		}
		return true
	}
	return false
}

// within reports whether n is anc or inside it.
func (fl *flow) within(n, anc ast.Node) bool {
	for ; n != nil; n = fl.parent[n] {
		if n == anc {
			return true
		}
	}
	return false
}

func (fl *flow) enclosingFuncLit(n ast.Node) *ast.FuncLit {
	for n = fl.parent[n]; n != nil; n = fl.parent[n] {
		if lit, ok := n.(*ast.FuncLit); ok {
			return lit
		}
	}
	return nil
}
