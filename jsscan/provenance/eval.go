package provenance

import (
	"fmt"

	"github.com/grafana/sobek/file"
	"strconv"

	"github.com/grafana/sobek/ast"
	"github.com/grafana/sobek/token"

	"github.com/auth0-migrate/auth0audit/jsscan/frontend"
)

// Limits keep the analysis of pathological code bounded: past them a function is analyzed
// with what was seen so far.
const (
	maxCallDepth   = 10
	maxRootSteps   = 400_000
	maxExprDepth   = 2000
	loopPasses     = 2
	maxCallsAtSite = 4
)

// Evaluator runs the abstract interpretation of a project.
type Evaluator struct {
	proj  *Project
	model Model

	stack []*Frame
	// attribs are the frames that count for depth (named helper calls).
	attribs []*Frame
	mod     *Module
	steps   int
	aborted bool

	closures []*Closure
	made     map[any]bool
	analyzed map[any]bool
	// plain caches the result of calls whose arguments carry nothing (see plainCall).
	plain map[plainKey]Value
	// tokenWrites counts token-carrying values stored in the heap or in enclosing functions'
	// variables: when a sweep makes none, a second sweep would see nothing new.
	tokenWrites int
	classes     map[*ast.ClassLiteral]*Class
	objects     map[objKey]*Object
	calls       map[callKey]int
	active      map[any]int

	hits []Hit
	// Budget lists functions whose analysis was cut short.
	Budget []string
	// TooDeep holds the paths of modules with an expression nested deeper than maxExprDepth,
	// analyzed only down to that depth.
	TooDeep map[string]bool
	depth   int
}

type objKey struct {
	file string
	idx  int
}

type plainKey struct {
	fn  any
	env *Scope
}

type callKey struct {
	site ast.Node
	fn   any
}

// NewEvaluator returns an evaluator of proj with the library model m.
func NewEvaluator(proj *Project, m Model) *Evaluator {
	return &Evaluator{proj: proj, model: m, analyzed: map[any]bool{}, made: map[any]bool{}, plain: map[plainKey]Value{}, classes: map[*ast.ClassLiteral]*Class{},
		objects: map[objKey]*Object{}, calls: map[callKey]int{}, active: map[any]int{}, TooDeep: map[string]bool{}}
}

// Run evaluates the modules accepted by relevant (and whatever they import), then every
// function seen, as an entry point with unknown arguments; then lets the model finish.
func (ev *Evaluator) Run(relevant func(*Module) bool) []Hit {
	for _, m := range ev.proj.Modules {
		if !m.json && relevant(m) {
			ev.evalModule(m) // parsed again if its tree was dropped
		}
	}
	// Every function is then analyzed as an entry point, twice: the first sweep fills the
	// heap (a class field set in one method, read in another analyzed earlier), the second
	// reports.
	afterModules := len(ev.hits)
	ev.tokenWrites = 0
	ev.sweep()
	if ev.tokenWrites > 0 {
		ev.hits = ev.hits[:afterModules]
		ev.sweep()
	}
	ev.model.Finish(ev)
	return ev.hits
}

func (ev *Evaluator) sweep() {
	ev.analyzed = map[any]bool{}
	ev.calls = map[callKey]int{}
	ev.plain = map[plainKey]Value{}
	ev.Budget = nil
	for i := 0; i < len(ev.closures); i++ {
		c := ev.closures[i]
		if ev.analyzed[c.Node] {
			continue
		}
		ev.analyzed[c.Node] = true
		ev.steps, ev.aborted = 0, false
		ev.mod = c.Mod
		this := c.This
		if c.Class != nil && !c.Arrow {
			this = Value{Objs: []*Object{c.Class.Instance}}
		}
		ev.callClosure(c, this, nil, nil, "", false, true)
		if ev.aborted {
			ev.Budget = append(ev.Budget, fmt.Sprintf("%s: %s", c.Mod.Path, c.Name))
		}
	}
}

// Project returns the project being evaluated.
func (ev *Evaluator) Project() *Project { return ev.proj }

// Module returns the module being evaluated.
func (ev *Evaluator) Module() *Module { return ev.mod }

// Depth is the current call depth (named helper calls).
func (ev *Evaluator) Depth() int { return len(ev.attribs) }

