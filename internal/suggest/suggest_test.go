package suggest

import (
	"slices"
	"testing"
)

func TestClosest(t *testing.T) {
	flags := []string{"fail-on", "format", "from", "json", "tenant", "client-id", "client-secret-file", "since", "until"}
	for in, want := range map[string][]string{
		"--fial-on": {"fail-on"},
		"--tennant": {"tenant"},
		"--fromat":  {"format", "from"},
		"--client":  {"client-id", "client-secret-file"},
		"--xyzzy":   nil,
		"--jsonn":   {"json"},
		"--failon":  {"fail-on"},
		"--s":       nil,
	} {
		if got := Closest(in, flags); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("Closest(%q) = %q, want %q", in, got, want)
		}
	}
	if h := Hint("--", []string{"fail-on"}); h != " (did you mean --fail-on?)" {
		t.Errorf("hint %q", h)
	}
	if Hint("--", nil) != "" {
		t.Error("empty hint")
	}
}
