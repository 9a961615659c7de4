package sqlgen

import (
	"fmt"
	"strings"
)

// bigQuery is GoogleSQL. JSON values are carried as STRING JSON text (JSON_QUERY's output), so
// that their type shows in their first character.
type bigQuery struct{}

func (bigQuery) lit(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
	return "'" + r.Replace(s) + "'"
}
func (bigQuery) char(code int) string { return fmt.Sprintf("CODE_POINTS_TO_STRING([%d])", code) }
func (bigQuery) valid(x string) string {
	return "(SAFE.PARSE_JSON(" + x + ", wide_number_mode => 'round') IS NOT NULL)"
}
func (b bigQuery) get(x string, keys ...string) string {
	return "JSON_QUERY(" + x + ", " + b.lit(jsonPath(keys, func(k string) string { return `"` + k + `"` })) + ")"
}

func (bigQuery) is(x, typ string) string {
	switch typ {
	case "object":
		return "STARTS_WITH(" + x + ", '{')"
	case "array":
		return "STARTS_WITH(" + x + ", '[')"
	case "string":
		return "STARTS_WITH(" + x + ", '\"')"
	case "null":
		return "(" + x + " = 'null')"
	case "boolean":
		return "(" + x + " IN ('true', 'false'))"
	}
	return "REGEXP_CONTAINS(" + x + ", r'^-?[0-9]')"
}
func (d bigQuery) gets(x, _ string, paths [][]string) (string, []string) { return eachGet(d, x, paths) }
func (bigQuery) str(x string) string                                     { return "JSON_VALUE(" + x + ", '$')" }
func (bigQuery) jsonText(x string) string                                { return x }
func (bigQuery) anyElem(x string, pred func(string) string) string {
	return "EXISTS(SELECT 1 FROM UNNEST(JSON_QUERY_ARRAY(" + x + ")) AS e WHERE " + pred("e") + ")"
}
func (b bigQuery) countKeysExcept(x, key string) string {
	return "(SELECT COUNT(*) FROM UNNEST(JSON_KEYS(SAFE.PARSE_JSON(" + x + ", wide_number_mode => 'round'), 1)) AS k WHERE k <> " + b.lit(key) + ")"
}
func (bigQuery) explode(cols, rel, where, arr string) string {
	return "SELECT " + cols + ", i + 1 AS i, v\n    FROM " + rel + " CROSS JOIN UNNEST(JSON_QUERY_ARRAY(" + arr + ")) AS v WITH OFFSET AS i\n    WHERE " + where
}
func (bigQuery) contains(x, s string) string   { return "(STRPOS(" + x + ", " + s + ") > 0)" }
func (bigQuery) startsWith(x, s string) string { return "STARTS_WITH(" + x + ", " + s + ")" }
func (bigQuery) endsWith(x, s string) string   { return "ENDS_WITH(" + x + ", " + s + ")" }
func (bigQuery) substrFrom(x string, p int) string {
	return fmt.Sprintf("SUBSTR(%s, %d)", x, p)
}
func (bigQuery) substr(x, p, n string) string { return "SUBSTR(" + x + ", " + p + ", " + n + ")" }
func (b bigQuery) regexGroup(x, re string) string {
	return "coalesce(REGEXP_EXTRACT(" + x + ", " + b.lit(re) + "), '')"
}
func (b bigQuery) rpad(x string, n int, fill string) string {
	return fmt.Sprintf("RPAD(%s, %d, %s)", x, n, b.lit(fill))
}
func (bigQuery) length(x string) string { return "LENGTH(" + x + ")" }
func (b bigQuery) regexFull(x, re string) string {
	return "REGEXP_CONTAINS(" + x + ", " + b.lit(`\A(?:`+re+`)\z`) + ")"
}
func (b bigQuery) regexContains(x, re string) string {
	return "REGEXP_CONTAINS(" + x + ", " + b.lit(re) + ")"
}
func (b bigQuery) beforeFirst(x, sep string) string {
	return "SPLIT(" + x + ", " + b.lit(sep) + ")[SAFE_OFFSET(0)]"
}
func (b bigQuery) split(x, sep string) string { return "SPLIT(" + x + ", " + b.lit(sep) + ")" }
func (bigQuery) arrayLen(a string) string     { return "ARRAY_LENGTH(" + a + ")" }
func (bigQuery) at(a, i string) string        { return a + "[SAFE_OFFSET(" + i + ")]" }

// urlDecode: GoogleSQL has no URL decoding; the escapes are turned into bytes one by one.
func (bigQuery) urlDecode(x string) string {
	return "SAFE_CAST(ARRAY_TO_STRING(ARRAY(SELECT IF(STARTS_WITH(t, '%'), FROM_HEX(SUBSTR(t, 2)), CAST(t AS BYTES))" +
		" FROM UNNEST(REGEXP_EXTRACT_ALL(" + x + ", r'%[0-9A-Fa-f]{2}|[^%]+')) AS t WITH OFFSET AS o ORDER BY o), b'') AS STRING)"
}
func (bigQuery) upper(x string) string { return "UPPER(" + x + ")" }
func (bigQuery) intOf(x string) string { return "SAFE_CAST(" + x + " AS INT64)" }
func (bigQuery) big(x string) string   { return "CAST(" + x + " AS NUMERIC)" }
func (bigQuery) truncMillis(x string) string {
	return "SAFE_CAST(TRUNC(SAFE_CAST(" + x + " AS FLOAT64)) AS NUMERIC)"
}
func (bigQuery) truncInt(x string) string {
	return "SAFE_CAST(TRUNC(SAFE_CAST(" + x + " AS FLOAT64)) AS INT64)"
}
func (bigQuery) days(x string) string { return "UNIX_DATE(SAFE_CAST(" + x + " AS DATE))" }
func (bigQuery) timestampNS(ns string) string {
	return "TIMESTAMP_MICROS(CAST(FLOOR(" + ns + " / 1000) AS INT64))"
}
func (bigQuery) secondsRFC3339(ns string) string {
	return "FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%SZ', TIMESTAMP_SECONDS(CAST(FLOOR(" + ns + " / 1000000000) AS INT64)), 'UTC')"
}
func (bigQuery) wholeRow(alias string) (string, error) { return "TO_JSON_STRING(" + alias + ")", nil }
func (bigQuery) firstN(x, order string, n int) string {
	// IGNORE NULLS: an array with a NULL element fails the whole query.
	return fmt.Sprintf("ARRAY_AGG(%s IGNORE NULLS ORDER BY %s LIMIT %d)", x, order, n)
}
func (bigQuery) comment() string  { return "--" }
func (bigQuery) sharedAs() string { return "AS" }
