package ignoregrammar

import (
	"slices"
	"strings"
	"testing"
)

var known = []string{"idtokenbearer", "userscopedlink", "hardcodedsecret"}

func TestRead(t *testing.T) {
	for _, tc := range []struct {
		rest            string
		checks, unknown []string
		reason          string
		silences        []string
	}{
		{"fixture for the simulator", nil, nil, "fixture for the simulator", known},
		{"idtokenbearer only against the simulator", []string{"idtokenbearer"}, nil, "only against the simulator", []string{"idtokenbearer"}},
		{"idtokenbearer,hardcodedsecret demo tenant", []string{"idtokenbearer", "hardcodedsecret"}, nil, "demo tenant", []string{"idtokenbearer", "hardcodedsecret"}},
		{"hardcodedsecret, idtokenbearer demo tenant", []string{"hardcodedsecret", "idtokenbearer"}, nil, "demo tenant", []string{"hardcodedsecret", "idtokenbearer"}},
		{"idtokenbearer,nosuch reason", []string{"idtokenbearer", "nosuch"}, []string{"nosuch"}, "reason", nil},
		{"idtokenbaerer a typo", []string{"idtokenbaerer"}, []string{"idtokenbaerer"}, "a typo", nil},
		{"hardcodedsecrt, idtokenbearer typo", []string{"hardcodedsecrt", "idtokenbearer"}, []string{"hardcodedsecrt"}, "typo", nil},
		{"ok, the simulator", nil, nil, "ok, the simulator", known},
		{"fixtures of the tests", nil, nil, "fixtures of the tests", known},
		{"idtokenbearer", []string{"idtokenbearer"}, nil, "", nil},
		{"", nil, nil, "", nil},
		// A check named the way a user may write it (capitals, a colon or full stop after it,
		// the finding's use-case id, a capitalised name in a list) used to be read as the
		// start of the reason: the directive then silenced every check. It silences nothing
		// and is reported.
		{"IDTokenBearer fixture", []string{"IDTokenBearer"}, []string{"IDTokenBearer"}, "fixture", nil},
		{"idtokenbearer: fixture", []string{"idtokenbearer:"}, []string{"idtokenbearer:"}, "fixture", nil},
		{"hardcodedsecret. fixture", []string{"hardcodedsecret."}, []string{"hardcodedsecret."}, "fixture", nil},
		{"link-idtoken-bearer fixture", []string{"link-idtoken-bearer"}, []string{"link-idtoken-bearer"}, "fixture", nil},
		{"secret-hardcoded fixture", []string{"secret-hardcoded"}, []string{"secret-hardcoded"}, "fixture", nil},
		{"id_token_bearer fixture", []string{"id_token_bearer"}, []string{"id_token_bearer"}, "fixture", nil},
		{"idtokenbearer,HardcodedSecret demo", []string{"idtokenbearer", "HardcodedSecret"}, []string{"HardcodedSecret"}, "demo", nil},
		{"idtokenbearer, HardcodedSecret demo", []string{"idtokenbearer", "HardcodedSecret"}, []string{"HardcodedSecret"}, "demo", nil},
		// Ordinary reasons stay reasons.
		{"Hardcoded secret in a fixture", nil, nil, "Hardcoded secret in a fixture", known},
		{"hardcoded secret in a fixture", nil, nil, "hardcoded secret in a fixture", known},
		{"ID-token bearer is the simulator's", nil, nil, "ID-token bearer is the simulator's", known},
		{"Tokens: the simulator's only", nil, nil, "Tokens: the simulator's only", known},
	} {
		w := Read(tc.rest, known)
		if !slices.Equal(w.Checks, tc.checks) || !slices.Equal(w.Unknown, tc.unknown) || w.Reason != tc.reason {
			t.Errorf("Read(%q) = %+v; want checks %v unknown %v reason %q", tc.rest, w, tc.checks, tc.unknown, tc.reason)
		}
		for _, c := range known {
			if got, want := w.Silences(c), slices.Contains(tc.silences, c); got != want {
				t.Errorf("Read(%q).Silences(%s) = %v, want %v", tc.rest, c, got, want)
			}
		}
	}
	if p := Read("idtokenbaerer x", known).Problem("//auth0vet:ignore", known); !strings.Contains(p, `"idtokenbaerer" (did you mean idtokenbearer?)`) {
		t.Errorf("the problem of a misspelt check does not name it and the check meant: %q", p)
	}
	if p := Read("secret-hardcoded x", known).Problem("//auth0vet:ignore", known); !strings.Contains(p, "(did you mean hardcodedsecret?)") {
		t.Errorf("the problem of a use-case id written as a check does not name the check meant: %q", p)
	}
}