// Pos is a place in a module's source.
type Pos struct {
	Mod *Module
	Idx file.Idx
}

// PosOf is the position of node in the module being evaluated.
func (ev *Evaluator) PosOf(node ast.Node) Pos {
	if node == nil {
		return Pos{}
	}
	return Pos{Mod: ev.mod, Idx: node.Idx0()}
}

// Locate places a hit found at p by the token value v: a hit reached inside helpers, with a
// token the caller passed in, is placed at that caller's call, naming the helper.
func (ev *Evaluator) Locate(h Hit, v Value, p Pos) (Hit, bool) {
	if p.Mod == nil {
		return h, false
	}
	h.File, h.Idx = p.Mod.File, p.Idx
	if v.Token() && v.Depth < len(ev.attribs) {
		fr := ev.attribs[v.Depth]
		if fr.site != nil && fr.siteFile != nil {
			line, _ := h.File.Position(h.Idx)
			h.Via, h.ViaFile, h.ViaLine = fr.name, h.File, line
			h.File, h.Idx = fr.siteFile, fr.site.Idx0()
		}
	}
	return h, true
}

// Report records a hit found at p by the token value v (see Locate).
func (ev *Evaluator) Report(h Hit, v Value, p Pos) {
	if h, ok := ev.Locate(h, v, p); ok {
		ev.hits = append(ev.hits, h)
	}
}

// ReportAt records a hit at an offset of a file (for findings decided after the walk).
func (ev *Evaluator) ReportAt(h Hit) { ev.hits = append(ev.hits, h) }

// NewLib returns the library instance of type lib made at node (one per site).
func (ev *Evaluator) NewLib(lib string, node ast.Node) *Object {
	k := objKey{idx: -1}
	if ev.mod != nil && node != nil {
		k = objKey{file: ev.mod.Path + "|" + lib, idx: int(node.Idx0())}
	}
	if o, ok := ev.objects[k]; ok && k.idx >= 0 {
		return o
	}
	o := &Object{Lib: lib}
	if node != nil {
		o.Pos = int(node.Idx0())
	}
	if ev.mod != nil {
		o.File = ev.mod.Path
	}
	if k.idx >= 0 {
		ev.objects[k] = o
	}
	return o
}

// NewObject returns a plain object with the given properties.
func (ev *Evaluator) NewObject(props map[string]Value) *Object {
	return &Object{Props: props}
}

// File is the file being evaluated.
func (ev *Evaluator) File() *frontend.File {
	if ev.mod == nil {
		return nil
	}
	return ev.mod.File
}

// Invoke calls the functions of fn (callbacks given to a library) with args, as part of the
// current function (no helper depth), and returns their results.
func (ev *Evaluator) Invoke(fn Value, this Value, args ...Value) Value {
	var out []Value
	for _, c := range fn.Fns {
		out = append(out, ev.callClosure(c, this, args, nil, "", false, false))
	}
	return Join(out...)
}

func (ev *Evaluator) frame() *Frame { return ev.stack[len(ev.stack)-1] }

func (ev *Evaluator) step() bool {
	ev.steps++
	if ev.steps > maxRootSteps {
		ev.aborted = true
		return false
	}
	return true
}

// ---- modules

func (ev *Evaluator) evalModule(m *Module) {
	if m.state != 0 {
		return
	}
	m.state = 1
	if m.File.Program == nil {
		// parsed once to check it, and its syntax tree dropped as not relevant on its own:
		// parse again now that a relevant module imports it
		f, err := frontend.Parse(m.File.Path, m.File.Src)
		if err != nil {
			m.state = 2
			return
		}
		m.File = f
	}
	saved, savedStack, savedAttr := ev.mod, ev.stack, ev.attribs
	ev.mod, ev.stack, ev.attribs = m, nil, nil
	fr := &Frame{mod: m}
	ev.stack = append(ev.stack, fr)
	m.scope = newScope(nil, fr)
	m.exports = map[string]*Binding{}
	m.cjs = &Object{}
	exportsObj := &Object{}
	m.cjs.Set("exports", Value{Objs: []*Object{exportsObj}})
	m.scope.declare("module", Value{Objs: []*Object{m.cjs}})
	m.scope.declare("exports", Value{Objs: []*Object{exportsObj}})
	ev.steps, ev.aborted = 0, false
	ev.hoist(m.File.Program.Body, m.scope)
	ev.block(m.File.Program.Body, m.scope)
	ev.mod, ev.stack, ev.attribs = saved, savedStack, savedAttr
	m.state = 2
}

