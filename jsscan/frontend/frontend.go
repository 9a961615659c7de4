// Package frontend reads one JavaScript or TypeScript file into a JavaScript AST whose
// positions are those of the original source.
//
// Plain JavaScript (.js .mjs .cjs) is parsed as written by the pure-Go parser of
// github.com/grafana/sobek (ES2022 and ES modules). TypeScript and JSX (.ts .mts .cts .tsx
// .jsx), and JavaScript the parser does not accept as written (JSX in a .js file, for await,
// async generator methods, import attributes), are first rewritten to modern JavaScript by
// esbuild's Go API (types stripped, JSX turned into calls, those few newer constructs lowered,
// nothing else), and positions are mapped back through the source map esbuild emits. Both are
// pure Go: no C toolchain and no Node.js are needed.
package frontend

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/evanw/esbuild/pkg/api"
	"github.com/go-sourcemap/sourcemap"
	"github.com/grafana/sobek/ast"
	"github.com/grafana/sobek/file"
	"github.com/grafana/sobek/parser"
)

// Extensions are the file name endings the front end reads.
var Extensions = []string{".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"}

// Supported reports whether path has one of Extensions (and is not a .d.ts declaration file,
// which holds no code).
func Supported(path string) bool {
	if IsDeclaration(path) {
		return false
	}
	return slices.Contains(Extensions, strings.ToLower(filepath.Ext(path)))
}

// IsDeclaration reports whether path is a TypeScript declaration file (.d.ts, .d.mts, .d.cts).
func IsDeclaration(path string) bool {
	p := strings.ToLower(path)
	return strings.HasSuffix(p, ".d.ts") || strings.HasSuffix(p, ".d.mts") || strings.HasSuffix(p, ".d.cts")
}

// File is one parsed source file.
type File struct {
	Path    string
	Src     []byte
	Program *ast.Program
	// Transpiled says the AST is of esbuild's rewrite (TypeScript or JSX), not of Src itself.
	Transpiled bool
	// Lines is the number of lines of Src.
	Lines int

	lineStarts []int // of Src
	genStarts  []int // of the transpiled code
	gen        string
	smap       *sourcemap.Consumer
	base       int
}

// Error is a file that could not be read as JavaScript or TypeScript, with where and why.
type Error struct {
	Path   string
	Line   int
	Column int
	Reason string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Column, e.Reason)
	}
	return e.Path + ": " + e.Reason
}

// Parse reads src, the content of path, choosing the dialect from the file name. It never
// panics: any failure, including one inside a parser, is an *Error.
func Parse(path string, src []byte) (f *File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, &Error{Path: path, Reason: fmt.Sprintf("parser failure: %v", r)}
		}
	}()
	if !utf8.Valid(src) {
		return nil, &Error{Path: path, Reason: "not UTF-8 text"}
	}
	if bytes.IndexByte(src, 0) >= 0 {
		return nil, &Error{Path: path, Reason: "binary content (NUL byte)"}
	}
	if depth, line, col := nesting(src); depth > MaxNesting {
		// The parsers recurse per level: a million levels overflow the goroutine stack, a
		// fatal error no recover catches.
		return nil, &Error{Path: path, Line: line, Column: col,
			Reason: fmt.Sprintf("brackets nested more than %d levels deep: too deep to parse safely", MaxNesting)}
	}
	f = &File{Path: path, Src: src, base: 1, lineStarts: lineStarts(string(src))}
	f.Lines = len(f.lineStarts)
	if len(src) > 0 && src[len(src)-1] == '\n' {
		f.Lines--
	}
	ext := strings.ToLower(filepath.Ext(path))
	loader := api.LoaderJSX
	switch ext {
	case ".js", ".mjs", ".cjs":
		if prog, perr := parseJS(path, string(src)); perr == nil {
			f.Program = prog
			return f, nil
		}
		if anonymousFunction(src) {
			// An Auth0 Rule: "function (user, context, callback) {...}" alone in its file, a
			// function expression rather than a program. Read it in parentheses; base skips
			// the "(" so that positions stay those of src.
			if prog, perr := parseJS(path, "("+string(src)+"\n)"); perr == nil {
				f.Program, f.base = prog, 2
				return f, nil
			}
		}
	case ".ts", ".mts", ".cts":
		loader = api.LoaderTS
	case ".tsx":
		loader = api.LoaderTSX
	}
	if err := f.transpile(loader); err != nil {
		return nil, err
	}
	return f, nil
}

