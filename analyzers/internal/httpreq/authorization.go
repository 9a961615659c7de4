package httpreq

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/sdk"
)

// AuthSink is a place that sets a request's Authorization header.
type AuthSink struct {
	Node  ast.Node   // where to report
	Req   ast.Expr   // the *http.Request whose header is set
	Value []ast.Expr // the header values
}

// AuthorizationSinks finds, in body, the Authorization header being set on a request:
// req.Header.Set/Add("Authorization", v), req.Header["Authorization"] = []string{v}, and
// req.Header = http.Header{"Authorization": {v}}.
func AuthorizationSinks(info *types.Info, body *ast.BlockStmt) []AuthSink {
	var out []AuthSink
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			fn := typeutil.Callee(info, n)
			if !sdk.IsMethod(fn, sdk.NetHTTP, "Header", "Set", "Add") || len(n.Args) != 2 || !isAuthorization(info, n.Args[0]) {
				return true
			}
			if req := RequestOfHeader(info, n.Fun.(*ast.SelectorExpr).X); req != nil {
				out = append(out, AuthSink{Node: n, Req: req, Value: []ast.Expr{n.Args[1]}})
			}
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, l := range n.Lhs {
				switch l := ast.Unparen(l).(type) {
				case *ast.IndexExpr:
					if !isAuthorization(info, l.Index) {
						continue
					}
					if req := RequestOfHeader(info, l.X); req != nil {
						out = append(out, AuthSink{Node: n, Req: req, Value: elements(n.Rhs[i])})
					}
				case *ast.SelectorExpr:
					if req := RequestOfHeader(info, l); req != nil {
						if lit, ok := ast.Unparen(n.Rhs[i]).(*ast.CompositeLit); ok {
							for _, el := range lit.Elts {
								if kv, ok := el.(*ast.KeyValueExpr); ok && isAuthorization(info, kv.Key) {
									out = append(out, AuthSink{Node: kv, Req: req, Value: elements(kv.Value)})
								}
							}
						}
					}
				}
			}
		}
		return true
	})
	return out
}

// elements returns the values of a []string literal, or x itself.
func elements(x ast.Expr) []ast.Expr {
	if lit, ok := ast.Unparen(x).(*ast.CompositeLit); ok {
		return lit.Elts
	}
	return []ast.Expr{x}
}

func isAuthorization(info *types.Info, x ast.Expr) bool {
	f := Func{info: info}
	return strings.EqualFold(f.constString(x), "Authorization")
}

// RequestOfHeader returns R for an expression R.Header where R is an *http.Request.
func RequestOfHeader(info *types.Info, x ast.Expr) ast.Expr {
	sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Header" {
		return nil
	}
	if !sdk.IsNamed(info.TypeOf(sel.X), sdk.NetHTTP, "Request") {
		return nil
	}
	return sel.X
}

// DoRequest returns the request argument of (*http.Client).Do, and the client expression.
func DoRequest(info *types.Info, call *ast.CallExpr) (client, req ast.Expr, ok bool) {
	fn := typeutil.Callee(info, call)
	if !sdk.IsMethod(fn, sdk.NetHTTP, "Client", "Do") || len(call.Args) != 1 {
		return nil, nil, false
	}
	return call.Fun.(*ast.SelectorExpr).X, call.Args[0], true
}
