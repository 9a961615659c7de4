package provenance

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"

	"github.com/grafana/sobek/ast"
	"github.com/grafana/sobek/file"
	"github.com/grafana/sobek/parser"

	"github.com/auth0-migrate/auth0audit/jsscan/frontend"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// Module is one file of the project.
type Module struct {
	Path string
	File *frontend.File
	// Imports are the bare module specifiers the file imports or requires.
	Imports map[string]bool

	scope   *Scope
	exports map[string]*Binding
	// cjs is the module object of CommonJS code (module.exports).
	cjs   *Object
	stars []string
	ns    Value
	state int // 0 not evaluated, 1 evaluating, 2 done
	json  bool
}

// ImportsAny reports whether the module imports one of the specifiers (or a subpath of one).
func (m *Module) ImportsAny(specs ...string) bool {
	if m == nil {
		return false
	}
	for imp := range m.Imports {
		for _, s := range specs {
			if imp == s || strings.HasPrefix(imp, s+"/") {
				return true
			}
		}
	}
	return false
}

// Hit is a sink reached by a value the model found affected.
type Hit struct {
	UseCase    usecase.ID
	Check      string
	Confidence usecase.Confidence
	File       *frontend.File
	Idx        file.Idx
	// What says what was found. Via names the helper the finding was reached through, and
	// ViaFile and ViaLine where in it the sink is.
	What    string
	Via     string
	ViaFile *frontend.File
	ViaLine int
}

// Model knows the libraries: what their functions return and which calls are sinks.
type Model interface {
	// Global is a free identifier (a browser or Node global, a library loaded by a script tag).
	Global(ev *Evaluator, name string) (Value, bool)
	// Import is a bare module specifier ("auth0-js", "axios").
	Import(ev *Evaluator, spec string) (Value, bool)
	// Call is a call (or with New, a construction) of a library symbol.
	Call(ev *Evaluator, c *Call) (Value, bool)
	// Member reads a property the program does not define (base may be unknown).
	Member(ev *Evaluator, base Value, name string) (Value, bool)
	// Param is a function parameter of unknown value (AngularJS injects by name).
	Param(ev *Evaluator, name string) (Value, bool)
	// Finish reports what can be decided only after the whole project was seen.
	Finish(ev *Evaluator)
}

// Call is a call of a library symbol.
type Call struct {
	Ref  Ref
	This Value
	Args []Value
	// ArgNodes are the argument expressions; Node is the call.
	ArgNodes []ast.Expression
	Node     ast.Node
	New      bool
}

// Arg returns argument i, or unknown.
func (c *Call) Arg(i int) Value {
	if i < len(c.Args) {
		return c.Args[i]
	}
	return Value{}
}

// ArgNode returns argument expression i, or the call.
func (c *Call) ArgNode(i int) ast.Node {
	if i < len(c.ArgNodes) && c.ArgNodes[i] != nil {
		return c.ArgNodes[i]
	}
	return c.Node
}

