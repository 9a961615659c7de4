// Package sqlgen renders the log classification of package rules as one SQL query, for DuckDB,
// Athena (Trino) and BigQuery, so that it can run where a tenant's logs already are.
//
// The query reads a relation with one record per row, the record's JSON text in one column: a
// raw event, a log-stream envelope ({"log_id","data"}), an EventBridge event, a Splunk result
// with _raw, a page of GET /api/v2/logs with include_totals ({"logs":[...]}), or a JSON array
// of any of these (a JSONARRAY batch on one line). It unwraps and classifies them as the Go
// scanner does, and returns one row per finding (Findings) or one per use case and client
// (Summary).
//
// A record the engine cannot parse as JSON, or that holds no event, yields nothing: SQL has no
// place to report it. The Go scanner counts and lists such records; engines also differ on
// edge cases of JSON (DuckDB accepts a trailing comma and NaN, which the Go scanner rejects).
package sqlgen

import (
	"fmt"
	"strings"

	"github.com/auth0-migrate/auth0audit/logscan/rules"
)

// Engine names an SQL dialect.
type Engine string

const (
	DuckDB   Engine = "duckdb"
	Athena   Engine = "athena" // Trino, as Athena engine version 3 runs it
	BigQuery Engine = "bigquery"
)

// Engines lists the engines, in the order help texts name them.
var Engines = []Engine{DuckDB, Athena, BigQuery}

func (e Engine) dialect() (dialect, error) {
	switch e {
	case DuckDB:
		return duckDB{}, nil
	case Athena:
		return trino{}, nil
	case BigQuery:
		return bigQuery{}, nil
	}
	return nil, fmt.Errorf("unknown SQL engine %q (want duckdb, athena or bigquery)", string(e))
}

// Query says what the query returns.
type Query int

const (
	// Findings: one row per finding, the columns of FindingColumns.
	Findings Query = iota
	// Summary: one row per use case and client, the columns of SummaryColumns.
	Summary
	// Counts: one row, the counts a scan reports besides its findings: duplicates (relevant
	// events whose log_id came before), failed_exchanges (distinct feccft events that could be
	// stale uses) and secret_changes (clients whose secret changed).
	Counts
)

// FindingColumns are the columns of a Findings query, in order. date is the event's time in
// UTC (microseconds); the columns that do not apply to a row are NULL.
var FindingColumns = []string{"log_id", "date", "client_id", "client_name", "user_id", "use_case", "status",
	"confidence", "method", "path", "status_code", "reason"}

// SummaryColumns are the columns of a Summary query, in order.
var SummaryColumns = []string{"use_case", "status", "confidence", "client_id", "client_name", "events", "failed",
	"first_seen", "last_seen", "sample_log_ids"}

// Source is the relation the query reads.
type Source struct {
	// Relation is what follows FROM: a table name or a table function, already valid SQL.
	Relation string
	// Column is the column holding each record's JSON text (a string or JSON type); empty
	// means the whole row is the record (an event stored as columns), where the engine can
	// turn a row into JSON (DuckDB, BigQuery).
	Column string
	// Order, when set, is a column giving the records' input order: among events that share
	// a log_id, the first in this order is kept (the Go scanner keeps the first it reads).
	// Without it the earliest by date is kept.
	Order string
	// Partition, when set, is a column that separates independent scans (a tenant, say):
	// deduplication and secret-stale-use act within each, and it leads the output's columns.
	Partition string
}

// Options choose what to render.
type Options struct {
	Engine Engine
	Source Source
	Query  Query
	// ExactTime adds a column date_ns, the event's time in nanoseconds since 1970 (an exact
	// integer), after the columns of Findings.
	ExactTime bool
	// InputOrder orders the findings as the Go scanner emits them (needs Source.Order): the
	// classified events in input order, then the secret-stale-use findings in the input order
	// of their feccft events. Without it they are ordered by date.
	InputOrder bool
}

