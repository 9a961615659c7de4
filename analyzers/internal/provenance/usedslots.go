package provenance

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// A frame's slots that its function never reads (a method of a large client that reads one
// field of it, or none) are dropped from its arguments, so that probing a summary does not
// evaluate every callee again for each field it probes. Which slots a function reads is
// read from its body: a field selected on the receiver or parameter, or the value given to a
// function of the package, whose own reads then count; any other use of the value reads all
// of its fields.

// usedSlots reports, for each slot of fn, whether fn (or a function of the package it gives
// the value to) may read it.
func (e *engine) usedSlots(fn *types.Func) []bool {
	if u, ok := e.used[fn]; ok {
		if u == nil { // being computed: a recursive call reads what the outer one does
			return e.allSlots(fn)
		}
		return u
	}
	sig := fn.Type().(*types.Signature)
	slots := e.paramSlots(sig)
	if len(slots) == 0 {
		return nil
	}
	decl := e.r.decls[fn]
	if decl == nil {
		return e.allSlots(fn)
	}
	e.used[fn] = nil
	out := make([]bool, len(slots))
	bases := map[*types.Var]bool{}
	if r := sig.Recv(); r != nil {
		bases[r] = true
	}
	for i := 0; i < sig.Params().Len(); i++ {
		bases[sig.Params().At(i)] = true
	}
	mark := func(base *types.Var, uses func(p fieldPath) bool) {
		for j, s := range slots {
			b := sig.Recv()
			if s.param >= 0 {
				b = sig.Params().At(s.param)
			}
			if b == base && uses(s.path) {
				out[j] = true
			}
		}
	}
	var stack []ast.Node
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		v, ok := e.r.info.Uses[id].(*types.Var)
		if !ok || !bases[v] {
			return true
		}
		mark(v, e.identUses(stack, id))
		return true
	})
	e.used[fn] = out
	return out
}

// identUses returns which field paths of a receiver or parameter one use of it (id, at the
// top of stack) reads.
func (e *engine) identUses(stack []ast.Node, id *ast.Ident) func(fieldPath) bool {
	all := func(fieldPath) bool { return true }
	parent := func(up int) ast.Node {
		i := len(stack) - 1 - up
		for i >= 0 {
			if _, paren := stack[i].(*ast.ParenExpr); !paren {
				return stack[i]
			}
			i--
			up++
		}
		return nil
	}
	p1 := parent(1)
	if sel, ok := p1.(*ast.SelectorExpr); ok && sel.X != nil && ast.Unparen(sel.X) == id {
		s := e.r.info.Selections[sel]
		if s == nil {
			return all
		}
		switch s.Kind() {
		case types.FieldVal:
			if len(s.Index()) != 1 {
				return all
			}
			f := s.Obj().(*types.Var)
			if sel2, ok := parent(2).(*ast.SelectorExpr); ok && ast.Unparen(sel2.X) == sel {
				if s2 := e.r.info.Selections[sel2]; s2 != nil && s2.Kind() == types.FieldVal && len(s2.Index()) == 1 {
					g := s2.Obj().(*types.Var)
					return func(p fieldPath) bool { return p.outer == f && (p.inner == g || p.inner == nil) }
				}
			}
			return func(p fieldPath) bool { return p.outer == f }
		case types.MethodVal:
			ce, ok := parent(2).(*ast.CallExpr)
			m, isFn := s.Obj().(*types.Func)
			if !ok || ast.Unparen(ce.Fun) != sel || !isFn || len(s.Index()) != 1 {
				return all
			}
			return e.calleeUses(m.Origin(), -1)
		}
		return all
	}
	// The value (or its address) given to a function as an argument.
	arg, up := ast.Expr(id), 1
	if u, ok := p1.(*ast.UnaryExpr); ok && u.Op == token.AND && ast.Unparen(u.X) == id {
		arg, up = u, 2
	}
	if ce, ok := parent(up).(*ast.CallExpr); ok {
		for i, a := range ce.Args {
			if ast.Unparen(a) != arg {
				continue
			}
			fn, ok := calleeOf(e.r.info, ce)
			if !ok || (len(ce.Args) == 1 && paramCount(fn) > 1) {
				return all
			}
			return e.calleeUses(fn, min(i, paramCount(fn)-1))
		}
	}
	return all
}

// calleeUses returns which field paths a local callee reads of its receiver (param -1) or
// parameter; a function of another package may read any.
func (e *engine) calleeUses(fn *types.Func, param int) func(fieldPath) bool {
	all := func(fieldPath) bool { return true }
	if _, local := e.r.decls[fn]; !local {
		return all
	}
	sig := fn.Type().(*types.Signature)
	if param >= sig.Params().Len() || (param < 0 && sig.Recv() == nil) {
		return all
	}
	used := e.usedSlots(fn)
	read := map[fieldPath]bool{}
	for j, s := range e.paramSlots(sig) {
		if s.param == param && j < len(used) && used[j] {
			read[s.path] = true
		}
	}
	// The callee's slots of that parameter are the caller's paths of the same struct type; a
	// path the callee has no slot for (past maxSlots) counts as read.
	known := map[fieldPath]bool{}
	for _, s := range e.paramSlots(sig) {
		if s.param == param {
			known[s.path] = true
		}
	}
	return func(p fieldPath) bool { return read[p] || !known[p] }
}

func (e *engine) allSlots(fn *types.Func) []bool {
	out := make([]bool, len(e.paramSlots(fn.Type().(*types.Signature))))
	for i := range out {
		out[i] = true
	}
	return out
}

// canonArgs drops the slots fn does not read from its arguments.
func (e *engine) canonArgs(fn *types.Func, args []Kind) []Kind {
	used := e.usedSlots(fn)
	n := paramCount(fn)
	var out []Kind
	for j, u := range used {
		if !u && n+j < len(args) && args[n+j] != 0 {
			if out == nil {
				out = append([]Kind(nil), args...)
			}
			out[n+j] = 0
		}
	}
	if out == nil {
		return args
	}
	return out
}

// calleeOf returns the function a call calls statically, if it does.
func calleeOf(info *types.Info, ce *ast.CallExpr) (*types.Func, bool) {
	fn, ok := typeutil.Callee(info, ce).(*types.Func)
	if !ok {
		return nil, false
	}
	return fn.Origin(), true
}

// contextLimit is how many frames of one function are evaluated before its slots are left
// unknown, and four times that before all its arguments are (see eval): per round of the
// package's evaluation, and per summary, whose probes give its callees many contexts.
func (e *engine) contextLimit() int {
	if e.summarizing != nil {
		return 128
	}
	return 32
}

// widen returns the arguments with the slots unknown, and with all, nothing known.
func widen(fn *types.Func, args []Kind, all bool) []Kind {
	out := make([]Kind, len(args))
	if !all {
		copy(out, args[:min(paramCount(fn), len(args))])
	}
	return out
}
