// Package httpreq recovers, from the typed AST of one function, what a net/http request is:
// its method, a template of its URL and the JSON keys of its body, as far as constants and
// local definitions tell. Unknown parts stay unknown; callers stay silent on them.
package httpreq

import (
	"encoding/json"
	"go/ast"
	"go/constant"
	"go/types"
	"reflect"
	"regexp"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/auth0-migrate/auth0audit/analyzers/internal/sdk"
)

// Hole stands for an unknown part of a URL template.
const Hole = "\x00"

// Request is what is known about one http.NewRequest call.
type Request struct {
	Call   *ast.CallExpr
	Method string // upper case; "" when not a constant
	URL    string // template; Hole marks unknown parts
	Body   ast.Expr
}

// Func holds the local definitions of one function body.
type Func struct {
	info *types.Info
	body *ast.BlockStmt
	// defs maps a local variable to the right-hand sides assigned to it (with the value index
	// for multi-valued right-hand sides).
	defs map[*types.Var][]def
	// fieldSets maps a local variable to the struct fields assigned through it (v.F = ...).
	fieldSets map[*types.Var][]*types.Var
}

type def struct {
	rhs   ast.Expr
	index int // which value of a multi-valued rhs, or -1
}

// NewFunc indexes the assignments of body.
func NewFunc(info *types.Info, body *ast.BlockStmt) *Func {
	f := &Func{info: info, body: body, defs: map[*types.Var][]def{}, fieldSets: map[*types.Var][]*types.Var{}}
	add := func(lhs []ast.Expr, rhs []ast.Expr) {
		for i, l := range lhs {
			switch l := ast.Unparen(l).(type) {
			case *ast.Ident:
				v, ok := info.ObjectOf(l).(*types.Var)
				if !ok {
					continue
				}
				if len(lhs) == len(rhs) {
					f.defs[v] = append(f.defs[v], def{rhs[i], -1})
				} else if len(rhs) == 1 {
					f.defs[v] = append(f.defs[v], def{rhs[0], i})
				}
			case *ast.SelectorExpr:
				if id, ok := ast.Unparen(l.X).(*ast.Ident); ok {
					if v, ok := info.ObjectOf(id).(*types.Var); ok {
						if fv, ok := info.ObjectOf(l.Sel).(*types.Var); ok && fv.IsField() {
							f.fieldSets[v] = append(f.fieldSets[v], fv)
						}
					}
				}
			}
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			add(n.Lhs, n.Rhs)
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			add(lhs, n.Values)
		case *ast.UnaryExpr:
			// &v lets anything write v: it no longer has a single known definition.
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op.String() == "&" {
				if v, ok := info.ObjectOf(id).(*types.Var); ok {
					f.defs[v] = append(f.defs[v], def{nil, -1}, def{nil, -1})
				}
			}
		}
		return true
	})
	return f
}

// localVar returns the variable x names, if it names one.
func (f *Func) localVar(x ast.Expr) (*types.Var, bool) {
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return nil, false
	}
	v, ok := f.info.ObjectOf(id).(*types.Var)
	return v, ok
}

// onlyDef returns the definition in ds when there is exactly one and it has a value.
func onlyDef(ds []def) (def, bool) {
	if len(ds) != 1 || ds[0].rhs == nil {
		return def{}, false
	}
	return ds[0], true
}

// singleDef returns the only definition of a local variable, if it has exactly one.
func (f *Func) singleDef(x ast.Expr) (def, bool) {
	v, ok := f.localVar(x)
	if !ok {
		return def{}, false
	}
	return onlyDef(f.defs[v])
}

// requestDef is singleDef for a request variable, ignoring the reassignments that keep the
// same request: req = req.WithContext(ctx), req = req.Clone(ctx).
func (f *Func) requestDef(x ast.Expr) (def, bool) {
	v, ok := f.localVar(x)
	if !ok {
		return def{}, false
	}
	var only []def
	for _, d := range f.defs[v] {
		if call, ok := ast.Unparen(d.rhs).(*ast.CallExpr); ok && d.index < 0 && sdk.IsMethod(typeutil.Callee(f.info, call), sdk.NetHTTP, "Request", "WithContext", "Clone") {
			if recv, ok := ast.Unparen(call.Fun.(*ast.SelectorExpr).X).(*ast.Ident); ok && f.info.ObjectOf(recv) == v {
				continue
			}
		}
		only = append(only, d)
	}
	return onlyDef(only)
}