// anonymousFunction reports whether src's first token, past a byte-order mark, blanks and
// comments, starts an unnamed function: "function (" or "async function (".
func anonymousFunction(src []byte) bool {
	s := strings.TrimPrefix(string(src), "\ufeff")
	for {
		s = strings.TrimLeft(s, " \t\r\n")
		switch {
		case strings.HasPrefix(s, "//"):
			_, s, _ = strings.Cut(s, "\n")
			continue
		case strings.HasPrefix(s, "/*"):
			var ok bool
			if _, s, ok = strings.Cut(s[2:], "*/"); !ok {
				return false
			}
			continue
		}
		break
	}
	if rest, ok := strings.CutPrefix(s, "async"); ok {
		s = strings.TrimLeft(rest, " \t")
	}
	rest, ok := strings.CutPrefix(s, "function")
	return ok && strings.HasPrefix(strings.TrimLeft(rest, " \t"), "(")
}

// parseJS parses JavaScript as a module, then as a script (sloppy-mode code that a module
// rejects).
func parseJS(path, src string) (*ast.Program, error) {
	prog, err := parser.ParseFile(nil, path, src, 0, parser.WithDisableSourceMaps, parser.IsModule)
	if err == nil {
		return prog, nil
	}
	if prog2, err2 := parser.ParseFile(nil, path, src, 0, parser.WithDisableSourceMaps); err2 == nil {
		return prog2, nil
	}
	return nil, err
}

// lowered are the constructs esbuild rewrites for the parser, which does not read them.
var lowered = map[string]bool{
	"for-await": false, "async-generator": false, "import-attributes": false,
	"import-assertions": false, "using": false, "decorators": false,
}

func (f *File) transpile(loader api.Loader) error {
	res := api.Transform(string(f.Src), api.TransformOptions{
		Loader:     loader,
		Sourcefile: f.Path,
		Sourcemap:  api.SourceMapExternal,
		Target:     api.ESNext,
		Supported:  lowered,
		Format:     api.FormatDefault,
		// Class fields keep their TypeScript meaning; experimental decorators (Angular) are
		// rewritten into calls the parser reads.
		TsconfigRaw: `{"compilerOptions":{"experimentalDecorators":true,"useDefineForClassFields":false}}`,
		LogLevel:    api.LogLevelSilent,
		// Keep JSX element names readable in the calls (React.createElement(Foo, ...)).
		JSX: api.JSXTransform,
	})
	if len(res.Errors) > 0 {
		m := res.Errors[0]
		e := &Error{Path: f.Path, Reason: redact(m.Text)}
		if m.Location != nil {
			e.Line, e.Column = m.Location.Line, m.Location.Column+1
		}
		return e
	}
	f.gen = string(res.Code)
	f.Transpiled = true
	f.genStarts = lineStarts(f.gen)
	if len(bytes.TrimSpace(res.Code)) > 0 {
		sm, err := sourcemap.Parse("", res.Map)
		if err != nil {
			return &Error{Path: f.Path, Reason: "source map of the rewrite: " + err.Error()}
		}
		f.smap = sm
	}
	prog, err := parseJS(f.Path, f.gen)
	if err != nil {
		// The rewrite is esbuild's and valid JavaScript; the parser does not read some newer
		// construct in it. Say so plainly, at the original position when one maps.
		return &Error{Path: f.Path, Reason: "JavaScript parser: " + redact(firstLine(err.Error()))}
	}
	f.Program = prog
	return nil
}

// quoted is a token a parser quotes in its message: "..." with escapes.
var quoted = regexp.MustCompile(`"(?:\\.|[^"\\])*"`)

