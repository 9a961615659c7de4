package frontend

import (
	"strings"
	"testing"
)

// FuzzParse: no input makes the front end panic, and every input either parses into a
// program whose positions map inside the original source, or is an *Error saying why.
func FuzzParse(f *testing.F) {
	seeds := []string{
		"const x = 1;",
		"import a from 'auth0-js'; new a.WebAuth({}).parseHash((e, r) => fetch(u, {headers: {Authorization: r.idToken}}))",
		"export default class A<T> { private x: T; constructor(private y: string) {} }",
		"const el = <div onClick={() => f()}>{/* auth0vet:ignore why */}</div>;",
		"async function* g() { for await (const x of y) yield x }",
		"let s = `a${b}c${`d${e}`}`;",
		"/* unterminated",
		"\"\\u{1F600}\"; // 😀 é",
		"@Component({}) class C { @Input() x!: string }",
		"",
	}
	for _, s := range seeds {
		for _, ext := range []string{".js", ".ts", ".tsx"} {
			f.Add(s, ext)
		}
	}
	f.Fuzz(func(t *testing.T, src, ext string) {
		switch ext {
		case ".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx":
		default:
			ext = ".js"
		}
		file, err := Parse("fuzz"+ext, []byte(src))
		if err != nil {
			e, ok := err.(*Error)
			if !ok || e.Reason == "" {
				t.Fatalf("error %T %v: want an *Error with a reason", err, err)
			}
			return
		}
		if file.Program == nil {
			t.Fatal("no program and no error")
		}
		lines := strings.Count(src, "\n") + 1
		for _, st := range file.Program.Body {
			l, c := file.Position(st.Idx0())
			if l < 0 || l > lines || (l > 0 && c < 1) {
				t.Fatalf("statement at %d:%d outside the %d-line source", l, c, lines)
			}
		}
	})
}
