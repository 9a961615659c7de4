package frontend

import (
	"strings"
	"testing"

	"github.com/grafana/sobek/ast"
)

func TestPositionsMapToOriginal(t *testing.T) {
	src := "type T = { a: string };\n\ninterface I {\n  x: number;\n}\nconst v: T = { a: 'x' };\nfetch(v.a as string, {\n  headers: { Authorization: `Bearer ${v.a}` },\n});\n"
	for _, name := range []string{"a.ts", "a.tsx"} {
		f, err := Parse(name, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if !f.Transpiled {
			t.Fatalf("%s: not rewritten", name)
		}
		last := f.Program.Body[len(f.Program.Body)-1]
		if l, c := f.Position(last.Idx0()); l != 7 || c != 1 {
			t.Errorf("%s: fetch call at %d:%d, want 7:1", name, l, c)
		}
	}
}

func TestDialects(t *testing.T) {
	cases := map[string]string{
		"plain.js":    "const a = require('x'); module.exports = { a };",
		"module.mjs":  "import x from 'y'; export const z = x?.w ?? 1;",
		"jsx.js":      "export const A = () => <b>hi</b>;",
		"forawait.js": "async function f(y) { for await (const x of y) {} }",
		"comp.tsx":    "export function C<T,>(p: { v: T }) { return <div>{String(p.v)}</div>; }",
		"enum.ts":     "enum E { A = 1 } export namespace N { export const x = E.A }",
		"angular.ts":  "@Injectable() export class S { constructor(private http: HttpClient) {} }",
		"cjs.cts":     "import fs = require('fs'); export = fs;",
	}
	for name, src := range cases {
		if _, err := Parse(name, []byte(src)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestErrorsSayWhereAndWhy(t *testing.T) {
	_, err := Parse("bad.ts", []byte("const a = ;\n"))
	e, ok := err.(*Error)
	if !ok || e.Line != 1 || e.Reason == "" {
		t.Fatalf("got %v, want an *Error at line 1", err)
	}
	if _, err := Parse("bin.js", []byte("a\x00b")); err == nil || !strings.Contains(err.Error(), "binary") {
		t.Errorf("binary: %v", err)
	}
	if _, err := Parse("latin1.js", []byte("var s = '\xe9';")); err == nil || !strings.Contains(err.Error(), "UTF-8") {
		t.Errorf("latin1: %v", err)
	}
}

func TestSupported(t *testing.T) {
	for name, want := range map[string]bool{"a.js": true, "a.MTS": true, "a.d.ts": false, "a.json": false, "a.tsx": true, "x.d.mts": false} {
		if Supported(name) != want {
			t.Errorf("Supported(%q) = %v", name, !want)
		}
	}
}

// TestErrorsNeverQuoteLiterals: a parse error's reason is printed in every output (stderr,
// JSON, the audit report), so it must not carry the text of a string or template literal: the
// token the parser stopped at may be a client secret.
func TestErrorsNeverQuoteLiterals(t *testing.T) {
	const secret = "kP3vZq8rT1yW6nB0cX4mL7sD2fG9hJ5aQeRtYuIoPlKjHgFdSaZxCvBnM9q2w"
	for name, src := range map[string]string{
		"a.ts":  "const cfg = { clientSecret: 'x' as const };\nconst x: number = 'oops' '" + secret + "';\n",
		"b.js":  "const a = 1 \"" + secret + "\";\n",
		"c.js":  "const s = `" + secret + "` `x`;\n(",
		"d.jsx": "const el = <div a=\"" + secret + "\">{ </span>;\n",
		"e.tsx": "let q = f(\"" + secret + "\" 1);\n",
		"f.mjs": "export default { clientSecret: '" + secret + "' } + );\n",
		"h.js":  "x = " + secret + " " + secret + ";\n",
		"i.js":  "const a = /" + secret + "/ /x/;\n",
		"j.mts": "import { a } from '" + secret + "' '" + secret + "';\n",
		"k.ts":  "function f(a: '" + secret + "' '" + secret + "') {}\n",
		"l.js":  "var s = '" + secret + "\n",
		"m.jsx": "<a b='" + secret + "' c=d>x</a>;\n",
		"n.js":  "obj = { 'k" + secret + "': 1 2 };\n",
	} {
		_, err := Parse(name, []byte(src))
		if err == nil {
			t.Errorf("%s: parsed, want an error", name)
			continue
		}
		if strings.Contains(err.Error(), secret[:12]) {
			t.Errorf("%s: the error quotes the literal: %v", name, err)
		}
	}
}

// TestAuth0RuleScripts: Auth0 Rules (and the tenant exports of auth0-deploy-cli) are files
// holding one anonymous function, "function (user, context, callback) {...}", which is no
// program; they are read as that function, at their own positions.
func TestAuth0RuleScripts(t *testing.T) {
	for name, src := range map[string]string{
		"rule.js":       "function (user, context, callback) {\n  callback(null, user, context);\n}\n",
		"async-rule.js": "\ufeff/** @param user */\nasync function (user, context, callback) {\n  callback(null, user, context);\n}",
	} {
		f, err := Parse(name, []byte(src))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		found := false
		visitCalls(f.Program, func(c *ast.CallExpression) {
			if id, ok := c.Callee.(*ast.Identifier); ok && id.Name == "callback" {
				found = true
				l, col := f.Position(c.Idx0())
				wantLine := strings.Count(src[:strings.Index(src, "callback(")], "\n") + 1
				if l != wantLine || col != 3 {
					t.Errorf("%s: callback call at %d:%d, want %d:3", name, l, col, wantLine)
				}
			}
		})
		if !found {
			t.Errorf("%s: the function body was not read", name)
		}
	}
	if _, err := Parse("broken.js", []byte("function (user) {\n  callback(\n}\n")); err == nil {
		t.Errorf("a broken rule parsed")
	}
}

func visitCalls(n any, fn func(*ast.CallExpression)) {
	switch n := n.(type) {
	case *ast.Program:
		for _, s := range n.Body {
			visitCalls(s, fn)
		}
	case *ast.ExpressionStatement:
		visitCalls(n.Expression, fn)
	case *ast.FunctionLiteral:
		visitCalls(n.Body, fn)
	case *ast.BlockStatement:
		for _, s := range n.List {
			visitCalls(s, fn)
		}
	case *ast.CallExpression:
		fn(n)
	}
}

// TestDeepNestingIsAnError: brackets nested a million deep overflowed the parser's stack, a
// fatal error that killed the whole scan with a 1 GB stack dump and no report. Such a file is
// now "not parsed", with where and why.
func TestDeepNestingIsAnError(t *testing.T) {
	for _, name := range []string{"deep.js", "deep.ts"} {
		src := "// auth0\nconst a = " + strings.Repeat("[\n", 1_000_000) + strings.Repeat("]\n", 1_000_000) + ";\n"
		_, err := Parse(name, []byte(src))
		e, ok := err.(*Error)
		if !ok || e.Line == 0 || !strings.Contains(e.Reason, "nested") {
			t.Errorf("%s: got %v, want an *Error saying how deep it is nested, at a line", name, err)
		}
	}
}
