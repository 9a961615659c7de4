package provenance

import (
	"strconv"
	"strings"

	"github.com/grafana/sobek/ast"
	"github.com/grafana/sobek/token"
)

// exprNamed evaluates x, giving a function it makes the name it is bound to.
func (ev *Evaluator) exprNamed(x ast.Expression, sc *Scope, name string) Value {
	switch f := x.(type) {
	case *ast.FunctionLiteral:
		return ev.closure(f, sc, name)
	case *ast.ArrowFunctionLiteral:
		return ev.closure(f, sc, name)
	}
	v := ev.expr(x, sc)
	if name != "" && !v.Known() && IsIDTokenName(name) {
		v = v.WithTags(IDTokenByName, ev.Depth())
		v.Name = name
	}
	return v
}

// IsIDTokenName reports whether a variable or property name says it holds a raw ID token.
func IsIDTokenName(name string) bool {
	n := strings.ToLower(strings.ReplaceAll(name, "_", ""))
	if !strings.Contains(n, "idtoken") && n != "jwt" && !strings.HasSuffix(n, "jwt") {
		return false
	}
	// A JWT named for another kind of token (accessJwt, mgmtJwt, m2mJwt) is no ID token.
	for _, w := range []string{"payload", "claims", "hint", "decoded", "parsed", "expir", "verif", "valid", "header", "key", "url", "name", "storage", "cookie",
		"access", "refresh", "mgmt", "management", "m2m", "service", "admin"} {
		if strings.Contains(n, w) {
			return false
		}
	}
	return true
}

