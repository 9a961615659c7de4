package suppress

import (
	"go/parser"
	"go/token"
	"testing"
)

func TestDirectives(t *testing.T) {
	src := `package p

//auth0vet:ignore fixture for the simulator
var a = 1

var b = 2 //auth0vet:ignore

//auth0vet:ignored is not a directive
//auth0vet:ignore	tab-separated reason
var c = 3
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	ds := Directives(f)
	want := []struct {
		line   int
		reason string
	}{{3, "fixture for the simulator"}, {6, ""}, {9, "tab-separated reason"}}
	if len(ds) != len(want) {
		t.Fatalf("got %d directives %+v, want %d", len(ds), ds, len(want))
	}
	for i, w := range want {
		if line := fset.Position(ds[i].Pos).Line; line != w.line || ds[i].Reason != w.reason {
			t.Errorf("directive %d: line %d reason %q, want line %d reason %q", i, line, ds[i].Reason, w.line, w.reason)
		}
	}
}
