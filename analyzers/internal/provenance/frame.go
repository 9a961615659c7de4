package provenance

import "go/ast"

// ClientKind returns the kinds of the client an SDK call is made on: every level of the
// receiver chain (m.User, s.mgmt.Users.Identities) and any per-request options among the
// arguments.
func (f *Frame) ClientKind(call *ast.CallExpr) Kind {
	var k Kind
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		for x := sel.X; ; {
			k |= f.Kind(x)
			s, ok := ast.Unparen(x).(*ast.SelectorExpr)
			if !ok {
				break
			}
			x = s.X
		}
	}
	for _, a := range call.Args {
		k |= f.Kind(a) & (IDTokenManagement | UserScopedManagement)
	}
	return k
}

// KindOfAny returns the union of the kinds of xs.
func (f *Frame) KindOfAny(xs []ast.Expr) Kind {
	var k Kind
	for _, x := range xs {
		k |= f.Kind(x)
	}
	return k
}