// Request resolves the expression of an *http.Request to the http.NewRequest call that made it.
func (f *Func) Request(x ast.Expr) (Request, bool) {
	x = ast.Unparen(x)
	if s, ok := x.(*ast.StarExpr); ok {
		x = s.X
	}
	d, ok := f.requestDef(x)
	if !ok {
		return Request{}, false
	}
	call, ok := ast.Unparen(d.rhs).(*ast.CallExpr)
	if !ok || d.index > 0 {
		return Request{}, false
	}
	fn := typeutil.Callee(f.info, call)
	var m, u, b int
	switch {
	case sdk.IsFunc(fn, sdk.NetHTTP, "NewRequest"):
		m, u, b = 0, 1, 2
	case sdk.IsFunc(fn, sdk.NetHTTP, "NewRequestWithContext"):
		m, u, b = 1, 2, 3
	default:
		return Request{}, false
	}
	if len(call.Args) <= b {
		return Request{}, false
	}
	return Request{
		Call:   call,
		Method: strings.ToUpper(f.constString(call.Args[m])),
		URL:    f.Template(call.Args[u], 0),
		Body:   call.Args[b],
	}, true
}

func (f *Func) constString(x ast.Expr) string {
	if tv, ok := f.info.Types[x]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value)
	}
	return ""
}

var verb = regexp.MustCompile(`%[-+# 0]*[0-9*]*(?:\.[0-9*]+)?[a-zA-Z%]`)

// Template renders a string expression with constants filled in and Hole for the rest.
func (f *Func) Template(x ast.Expr, depth int) string {
	if depth > 8 {
		return Hole
	}
	if tv, ok := f.info.Types[x]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value)
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.BinaryExpr:
		if x.Op.String() == "+" {
			return f.Template(x.X, depth+1) + f.Template(x.Y, depth+1)
		}
	case *ast.Ident:
		if d, ok := f.singleDef(x); ok {
			switch d.index {
			case -1:
				return f.Template(d.rhs, depth+1)
			case 0:
				// u, err := url.JoinPath(base, elems...)
				if call, ok := ast.Unparen(d.rhs).(*ast.CallExpr); ok && sdk.IsFunc(typeutil.Callee(f.info, call), "net/url", "JoinPath") && len(call.Args) > 0 {
					parts := []string{strings.TrimSuffix(f.Template(call.Args[0], depth+1), "/")}
					for _, a := range call.Args[1:] {
						parts = append(parts, strings.Trim(f.Template(a, depth+1), "/"))
					}
					return strings.Join(parts, "/")
				}
			}
		}
	case *ast.CallExpr:
		fn := typeutil.Callee(f.info, x)
		switch {
		case sdk.IsFunc(fn, sdk.Fmt, "Sprintf") && len(x.Args) > 0:
			format := f.constString(x.Args[0])
			if format == "" {
				return Hole
			}
			args := x.Args[1:]
			return verb.ReplaceAllStringFunc(format, func(v string) string {
				if v == "%%" {
					return "%"
				}
				if len(args) == 0 {
					return Hole
				}
				a := args[0]
				args = args[1:]
				return f.Template(a, depth+1)
			})
		case sdk.IsFunc(fn, "strings", "ReplaceAll", "Replace") && len(x.Args) >= 3:
			// strings.Replace(tmpl, "{id}", id, -1) on a URL template.
			old := f.constString(x.Args[1])
			if old == "" {
				return Hole
			}
			return strings.ReplaceAll(f.Template(x.Args[0], depth+1), old, f.Template(x.Args[2], depth+1))
		case sdk.IsFunc(fn, "net/url", "JoinPath") && len(x.Args) > 0:
			parts := []string{strings.TrimSuffix(f.Template(x.Args[0], depth+1), "/")}
			for _, a := range x.Args[1:] {
				parts = append(parts, strings.Trim(f.Template(a, depth+1), "/"))
			}
			return strings.Join(parts, "/")
		case sdk.IsFunc(fn, "net/url", "PathEscape", "QueryEscape"):
			return Hole
		case sdk.IsFunc(fn, "path", "Join"):
			parts := make([]string, len(x.Args))
			for i, a := range x.Args {
				parts[i] = strings.Trim(f.Template(a, depth+1), "/")
			}
			return "/" + strings.Join(parts, "/")
		}
	}
	return Hole
}

var identitiesPath = regexp.MustCompile(`/api/v2/users/[^/?#]+/identities(/[^/?#]+/[^/?#]+)?/?$`)