func (ev *Evaluator) expr(x ast.Expression, sc *Scope) Value {
	if x == nil || !ev.step() {
		return Value{}
	}
	// Each level of an expression is a Go call: 1 + 1 + ... a million terms long overflowed
	// the stack (a fatal error). Deeper than maxExprDepth is unknown, and said.
	if ev.depth >= maxExprDepth {
		if ev.mod != nil {
			ev.TooDeep[ev.mod.Path] = true
		}
		return Value{}
	}
	ev.depth++
	defer func() { ev.depth-- }()
	switch x := x.(type) {
	case *ast.Identifier:
		return ev.ident(x.Name.String(), sc)
	case *ast.StringLiteral:
		v := StrValue(x.Value.String())
		if ev.mod != nil && ev.mod.json {
			v.Strs[0].Lit = false
			v.Tags |= Config
		}
		return v
	case *ast.NumberLiteral:
		return Value{Strs: []Str{{S: x.Literal}}}
	case *ast.BooleanLiteral, *ast.NullLiteral, *ast.RegExpLiteral:
		return Value{}
	case *ast.TemplateLiteral:
		if x.Tag != nil {
			ev.expr(x.Tag, sc)
			for _, e := range x.Expressions {
				ev.expr(e, sc)
			}
			return Value{}
		}
		out := StrValue("")
		for i, el := range x.Elements {
			out = Concat(out, StrValue(el.Parsed.String()))
			if i < len(x.Expressions) {
				out = Concat(out, ev.expr(x.Expressions[i], sc))
			}
		}
		return out
	case *ast.BinaryExpression:
		l := ev.expr(x.Left, sc)
		var r Value
		switch x.Operator {
		case token.LOGICAL_OR, token.COALESCE, token.LOGICAL_AND:
			// The right side may not run: what it assigns joins what was there
			// (Api || (Api = {}), as TypeScript namespaces and enums are written).
			if _, assigns := x.Right.(*ast.AssignExpression); assigns {
				fr := ev.frame()
				before := fr.snapshot()
				r = ev.expr(x.Right, sc)
				fr.merge(before)
			} else {
				r = ev.expr(x.Right, sc)
			}
		default:
			r = ev.expr(x.Right, sc)
		}
		switch x.Operator {
		case token.PLUS:
			return Concat(l, r)
		case token.LOGICAL_OR, token.COALESCE:
			return Join(l, r)
		case token.LOGICAL_AND:
			return r
		}
		return Value{}
	case *ast.ConditionalExpression:
		ev.expr(x.Test, sc)
		return Join(ev.expr(x.Consequent, sc), ev.expr(x.Alternate, sc))
	case *ast.AssignExpression:
		return ev.assignExpr(x, sc)
	case *ast.DotExpression:
		base := ev.expr(x.Left, sc)
		return ev.member(base, x.Identifier.Name.String(), x)
	case *ast.PrivateDotExpression:
		base := ev.expr(x.Left, sc)
		return ev.member(base, "#"+x.Identifier.Name.String(), x)
	case *ast.BracketExpression:
		base := ev.expr(x.Left, sc)
		k := ev.expr(x.Member, sc)
		if s, ok := k.Str(); ok {
			return ev.member(base, s, x)
		}
		return ev.element(base)
	case *ast.OptionalChain:
		return ev.expr(x.Expression, sc)
	case *ast.Optional:
		return ev.expr(x.Expression, sc)
	case *ast.CallExpression:
		return ev.call(x, sc)
	case *ast.NewExpression:
		return ev.newExpr(x, sc)
	case *ast.ObjectLiteral:
		return ev.object(x, sc)
	case *ast.ArrayLiteral:
		o := &Object{Props: map[string]Value{}}
		for i, el := range x.Value {
			if el == nil {
				continue
			}
			if sp, ok := el.(*ast.SpreadElement); ok {
				v := ev.expr(sp.Expression, sc)
				o.Add("[]", ev.element(v))
				continue
			}
			v := ev.expr(el, sc)
			o.Set(strconv.Itoa(i), v)
			o.Add("[]", v)
		}
		// A scope list: ["openid", "update:current_user_identities"].
		v := Value{Objs: []*Object{o}}
		if o.Props["[]"].Has(UserScope) {
			v.Tags |= UserScope
		}
		return v
	case *ast.FunctionLiteral:
		return ev.closure(x, sc, "")
	case *ast.ArrowFunctionLiteral:
		return ev.closure(x, sc, "")
	case *ast.ClassLiteral:
		return ev.class(x, sc)
	case *ast.AwaitExpression:
		return ev.expr(x.Argument, sc)
	case *ast.YieldExpression:
		ev.expr(x.Argument, sc)
		return Value{}
	case *ast.UnaryExpression:
		v := ev.expr(x.Operand, sc)
		if x.Operator == token.INCREMENT || x.Operator == token.DECREMENT {
			ev.assign(x.Operand, Value{}, sc)
		}
		if x.Operator == token.VOID || x.Operator == token.TYPEOF || x.Operator == token.NOT || x.Operator == token.DELETE {
			return Value{}
		}
		_ = v
		return Value{}
	case *ast.SequenceExpression:
		var v Value
		for _, e := range x.Sequence {
			v = ev.expr(e, sc)
		}
		return v
	case *ast.ThisExpression:
		return ev.frame().this
	case *ast.SpreadElement:
		return ev.expr(x.Expression, sc)
	case *ast.ObjectPattern, *ast.ArrayPattern:
		return Value{}
	}
	return Value{}
}

func (ev *Evaluator) ident(name string, sc *Scope) Value {
	if b := sc.lookup(name); b != nil {
		v := b.V
		if b.frame != ev.frame() && v.Token() {
			// A closure's captured variable is its own knowledge, not an argument: a sink
			// reached with it is reported where it is, not at the closure's caller.
			v.Depth = ev.Depth()
		}
		if !v.Known() && IsIDTokenName(name) {
			v = v.WithTags(IDTokenByName, ev.Depth())
		}
		v.Name = name
		return v
	}
	switch name {
	case "undefined", "NaN", "Infinity":
		return Value{}
	case "require":
		return Value{Refs: []Ref{{Sym: "$require"}}}
	}
	if v, ok := ev.model.Global(ev, name); ok {
		v.Name = name
		return v
	}
	v := Value{Name: name}
	if IsIDTokenName(name) {
		v = v.WithTags(IDTokenByName, ev.Depth())
	}
	return v
}

