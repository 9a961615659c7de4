package sqlgen

import (
	"fmt"
	"os"
	"regexp"
	"strings"
)

// DefaultColumn is the column a table's records are read from unless told otherwise.
const DefaultColumn = "raw"

// WholeRow, given as the column, reads each row as an event stored in columns (DuckDB and
// BigQuery can turn a row into JSON; Trino cannot).
const WholeRow = "*"

// tableName: dotted parts of letters, digits, _, $ and - (BigQuery project ids have dashes).
var tableName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_$-]*(\.[A-Za-z_0-9][A-Za-z0-9_$-]*){0,2}$`)

// ParseSource reads --source and --source-column for an engine: a table name for every engine,
// and for DuckDB also a file path or glob (JSON or NDJSON, gzipped or not, read with
// read_json_objects; Parquet with read_parquet).
func ParseSource(e Engine, source, column string) (Source, error) {
	if _, err := e.dialect(); err != nil {
		return Source{}, err
	}
	source = strings.TrimSpace(source)
	if source == "" {
		return Source{}, fmt.Errorf("--source is empty: give the table (or, for duckdb, the files) holding the logs")
	}
	if e == DuckDB && looksLikePath(source) {
		lit := duckDB{}.lit(source)
		if strings.HasSuffix(strings.ToLower(source), ".parquet") {
			col := column
			if col == "" || col == WholeRow {
				col = ""
			}
			return Source{Relation: "read_parquet(" + lit + ")", Column: col}, nil
		}
		if column != "" {
			return Source{}, fmt.Errorf("--source-column %q: JSON files have no columns; each line or array element is a record", column)
		}
		return Source{Relation: "read_json_objects(" + lit + ", format = 'auto', ignore_errors = true)", Column: "json"}, nil
	}
	if !tableName.MatchString(source) {
		return Source{}, fmt.Errorf("--source %q: not a table name (dataset.table, or project.dataset.table)%s", source, pathHint(e))
	}
	col := column
	switch col {
	case "":
		col = DefaultColumn
	case WholeRow:
		col = ""
		if e == Athena {
			return Source{}, fmt.Errorf("--source-column %s: Trino cannot turn a whole row into JSON; name the column holding each record's JSON text", WholeRow)
		}
	default:
		if !plainKey(col) {
			return Source{}, fmt.Errorf("--source-column %q: not a column name", col)
		}
	}
	rel := source
	if e == BigQuery {
		rel = "`" + source + "`"
	}
	return Source{Relation: rel, Column: col}, nil
}

func pathHint(e Engine) string {
	if e == DuckDB {
		return "; a file path needs a / (./logs.ndjson)"
	}
	return ""
}

// looksLikePath tells a file path or glob from a table name.
func looksLikePath(s string) bool {
	if strings.ContainsAny(s, `/\*?`) {
		return true
	}
	lower := strings.ToLower(s)
	for _, ext := range []string{".json", ".ndjson", ".jsonl", ".gz", ".log", ".parquet"} {
		if strings.HasSuffix(lower, ext) {
			return true
		}
	}
	_, err := os.Stat(s)
	return err == nil
}
