package sqlgen

import (
	"fmt"
	"strings"
)

// dialect writes the SQL fragments that differ between engines. Every JSON value the query
// handles is JSON text (or NULL when missing); the fragments take and return SQL expressions.
type dialect interface {
	// lit quotes a string literal.
	lit(s string) string
	// text of one character by code point.
	char(code int) string

	// valid is true when x is valid JSON text (NULL for NULL).
	valid(x string) string
	// get is the JSON text of the member at keys (first of duplicate keys), or NULL.
	get(x string, keys ...string) string
	// gets reads several members of x at once: an extra select item to add (named alias, or
	// "" when the engine reads each member on its own) and the expression of each member,
	// which refers to it. DuckDB parses x once per row this way, not once per member.
	gets(x, alias string, paths [][]string) (item string, members []string)
	// is tests the JSON type of x: one of object, array, string, number, boolean, null.
	is(x, jsonType string) string
	// str is the value of x, JSON text holding a string.
	str(x string) string
	// text is x as text: a JSON string's value, any other JSON value's text.
	jsonText(x string) string
	// anyElem is true when pred holds for an element (JSON text, named e) of the array x.
	anyElem(x string, pred func(e string) string) string
	// countKeysExcept counts the keys of object x (each occurrence) other than key.
	countKeysExcept(x, key string) string
	// explode writes a SELECT of cols from rel (filtered by where) with one row per element
	// of the JSON array arr: the element as JSON text in column v, its 1-based index in i.
	explode(cols, rel, where, arr string) string

	contains(x, s string) string
	startsWith(x, s string) string
	endsWith(x, s string) string
	// substrFrom is x from 1-based position pos to the end; substr takes n characters.
	substrFrom(x string, pos int) string
	substr(x, pos, n string) string
	// regexGroup is the first capture group of re in x ('' when it does not match).
	regexGroup(x, re string) string
	rpad(x string, n int, fill string) string
	length(x string) string
	regexFull(x, re string) string
	regexContains(x, re string) string
	// beforeFirst is x up to (not including) the first sep, or all of x.
	beforeFirst(x, sep string) string
	split(x, sep string) string
	arrayLen(arr string) string
	// at is the 0-based element i of arr (an integer expression), NULL past the end.
	at(arr, i string) string
	// urlDecode percent-decodes x, or gives NULL when the result is not valid UTF-8.
	urlDecode(x string) string
	upper(x string) string

	// intOf converts digits to an integer (NULL for anything else: engines need not evaluate
	// the conditions before it first).
	intOf(x string) string
	// big is x as an integer type that holds nanoseconds of years 0000-9999.
	big(x string) string
	// truncMillis is the number x (JSON text) cut to an integer of milliseconds, NULL if it
	// is not finite.
	truncMillis(x string) string
	// truncInt is a number (JSON text) or the text of a number, cut to a 64-bit integer; NULL
	// when it is not one or does not fit.
	truncInt(x string) string
	// days counts the days from 1970-01-01 to the date x ("YYYY-MM-DD"), NULL if no such date.
	days(x string) string
	// timestampNS turns nanoseconds since 1970 into the engine's timestamp (microseconds).
	timestampNS(ns string) string
	// secondsRFC3339 formats floor(ns / 1e9) seconds since 1970 as YYYY-MM-DDTHH:MM:SSZ.
	secondsRFC3339(ns string) string

	// wholeRow is the whole row of the relation aliased s as JSON text.
	wholeRow(alias string) (string, error)
	// firstN aggregates the first n values of x in order, NULLs left out (a sample list).
	firstN(x, order string, n int) string
	// comment starts a line comment.
	comment() string
	// sharedAs introduces a CTE read more than once ("AS MATERIALIZED" where that is known).
	sharedAs() string
}

// jsonPath writes $.a.b, quoting keys that are not plain identifiers.
func jsonPath(keys []string, quote func(string) string) string {
	var b strings.Builder
	b.WriteString("$")
	for _, k := range keys {
		b.WriteString(".")
		if plainKey(k) {
			b.WriteString(k)
		} else {
			b.WriteString(quote(k))
		}
	}
	return b.String()
}