// IdentityOp classifies a request: a Management API link (POST .../identities) or unlink
// (DELETE .../identities/{provider}/{user_id}). A method that is not a constant is decided by
// the path; a constant method that disagrees makes it no identity call.
func IdentityOp(r Request) sdk.Op {
	u, _, _ := strings.Cut(r.URL, "?")
	m := identitiesPath.FindStringSubmatch(u)
	if m == nil {
		return sdk.OpNone
	}
	if m[1] == "" {
		if r.Method == "" || r.Method == "POST" {
			return sdk.OpLink
		}
		return sdk.OpNone
	}
	if r.Method == "" || r.Method == "DELETE" {
		return sdk.OpUnlink
	}
	return sdk.OpNone
}

// BodyKeys returns the top-level JSON keys a request body or SDK link body carries, and
// whether they could be told: a JSON string constant, json.Marshal of a map or struct
// literal, or an SDK body literal (fields set in the literal or assigned afterwards).
func (f *Func) BodyKeys(x ast.Expr) (map[string]bool, bool) {
	return f.bodyKeys(x, 0)
}

func (f *Func) bodyKeys(x ast.Expr, depth int) (map[string]bool, bool) {
	if depth > 8 || x == nil {
		return nil, false
	}
	if s := f.constString(x); s != "" {
		var m map[string]json.RawMessage
		if json.Unmarshal([]byte(s), &m) != nil {
			return nil, false
		}
		keys := map[string]bool{}
		for k := range m {
			keys[k] = true
		}
		return keys, true
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.UnaryExpr:
		return f.bodyKeys(x.X, depth+1)
	case *ast.Ident:
		d, ok := f.singleDef(x)
		if !ok {
			return nil, false
		}
		if d.index > 0 {
			return nil, false
		}
		keys, ok := f.bodyKeys(d.rhs, depth+1)
		if ok {
			// Fields set after the literal: body.UserID = ...
			if v, isVar := f.info.ObjectOf(x).(*types.Var); isVar {
				for _, fv := range f.fieldSets[v] {
					if name := JSONName(deref(v.Type()), fv); name != "" {
						keys[name] = true
					}
				}
			}
		}
		return keys, ok
	case *ast.CallExpr:
		if tv, ok := f.info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return f.bodyKeys(x.Args[0], depth+1) // []byte(s)
		}
		fn := typeutil.Callee(f.info, x)
		switch {
		case sdk.IsFunc(fn, "bytes", "NewReader", "NewBuffer", "NewBufferString"),
			sdk.IsFunc(fn, "strings", "NewReader"),
			sdk.IsFunc(fn, "encoding/json", "Marshal"):
			if len(x.Args) == 1 {
				return f.bodyKeys(x.Args[0], depth+1)
			}
		}
	case *ast.CompositeLit:
		return f.literalKeys(x)
	}
	return nil, false
}

func (f *Func) literalKeys(lit *ast.CompositeLit) (map[string]bool, bool) {
	t := f.info.TypeOf(lit)
	if t == nil {
		return nil, false
	}
	keys := map[string]bool{}
	switch u := deref(t).Underlying().(type) {
	case *types.Map:
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				return nil, false
			}
			k := f.constString(kv.Key)
			if k == "" {
				return nil, false
			}
			keys[k] = true
		}
		return keys, true
	case *types.Struct:
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				return nil, false
			}
			id, ok := kv.Key.(*ast.Ident)
			if !ok {
				return nil, false
			}
			if fv, ok := f.info.ObjectOf(id).(*types.Var); ok {
				if name := JSONName(u, fv); name != "" {
					keys[name] = true
				}
			}
		}
		return keys, true
	}
	return nil, false
}

// JSONName returns the JSON key of field fv of struct type t, or "" for a field that is not
// marshalled.
func JSONName(t types.Type, fv *types.Var) string {
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return ""
	}
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i) != fv {
			continue
		}
		name, _, _ := strings.Cut(reflect.StructTag(st.Tag(i)).Get("json"), ",")
		switch name {
		case "-":
			return ""
		case "":
			return fv.Name()
		}
		return name
	}
	return ""
}

func deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// LinksBySecondaryUserID reports whether a link body sends the secondary account by user_id
// or provider (and not as link_with).
func LinksBySecondaryUserID(keys map[string]bool) bool {
	return (keys["user_id"] || keys["provider"]) && !keys["link_with"]
}
