// Package ignoregrammar reads the words after "auth0vet:ignore": the one grammar of the ignore
// directive, shared by the Go analyzers (analyzers/internal/suppress) and the JavaScript and
// TypeScript scanner (jsscan/ignore), so that a directive means the same in every language:
//
//	auth0vet:ignore <reason>                          silences every check
//	auth0vet:ignore <check>[,<check>...] <reason>     silences the named checks only
//
// The first word is a list of checks when it is a check's name (or one misspelt), or names
// joined by commas; a list whose word ends with a comma goes on in the next word
// ("idtokenbearer, hardcodedsecret reason"). A single
// word that is one or two edits from a check's name ("idtokenbaerer") is taken for a
// misspelt check. A list naming an unknown check silences nothing and is reported: a typo
// must never widen a directive meant for one check into one for every check. The reason is
// required; without one the directive silences nothing.
package ignoregrammar

import (
	"slices"
	"strings"
)

// Words is what the words after the directive's name say.
type Words struct {
	// Checks are the checks the directive names, misspelt ones included; empty for all.
	Checks []string
	// Unknown are the names in Checks that are no check; then it silences nothing.
	Unknown []string
	// Suggest holds, for each Unknown name, the check it is closest to, or "".
	Suggest []string
	Reason  string
}

// Read reads rest, the text after the directive's name, against the known check names.
func Read(rest string, known []string) Words {
	fields := strings.Fields(rest)
	var w Words
	if len(fields) == 0 {
		return w
	}
	first := fields[0]
	bare := strings.TrimSuffix(first, ",")
	list := slices.Contains(known, bare) || meantAsCheck(bare, known) || strings.Contains(bare, ",")
	if !list {
		w.Reason = strings.Join(fields, " ")
		return w
	}
	n := 1
	names := first
	for strings.HasSuffix(names, ",") && n < len(fields) && (lowerList(fields[n]) || meantAsCheck(strings.TrimSuffix(fields[n], ","), known)) {
		names += fields[n]
		n++
	}
	for name := range strings.SplitSeq(strings.Trim(names, ","), ",") {
		if name == "" {
			continue
		}
		w.Checks = append(w.Checks, name)
		if !slices.Contains(known, name) {
			w.Unknown = append(w.Unknown, name)
			w.Suggest = append(w.Suggest, suggest(name, known))
		}
	}
	w.Reason = strings.Join(fields[n:], " ")
	return w
}

// Problem says why a directive with these words silences nothing, or "" when it silences.
// prefix is the directive as written ("//auth0vet:ignore").
func (w Words) Problem(prefix string, known []string) string {
	if len(w.Unknown) > 0 {
		msg := prefix + " names an unknown check " + strings.Join(quoted(w.Unknown), ", ")
		for _, s := range w.Suggest {
			if s != "" {
				msg += " (did you mean " + s + "?)"
				break
			}
		}
		return msg + "; known: " + strings.Join(known, ", ") + "; it silences nothing"
	}
	if w.Reason == "" {
		return prefix + " needs a reason (" + prefix + " [check] <why this is fine>); without one it silences nothing"
	}
	return ""
}

// Silences reports whether a directive with these words silences check.
func (w Words) Silences(check string) bool {
	if len(w.Unknown) > 0 || w.Reason == "" {
		return false
	}
	return len(w.Checks) == 0 || slices.Contains(w.Checks, check)
}

// meantAsCheck reports whether word is a check's name written otherwise: misspelt, with
// capitals, hyphens or underscores, a colon or full stop after it, or as the finding's
// use-case id (link-idtoken-bearer, secret-hardcoded). Such a word read as the start of a
// reason would widen the directive to every check; as a check it is unknown and reported.
// Ordinary words ("Hardcoded", "ID-token", "Tokens:") are too short to match.
func meantAsCheck(word string, known []string) bool {
	return suggest(word, known) != ""
}

// suggest returns the check name is closest to, however it is written, or "".
func suggest(name string, known []string) string {
	letters := lettersOf(name)
	if slices.Contains(known, letters) {
		return letters
	}
	if s := closest(letters, known); s != "" {
		return s
	}
	for _, k := range known {
		if strings.Contains(letters, k) || sameLetters(letters, k) {
			return k
		}
	}
	return ""
}

// lettersOf returns word's letters, lower-cased, without anything else.
func lettersOf(word string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		if r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, word)
}

// sameLetters: a and b are the same letters in another order (secrethardcoded).
func sameLetters(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	var count [256]int
	for i := range len(a) {
		count[a[i]]++
		count[b[i]]--
	}
	return count == [256]int{}
}

// lowerList: lower-case letters and commas, as check names are written.
func lowerList(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != ',' {
			return false
		}
	}
	return s != ""
}

// closest returns the known name word is one or two edits from (not equal to), or "".
// Only words of 8 letters or more are considered: a short English word that starts a reason
// ("fixture", "test") must stay a reason.
func closest(word string, known []string) string {
	if len(word) < 8 || !lowerList(word) || strings.Contains(word, ",") {
		return ""
	}
	for _, k := range known {
		if d := distance(word, k); d > 0 && d <= 2 {
			return k
		}
	}
	return ""
}

// distance is the Levenshtein distance between a and b (bytes: names are ASCII).
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func quoted(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "\"" + n + "\""
	}
	return out
}