func plainKey(k string) bool {
	if k == "" {
		return false
	}
	for i, c := range k {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// duckDB is DuckDB (1.x/2.x, with its json extension, built in since 0.10).
type duckDB struct{}

func (duckDB) lit(s string) string   { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
func (duckDB) char(code int) string  { return fmt.Sprintf("chr(%d)", code) }
func (duckDB) valid(x string) string { return "json_valid(" + x + ")" }
func (d duckDB) get(x string, keys ...string) string {
	return "json_extract(" + x + ", " + d.lit(jsonPath(keys, func(k string) string { return `"` + k + `"` })) + ")"
}

func (d duckDB) gets(x, alias string, paths [][]string) (string, []string) {
	var ps, members []string
	for i, keys := range paths {
		ps = append(ps, d.lit(jsonPath(keys, func(k string) string { return `"` + k + `"` })))
		members = append(members, fmt.Sprintf("%s[%d]", alias, i+1))
	}
	return "json_extract(" + x + ", [" + strings.Join(ps, ", ") + "]) AS " + alias, members
}

// eachGet is gets for engines that read each member on its own.
func eachGet(d dialect, x string, paths [][]string) (string, []string) {
	var members []string
	for _, keys := range paths {
		members = append(members, d.get(x, keys...))
	}
	return "", members
}

func (duckDB) is(x, t string) string {
	switch t {
	case "object":
		return "json_type(" + x + ") = 'OBJECT'"
	case "array":
		return "json_type(" + x + ") = 'ARRAY'"
	case "string":
		return "json_type(" + x + ") = 'VARCHAR'"
	case "null":
		return "json_type(" + x + ") = 'NULL'"
	case "boolean":
		return "json_type(" + x + ") = 'BOOLEAN'"
	}
	return "json_type(" + x + ") IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT')"
}
func (duckDB) str(x string) string      { return "json_extract_string(" + x + ", '$')" }
func (duckDB) jsonText(x string) string { return "CAST(" + x + " AS VARCHAR)" }
func (d duckDB) anyElem(x string, pred func(string) string) string {
	return "coalesce((SELECT bool_or(" + pred("e") + ") FROM (SELECT unnest(from_json(" + x + `, '["json"]')) AS e)), false)`
}
func (d duckDB) countKeysExcept(x, key string) string {
	return "(SELECT count(*) FROM (SELECT unnest(json_keys(" + x + ")) AS k) WHERE k <> " + d.lit(key) + ")"
}
func (duckDB) explode(cols, rel, where, arr string) string {
	return "SELECT " + cols + ", generate_subscripts(l, 1) AS i, CAST(unnest(l) AS VARCHAR) AS v\n" +
		"    FROM (SELECT " + cols + `, from_json(` + arr + `, '["json"]') AS l FROM ` + rel + " WHERE " + where + ")"
}
func (duckDB) contains(x, s string) string   { return "contains(" + x + ", " + s + ")" }
func (duckDB) startsWith(x, s string) string { return "starts_with(" + x + ", " + s + ")" }
func (duckDB) endsWith(x, s string) string   { return "ends_with(" + x + ", " + s + ")" }
func (duckDB) substrFrom(x string, p int) string {
	return fmt.Sprintf("substr(%s, %d)", x, p)
}
func (duckDB) substr(x, p, n string) string { return "substr(" + x + ", " + p + ", " + n + ")" }
func (d duckDB) regexGroup(x, re string) string {
	return "regexp_extract(" + x + ", " + d.lit(re) + ", 1)"
}
func (d duckDB) rpad(x string, n int, fill string) string {
	return fmt.Sprintf("rpad(%s, %d, %s)", x, n, d.lit(fill))
}
func (duckDB) length(x string) string { return "length(" + x + ")" }
func (d duckDB) regexFull(x, re string) string {
	return "regexp_full_match(" + x + ", " + d.lit(re) + ")"
}
func (d duckDB) regexContains(x, re string) string {
	return "regexp_matches(" + x + ", " + d.lit(re) + ")"
}
func (d duckDB) beforeFirst(x, sep string) string {
	return "split_part(" + x + ", " + d.lit(sep) + ", 1)"
}
func (d duckDB) split(x, sep string) string { return "string_split(" + x + ", " + d.lit(sep) + ")" }
func (duckDB) arrayLen(a string) string     { return "len(" + a + ")" }
func (duckDB) at(a, i string) string        { return a + "[" + i + " + 1]" }
func (duckDB) urlDecode(x string) string    { return "try(url_decode(" + x + "))" }
func (duckDB) upper(x string) string        { return "upper(" + x + ")" }
func (duckDB) intOf(x string) string        { return "try_cast(" + x + " AS INTEGER)" }
func (duckDB) big(x string) string          { return "CAST(" + x + " AS HUGEINT)" }
func (duckDB) truncMillis(x string) string {
	return "try_cast(trunc(CAST(" + x + " AS DOUBLE)) AS HUGEINT)"
}
func (duckDB) truncInt(x string) string {
	return "try_cast(trunc(try_cast(" + x + " AS DOUBLE)) AS BIGINT)"
}
func (duckDB) days(x string) string {
	return "(try_cast(" + x + " AS DATE) - DATE '1970-01-01')"
}
func (duckDB) timestampNS(ns string) string {
	return "make_timestamp(CAST((" + ns + " - ((" + ns + " % 1000) + 1000) % 1000) // 1000 AS BIGINT))"
}
func (duckDB) secondsRFC3339(ns string) string {
	return "strftime(make_timestamp(CAST((" + ns + " - ((" + ns + " % 1000000000) + 1000000000) % 1000000000) // 1000 AS BIGINT)), '%Y-%m-%dT%H:%M:%SZ')"
}
func (duckDB) wholeRow(alias string) (string, error) {
	return "CAST(to_json(" + alias + ") AS VARCHAR)", nil
}
func (duckDB) firstN(x, order string, n int) string {
	return fmt.Sprintf("list(%s ORDER BY %s) FILTER (WHERE %s IS NOT NULL)[1:%d]", x, order, x, n)
}
func (duckDB) comment() string  { return "--" }
func (duckDB) sharedAs() string { return "AS MATERIALIZED" }
