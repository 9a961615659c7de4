package jsscan

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// TestMetamorphic: the same code written as plain JavaScript, as TypeScript (types,
// parameter properties, non-null assertions, satisfies) and as JSX gives the same findings at
// the same original lines, although TypeScript and JSX are rewritten by esbuild first.
func TestMetamorphic(t *testing.T) {
	var want []string
	for i, name := range []string{"link.js", "link.ts", "link.jsx"} {
		res, err := Scan(context.Background(), Options{Dir: "testdata/metamorphic"}, name)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Unparsed) > 0 {
			t.Fatalf("%s: %v", name, res.Unparsed)
		}
		var got []string
		for _, f := range res.Findings {
			got = append(got, fmt.Sprintf("%d:%d %s %s", f.Line, f.Column, f.UseCase, f.Confidence))
		}
		slices.Sort(got)
		if i == 0 {
			want = got
			if len(want) != 2 {
				t.Fatalf("link.js: %d findings %v, want a link and an unlink", len(want), want)
			}
			continue
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: findings %v, want %v (as in link.js)", name, got, want)
		}
	}
}