// Method is the last part of the called symbol ("linkUser" of "auth0-js.Management#.linkUser").
func (c *Call) Method() string {
	s := c.Ref.Sym
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// Project is the set of modules analyzed together.
type Project struct {
	Modules map[string]*Module
	// Roots limits resolution of relative imports to files under them.
	Roots []string

	imports map[string]bool
}

// NewProject returns a project of files (keyed by their clean paths).
func NewProject(files []*frontend.File, roots []string) *Project {
	p := &Project{Modules: map[string]*Module{}}
	for _, r := range roots {
		if abs, err := filepath.Abs(r); err == nil {
			p.Roots = append(p.Roots, abs)
		}
	}
	for _, f := range files {
		m := &Module{Path: f.Path, File: f, Imports: map[string]bool{}}
		if f.Program == nil || f.Transpiled {
			// TypeScript's rewrite drops imports used only as types (an injected
			// AuthService): the source still says what the module depends on.
			collectFroms(f.Src, m.Imports)
		}
		collectImports(f.Program, m.Imports)
		collectRequires(f.Src, m.Imports)
		p.Modules[key(f.Path)] = m
	}
	return p
}

func key(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return filepath.Clean(p)
}

// collectImports records bare specifiers of import declarations and require("...") calls.
func collectImports(prog *ast.Program, into map[string]bool) {
	if prog == nil {
		return
	}
	for _, st := range prog.Body {
		switch s := st.(type) {
		case *ast.ImportDeclaration:
			if s.FromClause != nil {
				into[s.FromClause.ModuleSpecifier.String()] = true
			} else {
				into[s.ModuleSpecifier.String()] = true
			}
		case *ast.ExportDeclaration:
			if s.FromClause != nil {
				into[s.FromClause.ModuleSpecifier.String()] = true
			}
		}
	}
}

// collectFroms records the specifiers of `from "x"` clauses of a file whose syntax tree was
// dropped (not relevant on its own), by its text.
func collectFroms(src []byte, into map[string]bool) {
	for rest := src; ; {
		i := bytes.Index(rest, []byte("from"))
		if i < 0 {
			return
		}
		rest = rest[i+4:]
		j := 0
		for j < len(rest) && (rest[j] == ' ' || rest[j] == '\t') {
			j++
		}
		if j == 0 || j >= len(rest) || (rest[j] != '\'' && rest[j] != '"') {
			continue
		}
		q := rest[j]
		end := bytes.IndexByte(rest[j+1:], q)
		if end < 0 {
			return
		}
		if spec := rest[j+1 : j+1+end]; bytes.IndexByte(spec, '\n') < 0 {
			into[string(spec)] = true
		}
	}
}

// collectRequires records require("x") and import("x") specifiers of src.
func collectRequires(src []byte, into map[string]bool) {
	for _, word := range [][]byte{[]byte("require"), []byte("import")} {
		for rest := src; ; {
			i := bytes.Index(rest, word)
			if i < 0 {
				break
			}
			rest = rest[i+len(word):]
			j := 0
			for j < len(rest) && (rest[j] == ' ' || rest[j] == '\t') {
				j++
			}
			if j >= len(rest) || rest[j] != '(' {
				continue
			}
			j++
			for j < len(rest) && (rest[j] == ' ' || rest[j] == '\t') {
				j++
			}
			if j >= len(rest) || (rest[j] != '\'' && rest[j] != '"') {
				continue
			}
			q := rest[j]
			end := bytes.IndexByte(rest[j+1:], q)
			if end < 0 {
				break
			}
			if spec := rest[j+1 : j+1+end]; bytes.IndexByte(spec, '\n') < 0 {
				into[string(spec)] = true
			}
		}
	}
}

// ImportsAny reports whether any module of the project imports one of specs.
func (p *Project) ImportsAny(specs ...string) bool {
	if p.imports == nil {
		p.imports = map[string]bool{}
		for _, m := range p.Modules {
			for k := range m.Imports {
				p.imports[k] = true
			}
		}
	}
	for imp := range p.imports {
		for _, s := range specs {
			if imp == s || strings.HasPrefix(imp, s+"/") {
				return true
			}
		}
	}
	return false
}

// Importers maps each module to the project modules importing or requiring it.
func (p *Project) Importers() map[*Module][]*Module {
	out := map[*Module][]*Module{}
	for _, m := range p.Modules {
		for spec := range m.Imports {
			if dep := p.resolve(m, spec); dep != nil && dep != m && !dep.json {
				out[dep] = append(out[dep], m)
			}
		}
	}
	return out
}

// resolve finds the project module a relative specifier names from module from.
func (p *Project) resolve(from *Module, spec string) *Module {
	if !strings.HasPrefix(spec, ".") && !strings.HasPrefix(spec, "/") {
		return nil
	}
	base := filepath.Join(filepath.Dir(from.Path), spec)
	if strings.HasPrefix(spec, "/") {
		base = spec
	}
	cands := []string{base}
	for _, ext := range frontend.Extensions {
		cands = append(cands, base+ext)
	}
	for _, ext := range frontend.Extensions {
		cands = append(cands, filepath.Join(base, "index"+ext))
	}
	// TypeScript imports name the emitted file: "./x.js" is ./x.ts.
	if ext := filepath.Ext(base); ext == ".js" || ext == ".mjs" || ext == ".cjs" || ext == ".jsx" {
		stem := strings.TrimSuffix(base, ext)
		for _, e := range []string{".ts", ".tsx", ".mts", ".cts"} {
			cands = append(cands, stem+e)
		}
	}
	for _, c := range cands {
		if m, ok := p.Modules[key(c)]; ok {
			return m
		}
	}
	if strings.HasSuffix(base, ".json") || fileExists(base+".json") {
		path := base
		if !strings.HasSuffix(path, ".json") {
			path += ".json"
		}
		return p.jsonModule(path)
	}
	return nil
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// jsonModule reads a JSON file of the project (auth_config.json) as a module whose default
// export is its value. Its strings count as configuration, not literals in code.
func (p *Project) jsonModule(path string) *Module {
	k := key(path)
	if m, ok := p.Modules[k]; ok {
		return m
	}
	inRoot := len(p.Roots) == 0
	for _, r := range p.Roots {
		if rel, err := filepath.Rel(r, k); err == nil && !strings.HasPrefix(rel, "..") {
			inRoot = true
		}
	}
	if !inRoot {
		return nil
	}
	b, err := os.ReadFile(path)
	if err != nil || len(b) > 1<<20 {
		return nil
	}
	src := "export default (" + string(b) + "\n);"
	prog, err := parser.ParseFile(nil, path, src, 0, parser.WithDisableSourceMaps, parser.IsModule)
	if err != nil {
		return nil
	}
	f := frontend.FromProgram(path, src, prog)
	m := &Module{Path: path, File: f, Imports: map[string]bool{}, json: true}
	p.Modules[k] = m
	return m
}
