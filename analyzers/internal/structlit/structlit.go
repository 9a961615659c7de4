// Package structlit reads keyed struct literals, where SDK configuration is usually written
// (management.UserIdentityLink{...}, clientcredentials.Config{...}).
package structlit

import (
	"go/ast"
	"go/types"
)

// Field returns the value given to the named field in a keyed struct literal, or nil.
func Field(lit *ast.CompositeLit, name string) ast.Expr {
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == name {
				return kv.Value
			}
		}
	}
	return nil
}

// Fields calls f with each field a struct literal sets and the value it is given, keyed or
// positional. st is the literal's struct type; keys are resolved through info.
func Fields(info *types.Info, lit *ast.CompositeLit, st *types.Struct, f func(field *types.Var, val ast.Expr)) {
	for i, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				if field, ok := info.Uses[id].(*types.Var); ok {
					f(field, kv.Value)
				}
			}
			continue
		}
		if st != nil && i < st.NumFields() {
			f(st.Field(i), el)
		}
	}
}
