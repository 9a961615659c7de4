package provenance

import (
	"fmt"
	"go/ast"
	"os"
)

func (e *engine) debugf(node ast.Node, format string, args ...any) {
	if os.Getenv("A0DEBUG") != "" {
		fmt.Fprintf(os.Stderr, "%s: %s\n", e.pass.Fset.Position(node.Pos()), fmt.Sprintf(format, args...))
	}
}
