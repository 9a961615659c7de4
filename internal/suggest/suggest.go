// Package suggest finds what a user probably meant by a mistyped flag, command or value
// ("did you mean --fail-on?").
package suggest

import (
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"
)

// Closest returns the candidates nearest to input: those within an edit distance of 2 (or a
// third of the input's length, if longer), or that start with the input or it with them,
// nearest first. It returns nothing when nothing is close.
func Closest(input string, candidates []string) []string {
	in := strings.ToLower(strings.TrimLeft(input, "-"))
	if in == "" {
		return nil
	}
	limit := max(2, len(in)/3)
	type scored struct {
		name string
		d    int
	}
	var out []scored
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := levenshtein.ComputeDistance(in, lc)
		if d <= limit || (len(in) >= 3 && (strings.HasPrefix(lc, in) || strings.HasPrefix(in, lc))) {
			out = append(out, scored{c, d})
		}
	}
	slices.SortStableFunc(out, func(a, b scored) int { return a.d - b.d })
	names := make([]string, 0, len(out))
	for _, s := range out {
		names = append(names, s.name)
	}
	return names
}

// Hint formats suggestions as " (did you mean X?)", or "" when there are none. prefix is
// put before each name ("--" for flags).
func Hint(prefix string, names []string) string {
	if len(names) == 0 {
		return ""
	}
	names = names[:min(len(names), 3)]
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = prefix + n
	}
	return " (did you mean " + strings.Join(quoted, " or ") + "?)"
}