// redact keeps literals out of an error message: the parsers quote the token they stopped at,
// which may be a string holding a client secret, and the message is printed in every output.
// Literals become their kind; other tokens longer than a keyword or short name, their length.
func redact(msg string) string {
	return quoted.ReplaceAllStringFunc(msg, func(q string) string {
		tok := q[1 : len(q)-1]
		switch {
		case strings.HasPrefix(tok, "'") || strings.HasPrefix(tok, `\"`):
			return "a string literal"
		case strings.HasPrefix(tok, "`"):
			return "a template literal"
		case strings.HasPrefix(tok, "/") && len(tok) > 2:
			return "a regular expression"
		case len(tok) > 24:
			return fmt.Sprintf("a %d-character token", len(tok))
		}
		return q
	})
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

func lineStarts(s string) []int {
	starts := []int{0}
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// Drop releases the syntax tree and the rewrite of a file that is kept only as text (Parse
// it again to use it).
func (f *File) Drop() {
	f.Program, f.gen, f.genStarts, f.smap = nil, "", nil, nil
}

// Offset returns the byte offset of idx in the parsed code (the rewrite when Transpiled).
func (f *File) Offset(idx file.Idx) int { return int(idx) - f.base }

// Position returns the 1-based line and byte column in the original source of idx, a
// position in the parsed AST. A position esbuild's source map does not cover maps to the
// nearest covered token before it on its line, or to line 0 when there is none.
func (f *File) Position(idx file.Idx) (line, col int) {
	off := f.Offset(idx)
	if !f.Transpiled {
		return lineCol(f.lineStarts, string(f.Src), off)
	}
	gl, gc := lineCol(f.genStarts, f.gen, off)
	if f.smap == nil {
		return 0, 0
	}
	// Source maps count columns in UTF-16 units, 0-based.
	gcol16 := utf16Col(f.gen, f.genStarts[gl-1], off)
	_ = gc
	_, _, ol, oc, ok := f.smap.Source(gl, gcol16)
	if !ok {
		return 0, 0
	}
	return ol, byteCol(string(f.Src), f.lineStarts, ol, oc)
}

// Line is Position's line.
func (f *File) Line(idx file.Idx) int {
	l, _ := f.Position(idx)
	return l
}

func lineCol(starts []int, s string, off int) (int, int) {
	if off < 0 {
		off = 0
	}
	if off > len(s) {
		off = len(s)
	}
	i := sort.Search(len(starts), func(i int) bool { return starts[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, off - starts[i] + 1
}

func utf16Col(s string, lineStart, off int) int {
	if off > len(s) {
		off = len(s)
	}
	n := 0
	for _, r := range s[lineStart:off] {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// byteCol turns a 0-based UTF-16 column on a 1-based line into a 1-based byte column.
func byteCol(s string, starts []int, line, col16 int) int {
	if line < 1 || line > len(starts) {
		return col16 + 1
	}
	end := len(s)
	if line < len(starts) {
		end = starts[line]
	}
	n := 0
	for i, r := range s[starts[line-1]:end] {
		if n >= col16 {
			return i + 1
		}
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return end - starts[line-1] + 1
}

// Code returns the parsed code from one AST position to another (of the rewrite when
// Transpiled), or "" when they are out of range.
func (f *File) Code(from, to file.Idx) string {
	code := string(f.Src)
	if f.Transpiled {
		code = f.gen
	}
	a, b := f.Offset(from), f.Offset(to)
	if a < 0 || b > len(code) || a > b {
		return ""
	}
	return code[a:b]
}

// LineText returns line n (1-based) of the original source, without its newline.
func (f *File) LineText(n int) string {
	if n < 1 || n > len(f.lineStarts) {
		return ""
	}
	end := len(f.Src)
	if n < len(f.lineStarts) {
		end = f.lineStarts[n]
	}
	return strings.TrimRight(string(f.Src[f.lineStarts[n-1]:end]), "\r\n")
}

// FromProgram wraps a program parsed elsewhere (a JSON file read as a module).
func FromProgram(path string, src string, prog *ast.Program) *File {
	f := &File{Path: path, Src: []byte(src), Program: prog, base: 1, lineStarts: lineStarts(src)}
	f.Lines = len(f.lineStarts)
	return f
}

// MaxNesting is the deepest bracket nesting a file may have to be parsed. Real code, minified
// bundles included, stays in the tens.
const MaxNesting = 5000

// nesting returns how deep (, [ and { nest in src, and the line and column where that depth
// is first passed beyond MaxNesting (or of the deepest point). Brackets in strings and comments
// count too: that only matters for thousands of them unbalanced.
func nesting(src []byte) (deepest, line, col int) {
	depth, ln, lineStart := 0, 1, 0
	for i, c := range src {
		switch c {
		case '\n':
			ln, lineStart = ln+1, i+1
		case '(', '[', '{':
			depth++
			if depth > deepest {
				deepest = depth
				if deepest <= MaxNesting+1 {
					line, col = ln, i-lineStart+1
				}
			}
		case ')', ']', '}':
			depth--
		}
	}
	return deepest, line, col
}
