package auth0sim

import (
	"fmt"
	"strings"

	"github.com/tidwall/gjson"
)

// logQuery is the subset of the Lucene syntax of GET /api/v2/logs?q= the simulator supports:
// terms `field:value` or `field:"quoted value"` joined by spaces or AND, an optional NOT
// before a term, and date ranges `date:[FROM TO TO]` (inclusive, `*` open). Fields are paths
// into the event (type, client_id, user_id, details.request.method, ...).
type logQuery []logTerm

type logTerm struct {
	field, value string
	negate       bool
	isRange      bool
	lo, hi       string
}

func parseLogQuery(q string) (logQuery, error) {
	var out logQuery
	rest := strings.TrimSpace(q)
	negate := false
	for rest != "" {
		var tok string
		tok, rest = nextQueryToken(rest)
		switch {
		case tok == "AND":
			continue
		case tok == "NOT":
			negate = true
			continue
		case tok == "OR":
			return nil, fmt.Errorf("q: OR is not supported by the simulator")
		}
		field, value, ok := strings.Cut(tok, ":")
		if !ok || field == "" || value == "" {
			return nil, fmt.Errorf("q: %q is not field:value", tok)
		}
		term := logTerm{field: field, negate: negate}
		negate = false
		if strings.HasPrefix(value, "[") {
			inner := strings.TrimSuffix(strings.TrimPrefix(value, "["), "]")
			lo, hi, ok := strings.Cut(inner, " TO ")
			if !ok || !strings.HasSuffix(value, "]") {
				return nil, fmt.Errorf("q: range %q is not [FROM TO TO]", value)
			}
			term.isRange, term.lo, term.hi = true, strings.TrimSpace(lo), strings.TrimSpace(hi)
		} else {
			term.value = strings.Trim(value, `"`)
		}
		out = append(out, term)
	}
	return out, nil
}

// nextQueryToken splits off one token, keeping quoted values and [..] ranges whole.
func nextQueryToken(s string) (tok, rest string) {
	s = strings.TrimLeft(s, " ")
	inQuote, inRange := false, false
	for i, r := range s {
		switch {
		case r == '"':
			inQuote = !inQuote
		case r == '[' && !inQuote:
			inRange = true
		case r == ']' && !inQuote:
			inRange = false
		case r == ' ' && !inQuote && !inRange:
			return s[:i], strings.TrimLeft(s[i:], " ")
		}
	}
	return s, ""
}

func (q logQuery) matches(event []byte) bool {
	for _, t := range q {
		v := gjson.GetBytes(event, t.field)
		var ok bool
		if t.isRange {
			str := v.String()
			ok = v.Exists() && (t.lo == "*" || str >= t.lo) && (t.hi == "*" || str <= t.hi)
		} else if v.IsArray() {
			for _, el := range v.Array() {
				ok = ok || strings.EqualFold(el.String(), t.value)
			}
		} else {
			ok = v.Exists() && strings.EqualFold(v.String(), t.value)
		}
		if ok == t.negate {
			return false
		}
	}
	return true
}