// member reads property name of base.
func (ev *Evaluator) member(base Value, name string, node ast.Node) Value {
	var vs []Value
	found := false
	for _, o := range base.Objs {
		if p, ok := o.Props[name]; ok {
			if p.Token() {
				// A token read from the heap (a field, a header object) is this function's
				// own knowledge: only tokens passed as arguments, or in an object passed as
				// one (an options object), point at a caller.
				if ev.frame().args[o] {
					p.Depth = min(p.Depth, ev.Depth())
				} else {
					p.Depth = ev.Depth()
				}
			}
			vs = append(vs, p)
			found = true
			continue
		}
		if o.Class != nil && o == o.Class.Instance {
			if g, ok := o.Class.Getters[name]; ok {
				vs = append(vs, ev.callClosure(g, Value{Objs: []*Object{o}}, nil, node, o.Class.Name+"."+name, false, false))
				found = true
				continue
			}
		}
		if o.Lib != "" {
			vs = append(vs, Value{Refs: []Ref{{Sym: o.Lib + "." + name, Recv: o}}})
			found = true
		}
	}
	for _, r := range base.Refs {
		vs = append(vs, Value{Refs: []Ref{{Sym: r.Sym + "." + name, Recv: r.Recv}}})
		found = true
	}
	if mv, ok := ev.model.Member(ev, base, name); ok {
		vs = append(vs, mv)
		found = true
	}
	// Strings: "abc".length, s.split(...) etc. carry nothing we need, but a token's
	// methods (trim, toString) keep the token.
	if base.Token() && (name == "trim" || name == "toString" || name == "valueOf" || name == "replace") {
		vs = append(vs, Value{Refs: []Ref{{Sym: "$same"}}, Tags: base.Tags, Depth: base.Depth})
		found = true
	}
	v := Join(vs...)
	if !found || !v.Known() {
		if IsIDTokenName(name) && !base.Has(TokenResponse) {
			v = v.WithTags(IDTokenByName, ev.Depth())
		}
		if base.Has(TokenResponse) {
			switch name {
			case "id_token", "idToken":
				v = v.Without(IDTokenByName).WithTags(IDToken, min(base.Depth, ev.Depth()))
			case "access_token", "accessToken":
				v = v.WithTags(base.Tags&(UserToken|ServerToken), min(base.Depth, ev.Depth()))
			}
		}
	}
	v.Name = name
	return v
}

// element is the union of an array's (or iterable's) elements.
func (ev *Evaluator) element(v Value) Value {
	var vs []Value
	for _, o := range v.Objs {
		if p, ok := o.Props["[]"]; ok {
			vs = append(vs, p)
		}
	}
	return Join(vs...)
}

func (ev *Evaluator) keyName(k ast.Expression, computed bool, sc *Scope) (string, bool) {
	if computed {
		return ev.expr(k, sc).Str()
	}
	switch k := k.(type) {
	case *ast.Identifier:
		return k.Name.String(), true
	case *ast.StringLiteral:
		return k.Value.String(), true
	case *ast.NumberLiteral:
		return k.Literal, true
	case *ast.PrivateIdentifier:
		return "#" + k.Name.String(), true
	}
	return ev.expr(k, sc).Str()
}

func (ev *Evaluator) object(x *ast.ObjectLiteral, sc *Scope) Value {
	o := &Object{Props: map[string]Value{}}
	if ev.mod != nil {
		o.Pos, o.File = int(x.Idx0()), ev.mod.Path
	}
	self := Value{Objs: []*Object{o}}
	for _, p := range x.Value {
		switch p := p.(type) {
		case *ast.PropertyShort:
			name := p.Name.Name.String()
			o.SetAt(name, ev.ident(name, sc), ev.PosOf(p))
		case *ast.PropertyKeyed:
			name, ok := ev.keyName(p.Key, p.Computed, sc)
			var v Value
			if fl, isFn := p.Value.(*ast.FunctionLiteral); isFn && (p.Kind == ast.PropertyKindMethod || p.Kind == ast.PropertyKindGet) {
				v = ev.closure(fl, sc, name)
				v.Fns[0].This = self
			} else {
				v = ev.exprNamed(p.Value, sc, name)
			}
			if p.Kind == ast.PropertyKindGet && len(v.Fns) > 0 {
				v = ev.Invoke(v, self)
			}
			if ok {
				o.SetAt(name, v, ev.PosOf(p.Value))
			} else {
				o.Add("[]", v)
			}
		case *ast.SpreadElement:
			v := ev.expr(p.Expression, sc)
			for _, so := range v.Objs {
				for k, pv := range so.Props {
					o.Set(k, Join(o.Props[k], pv))
					if pp, ok := so.PropPos[k]; ok {
						if o.PropPos == nil {
							o.PropPos = map[string]Pos{}
						}
						o.PropPos[k] = pp
					}
				}
			}
		}
	}
	return self
}

