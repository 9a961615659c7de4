package provenance

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/sdk"
	"github.com/auth0-migrate/auth0audit/analyzers/internal/structlit"
)

// engine evaluates function bodies per calling context, memoized by (function, argument
// kinds). A frame still being evaluated is returned as it stands, which makes recursion
// terminate; the fixpoints in eval and run complete it.
type engine struct {
	mu             sync.Mutex // guards everything below once run has returned
	r              *Result
	memo           map[string]*Frame
	globalsChanged bool
	tags           map[*types.Var]bool // field -> has json:"id_token"
	flows          map[*ast.FuncDecl]*flow
}

func frameKey(fn *types.Func, args []Kind) string {
	return fmt.Sprintf("%p%v", fn, args)
}

func (e *engine) eval(fn *types.Func, args []Kind) *Frame {
	key := frameKey(fn, args)
	if fr, ok := e.memo[key]; ok {
		return fr
	}
	decl := e.r.decls[fn]
	sig := fn.Type().(*types.Signature)
	fr := &Frame{Decl: decl, args: args, env: map[*types.Var]Kind{}, kinds: map[assignKey]Kind{}, eng: e,
		results: make([]Kind, sig.Results().Len())}
	e.memo[key] = fr
	for i := 0; i < sig.Params().Len() && i < len(args); i++ {
		fr.env[sig.Params().At(i)] = args[i]
		fr.kinds[assignKey{nil, sig.Params().At(i)}] = args[i]
	}
	for iter := 0; iter < 8; iter++ {
		fr.changed = false
		e.walk(fr, decl.Body)
		if !fr.changed {
			break
		}
	}
	return fr
}

// walk visits a function body once, recording assignments, returns, struct literals and
// calls into package-local functions (so they are evaluated in this context too).
func (e *engine) walk(fr *Frame, body *ast.BlockStmt) {
	var visit func(n ast.Node, inLit bool)
	visit = func(root ast.Node, inLit bool) {
		ast.Inspect(root, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				if n != root {
					visit(n.Body, true)
					return false
				}
			case *ast.AssignStmt:
				e.assign(fr, n, n.Lhs, n.Rhs)
			case *ast.ValueSpec:
				e.valueSpec(fr, n)
			case *ast.ReturnStmt:
				if !inLit {
					e.ret(fr, n)
				}
			case *ast.CompositeLit:
				e.structLit(fr, n)
			case *ast.CallExpr:
				if fn := e.localCallee(n); fn != nil {
					e.eval(fn, e.callArgs(fr, fn, n))
				}
			}
			return true
		})
	}
	visit(body, false)
}