// Render writes the query.
func Render(opt Options) (string, error) {
	d, err := opt.Engine.dialect()
	if err != nil {
		return "", err
	}
	if strings.TrimSpace(opt.Source.Relation) == "" {
		return "", fmt.Errorf("no source relation")
	}
	r := &renderer{d: d, opt: opt}
	return r.render()
}

type renderer struct {
	d   dialect
	opt Options
	b   strings.Builder
	// ctes written so far; the first is introduced by WITH, the others by a comma.
	ctes int
}

// cte writes one named subquery, with a comment saying what it holds.
func (r *renderer) cte(name, comment, body string) { r.writeCTE(name, comment, body, false) }

// sharedCTE writes a subquery that later ones read more than once: engines that can are told
// to compute it once (it holds few rows: the relevant events, not the input).
func (r *renderer) sharedCTE(name, comment, body string) { r.writeCTE(name, comment, body, true) }

func (r *renderer) writeCTE(name, comment, body string, shared bool) {
	if r.ctes == 0 {
		r.b.WriteString("WITH\n")
	} else {
		r.b.WriteString(",\n")
	}
	r.ctes++
	for _, line := range strings.Split(comment, "\n") {
		fmt.Fprintf(&r.b, "%s %s\n", r.d.comment(), line)
	}
	as := "AS"
	if shared {
		as = r.d.sharedAs()
	}
	fmt.Fprintf(&r.b, "%s %s (\n  %s\n)", name, as, strings.TrimSpace(body))
}

func (r *renderer) lit(s string) string { return r.d.lit(s) }

func (r *renderer) render() (string, error) {
	d := r.d
	src := r.opt.Source
	header := []string{
		"auth0audit log classification (design section 5) as SQL, rendered from logscan/rules.",
		"Input: " + src.Relation + ", one record per row (a raw event, a log-stream or EventBridge",
		"envelope, a Splunk _raw result, a page with \"logs\", or a JSON array of these).",
	}
	switch r.opt.Query {
	case Summary:
		header = append(header, "Output: one row per use case and client.")
	case Counts:
		header = append(header, "Output: the counts of duplicates, failed exchanges and secret changes.")
	default:
		header = append(header, "Output: one row per finding.")
	}
	for _, h := range header {
		fmt.Fprintf(&r.b, "%s %s\n", d.comment(), h)
	}

	record := src.Column
	if record == "" {
		var err error
		if record, err = d.wholeRow("s"); err != nil {
			return "", err
		}
	} else {
		record = "s." + quoteIdent(record)
	}
	order := "0"
	if src.Order != "" {
		order = "s." + quoteIdent(src.Order)
	}
	part := "''"
	if src.Partition != "" {
		part = "CAST(s." + quoteIdent(src.Partition) + " AS " + r.textType() + ")"
	}
	r.cte("src", "The records, each with its place in the input (ord) and the scan it belongs to (part).",
		fmt.Sprintf("SELECT %s AS part, %s AS ord, CAST(%s AS %s) AS raw FROM %s AS s", part, order, record, r.textType(), src.Relation))

	// A conservative text filter first, as the Go scanner's prefilter: a relevant event names
	// its type, and a call names the literal segments of its path, unless the text escapes
	// them (\u) or percent-encodes the path (%). Parsing JSON costs far more than this.
	r.cte("candidates", "Records that may hold a relevant event (the rest are logins and other traffic),\n"+
		"without a leading byte-order mark.",
		fmt.Sprintf("SELECT part, ord, CASE WHEN %s THEN %s ELSE raw END AS raw\n  FROM src\n  WHERE %s",
			d.startsWith("raw", d.char(0xFEFF)), d.substrFrom("raw", 2), r.prefilter("raw")))
	space := fmt.Sprintf("' ' || %s || %s || %s", d.char('\t'), d.char('\n'), d.char('\r'))
	r.sharedCTE("records", "The records that are valid JSON, without white space around them.",
		fmt.Sprintf("SELECT part, ord, trim(raw, %s) AS j FROM candidates WHERE %s", space, d.valid("raw")))
	r.cte("objects", "Objects: a record that is one, or each object element of a record that is an array.",
		fmt.Sprintf("SELECT part, ord, 0 AS sub, j AS o FROM records WHERE %s\n  UNION ALL\n  SELECT part, ord, i AS sub, v AS o FROM (%s) AS x WHERE %s",
			d.is("j", "object"), d.explode("part, ord", "records", d.is("j", "array"), "j"), d.is("v", "object")))

	// Envelopes are peeled level by level; a page of logs is a batch whose elements are
	// records again (one level of batches).
	first := r.unwrapLevels("w", "SELECT part, ord, sub, 0 AS bat, o, CAST(NULL AS "+r.textType()+") AS env FROM objects")
	r.cte("batches", "Batches found at any level.", unionWhere(first, "st = 'batch'", "part, ord, sub, o"))
	r.cte("batch_items", "The object elements of batches (pages of GET /api/v2/logs with include_totals).",
		fmt.Sprintf("SELECT part, ord, sub, i AS bat, v AS o FROM (%s) AS x WHERE %s",
			d.explode("part, ord, sub", "batches", "true", r.d.get("o", "logs")), d.is("v", "object")))
	second := r.unwrapLevels("b", "SELECT part, ord, sub, bat, o, CAST(NULL AS "+r.textType()+") AS env FROM batch_items")
	r.cte("events", "Events: objects carrying log_id or type once unwrapped; env is the innermost envelope's log_id.",
		unionWhere(append(first, second...), "st = 'event'", "part, ord, sub, bat, o AS e, env"))

	r.fields()
	r.dates()
	r.calls()
	r.facts()
	r.found()
	r.dedupe()
	if r.opt.Query == Counts {
		r.b.WriteString(`
SELECT
  (SELECT count(*) FROM found) - (SELECT count(*) FROM kept) AS duplicates,
  (SELECT count(*) FROM kept WHERE kind = 'exchange') AS failed_exchanges,
  (SELECT count(*) FROM changes) AS secret_changes
`)
		return r.b.String(), nil
	}
	r.output()
	return r.b.String(), nil
}

