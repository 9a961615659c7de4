package structlit

import (
	"go/ast"
	"go/parser"
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