func (ev *Evaluator) assignExpr(x *ast.AssignExpression, sc *Scope) Value {
	var v Value
	switch x.Operator {
	case token.ASSIGN:
		v = ev.exprNamed(x.Right, sc, lastName(x.Left))
	case token.PLUS:
		v = Concat(ev.expr(x.Left, sc), ev.expr(x.Right, sc))
	case token.LOGICAL_OR, token.COALESCE, token.LOGICAL_AND:
		v = Join(ev.expr(x.Left, sc), ev.expr(x.Right, sc))
	default:
		ev.expr(x.Right, sc)
	}
	ev.assign(x.Left, v, sc)
	return v
}

func lastName(x ast.Expression) string {
	switch x := x.(type) {
	case *ast.Identifier:
		return x.Name.String()
	case *ast.DotExpression:
		return x.Identifier.Name.String()
	}
	return ""
}

// assign stores v into an assignment target.
func (ev *Evaluator) assign(t ast.Expression, v Value, sc *Scope) {
	switch t := t.(type) {
	case *ast.Identifier:
		ev.setVar(t.Name.String(), v, sc)
	case *ast.DotExpression:
		base := ev.expr(t.Left, sc)
		ev.store(base, t.Identifier.Name.String(), v, t)
	case *ast.PrivateDotExpression:
		base := ev.expr(t.Left, sc)
		ev.store(base, "#"+t.Identifier.Name.String(), v, t)
	case *ast.BracketExpression:
		base := ev.expr(t.Left, sc)
		k := ev.expr(t.Member, sc)
		if s, ok := k.Str(); ok {
			ev.store(base, s, v, t)
		} else {
			ev.store(base, "[]", v, t)
		}
	case *ast.ObjectPattern, *ast.ArrayPattern:
		ev.bindTarget(t, v, sc, false)
	}
}

// store writes a property: strong for a single plain object, weak otherwise.
func (ev *Evaluator) store(base Value, name string, v Value, node ast.Node) {
	if v.Token() {
		ev.tokenWrites++
	}
	for _, o := range base.Objs {
		if o.Lib != "" {
			if _, ok := ev.model.Call(ev, &Call{Ref: Ref{Sym: o.Lib + ".$set." + name, Recv: o}, Args: []Value{v}, Node: node}); ok {
				continue
			}
		}
		if len(base.Objs) == 1 && o.Class == nil {
			o.SetAt(name, v, ev.PosOf(node))
		} else {
			o.Add(name, v)
			if o.PropPos == nil {
				o.PropPos = map[string]Pos{}
			}
			o.PropPos[name] = ev.PosOf(node)
		}
	}
	for _, r := range base.Refs {
		ev.model.Call(ev, &Call{Ref: Ref{Sym: r.Sym + ".$set." + name, Recv: r.Recv}, Args: []Value{v}, Node: node})
	}
}

// ---- calls

func calleeName(x ast.Expression) string {
	switch x := x.(type) {
	case *ast.Identifier:
		return x.Name.String()
	case *ast.DotExpression:
		if n := calleeName(x.Left); n != "" {
			return n + "." + x.Identifier.Name.String()
		}
		return x.Identifier.Name.String()
	case *ast.OptionalChain:
		return calleeName(x.Expression)
	case *ast.Optional:
		return calleeName(x.Expression)
	}
	return ""
}

