// Package structlit reads keyed struct literals, where SDK configuration is usually written
// (management.UserIdentityLink{...}, clientcredentials.Config{...}).
package structlit

import "go/ast"

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
