package rules

import (
	"math"
	"time"
)

// An event's date is one of:
//
//   - a JSON string in RFC 3339 as Auth0 writes it, YYYY-MM-DDTHH:MM:SS, then an optional
//     fraction ("." and digits; past nine digits they are cut, not rounded), then "Z" or
//     ±HH:MM; every field in range (the day for its month and year, hours 0-23, minutes and
//     seconds 0-59, offset hours 0-23 and minutes 0-59);
//   - a JSON number of milliseconds since 1970 (some exporters rewrite dates so), its
//     fraction cut.
//
// The instant, in UTC, must fall in the years 0000 to 9999 (MinEpochMillis to MaxEpochMillis
// and their fractions): an offset can push a written date past either end, and no report can
// write such a date. Anything else is no date, and so is 0001-01-01T00:00:00Z, the instant Go
// takes for none: such
// an event cannot be placed in time (a feccft without a date is never a stale use, and a secret
// change without one changes nothing).
const (
	MinEpochMillis = -62167219200000 // 0000-01-01T00:00:00Z
	MaxEpochMillis = 253402300799999 // 9999-12-31T23:59:59.999Z
)

// DateLayout is the RFC 3339 shape as a regular expression (RE2, Java and Oniguruma syntax
// alike: \A and \z anchor the whole text, where $ may match before a final newline); the
// ranges are checked beside it.
const DateLayout = `\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})\z`

// ParseDateString parses a string date; ok is false when it is no date.
func ParseDateString(s string) (t time.Time, ok bool) {
	const base = len("2006-01-02T15:04:05")
	if len(s) < base+1 {
		return time.Time{}, false
	}
	digits := func(from, n int) (int, bool) {
		v := 0
		for i := from; i < from+n; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	year, ok1 := digits(0, 4)
	month, ok2 := digits(5, 2)
	day, ok3 := digits(8, 2)
	hour, ok4 := digits(11, 2)
	minute, ok5 := digits(14, 2)
	sec, ok6 := digits(17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	rest := s[base:]
	nsec := 0
	if len(rest) > 0 && rest[0] == '.' {
		n := 1
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == 1 {
			return time.Time{}, false
		}
		frac := rest[1:n]
		for i := range 9 {
			nsec *= 10
			if i < len(frac) {
				nsec += int(frac[i] - '0')
			}
		}
		rest = rest[n:]
	}
	offset := 0
	switch {
	case rest == "Z":
	case len(rest) == len("+07:00") && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		at := len(s) - len(rest)
		oh, okh := digits(at+1, 2)
		om, okm := digits(at+4, 2)
		if !okh || !okm || oh > 23 || om > 59 {
			return time.Time{}, false
		}
		offset = (oh*60 + om) * 60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return time.Time{}, false
	}
	t = time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	return inRange(t.Add(-time.Duration(offset) * time.Second))
}

// inRange keeps instants from year 0000 to 9999 in UTC (what RFC 3339 can write: an offset can
// push a written date past either end), except Go's zero time.
func inRange(t time.Time) (time.Time, bool) {
	if t.Year() < 0 || t.Year() > 9999 || t.IsZero() {
		return time.Time{}, false
	}
	return t, true
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// DateFromMillis converts a numeric date; ok is false out of range or for NaN.
func DateFromMillis(ms float64) (time.Time, bool) {
	ms = math.Trunc(ms)
	if math.IsNaN(ms) || ms < MinEpochMillis || ms > MaxEpochMillis { // before int64 can overflow
		return time.Time{}, false
	}
	return inRange(time.UnixMilli(int64(ms)).UTC())
}