func unwrapOpt(x ast.Expression) ast.Expression {
	for {
		switch y := x.(type) {
		case *ast.OptionalChain:
			x = y.Expression
		case *ast.Optional:
			x = y.Expression
		default:
			return x
		}
	}
}

func (ev *Evaluator) args(list []ast.Expression, sc *Scope) []Value {
	out := make([]Value, 0, len(list))
	for _, a := range list {
		if sp, ok := a.(*ast.SpreadElement); ok {
			v := ev.expr(sp.Expression, sc)
			out = append(out, ev.element(v))
			continue
		}
		out = append(out, ev.expr(a, sc))
	}
	return out
}

func (ev *Evaluator) call(x *ast.CallExpression, sc *Scope) Value {
	callee := unwrapOpt(x.Callee)
	var fn, this Value
	switch c := callee.(type) {
	case *ast.DotExpression:
		this = ev.expr(c.Left, sc)
		fn = ev.member(this, c.Identifier.Name.String(), c)
	case *ast.BracketExpression:
		this = ev.expr(c.Left, sc)
		k := ev.expr(c.Member, sc)
		if s, ok := k.Str(); ok {
			fn = ev.member(this, s, c)
		}
	case *ast.SuperExpression:
		fr := ev.frame()
		this = fr.this
		for _, o := range this.Objs {
			if o.Class != nil {
				fn = Join(fn, o.Class.Super)
			}
		}
	default:
		fn = ev.expr(callee, sc)
	}
	args := ev.args(x.ArgumentList, sc)
	// import("x"): a promise of the module's namespace
	if _, ok := callee.(*ast.DynamicImportExpression); ok {
		if len(args) > 0 {
			if s, ok := args[0].Str(); ok {
				return ev.importValue(s, "*")
			}
		}
		return Value{}
	}
	// require("x")
	for _, r := range fn.Refs {
		if r.Sym == "$require" {
			if len(args) > 0 {
				if s, ok := args[0].Str(); ok {
					return ev.require(s)
				}
			}
			return Value{}
		}
	}
	if v, ok := ev.element_(callee, args); ok {
		return v
	}
	_, inline := callee.(*ast.FunctionLiteral)
	if _, arrow := callee.(*ast.ArrowFunctionLiteral); arrow {
		inline = true
	}
	return ev.apply(fn, this, args, x, x.ArgumentList, calleeName(callee), !inline, false)
}

// apply calls fn (closures, library symbols, or the built-ins promises and arrays need).
func (ev *Evaluator) apply(fn, this Value, args []Value, node ast.Node, argNodes []ast.Expression, name string, attrib, isNew bool) Value {
	var out []Value
	for _, c := range fn.Fns {
		out = append(out, ev.callClosure(c, this, args, node, name, attrib, false))
	}
	for _, o := range fn.Objs {
		if o.Class != nil && o.St()["$isClass"] == true {
			out = append(out, ev.construct(o.Class, args, node, name))
		}
	}
	for _, r := range fn.Refs {
		c := &Call{Ref: r, This: this, Args: args, ArgNodes: argNodes, Node: node, New: isNew}
		if r.Sym == "$same" {
			out = append(out, Value{Tags: this.Tags, Depth: this.Depth})
			continue
		}
		if v, ok := ev.model.Call(ev, c); ok {
			out = append(out, v)
			continue
		}
		out = append(out, ev.builtin(c, this, args))
	}
	if len(fn.Fns) == 0 && len(fn.Refs) == 0 && len(fn.Objs) == 0 {
		out = append(out, ev.builtin(&Call{This: this, Args: args, Node: node}, this, args, name))
	}
	return Join(out...)
}