// textType is the engine's string type.
func (r *renderer) textType() string {
	if _, ok := r.d.(bigQuery); ok {
		return "STRING"
	}
	return "VARCHAR"
}

// prefilter is the text filter of candidate records, derived from the rules: the name of a
// relevant type, and for calls every literal segment of some call's path.
func (r *renderer) prefilter(x string) string {
	d := r.d
	var any []string
	var callTypes []string
	for _, t := range rules.EventTypes {
		if t.Handling == rules.HandleCall {
			callTypes = append(callTypes, d.contains(x, r.lit(t.Name)))
			continue
		}
		any = append(any, d.contains(x, r.lit(t.Name)))
	}
	var shapes []string
	for _, c := range rules.Calls {
		var segs []string
		for _, s := range c.Path {
			if s != rules.AnySegment {
				segs = append(segs, d.contains(x, r.lit(s)))
			}
		}
		shapes = append(shapes, "("+strings.Join(segs, " AND ")+")")
	}
	shapes = append(shapes, d.contains(x, r.lit("%")))
	any = append(any, "(("+strings.Join(callTypes, " OR ")+")\n    AND ("+strings.Join(shapes, "\n      OR ")+"))")
	any = append(any, d.contains(x, r.lit(`\u`)))
	return strings.Join(any, "\n    OR ")
}

// withItem adds a select item (from dialect.gets) to a SELECT, as a subquery; an empty item
// leaves it as it is.
func withItem(sel, item string) string {
	if item == "" {
		return sel
	}
	return "SELECT *, " + item + " FROM (" + sel + ") AS xg"
}

