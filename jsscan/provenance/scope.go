package provenance

import (
	"github.com/grafana/sobek/ast"

	"github.com/auth0-migrate/auth0audit/jsscan/frontend"
)

// Scope is one lexical scope.
type Scope struct {
	parent *Scope
	vars   map[string]*Binding
	frame  *Frame
}

// Binding is a variable.
type Binding struct {
	V     Value
	frame *Frame
}

func newScope(parent *Scope, fr *Frame) *Scope {
	return &Scope{parent: parent, frame: fr}
}

func (s *Scope) lookup(name string) *Binding {
	for ; s != nil; s = s.parent {
		if b, ok := s.vars[name]; ok {
			return b
		}
	}
	return nil
}

func (s *Scope) declare(name string, v Value) *Binding {
	if b, ok := s.vars[name]; ok {
		b.V = Join(b.V, v)
		return b
	}
	if s.vars == nil {
		s.vars = map[string]*Binding{}
	}
	b := &Binding{V: v, frame: s.frame}
	s.vars[name] = b
	if s.frame != nil {
		s.frame.bindings = append(s.frame.bindings, b)
	}
	return b
}

// Frame is one function activation (or a module's top level).
type Frame struct {
	bindings []*Binding
	this     Value
	ret      Value
	hasRet   bool
	// site is the call that made this frame, in its caller; name the callee's name.
	site     ast.Node
	siteFile *frontend.File
	name     string
	// attrib frames count for depth: calls of named helpers, not inline callbacks.
	attrib bool
	mod    *Module
	// args are the objects the caller passed (and the objects they hold): a token read from
	// one is the caller's, like a token passed as a plain argument.
	args map[*Object]bool
}

// snapshot saves the values of the frame's bindings, for flow-sensitive branches.
func (f *Frame) snapshot() []Value {
	out := make([]Value, len(f.bindings))
	for i, b := range f.bindings {
		out[i] = b.V
	}
	return out
}

func (f *Frame) restore(s []Value) {
	for i := range s {
		f.bindings[i].V = s[i]
	}
}

// merge joins the state s into the current one (bindings made after s was taken keep theirs).
func (f *Frame) merge(s []Value) {
	for i := range s {
		f.bindings[i].V = Join(f.bindings[i].V, s[i])
	}
}
