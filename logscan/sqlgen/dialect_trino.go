package sqlgen

import (
	"errors"
	"fmt"
	"strings"
)

// trino is Trino as Athena engine version 3 runs it. JSON values are carried as varchar JSON
// text, normalised by json_format, so that their type shows in their first character.
type trino struct{}

func (trino) lit(s string) string   { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
func (trino) char(code int) string  { return fmt.Sprintf("chr(%d)", code) }
func (trino) valid(x string) string { return "(try(json_parse(" + x + ")) IS NOT NULL)" }
func (t trino) get(x string, keys ...string) string {
	return "json_format(json_extract(" + x + ", " + t.lit(jsonPath(keys, func(k string) string { return `["` + k + `"]` })) + "))"
}

func (trino) is(x, typ string) string {
	switch typ {
	case "object":
		return "starts_with(" + x + ", '{')"
	case "array":
		return "starts_with(" + x + ", '[')"
	case "string":
		return "starts_with(" + x + ", '\"')"
	case "null":
		return "(" + x + " = 'null')"
	case "boolean":
		return "(" + x + " IN ('true', 'false'))"
	}
	return "regexp_like(" + x + ", '^-?[0-9]')"
}
func (d trino) gets(x, _ string, paths [][]string) (string, []string) { return eachGet(d, x, paths) }
func (trino) str(x string) string                                     { return "json_extract_scalar(" + x + ", '$')" }
func (trino) jsonText(x string) string                                { return x }
func (trino) anyElem(x string, pred func(string) string) string {
	return "coalesce(any_match(CAST(json_parse(" + x + ") AS ARRAY(JSON)), e -> " + pred("json_format(e)") + "), false)"
}
func (t trino) countKeysExcept(x, key string) string {
	return "coalesce(try(cardinality(filter(map_keys(CAST(json_parse(" + x + ") AS MAP(VARCHAR, JSON))), k -> k <> " + t.lit(key) + "))), 0)"
}
func (trino) explode(cols, rel, where, arr string) string {
	return "SELECT " + cols + ", i, json_format(v) AS v\n    FROM " + rel +
		" CROSS JOIN UNNEST(try(CAST(json_parse(" + arr + ") AS ARRAY(JSON)))) WITH ORDINALITY AS t (v, i)\n    WHERE " + where
}
func (trino) contains(x, s string) string   { return "(strpos(" + x + ", " + s + ") > 0)" }
func (trino) startsWith(x, s string) string { return "starts_with(" + x + ", " + s + ")" }
func (trino) endsWith(x, s string) string {
	return "(length(" + x + ") >= length(" + s + ") AND substr(" + x + ", length(" + x + ") - length(" + s + ") + 1) = " + s + ")"
}
func (trino) substrFrom(x string, p int) string { return fmt.Sprintf("substr(%s, %d)", x, p) }
func (trino) substr(x, p, n string) string      { return "substr(" + x + ", " + p + ", " + n + ")" }
func (t trino) regexGroup(x, re string) string {
	return "coalesce(regexp_extract(" + x + ", " + t.lit(re) + ", 1), '')"
}
func (t trino) rpad(x string, n int, fill string) string {
	return fmt.Sprintf("rpad(%s, %d, %s)", x, n, t.lit(fill))
}
func (trino) length(x string) string { return "length(" + x + ")" }
func (t trino) regexFull(x, re string) string {
	return "regexp_like(" + x + ", " + t.lit(`\A(?:`+re+`)\z`) + ")"
}
func (t trino) regexContains(x, re string) string {
	return "regexp_like(" + x + ", " + t.lit(re) + ")"
}
func (t trino) beforeFirst(x, sep string) string {
	return "split_part(" + x + ", " + t.lit(sep) + ", 1)"
}
func (t trino) split(x, sep string) string { return "split(" + x + ", " + t.lit(sep) + ")" }
func (trino) arrayLen(a string) string     { return "cardinality(" + a + ")" }
func (trino) at(a, i string) string        { return "element_at(" + a + ", " + i + " + 1)" }

// urlDecode: Trino's url_decode is Java's form decoding, which reads "+" as a space. It turns
// bytes that are not UTF-8 into U+FFFD where the rules keep the segment as written.
func (trino) urlDecode(x string) string {
	return "try(url_decode(replace(" + x + ", '+', '%2B')))"
}
func (trino) upper(x string) string { return "upper(" + x + ")" }
func (trino) intOf(x string) string { return "try(CAST(" + x + " AS INTEGER))" }
func (trino) big(x string) string   { return "CAST(" + x + " AS DECIMAL(38, 0))" }
func (trino) truncMillis(x string) string {
	return "try(CAST(truncate(CAST(" + x + " AS DOUBLE)) AS DECIMAL(38, 0)))"
}
func (trino) truncInt(x string) string {
	return "try(CAST(truncate(CAST(" + x + " AS DOUBLE)) AS BIGINT))"
}
func (trino) days(x string) string {
	return "date_diff('day', DATE '1970-01-01', try(CAST(" + x + " AS DATE)))"
}

// seconds is floor(ns / 1e9) as a bigint.
func (trino) seconds(ns string) string {
	return "CAST(floor(" + ns + " / DECIMAL '1000000000') AS BIGINT)"
}
func (t trino) timestampNS(ns string) string {
	sec := t.seconds(ns)
	return "date_add('microsecond', CAST(floor((" + ns + " - " + sec + " * DECIMAL '1000000000') / 1000) AS BIGINT), from_unixtime(" + sec + ", 'UTC'))"
}
func (t trino) secondsRFC3339(ns string) string {
	return "date_format(from_unixtime(" + t.seconds(ns) + ", 'UTC'), '%Y-%m-%dT%H:%i:%sZ')"
}
func (trino) wholeRow(string) (string, error) {
	return "", errors.New("athena: name the column that holds each record's JSON text (--source-column); Trino cannot turn a whole row into JSON")
}
func (trino) firstN(x, order string, n int) string {
	return fmt.Sprintf("slice(array_agg(%s ORDER BY %s) FILTER (WHERE %s IS NOT NULL), 1, %d)", x, order, x, n)
}
func (trino) comment() string  { return "--" }
func (trino) sharedAs() string { return "AS" }