// namespace is the value of importing module m: its exports, and its CommonJS exports.
func (ev *Evaluator) namespace(m *Module) Value {
	ev.evalModule(m)
	if m.state == 2 && m.ns.Known() {
		return m.ns
	}
	ns := &Object{Props: map[string]Value{}}
	for name, b := range m.exports {
		ns.Props[name] = b.V
	}
	for _, s := range m.stars {
		if sub := ev.proj.resolve(m, s); sub != nil && sub != m {
			for k, v := range ev.namespace(sub).Prop("$ns").Objs[0].Props {
				if _, ok := ns.Props[k]; !ok {
					ns.Props[k] = v
				}
			}
		}
	}
	cjs := Value{}
	if m.cjs != nil {
		cjs = m.cjs.Props["exports"]
	}
	holder := &Object{Props: map[string]Value{"$ns": {Objs: []*Object{ns}}, "$cjs": cjs}}
	v := Value{Objs: []*Object{holder}}
	if m.state == 2 {
		m.ns = v
	}
	return v
}

// importValue is what "import x from spec" (name "default"), "import {name}" or
// "import * as x" (name "*") binds.
func (ev *Evaluator) importValue(spec, name string) Value {
	if m := ev.proj.resolve(ev.mod, spec); m != nil {
		if m.state == 1 {
			return Value{}
		}
		h := ev.namespace(m)
		ns, cjs := h.Prop("$ns"), h.Prop("$cjs")
		switch name {
		case "*":
			return Join(ns, cjs)
		case "default":
			if d := ns.Prop("default"); d.Known() {
				return d
			}
			return cjs
		}
		if v := ns.Prop(name); v.Known() {
			return v
		}
		return ev.member(cjs, name, nil)
	}
	lib, ok := ev.model.Import(ev, spec)
	if !ok {
		return Value{}
	}
	if name == "*" || name == "default" {
		return lib
	}
	return ev.member(lib, name, nil)
}

func (ev *Evaluator) require(spec string) Value {
	if m := ev.proj.resolve(ev.mod, spec); m != nil {
		if m.state == 1 {
			return Value{}
		}
		h := ev.namespace(m)
		cjs := h.Prop("$cjs")
		ns := h.Prop("$ns")
		if len(ns.Objs) > 0 && len(ns.Objs[0].Props) > 0 {
			return Join(cjs, ns)
		}
		return cjs
	}
	v, _ := ev.model.Import(ev, spec)
	return v
}

// ---- statements

// hoist declares the function declarations and var names of a body before it runs.
func (ev *Evaluator) hoist(list []ast.Statement, sc *Scope) {
	for _, st := range list {
		var fn *ast.FunctionLiteral
		switch s := st.(type) {
		case *ast.FunctionDeclaration:
			fn = s.Function
		case *ast.ExportDeclaration:
			if s.HoistableDeclaration != nil && s.HoistableDeclaration.FunctionDeclaration != nil {
				fn = s.HoistableDeclaration.FunctionDeclaration.Function
			}
		}
		if fn != nil && fn.Name != nil {
			sc.declare(fn.Name.Name.String(), ev.closure(fn, sc, fn.Name.Name.String()))
		}
	}
}

func (ev *Evaluator) block(list []ast.Statement, sc *Scope) {
	for _, st := range list {
		if !ev.step() {
			return
		}
		ev.stmt(st, sc)
	}
}

