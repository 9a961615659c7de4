package suppress

import (
	"go/parser"
	"go/token"
	"slices"
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

func TestParseNamesAnalyzers(t *testing.T) {
	for _, tc := range []struct {
		text      string
		analyzers []string
		reason    string
		ok        bool
	}{
		{"//auth0vet:ignore idtokenbearer only against the simulator", []string{"idtokenbearer"}, "only against the simulator", true},
		{"//auth0vet:ignore idtokenbearer,hardcodedsecret demo tenant", []string{"idtokenbearer", "hardcodedsecret"}, "demo tenant", true},
		{"//auth0vet:ignore idtokenbearer", []string{"idtokenbearer"}, "", true},
		{"//auth0vet:ignore tests use the simulator", nil, "tests use the simulator", true},
		{"//auth0vet:ignore idtokenbearer,nosuch reason", []string{"idtokenbearer", "nosuch"}, "reason", true},
		{"//auth0vet:ignore see,also the ticket", []string{"see", "also"}, "the ticket", true},
		{"//auth0vet:ignore ok, the simulator", nil, "ok, the simulator", true},
		{"//auth0vet:ignore\tuserscopedlink\tfixture", []string{"userscopedlink"}, "fixture", true},
		{"//auth0vet:ignore", nil, "", true},
		{"//auth0vet:ignored", nil, "", false},
	} {
		d, ok := Parse(tc.text)
		if ok != tc.ok || d.Reason != tc.reason || !slices.Equal(d.Analyzers, tc.analyzers) {
			t.Errorf("Parse(%q) = %+v, %v; want analyzers %v reason %q ok %v", tc.text, d, ok, tc.analyzers, tc.reason, tc.ok)
		}
	}
}

// TestUnknownCheckSilencesNothing: a typo in the list of a directive meant for one check used
// to make the list part of the reason, so the directive silenced every check.
func TestUnknownCheckSilencesNothing(t *testing.T) {
	for _, text := range []string{
		"//auth0vet:ignore idtokenbearer,hardcodedsecrte fixture",
		"//auth0vet:ignore idtokenbearr,userscopedlink fixture",
	} {
		d, _ := Parse(text)
		if len(d.Unknown) != 1 {
			t.Errorf("Parse(%q).Unknown = %v, want the misspelt name", text, d.Unknown)
		}
		for _, a := range Analyzers {
			if d.Applies(a) {
				t.Errorf("%q silences %s", text, a)
			}
		}
	}
}
