// Package provenance follows values through JavaScript programs: where a token, a scope
// string, a URL or a literal came from, through locals, destructuring, spread, object and
// class fields, closures, async/await and promise callbacks, and imports between the
// project's modules. It is an abstract interpreter over the front end's AST: every value is
// the union of what it may be, and the library models (package libmodel) say what calls into
// Auth0 SDKs and HTTP clients produce and which of them are sinks.
package provenance

import (
	"slices"
	"strings"
)

// Tag is what a value is known to be.
type Tag uint32

const (
	// IDToken: an ID token, decided by where it came from (an SDK result, a token response).
	IDToken Tag = 1 << iota
	// IDTokenByName: a value of unknown origin whose name says ID token ("idToken").
	IDTokenByName
	// UserScope: a scope string or list containing update:current_user_identities (or the
	// migration guide's misspelling update:current_user_metadata).
	UserScope
	// UserToken: an access token requested with UserScope.
	UserToken
	// ServerToken: an access token with update:users (a client-credentials token).
	ServerToken
	// TokenResponse: the body of an /oauth/token response.
	TokenResponse
	// Config: a string read from a JSON file of the project (not a literal in code).
	Config
)

// Hole stands for an unknown part of a string template.
const Hole = "\x00"

// maxStrs bounds the strings a value may be; past it, the value loses its strings.
const maxStrs = 8

// Str is one possible string value; S may contain Holes.
type Str struct {
	S string
	// Lit: written as a literal in code (for secrets).
	Lit bool
}

// Ref is a library symbol: a module ("auth0-js"), a member path ("auth0-js.WebAuth"), or a
// method of a library object (Sym "auth0-js.Management#.linkUser" with Recv the object).
type Ref struct {
	Sym  string
	Recv *Object
}

// Value is the union of what an expression may evaluate to. The zero Value is unknown.
type Value struct {
	Tags Tag
	Strs []Str
	Objs []*Object
	Fns  []*Closure
	Refs []Ref
	// Depth is, for a value carrying a token tag, the shallowest call depth it has been at,
	// so that a sink reached inside a helper is reported at the caller that passed the token.
	Depth int
	// Name is the variable or property the value was last read from (for messages).
	Name string
}

// Object is an abstract heap object, one per allocation site (or per library instance).
type Object struct {
	Props map[string]Value
	// Lib is the library type of an instance made by a model ("auth0-js.Management#").
	Lib string
	// Class is the user class of an instance.
	Class *Class
	// state is the model's own state for a library instance (see St).
	state map[string]any
	// Pos is where the object was made (an AST offset), for models reporting at it.
	Pos int
	// PropPos is where each property was last written.
	PropPos map[string]Pos
	// File is the file the object was made in.
	File string
}

// Closure is a user function with the environment it was made in.
type Closure struct {
	Node   any // *ast.FunctionLiteral or *ast.ArrowFunctionLiteral
	Env    *Scope
	Mod    *Module
	This   Value // lexical this for arrow functions
	Arrow  bool
	Class  *Class
	Name   string
	ctorOf *Class
}

// Class is a user class: one abstract instance stands for all its instances, so a field set
// in one method is seen in every other.
type Class struct {
	Name     string
	Ctor     *Closure
	Methods  map[string]*Closure
	Getters  map[string]*Closure
	Super    Value
	Instance *Object
}

// Known reports whether anything is known about v.
func (v Value) Known() bool {
	return v.Tags != 0 || len(v.Strs) > 0 || len(v.Objs) > 0 || len(v.Fns) > 0 || len(v.Refs) > 0
}

// Has reports whether v carries any of t.
func (v Value) Has(t Tag) bool { return v.Tags&t != 0 }

// Token reports whether v carries a token tag (the ones whose depth matters).
func (v Value) Token() bool { return v.Tags&(IDToken|IDTokenByName|UserToken|ServerToken) != 0 }

// Str returns v's only string, when it has exactly one and it has no hole.
func (v Value) Str() (string, bool) {
	if len(v.Strs) == 1 && !strings.Contains(v.Strs[0].S, Hole) {
		return v.Strs[0].S, true
	}
	return "", false
}

// Join returns the union of vs.
func Join(vs ...Value) Value {
	var out Value
	first := true
	for _, v := range vs {
		if !v.Known() {
			continue
		}
		if first {
			out = v
			first = false
			continue
		}
		out = join2(out, v)
	}
	return out
}

func join2(a, b Value) Value {
	out := Value{Tags: a.Tags | b.Tags, Name: a.Name}
	if out.Name == "" {
		out.Name = b.Name
	}
	switch {
	case a.Token() && b.Token():
		out.Depth = min(a.Depth, b.Depth)
	case a.Token():
		out.Depth = a.Depth
	default:
		out.Depth = b.Depth
	}
	out.Strs = joinStrs(a.Strs, b.Strs)
	out.Objs = joinPtrs(a.Objs, b.Objs)
	out.Fns = joinPtrs(a.Fns, b.Fns)
	out.Refs = joinRefs(a.Refs, b.Refs)
	return out
}