// builtin models what every value has: promise then/catch/finally (promises are transparent:
// a promise of X is X), JSON.stringify/parse, array and string methods that keep values.
func (ev *Evaluator) builtin(c *Call, this Value, args []Value, names ...string) Value {
	method := c.Method()
	if len(names) > 0 && names[0] != "" {
		method = names[0]
		if i := strings.LastIndexByte(method, '.'); i >= 0 {
			method = method[i+1:]
		}
	}
	switch method {
	case "then":
		r := ev.Invoke(c.Arg(0), Value{}, this)
		ev.Invoke(c.Arg(1), Value{}, Value{})
		if len(c.Arg(0).Fns) == 0 {
			return this
		}
		return r
	case "catch":
		ev.Invoke(c.Arg(0), Value{}, Value{})
		return this
	case "finally":
		ev.Invoke(c.Arg(0), Value{})
		return this
	case "stringify":
		if len(args) > 0 {
			v := args[0]
			v.Strs = nil
			return Join(v, Value{Strs: []Str{{S: Hole}}})
		}
	case "parse", "resolve", "all", "concat", "slice", "filter", "flat", "join", "trim", "toString", "from", "assign", "freeze", "values":
		if method == "assign" && len(args) > 1 {
			for _, o := range args[0].Objs {
				for _, src := range args[1:] {
					for _, so := range src.Objs {
						for k, pv := range so.Props {
							o.Set(k, Join(o.Props[k], pv))
						}
					}
				}
			}
			return args[0]
		}
		if method == "join" {
			el := ev.element(this)
			if el.Has(UserScope) {
				return Value{Tags: UserScope, Strs: []Str{{S: "update:current_user_identities"}}}
			}
			return ev.join(this, el, args)
		}
		if method == "concat" || method == "slice" || method == "filter" || method == "flat" || method == "trim" || method == "toString" {
			return Join(append([]Value{this}, args...)...)
		}
		return Join(args...)
	case "forEach", "map", "some", "every", "find", "reduce", "flatMap":
		el := ev.element(this)
		r := ev.Invoke(c.Arg(0), Value{}, el)
		if method == "map" || method == "flatMap" {
			o := &Object{Props: map[string]Value{"[]": r}}
			return Value{Objs: []*Object{o}}
		}
		if method == "find" {
			return el
		}
		return Value{}
	case "push", "unshift":
		for _, o := range this.Objs {
			for _, a := range args {
				o.Add("[]", a)
			}
		}
		return Value{}
	case "call":
		if len(args) > 0 {
			return ev.apply(this, args[0], args[1:], c.Node, nil, "", true, false)
		}
	case "apply":
		if len(args) > 0 {
			return ev.apply(this, args[0], []Value{ev.element(c.Arg(1))}, c.Node, nil, "", true, false)
		}
	case "bind":
		return this
	}
	// Callbacks given to unknown functions still run (event handlers, framework hooks).
	for _, a := range args {
		if len(a.Fns) > 0 {
			ev.Invoke(a, Value{})
		}
	}
	return Value{}
}

