package ignore

import (
	"testing"
)

var known = []string{"idtokenbearer", "userscopedlink", "hardcodedsecret"}

func TestGrammar(t *testing.T) {
	cases := []struct {
		src     string
		checks  []string
		reason  string
		problem bool
		none    bool
	}{
		{src: "f() //auth0vet:ignore fixture for the simulator", reason: "fixture for the simulator"},
		{src: "//auth0vet:ignore idtokenbearer tenant flag still on", checks: []string{"idtokenbearer"}, reason: "tenant flag still on"},
		{src: "//auth0vet:ignore idtokenbearer,userscopedlink legacy", checks: []string{"idtokenbearer", "userscopedlink"}, reason: "legacy"},
		{src: "/* auth0vet:ignore block comment reason */", reason: "block comment reason"},
		{src: "{/* auth0vet:ignore jsx reason */}", reason: "jsx reason"},
		{src: "//auth0vet:ignore", problem: true},
		{src: "//auth0vet:ignore idtokenbearer", checks: []string{"idtokenbearer"}, problem: true},
		{src: "//auth0vet:ignore idtokenbearer,nosuchcheck why", checks: []string{"idtokenbearer", "nosuchcheck"}, reason: "why", problem: true},
		{src: "//auth0vet:ignore idtokenbaerer misspelt", checks: []string{"idtokenbaerer"}, reason: "misspelt", problem: true},
		{src: "//auth0vet:ignore idtokenbearer, hardcodedsecret space after the comma", checks: []string{"idtokenbearer", "hardcodedsecret"}, reason: "space after the comma"},
		// A check written otherwise (the finding's id, capitals) silences nothing, as in Go.
		{src: "/* auth0vet:ignore link-idtoken-bearer legacy */", checks: []string{"link-idtoken-bearer"}, reason: "legacy", problem: true},
		{src: "{/* auth0vet:ignore IdTokenBearer, UserScopedLink legacy */}", checks: []string{"IdTokenBearer", "UserScopedLink"}, reason: "legacy", problem: true},
		{src: "// a reason that starts like a check stays a reason\n//auth0vet:ignore Hardcoded secret in a fixture", reason: "Hardcoded secret in a fixture"},
		{src: "//auth0vet:ignored not a directive", none: true},
		{src: "var u = 'https://auth0vet:ignore'", none: true},
		{src: "// auth0vet:ignore space after slashes is prose", none: true},
	}
	for _, c := range cases {
		ds := Parse([]byte(c.src), known)
		if c.none {
			if len(ds) != 0 {
				t.Errorf("%q: got a directive %+v", c.src, ds[0])
			}
			continue
		}
		if len(ds) != 1 {
			t.Fatalf("%q: %d directives", c.src, len(ds))
		}
		d := ds[0]
		if d.Reason != c.reason || (d.Problem != "") != c.problem || len(d.Checks) != len(c.checks) {
			t.Errorf("%q: got checks %v reason %q problem %q", c.src, d.Checks, d.Reason, d.Problem)
		}
	}
}

func TestCoverage(t *testing.T) {
	src := "a()\n//auth0vet:ignore why\nfetch(u, {\n  h: 1,\n})\nb() //auth0vet:ignore trailing\ng(x,\n  y) //auth0vet:ignore end of statement\n"
	s := NewSet(Parse([]byte(src), known), [][2]int{{3, 5}, {7, 8}})
	for line, want := range map[int]bool{1: false, 3: true, 4: true, 5: true, 6: true, 7: true, 8: true} {
		if got := s.Match("idtokenbearer", line) != nil; got != want {
			t.Errorf("line %d covered = %v, want %v", line, got, want)
		}
	}
}