func (ev *Evaluator) stmt(st ast.Statement, sc *Scope) {
	switch s := st.(type) {
	case *ast.ExpressionStatement:
		ev.expr(s.Expression, sc)
	case *ast.VariableStatement:
		ev.bindings(s.List, sc, true)
	case *ast.LexicalDeclaration:
		ev.bindings(s.List, sc, false)
	case *ast.FunctionDeclaration:
		// hoisted
	case *ast.ClassDeclaration:
		v := ev.class(s.Class, sc)
		if s.Class.Name != nil {
			sc.declare(s.Class.Name.Name.String(), v)
		}
	case *ast.BlockStatement:
		inner := newScope(sc, sc.frame)
		ev.hoist(s.List, inner)
		ev.block(s.List, inner)
	case *ast.IfStatement:
		ev.expr(s.Test, sc)
		fr := ev.frame()
		before := fr.snapshot()
		ev.stmt(s.Consequent, newScope(sc, fr))
		afterThen := fr.snapshot()
		fr.restore(before)
		if s.Alternate != nil {
			ev.stmt(s.Alternate, newScope(sc, fr))
		}
		fr.merge(afterThen)
	case *ast.ReturnStatement:
		if s.Argument != nil {
			v := ev.expr(s.Argument, sc)
			fr := ev.frame()
			fr.ret = Join(fr.ret, v)
			fr.hasRet = true
		}
	case *ast.ThrowStatement:
		ev.expr(s.Argument, sc)
	case *ast.TryStatement:
		fr := ev.frame()
		before := fr.snapshot()
		ev.stmt(s.Body, sc)
		fr.merge(before)
		if s.Catch != nil {
			inner := newScope(sc, fr)
			if s.Catch.Parameter != nil {
				ev.bindTarget(s.Catch.Parameter, Value{}, inner, true)
			}
			ev.stmt(s.Catch.Body, inner)
		}
		if s.Finally != nil {
			ev.stmt(s.Finally, sc)
		}
	case *ast.ForStatement:
		inner := newScope(sc, sc.frame)
		switch in := s.Initializer.(type) {
		case *ast.ForLoopInitializerExpression:
			ev.expr(in.Expression, inner)
		case *ast.ForLoopInitializerVarDeclList:
			ev.bindings(in.List, inner, true)
		case *ast.ForLoopInitializerLexicalDecl:
			ev.bindings(in.LexicalDeclaration.List, inner, false)
		}
		ev.loop(inner, func() {
			if s.Test != nil {
				ev.expr(s.Test, inner)
			}
			ev.stmt(s.Body, newScope(inner, inner.frame))
			if s.Update != nil {
				ev.expr(s.Update, inner)
			}
		})
	case *ast.ForInStatement:
		ev.expr(s.Source, sc)
		inner := newScope(sc, sc.frame)
		ev.loop(inner, func() {
			ev.forInto(s.Into, StrValue(Hole), inner)
			ev.stmt(s.Body, newScope(inner, inner.frame))
		})
	case *ast.ForOfStatement:
		src := ev.expr(s.Source, sc)
		inner := newScope(sc, sc.frame)
		ev.loop(inner, func() {
			ev.forInto(s.Into, ev.element(src), inner)
			ev.stmt(s.Body, newScope(inner, inner.frame))
		})
	case *ast.WhileStatement:
		ev.loop(sc, func() {
			ev.expr(s.Test, sc)
			ev.stmt(s.Body, newScope(sc, sc.frame))
		})
	case *ast.DoWhileStatement:
		ev.loop(sc, func() {
			ev.stmt(s.Body, newScope(sc, sc.frame))
			ev.expr(s.Test, sc)
		})
	case *ast.SwitchStatement:
		ev.expr(s.Discriminant, sc)
		fr := ev.frame()
		before := fr.snapshot()
		var states [][]Value
		for _, c := range s.Body {
			if c.Test != nil {
				ev.expr(c.Test, sc)
			}
			inner := newScope(sc, fr)
			ev.hoist(c.Consequent, inner)
			ev.block(c.Consequent, inner)
			states = append(states, fr.snapshot())
		}
		fr.merge(before)
		for _, st := range states {
			fr.merge(st)
		}
	case *ast.LabelledStatement:
		ev.stmt(s.Statement, sc)
	case *ast.WithStatement:
		ev.expr(s.Object, sc)
		ev.stmt(s.Body, sc)
	case *ast.ImportDeclaration:
		ev.importDecl(s, sc)
	case *ast.ExportDeclaration:
		ev.exportDecl(s, sc)
	}
}

func (ev *Evaluator) loop(sc *Scope, body func()) {
	fr := ev.frame()
	before := fr.snapshot()
	for i := 0; i < loopPasses && !ev.aborted; i++ {
		body()
		fr.merge(before)
	}
}