// assign records what node (an AssignStmt or ValueSpec) assigns to lhs.
func (e *engine) assign(fr *Frame, node ast.Node, lhs, rhs []ast.Expr) {
	if len(lhs) == len(rhs) {
		for i := range lhs {
			e.mark(fr, node, lhs[i], e.kind(fr, rhs[i]))
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

func (e *engine) valueSpec(fr *Frame, vs *ast.ValueSpec) {
	lhs := make([]ast.Expr, len(vs.Names))
	for i, n := range vs.Names {
		lhs[i] = n
	}
	if len(vs.Values) > 0 {
		e.assign(fr, vs, lhs, vs.Values)
	}
}

func (e *engine) ret(fr *Frame, rs *ast.ReturnStmt) {
	if fr.Decl == nil {
		return
	}
	var ks []Kind
	switch {
	case len(rs.Results) == 0:
		// Bare return: the named results.
		sig := e.r.info.Defs[fr.Decl.Name].Type().(*types.Signature)
		for i := 0; i < sig.Results().Len(); i++ {
			ks = append(ks, fr.env[sig.Results().At(i)])
		}
	case len(rs.Results) == 1 && len(fr.results) > 1:
		ks = e.kinds(fr, rs.Results[0], len(fr.results))
	default:
		for _, x := range rs.Results {
			ks = append(ks, e.kind(fr, x))
		}
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
	for i, elt := range lit.Elts {
		var field *types.Var
		val := elt
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			id, ok := kv.Key.(*ast.Ident)
			if !ok {
				continue
			}
			field, _ = e.r.info.Uses[id].(*types.Var)
			val = kv.Value
		} else if i < st.NumFields() {
			field = st.Field(i)
		}
		if field != nil {
			e.setGlobal(field, e.kind(fr, val))
		}
	}
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
		}
	}
}

func (e *engine) isGlobal(v *types.Var) bool {
	return v.IsField() || (v.Pkg() != nil && v.Parent() == v.Pkg().Scope())
}

// setGlobal records k for a field or package variable of this package; facts about other
// packages' fields are never invented (storing an ID token in an oauth2.Token does not make
// every AccessToken an ID token).
func (e *engine) setGlobal(v *types.Var, k Kind) {
	if k == 0 || v.Pkg() != e.r.pkg || !e.isGlobal(v) {
		return
	}
	if e.r.globals[v]|k != e.r.globals[v] {
		e.r.globals[v] |= k
		e.globalsChanged = true
	}
}

func (e *engine) varKind(fr *Frame, v *types.Var) Kind {
	if e.isGlobal(v) {
		return e.r.globals[v]
	}
	return fr.env[v]
}

// identKind returns the kinds of v where use reads it: from the assignments that reach the
// use when flow.go can tell which, else from all of them.
func (e *engine) identKind(fr *Frame, v *types.Var, use *ast.Ident) Kind {
	if e.isGlobal(v) || fr.Decl == nil {
		return e.varKind(fr, v)
	}
	reaching, ok := e.flowOf(fr.Decl).reaching(v, use)
	if !ok {
		return fr.env[v]
	}
	var k Kind
	for _, a := range reaching {
		k |= fr.kinds[assignKey{a.node, v}]
	}
	return k
}

// kind returns the kinds of a single-valued expression.
func (e *engine) kind(fr *Frame, x ast.Expr) Kind {
	switch x := x.(type) {
	case *ast.Ident:
		if v, ok := e.r.info.ObjectOf(x).(*types.Var); ok {
			return e.identKind(fr, v, x)
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
			return (e.kind(fr, x.X) | e.kind(fr, x.Y)) & stringKinds
		}
	case *ast.SelectorExpr:
		return e.selectorKind(fr, x)
	case *ast.CallExpr:
		return e.kinds(fr, x, 1)[0]
	case *ast.IndexExpr:
		// tokenResponse["id_token"] on a decoded token response.
		if t := e.r.info.TypeOf(x.X); t != nil && isMap(t) && constString(e.r.info, x.Index) == "id_token" {
			return IDToken
		}
	case *ast.CompositeLit:
		return e.compositeKind(fr, x)
	}
	return 0
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
	k := e.r.globals[field]
	if e.taggedIDToken(sel) {
		k |= IDToken
	}
	if field.Name() == "AccessToken" && isTokenType(sel.Recv()) {
		k |= carry(e.kind(fr, x.X), IDTokenBearer, IDToken, UserScopedToken, UserScopedAccessToken)
	}
	return k
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

func (e *engine) compositeKind(fr *Frame, lit *ast.CompositeLit) Kind {
	t := e.r.info.TypeOf(lit)
	switch {
	case sdk.IsNamed(t, sdk.OAuth2, "Token"):
		return carry(e.fieldValueKind(fr, lit, "AccessToken"), IDToken, IDTokenBearer, UserScopedAccessToken, UserScopedToken)
	case sdk.IsNamed(t, sdk.OAuth2, "Config"):
		if v := structlit.Field(lit, "Scopes"); v != nil && e.scopesRequestUserLink(v) {
			return UserScopedRequest
		}
	case isAuth0OAuthRequest(t):
		if v := structlit.Field(lit, "Scope"); v != nil && sdk.UserScoped(constString(e.r.info, v)) {
			return UserScopedRequest
		}
	}
	return 0
}

func isAuth0OAuthRequest(t types.Type) bool {
	n, ok := types.Unalias(deref(t)).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	p := n.Obj().Pkg().Path()
	return p == sdk.V1OAuth || p == sdk.V3OAuth
}

func (e *engine) scopesRequestUserLink(v ast.Expr) bool {
	lit, ok := ast.Unparen(v).(*ast.CompositeLit)
	if !ok {
		return false
	}
	var scopes []string
	for _, el := range lit.Elts {
		scopes = append(scopes, constString(e.r.info, el))
	}
	return sdk.UserScoped(scopes...)
}

func (e *engine) fieldValueKind(fr *Frame, lit *ast.CompositeLit, name string) Kind {
	if v := structlit.Field(lit, name); v != nil {
		return e.kind(fr, v)
	}
	return 0
}

func (e *engine) localCallee(call *ast.CallExpr) *types.Func {
	fn, ok := typeutil.Callee(e.r.info, call).(*types.Func)
	if !ok {
		return nil
	}
	fn = fn.Origin()
	if _, ok := e.r.decls[fn]; !ok {
		return nil
	}
	return fn
}

// callArgs returns the argument kinds of a call to a package-local function; variadic extras
// are merged into the last parameter.
func (e *engine) callArgs(fr *Frame, fn *types.Func, call *ast.CallExpr) []Kind {
	n := paramCount(fn)
	args := make([]Kind, n)
	if n == 0 {
		return args
	}
	if len(call.Args) == 1 && n > 1 {
		// f(g()) with a multi-valued g.
		copy(args, e.kinds(fr, call.Args[0], n))
		return args
	}
	for i, a := range call.Args {
		j := i
		if j >= n {
			j = n - 1
		}
		args[j] |= e.kind(fr, a)
	}
	return args
}

// kinds returns the kinds of the n values of x (a call, or a comma-ok form).
func (e *engine) kinds(fr *Frame, x ast.Expr, n int) []Kind {
	out := make([]Kind, max(n, 1))
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		out[0] = e.kind(fr, x)
		return out
	}
	if tv, ok := e.r.info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 {
			out[0] = e.kind(fr, call.Args[0])
		}
		return out
	}
	if fn := e.localCallee(call); fn != nil {
		callee := e.eval(fn, e.callArgs(fr, fn, call))
		copy(out, callee.results)
		return out
	}
	fn, _ := typeutil.Callee(e.r.info, call).(*types.Func)
	if fn == nil {
		return out
	}
	out[0] = e.sdkCall(fr, fn, call)
	return out
}

