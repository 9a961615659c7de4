package jsscan

import (
	"bytes"
	"reflect"
	"strings"

	"github.com/grafana/sobek/ast"
	"github.com/grafana/sobek/file"

	"github.com/auth0-migrate/auth0audit/jsscan/frontend"
	"github.com/auth0-migrate/auth0audit/jsscan/ignore"
	"github.com/auth0-migrate/auth0audit/jsscan/libmodel"
)

// directives reads a file's ignore directives with the statement spans they cover. Text that
// reads like a directive inside a string or template literal (or JSX text) is not one.
func directives(f *frontend.File) *ignore.Set {
	if !bytes.Contains(f.Src, []byte(ignore.Word)) {
		return nil
	}
	ds := append(ignore.Parse(f.Src, libmodel.Checks), ignore.NearMisses(f.Src)...)
	if len(ds) == 0 {
		return nil
	}
	var spans [][2]int
	inLiteral := map[int]bool{}
	visit(reflect.ValueOf(f.Program), func(n ast.Node) {
		switch n := n.(type) {
		case *ast.ExpressionStatement, *ast.VariableStatement, *ast.LexicalDeclaration, *ast.ReturnStatement,
			*ast.ThrowStatement, *ast.ExportDeclaration, *ast.PropertyKeyed, *ast.PropertyShort:
			first, last := f.Line(n.Idx0()), f.Line(lastIdx(n))
			if first > 0 && last >= first {
				spans = append(spans, [2]int{first, last})
			}
		case *ast.StringLiteral:
			if strings.Contains(n.Value.String(), ignore.Word) {
				inLiteral[f.Line(n.Idx0())] = true
			}
		case *ast.TemplateElement:
			if strings.Contains(n.Literal, ignore.Word) {
				inLiteral[f.Line(n.Idx)] = true
			}
		}
	})
	var keep []*ignore.Directive
	for _, d := range ds {
		if !inLiteral[d.Line] {
			keep = append(keep, d)
		}
	}
	return ignore.NewSet(keep, spans)
}

// lastIdx is the start of the node's last character: esbuild's source map places token
// starts, so the end itself may map nowhere.
func lastIdx(n ast.Node) file.Idx {
	end := n.Idx1()
	if end > n.Idx0() {
		return end - 1
	}
	return n.Idx0()
}

var nodeType = reflect.TypeOf((*ast.Node)(nil)).Elem()

// visit calls fn for every AST node under v (by reflection: only files with directives are
// walked).
func visit(v reflect.Value, fn func(ast.Node)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return
		}
		if v.Type().Implements(nodeType) {
			if n, ok := v.Interface().(ast.Node); ok {
				fn(n)
			}
		}
		visit(v.Elem(), fn)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			if v.Type().Field(i).Name == "File" {
				continue
			}
			visit(v.Field(i), fn)
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			visit(v.Index(i), fn)
		}
	}
}
