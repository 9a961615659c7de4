package structlit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

func TestField(t *testing.T) {
	x, err := parser.ParseExpr(`Config{ClientID: id, ClientSecret: "s3cr3t", 42}`)
	if err != nil {
		t.Fatal(err)
	}
	lit := x.(*ast.CompositeLit)
	if v, ok := Field(lit, "ClientSecret").(*ast.BasicLit); !ok || v.Value != `"s3cr3t"` {
		t.Errorf("ClientSecret = %#v", Field(lit, "ClientSecret"))
	}
	if Field(lit, "TokenURL") != nil {
		t.Error("a field the literal does not set has a value")
	}
}

func TestFields(t *testing.T) {
	src := `package p
type Config struct{ ClientID, ClientSecret string; N int }
var a = Config{ClientSecret: "s", ClientID: "id"}
var b = Config{"id", "s", 1}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}, Types: map[ast.Expr]types.TypeAndValue{}}
	if _, err := new(types.Config).Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a", "b"} {
		var lit *ast.CompositeLit
		ast.Inspect(f, func(n ast.Node) bool {
			if vs, ok := n.(*ast.ValueSpec); ok && vs.Names[0].Name == name {
				lit = vs.Values[0].(*ast.CompositeLit)
			}
			return true
		})
		st := info.Types[lit].Type.Underlying().(*types.Struct)
		got := map[string]string{}
		Fields(info, lit, st, func(field *types.Var, val ast.Expr) {
			if b, ok := val.(*ast.BasicLit); ok {
				got[field.Name()] = b.Value
			}
		})
		if got["ClientSecret"] != `"s"` || got["ClientID"] != `"id"` {
			t.Errorf("%s: fields = %v", name, got)
		}
	}
}