func joinStrs(a, b []Str) []Str {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) > maxStrs {
		return out[:maxStrs]
	}
	return out
}

func joinPtrs[T comparable](a, b []T) []T {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := slices.Clone(a)
	for _, p := range b {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func joinRefs(a, b []Ref) []Ref {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := slices.Clone(a)
	for _, r := range b {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// StrValue is a literal string.
func StrValue(s string) Value {
	v := Value{Strs: []Str{{S: s, Lit: true}}}
	if IsUserScope(s) {
		v.Tags |= UserScope
	}
	return v
}

// WithTags returns v with t added, at depth d when t is a token tag and v had none.
func (v Value) WithTags(t Tag, d int) Value {
	if !v.Token() {
		v.Depth = d
	}
	v.Tags |= t
	return v
}

// Without returns v without t.
func (v Value) Without(t Tag) Value {
	v.Tags &^= t
	return v
}

// IsUserScope reports whether a scope string grants user-scoped linking.
func IsUserScope(s string) bool {
	return strings.Contains(s, "update:current_user_identities") || strings.Contains(s, "update:current_user_metadata")
}

// IsServerScope reports whether a scope string grants update:users.
func IsServerScope(s string) bool {
	for _, f := range strings.Fields(s) {
		if f == "update:users" {
			return true
		}
	}
	return false
}

// Prop returns the union of property name over v's objects.
func (v Value) Prop(name string) Value {
	var vs []Value
	for _, o := range v.Objs {
		if p, ok := o.Props[name]; ok {
			vs = append(vs, p)
		}
	}
	return Join(vs...)
}

// HasProp reports whether any of v's objects has property name.
func (v Value) HasProp(name string) bool {
	for _, o := range v.Objs {
		if _, ok := o.Props[name]; ok {
			return true
		}
	}
	return false
}

// RefSyms returns the library symbols of v.
func (v Value) RefSyms() []string {
	var out []string
	for _, r := range v.Refs {
		out = append(out, r.Sym)
	}
	for _, o := range v.Objs {
		if o.Lib != "" {
			out = append(out, o.Lib)
		}
	}
	return out
}

// HasRef reports whether v is the library symbol sym (or an instance of it).
func (v Value) HasRef(sym string) bool {
	for _, r := range v.Refs {
		if r.Sym == sym {
			return true
		}
	}
	for _, o := range v.Objs {
		if o.Lib == sym {
			return true
		}
	}
	return false
}

// LibObjs returns v's library instances of type lib.
func (v Value) LibObjs(lib string) []*Object {
	var out []*Object
	for _, o := range v.Objs {
		if o.Lib == lib {
			out = append(out, o)
		}
	}
	return out
}

// SetAt sets a property written at p.
func (o *Object) SetAt(name string, v Value, p Pos) {
	o.Set(name, v)
	if p.Mod != nil {
		if o.PropPos == nil {
			o.PropPos = map[string]Pos{}
		}
		o.PropPos[name] = p
	}
}

// Set sets a property (a strong update).
func (o *Object) Set(name string, v Value) {
	if o.Props == nil {
		o.Props = map[string]Value{}
	}
	o.Props[name] = v
}

// Add joins v into a property (a weak update).
func (o *Object) Add(name string, v Value) {
	if o.Props == nil {
		o.Props = map[string]Value{}
	}
	o.Props[name] = Join(o.Props[name], v)
}

// Concat is the string concatenation of a and b: every pair of their strings, a hole for an
// unknown side. Tags (a token inside "Bearer "+token) are kept.
func Concat(a, b Value) Value {
	out := Value{Tags: (a.Tags | b.Tags) &^ TokenResponse}
	switch {
	case a.Token() && b.Token():
		out.Depth = min(a.Depth, b.Depth)
	case a.Token():
		out.Depth = a.Depth
	default:
		out.Depth = b.Depth
	}
	as, bs := strsOrHole(a), strsOrHole(b)
	for _, x := range as {
		for _, y := range bs {
			s := Str{S: collapse(x.S + y.S), Lit: x.Lit && y.Lit}
			if !slices.Contains(out.Strs, s) && len(out.Strs) < maxStrs {
				out.Strs = append(out.Strs, s)
			}
		}
	}
	for _, s := range out.Strs {
		if IsUserScope(s.S) {
			out.Tags |= UserScope
		}
	}
	return out
}

func strsOrHole(v Value) []Str {
	if len(v.Strs) == 0 {
		return []Str{{S: Hole}}
	}
	return v.Strs
}

func collapse(s string) string {
	for strings.Contains(s, Hole+Hole) {
		s = strings.ReplaceAll(s, Hole+Hole, Hole)
	}
	return s
}