// unionWhere selects cols from each CTE where cond holds, as one UNION ALL.
func unionWhere(ctes []string, cond, cols string) string {
	parts := make([]string, len(ctes))
	for i, c := range ctes {
		parts[i] = "SELECT " + cols + " FROM " + c + " WHERE " + cond
	}
	return strings.Join(parts, "\n  UNION ALL\n  ")
}

// maxWrapping is how many envelopes are peeled, as the Go scanner does (decode.Unwrap).
const maxWrapping = 4

// unwrapLevels writes one CTE per envelope level, each classifying its objects as an event,
// a batch, one more envelope (st = 'next', the inner object in column nxt) or nothing ('bad'),
// and returns their names. from selects ord, sub, bat, o, env.
func (r *renderer) unwrapLevels(prefix, from string) []string {
	d := r.d
	var names []string
	prev := ""
	for level := range maxWrapping {
		name := fmt.Sprintf("%s%d", prefix, level)
		input := from
		if prev != "" {
			input = fmt.Sprintf("SELECT part, ord, sub, bat, nxt AS o, env FROM %s WHERE st = 'next'", prev)
		}
		st := `CASE
      WHEN NOT typed AND ` + d.is("detail", "object") + ` THEN 'next'
      WHEN NOT typed AND ` + d.is("data", "object") + ` THEN 'next'
      WHEN raw_text IS NOT NULL THEN CASE WHEN raw_obj IS NOT NULL THEN 'next' ELSE 'bad' END
      WHEN NOT typed AND ` + d.is("result", "object") + ` THEN 'next'
      WHEN typed OR lid IS NOT NULL THEN 'event'
      WHEN ` + d.is("logs", "array") + ` THEN 'batch'
      ELSE 'bad' END`
		nxt := `CASE
      WHEN NOT typed AND ` + d.is("detail", "object") + ` THEN ` + d.jsonText("detail") + `
      WHEN NOT typed AND ` + d.is("data", "object") + ` THEN ` + d.jsonText("data") + `
      WHEN raw_text IS NOT NULL THEN raw_obj
      WHEN NOT typed AND ` + d.is("result", "object") + ` THEN ` + d.jsonText("result") + ` END`
		env := fmt.Sprintf("CASE WHEN %s THEN %s ELSE env END", d.is("lid", "string"), d.str("lid"))
		rawValid := d.valid("raw_text")
		item, m := d.gets("o", "g", [][]string{{"type"}, {"log_id"}, {"detail"}, {"data"}, {"result"}, {"logs"}, {"_raw"}})
		parts := fmt.Sprintf(`SELECT *, CASE WHEN %s AND %s THEN raw_text END AS raw_obj
    FROM (
      SELECT part, ord, sub, bat, o, env,
        %s IS NOT NULL AS typed, %s AS lid,
        %s AS detail, %s AS data, %s AS result, %s AS logs,
        %s AS raw_text
      FROM (%s) AS x) AS y`,
			rawValid, d.is("CASE WHEN "+rawValid+" THEN raw_text END", "object"),
			m[0], m[1], m[2], m[3], m[4], m[5], r.strOrNull(m[6]), withItem(input, item))
		body := fmt.Sprintf("SELECT part, ord, sub, bat, o, %s AS env,\n    %s AS st,\n    %s AS nxt\n  FROM (\n    %s) AS z", env, st, nxt, parts)
		comment := fmt.Sprintf("Envelope level %d: each object is an event, a batch, the envelope of the object in nxt, or nothing.", level)
		if level == maxWrapping-1 {
			// The last level may not peel any further.
			body = "SELECT part, ord, sub, bat, o, env, CASE WHEN st = 'next' THEN 'bad' ELSE st END AS st, nxt\n  FROM (" + body + ") AS y"
			comment += fmt.Sprintf("\nNo deeper than %d envelopes.", maxWrapping)
		}
		r.sharedCTE(name, comment, body)
		names = append(names, name)
		prev = name
	}
	return names
}
