// Package ignore reads //auth0vet:ignore directives in JavaScript and TypeScript comments,
// with the grammar of the Go analyzers (internal/ignoregrammar reads the words for both):
//
//	//auth0vet:ignore <reason>                      silences every check
//	//auth0vet:ignore <check>[,<check>] <reason>    silences the named checks only
//
// in line comments, block comments (/* auth0vet:ignore <reason> */) and JSX comments
// ({/* auth0vet:ignore <reason> */}). A directive covers the statement on its line, or, alone
// on its line, the statement that starts on the next line, however many lines that statement
// spans. A directive without a reason, or naming a check that does not exist, silences
// nothing and is reported; so is a directive that silenced nothing.
package ignore

import (
	"bytes"
	"slices"
	"strings"

	"github.com/auth0-migrate/auth0audit/internal/ignoregrammar"
)

// Word is the directive's name as written after the comment opener.
const Word = "auth0vet:ignore"

// Directive is one ignore comment.
type Directive struct {
	Line, Column int
	// Checks are the checks it names; empty means all.
	Checks []string
	Reason string
	// OwnLine: nothing but the comment (and JSX braces) on its line, so it covers the
	// statement below it.
	OwnLine bool
	// Problem says why the directive silences nothing (no reason, unknown check), or "".
	Problem string
	// Used is set when the directive silenced a finding.
	Used bool
}

// Parse finds the directives in src. known are the valid check names.
func Parse(src []byte, known []string) []*Directive {
	var out []*Directive
	for from := 0; ; {
		i := bytes.Index(src[from:], []byte(Word))
		if i < 0 {
			return out
		}
		i += from
		from = i + len(Word)
		d, ok := parseAt(src, i, known)
		if ok {
			out = append(out, d)
		}
	}
}

func parseAt(src []byte, i int, known []string) (*Directive, bool) {
	lineStart := bytes.LastIndexByte(src[:i], '\n') + 1
	lineEnd := len(src)
	if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
		lineEnd = i + j
	}
	before := string(src[lineStart:i])
	var opener int // index in src where the comment opens
	var rest string
	switch {
	case strings.HasSuffix(before, "//"):
		opener = i - 2
		rest = string(src[i+len(Word) : lineEnd])
	default:
		t := strings.TrimRight(before, " \t")
		if !strings.HasSuffix(t, "/*") {
			return nil, false
		}
		opener = lineStart + len(t) - 2
		rest = string(src[i+len(Word) : lineEnd])
		if end := strings.Index(rest, "*/"); end >= 0 {
			rest = rest[:end]
		}
	}
	rest = strings.TrimRight(rest, "\r")
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return nil, false // //auth0vet:ignored is not a directive
	}
	// A "//" inside a URL ("https://...") is no comment opener.
	if opener > 0 && src[opener-1] == ':' {
		return nil, false
	}
	d := &Directive{Line: bytes.Count(src[:i], []byte("\n")) + 1, Column: opener - lineStart + 1}
	lead := strings.TrimSpace(string(src[lineStart:opener]))
	d.OwnLine = lead == "" || lead == "{"
	w := ignoregrammar.Read(rest, known)
	d.Checks, d.Reason, d.Problem = w.Checks, w.Reason, w.Problem("//"+Word, known)
	return d, true
}

// Silences reports whether d applies to check (its problem-free and names it or all checks).
func (d *Directive) Silences(check string) bool {
	if d.Problem != "" {
		return false
	}
	return len(d.Checks) == 0 || slices.Contains(d.Checks, check)
}

// Set is the directives of one file with the statement layout they cover.
type Set struct {
	Directives []*Directive
	// spans maps a line to the last line of the statements starting on it; ends maps a line
	// to the first line of the statements ending on it.
	spans, ends map[int]int
}

// NewSet returns the directives with the statement spans (first line, last line) of the
// file's statements.
func NewSet(ds []*Directive, statements [][2]int) *Set {
	s := &Set{Directives: ds, spans: map[int]int{}, ends: map[int]int{}}
	for _, st := range statements {
		first, last := st[0], st[1]
		if first <= 0 || last < first {
			continue
		}
		if last > s.spans[first] {
			s.spans[first] = last
		}
		if f, ok := s.ends[last]; !ok || first < f {
			s.ends[last] = first
		}
	}
	return s
}

// Match returns the directive silencing a finding of check on line, marking it used, or nil.
func (s *Set) Match(check string, line int) *Directive {
	if s == nil {
		return nil
	}
	for _, d := range s.Directives {
		if !d.Silences(check) || !s.covers(d, line) {
			continue
		}
		d.Used = true
		return d
	}
	return nil
}

func (s *Set) covers(d *Directive, line int) bool {
	if line == d.Line {
		return true
	}
	if d.OwnLine {
		target := d.Line + 1
		return line >= target && line <= max(target, s.spans[target])
	}
	// A trailing directive covers the statement starting on its line...
	if line > d.Line && line <= s.spans[d.Line] {
		return true
	}
	// ... and the statement ending on its line: f(a,\n b) //auth0vet:ignore why
	if first, ok := s.ends[d.Line]; ok && line >= first && line < d.Line {
		return true
	}
	return false
}

// NearMisses finds line comments that read "// auth0vet:ignore": with a space after the
// slashes they are prose, as in Go, and silence nothing. Each is returned as a directive
// with that Problem, so that it is reported (see Set).
func NearMisses(src []byte) []*Directive {
	var out []*Directive
	for from := 0; ; {
		i := bytes.Index(src[from:], []byte(Word))
		if i < 0 {
			return out
		}
		i += from
		from = i + len(Word)
		lineStart := bytes.LastIndexByte(src[:i], '\n') + 1
		before := strings.TrimRight(string(src[lineStart:i]), " \t")
		if len(before) == len(src[lineStart:i]) || !strings.HasSuffix(before, "//") {
			continue // no space, or not a line comment
		}
		opener := lineStart + len(before) - 2
		if opener > 0 && src[opener-1] == ':' {
			continue // "https:// auth0vet:ignore" is no comment
		}
		if rest := src[from:]; len(rest) > 0 && rest[0] != ' ' && rest[0] != '\t' && rest[0] != '\n' && rest[0] != '\r' {
			continue
		}
		out = append(out, &Directive{
			Line:    bytes.Count(src[:i], []byte("\n")) + 1,
			Column:  opener - lineStart + 1,
			Problem: "// " + Word + " with a space is no directive and silences nothing; write //" + Word,
		})
	}
}