// callClosure runs a user function. Named calls (attrib) count for depth: a sink reached
// inside with a token from the caller is reported at the call.
func (ev *Evaluator) callClosure(c *Closure, this Value, args []Value, site ast.Node, name string, attrib, root bool) Value {
	if ev.aborted || len(ev.stack) >= maxCallDepth*2 {
		return Value{}
	}
	if !root {
		if ev.active[c.Node] > 0 {
			return Value{} // recursion
		}
		k := callKey{site: site, fn: c.Node}
		if site != nil {
			if ev.calls[k] >= maxCallsAtSite {
				return Value{}
			}
			ev.calls[k]++
		}
		if attrib && len(ev.attribs) >= maxCallDepth {
			return Value{}
		}
	}
	memo := !root && plainCall(this, args)
	if memo {
		if v, ok := ev.plain[plainKey{c.Node, c.Env}]; ok {
			return v
		}
	}
	ev.active[c.Node]++
	defer func() { ev.active[c.Node]-- }()
	savedMod := ev.mod
	ev.mod = c.Mod
	defer func() { ev.mod = savedMod }()

	fr := &Frame{this: this, mod: c.Mod, site: site, name: name, attrib: attrib && !root}
	if site != nil && savedMod != nil {
		fr.siteFile = savedMod.File
	}
	if c.Arrow {
		fr.this = c.This
	}
	// Only for named helpers: an anonymous callback the caller passed in is called back
	// with the callee's own values.
	for _, a := range args {
		if c.Name == "" {
			break
		}
		for _, o := range a.Objs {
			if fr.args == nil {
				fr.args = map[*Object]bool{}
			}
			fr.args[o] = true
			for _, pv := range o.Props {
				for _, po := range pv.Objs {
					fr.args[po] = true
				}
			}
		}
	}
	ev.stack = append(ev.stack, fr)
	if fr.attrib {
		ev.attribs = append(ev.attribs, fr)
	}
	defer func() {
		ev.stack = ev.stack[:len(ev.stack)-1]
		if fr.attrib {
			ev.attribs = ev.attribs[:len(ev.attribs)-1]
		}
	}()
	sc := newScope(c.Env, fr)
	var params *ast.ParameterList
	var body ast.Node
	switch f := c.Node.(type) {
	case *ast.FunctionLiteral:
		params, body = f.ParameterList, f.Body
		if f.Name != nil && root == false {
			sc.declare(f.Name.Name.String(), Value{Fns: []*Closure{c}})
		}
	case *ast.ArrowFunctionLiteral:
		params, body = f.ParameterList, f.Body
	}
	if params != nil {
		for i, p := range params.List {
			var a Value
			if i < len(args) {
				a = args[i]
			}
			if !a.Known() {
				if id, ok := p.Target.(*ast.Identifier); ok {
					if mv, ok := ev.model.Param(ev, id.Name.String()); ok {
						a = mv
					}
				}
			}
			if p.Initializer != nil && (!a.Known() || root) {
				a = Join(a, ev.expr(p.Initializer, sc))
			}
			ev.bindTarget(p.Target, a, sc, true)
		}
		if params.Rest != nil {
			rest := &Object{Props: map[string]Value{}}
			for i := len(params.List); i < len(args); i++ {
				rest.Add("[]", args[i])
			}
			ev.bindTarget(params.Rest, Value{Objs: []*Object{rest}}, sc, true)
		}
	}
	switch b := body.(type) {
	case *ast.BlockStatement:
		ev.hoist(b.List, sc)
		ev.block(b.List, sc)
	case *ast.ExpressionBody:
		fr.ret = ev.expr(b.Expression, sc)
	}
	ret := fr.ret
	if c.ctorOf != nil {
		ret = Value{Objs: []*Object{c.ctorOf.Instance}}
	}
	// A token the callee made is, for the caller, the caller's own.
	if ret.Token() && ret.Depth > len(ev.attribs)-boolInt(fr.attrib) {
		ret.Depth = len(ev.attribs) - boolInt(fr.attrib)
	}
	if memo {
		ev.plain[plainKey{c.Node, c.Env}] = ret
	}
	return ret
}

// plainCall reports whether a call's receiver and arguments carry nothing the callee could
// act on differently from an entry-point analysis (no token, scope, function, library value,
// or object holding one): its result is then the same at every such call, and cached.
func plainCall(this Value, args []Value) bool {
	if interesting(this, 2) {
		return false
	}
	for _, a := range args {
		if interesting(a, 2) {
			return false
		}
	}
	return true
}