func (ev *Evaluator) forInto(into ast.ForInto, v Value, sc *Scope) {
	switch in := into.(type) {
	case *ast.ForIntoVar:
		ev.bindTarget(in.Binding.Target, v, sc, true)
	case *ast.ForDeclaration:
		ev.bindTarget(in.Target, v, sc, true)
	case *ast.ForIntoExpression:
		ev.assign(in.Expression, v, sc)
	}
}

func (ev *Evaluator) bindings(list []*ast.Binding, sc *Scope, isVar bool) {
	for _, b := range list {
		var v Value
		if b.Initializer != nil {
			v = ev.exprNamed(b.Initializer, sc, targetName(b.Target))
		}
		ev.bindTarget(b.Target, v, sc, true)
	}
}

func targetName(t ast.Expression) string {
	if id, ok := t.(*ast.Identifier); ok {
		return id.Name.String()
	}
	return ""
}

// bindTarget binds a declaration target (identifier or pattern) to v.
func (ev *Evaluator) bindTarget(t ast.Expression, v Value, sc *Scope, declare bool) {
	switch t := t.(type) {
	case *ast.Identifier:
		name := t.Name.String()
		if declare {
			if b, ok := sc.vars[name]; ok {
				b.V = v
				return
			}
			sc.declare(name, v)
			return
		}
		ev.setVar(name, v, sc)
	case *ast.ObjectPattern:
		var used []string
		for _, p := range t.Properties {
			switch p := p.(type) {
			case *ast.PropertyShort:
				name := p.Name.Name.String()
				used = append(used, name)
				pv := ev.member(v, name, nil)
				if p.Initializer != nil {
					pv = Join(pv, ev.expr(p.Initializer, sc))
				}
				ev.bindTarget(&p.Name, pv, sc, declare)
			case *ast.PropertyKeyed:
				name, ok := ev.keyName(p.Key, p.Computed, sc)
				pv := Value{}
				if ok {
					used = append(used, name)
					pv = ev.member(v, name, nil)
				}
				target := p.Value
				if a, ok := target.(*ast.AssignExpression); ok && a.Operator == token.ASSIGN {
					pv = Join(pv, ev.expr(a.Right, sc))
					target = a.Left
				}
				ev.bindTarget(target, pv, sc, declare)
			}
		}
		if t.Rest != nil {
			rest := &Object{Props: map[string]Value{}}
			for _, o := range v.Objs {
				for k, pv := range o.Props {
					if !contains(used, k) {
						rest.Props[k] = Join(rest.Props[k], pv)
					}
				}
			}
			ev.bindTarget(t.Rest, Value{Objs: []*Object{rest}}, sc, declare)
		}
	case *ast.ArrayPattern:
		for i, el := range t.Elements {
			if el == nil {
				continue
			}
			ev_ := ev.member(v, strconv.Itoa(i), nil)
			if a, ok := el.(*ast.AssignExpression); ok && a.Operator == token.ASSIGN {
				ev_ = Join(ev_, ev.expr(a.Right, sc))
				el = a.Left
			}
			ev.bindTarget(el, ev_, sc, declare)
		}
		if t.Rest != nil {
			ev.bindTarget(t.Rest, v, sc, declare)
		}
	case *ast.AssignExpression:
		// a default in a parameter pattern
		ev.bindTarget(t.Left, Join(v, ev.expr(t.Right, sc)), sc, declare)
	default:
		if !declare {
			ev.assign(t, v, sc)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// setVar assigns a variable: a strong update for the current function's own variables, a
// weak one (joined with the old value) for variables of enclosing functions, which the
// closure may update at any time.
func (ev *Evaluator) setVar(name string, v Value, sc *Scope) {
	b := sc.lookup(name)
	if b == nil {
		// An undeclared assignment: a global of the module.
		root := sc
		for root.parent != nil {
			root = root.parent
		}
		root.declare(name, v)
		return
	}
	if b.frame == ev.frame() {
		b.V = v
		return
	}
	b.V = Join(b.V, v)
}

func (ev *Evaluator) importDecl(s *ast.ImportDeclaration, sc *Scope) {
	spec := s.ModuleSpecifier.String()
	if s.FromClause != nil {
		spec = s.FromClause.ModuleSpecifier.String()
	}
	c := s.ImportClause
	if c == nil {
		if spec != "" {
			ev.importValue(spec, "*")
		}
		return
	}
	if c.ImportedDefaultBinding != nil {
		sc.declare(c.ImportedDefaultBinding.Name.String(), ev.importValue(spec, "default"))
	}
	if c.NameSpaceImport != nil {
		sc.declare(c.NameSpaceImport.ImportedBinding.String(), ev.importValue(spec, "*"))
	}
	if c.NamedImports != nil {
		for _, is := range c.NamedImports.ImportsList {
			local := is.Alias.String()
			if local == "" {
				local = is.IdentifierName.String()
			}
			sc.declare(local, ev.importValue(spec, is.IdentifierName.String()))
		}
	}
}

func (ev *Evaluator) exportDecl(s *ast.ExportDeclaration, sc *Scope) {
	m := ev.mod
	export := func(name string, b *Binding) {
		if b != nil {
			m.exports[name] = b
		}
	}
	switch {
	case s.Variable != nil:
		ev.bindings(s.Variable.List, sc, true)
		for _, b := range s.Variable.List {
			for _, n := range patternNames(b.Target) {
				export(n, sc.lookup(n))
			}
		}
	case s.LexicalDeclaration != nil:
		ev.bindings(s.LexicalDeclaration.List, sc, false)
		for _, b := range s.LexicalDeclaration.List {
			for _, n := range patternNames(b.Target) {
				export(n, sc.lookup(n))
			}
		}
	case s.ClassDeclaration != nil:
		v := ev.class(s.ClassDeclaration.Class, sc)
		name := "default"
		if s.ClassDeclaration.Class.Name != nil {
			name = s.ClassDeclaration.Class.Name.Name.String()
			sc.declare(name, v)
		}
		if s.IsDefault {
			export("default", &Binding{V: v})
		} else {
			export(name, sc.lookup(name))
		}
	case s.HoistableDeclaration != nil && s.HoistableDeclaration.FunctionDeclaration != nil:
		fn := s.HoistableDeclaration.FunctionDeclaration.Function
		var b *Binding
		if fn.Name != nil {
			b = sc.lookup(fn.Name.Name.String())
		}
		if b == nil {
			b = &Binding{V: ev.closure(fn, sc, "default")}
		}
		if s.IsDefault || fn.Name == nil {
			export("default", b)
		} else {
			export(fn.Name.Name.String(), b)
		}
	case s.AssignExpression != nil:
		export("default", &Binding{V: ev.expr(s.AssignExpression, sc)})
	case s.ExportFromClause != nil && s.FromClause != nil:
		spec := s.FromClause.ModuleSpecifier.String()
		if s.ExportFromClause.IsWildcard {
			if s.ExportFromClause.Alias != "" {
				export(s.ExportFromClause.Alias.String(), &Binding{V: ev.importValue(spec, "*")})
			} else {
				m.stars = append(m.stars, spec)
			}
		} else if s.ExportFromClause.NamedExports != nil {
			for _, es := range s.ExportFromClause.NamedExports.ExportsList {
				alias := es.Alias.String()
				if alias == "" {
					alias = es.IdentifierName.String()
				}
				export(alias, &Binding{V: ev.importValue(spec, es.IdentifierName.String())})
			}
		}
	case s.NamedExports != nil && s.FromClause != nil:
		// export { a as b, default as c } from "./m": a re-export, bound to the other module
		spec := s.FromClause.ModuleSpecifier.String()
		for _, es := range s.NamedExports.ExportsList {
			alias := es.Alias.String()
			if alias == "" {
				alias = es.IdentifierName.String()
			}
			export(alias, &Binding{V: ev.importValue(spec, es.IdentifierName.String())})
		}
	case s.NamedExports != nil:
		for _, es := range s.NamedExports.ExportsList {
			alias := es.Alias.String()
			if alias == "" {
				alias = es.IdentifierName.String()
			}
			export(alias, sc.lookup(es.IdentifierName.String()))
		}
	}
}

func patternNames(t ast.Expression) []string {
	switch t := t.(type) {
	case *ast.Identifier:
		return []string{t.Name.String()}
	case *ast.ObjectPattern:
		var out []string
		for _, p := range t.Properties {
			switch p := p.(type) {
			case *ast.PropertyShort:
				out = append(out, p.Name.Name.String())
			case *ast.PropertyKeyed:
				out = append(out, patternNames(p.Value)...)
			}
		}
		if t.Rest != nil {
			out = append(out, patternNames(t.Rest)...)
		}
		return out
	case *ast.ArrayPattern:
		var out []string
		for _, e := range t.Elements {
			out = append(out, patternNames(e)...)
		}
		if t.Rest != nil {
			out = append(out, patternNames(t.Rest)...)
		}
		return out
	case *ast.AssignExpression:
		return patternNames(t.Left)
	}
	return nil
}

// ---- functions and classes

func (ev *Evaluator) closure(fn ast.Node, sc *Scope, name string) Value {
	c := &Closure{Node: fn, Env: sc, Mod: ev.mod, Name: name}
	if _, ok := fn.(*ast.ArrowFunctionLiteral); ok {
		c.Arrow = true
		if len(ev.stack) > 0 {
			c.This = ev.frame().this
		}
	}
	if fl, ok := fn.(*ast.FunctionLiteral); ok && name == "" && fl.Name != nil {
		c.Name = fl.Name.Name.String()
	}
	if !ev.made[fn] {
		ev.made[fn] = true
		ev.closures = append(ev.closures, c)
	}
	return Value{Fns: []*Closure{c}}
}

func (ev *Evaluator) class(cl *ast.ClassLiteral, sc *Scope) Value {
	if c, ok := ev.classes[cl]; ok {
		return Value{Objs: []*Object{classObject(c)}}
	}
	c := &Class{Methods: map[string]*Closure{}, Getters: map[string]*Closure{}, Instance: &Object{Props: map[string]Value{}}}
	if cl.Name != nil {
		c.Name = cl.Name.Name.String()
	}
	c.Instance.Class = c
	ev.classes[cl] = c
	if cl.SuperClass != nil {
		c.Super = ev.expr(cl.SuperClass, sc)
	}
	inner := newScope(sc, sc.frame)
	obj := classObject(c)
	if c.Name != "" {
		inner.declare(c.Name, Value{Objs: []*Object{obj}})
	}
	thisV := Value{Objs: []*Object{c.Instance}}
	for _, el := range cl.Body {
		switch el := el.(type) {
		case *ast.MethodDefinition:
			name, _ := ev.keyName(el.Key, el.Computed, inner)
			v := ev.closure(el.Body, inner, c.Name+"."+name)
			clo := v.Fns[0]
			clo.Class = c
			if el.Static {
				obj.Set(name, v)
				continue
			}
			if name == "constructor" {
				c.Ctor = clo
				clo.ctorOf = c
			} else if el.Kind == ast.PropertyKindGet {
				c.Getters[name] = clo
			} else {
				c.Methods[name] = clo
				c.Instance.Add(name, v)
			}
		case *ast.FieldDefinition:
			name, _ := ev.keyName(el.Key, el.Computed, inner)
			if el.Initializer == nil {
				continue
			}
			fr := &Frame{this: thisV, mod: ev.mod}
			ev.stack = append(ev.stack, fr)
			v := ev.exprNamed(el.Initializer, newScope(inner, fr), name)
			ev.stack = ev.stack[:len(ev.stack)-1]
			if el.Static {
				obj.Add(name, v)
			} else {
				c.Instance.Add(name, v)
			}
			for _, f := range v.Fns {
				f.Class = c
			}
		case *ast.ClassStaticBlock:
			// static { this.base = API; }: esbuild writes TypeScript's static fields this way
			fr := &Frame{this: Value{Objs: []*Object{obj}}, mod: ev.mod}
			ev.stack = append(ev.stack, fr)
			bsc := newScope(inner, fr)
			ev.hoist(el.Block.List, bsc)
			ev.block(el.Block.List, bsc)
			ev.stack = ev.stack[:len(ev.stack)-1]
		}
	}
	return Value{Objs: []*Object{obj}}
}

func classObject(c *Class) *Object {
	if o, ok := c.Instance.St()["$ctor"].(*Object); ok {
		return o
	}
	o := &Object{Props: map[string]Value{}, Class: c}
	o.St()["$isClass"] = true
	c.Instance.St()["$ctor"] = o
	return o
}

// St returns the object's model state, made on first use.
func (o *Object) St() map[string]any {
	if o.state == nil {
		o.state = map[string]any{}
	}
	return o.state
}