// sdkCall applies the rules for calls into the SDKs and the standard library.
func (e *engine) sdkCall(fr *Frame, fn *types.Func, call *ast.CallExpr) Kind {
	arg := func(i int) Kind {
		if i < len(call.Args) {
			return e.kind(fr, call.Args[i])
		}
		return 0
	}
	allArgs := func() Kind {
		var k Kind
		for i := range call.Args {
			k |= arg(i)
		}
		return k
	}
	recv := func() Kind {
		if s, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			return e.kind(fr, s.X)
		}
		return 0
	}
	switch {
	case sdk.IsMethod(fn, sdk.OAuth2, "Token", "Extra"):
		if len(call.Args) == 1 && constString(e.r.info, call.Args[0]) == "id_token" {
			return IDToken
		}
	case sdk.IsFunc(fn, sdk.Fmt, "Sprintf", "Sprint", "Sprintln"),
		sdk.IsFunc(fn, "strings", "TrimSpace", "TrimPrefix", "TrimSuffix", "Clone", "Join"):
		return allArgs() & stringKinds
	case sdk.IsFunc(fn, sdk.OAuth2, "StaticTokenSource", "ReuseTokenSource"):
		return carry(allArgs(), IDTokenBearer, IDTokenSource, UserScopedToken, UserScopedSource, IDTokenSource, IDTokenSource, UserScopedSource, UserScopedSource)
	case sdk.IsFunc(fn, sdk.OAuth2, "NewClient"):
		return carry(arg(1), IDTokenSource, IDTokenHTTPClient, UserScopedSource, UserScopedHTTPClient)
	case sdk.IsMethod(fn, sdk.OAuth2, "Config", "Exchange", "PasswordCredentialsToken"):
		return carry(recv(), UserScopedRequest, UserScopedToken)
	case sdk.IsMethod(fn, sdk.OAuth2, "Config", "Client"):
		return carry(arg(1), IDTokenBearer, IDTokenHTTPClient, UserScopedToken, UserScopedHTTPClient)
	case sdk.IsMethod(fn, sdk.OAuth2, "Config", "TokenSource"):
		return carry(arg(1), IDTokenBearer, IDTokenSource, UserScopedToken, UserScopedSource)
	case sdk.IsMethod(fn, sdk.OAuth2, "TokenSource", "Token"):
		return carry(recv(), IDTokenSource, IDTokenBearer, UserScopedSource, UserScopedToken)
	case sdk.ManagementTokenOption(fn):
		return carry(arg(0), IDToken, IDTokenManagement, UserScopedAccessToken, UserScopedManagement)
	case sdk.ManagementTokenSourceOption(fn):
		return carry(arg(0), IDTokenSource, IDTokenManagement, UserScopedSource, UserScopedManagement)
	case sdk.ManagementHTTPClientOption(fn):
		return carry(arg(0), IDTokenHTTPClient, IDTokenManagement, UserScopedHTTPClient, UserScopedManagement)
	case sdk.ManagementConstructor(fn):
		return allArgs() & (IDTokenManagement | UserScopedManagement)
	case returnsTokenSet(fn):
		// go-auth0 authentication: a token request asking for the user-scoped scope.
		return carry(allArgs(), UserScopedRequest, UserScopedToken)
	}
	return 0
}

func returnsTokenSet(fn *types.Func) bool {
	res := fn.Type().(*types.Signature).Results()
	return res.Len() > 0 && (sdk.IsNamed(res.At(0).Type(), sdk.V1OAuth, "TokenSet") || sdk.IsNamed(res.At(0).Type(), sdk.V3OAuth, "TokenSet"))
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