func interesting(v Value, depth int) bool {
	if v.Tags != 0 || len(v.Fns) > 0 || len(v.Refs) > 0 {
		return true
	}
	for _, o := range v.Objs {
		if o.Lib != "" || o.Class != nil || o.state != nil {
			return true
		}
		if depth == 0 {
			if len(o.Props) > 0 {
				return true
			}
			continue
		}
		for _, p := range o.Props {
			if interesting(p, depth-1) {
				return true
			}
		}
	}
	return false
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (ev *Evaluator) construct(c *Class, args []Value, node ast.Node, name string) Value {
	inst := Value{Objs: []*Object{c.Instance}}
	if c.Ctor != nil {
		ev.callClosure(c.Ctor, inst, args, node, name, true, false)
	} else if c.Super.Known() {
		ev.apply(c.Super, inst, args, node, nil, name, true, true)
		// A class extending a library class is an instance of it.
		for _, r := range c.Super.Refs {
			if c.Instance.Lib == "" {
				if v, ok := ev.model.Call(ev, &Call{Ref: r, This: inst, Args: args, Node: node, New: true}); ok {
					for _, o := range v.Objs {
						if o.Lib != "" {
							c.Instance.Lib = o.Lib
							c.Instance.state = o.state
						}
					}
				}
			}
		}
	}
	return inst
}

func (ev *Evaluator) newExpr(x *ast.NewExpression, sc *Scope) Value {
	fn := ev.expr(unwrapOpt(x.Callee), sc)
	args := ev.args(x.ArgumentList, sc)
	var out []Value
	for _, o := range fn.Objs {
		if o.Class != nil && o.St()["$isClass"] == true {
			out = append(out, ev.construct(o.Class, args, x, calleeName(x.Callee)))
		}
	}
	for _, r := range fn.Refs {
		c := &Call{Ref: r, Args: args, ArgNodes: x.ArgumentList, Node: x, New: true}
		if v, ok := ev.model.Call(ev, c); ok {
			out = append(out, v)
		}
	}
	for _, c := range fn.Fns {
		inst := &Object{Props: map[string]Value{}}
		ev.callClosure(c, Value{Objs: []*Object{inst}}, args, x, calleeName(x.Callee), true, false)
		out = append(out, Value{Objs: []*Object{inst}})
	}
	if len(out) == 0 {
		ev.builtin(&Call{Args: args, Node: x}, Value{}, args, "new")
		return Value{Objs: []*Object{{Props: map[string]Value{}}}}
	}
	return Join(out...)
}

// element_ handles JSX after esbuild's rewrite: React.createElement(Type, props, ...children)
// (or the automatic runtime's jsx/jsxs). A library component (<Auth0Provider>) is a model
// call "Sym<>" with the props; a user component is called with its props.
func (ev *Evaluator) element_(callee ast.Expression, args []Value) (Value, bool) {
	name := calleeName(callee)
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	switch name {
	case "createElement", "jsx", "jsxs", "_jsx", "_jsxs", "jsxDEV", "h":
	default:
		return Value{}, false
	}
	if len(args) == 0 {
		return Value{}, false
	}
	var props Value
	if len(args) > 1 {
		props = args[1]
	}
	for _, r := range args[0].Refs {
		ev.model.Call(ev, &Call{Ref: Ref{Sym: r.Sym + "<>", Recv: r.Recv}, Args: []Value{props}})
	}
	if len(args[0].Fns) > 0 {
		ev.Invoke(args[0], Value{}, props)
	}
	for _, o := range args[0].Objs {
		if o.Class != nil {
			ev.construct(o.Class, []Value{props}, nil, o.Class.Name)
		}
	}
	return Value{}, true
}

// join is arr.join(sep): the elements' strings in order when the array literal is known
// (["Bearer", token].join(" ") is "Bearer " + token), and the tokens they carry.
func (ev *Evaluator) join(this, el Value, args []Value) Value {
	sep := ","
	if len(args) > 0 {
		if s, ok := args[0].Str(); ok {
			sep = s
		}
	}
	var out []Value
	for _, o := range this.Objs {
		n := 0
		for ; ; n++ {
			if _, ok := o.Props[strconv.Itoa(n)]; !ok {
				break
			}
		}
		if n == 0 || n > 16 {
			continue
		}
		v := o.Props["0"]
		for i := 1; i < n; i++ {
			v = Concat(Concat(v, StrValue(sep)), o.Props[strconv.Itoa(i)])
		}
		out = append(out, v)
	}
	if len(out) == 0 && el.Token() {
		// elements pushed one by one: the tokens are in the string, the text is not known
		return Value{Tags: el.Tags & (IDToken | IDTokenByName | UserToken | ServerToken), Depth: el.Depth, Strs: []Str{{S: Hole}}}
	}
	return Join(out...)
}
