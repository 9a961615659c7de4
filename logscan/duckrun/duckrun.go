//go:build duckdb

// Package duckrun runs the log classification's SQL (package sqlgen) in an embedded DuckDB, for
// `auth0audit logs --engine duckdb`. It needs cgo and the duckdb build tag:
//
//	go build -tags duckdb ./cmd/auth0audit
//
// Records reach DuckDB in one of two ways. Log files in any shape the Go scanner reads (NDJSON,
// JSON arrays, log-stream batches, EventBridge, Splunk JSON or CSV, gzip of these, stdin) are
// cut into records by the scanner's own reader (package decode), so that both engines see the
// same records and the same malformed lines are reported; each record is appended as one row.
// Parquet files are read by DuckDB itself: a file with one text column holds each record's JSON
// in it, otherwise each row is an event stored as columns and is turned into JSON. Either way the
// classification itself, envelopes included, is the SQL query and nothing else.
package duckrun

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/logscan"
	"github.com/auth0-migrate/auth0audit/logscan/classify"
	"github.com/auth0-migrate/auth0audit/logscan/decode"
	"github.com/auth0-migrate/auth0audit/logscan/sqlgen"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// recordsTable holds every record read, in input order (ord).
const recordsTable = "auth0_log_records"

// Options tune a run.
type Options struct {
	// Split bounds chunk and record sizes of the log reader; zero values take decode's defaults.
	Split decode.Options
	// MaxExamples is how many malformed records are reported by location; 0 means 20.
	MaxExamples int
	// Strict parses every record, as the Go scanner's --strict does, so that a damaged
	// irrelevant record is counted as malformed too.
	Strict bool
}

// Runner loads records into an in-memory DuckDB and classifies them with the SQL query.
type Runner struct {
	opt   Options
	db    *sql.DB
	conn  *sql.Conn
	tmp   string
	ord   int64
	stats logscan.Stats
	// cur is the input being read, whose counts record and malformed keep.
	cur *logscan.FileStats
	// query is the prepared classification: planning it costs more than running it on a small
	// input, so a runner that is Reset keeps it.
	query *sql.Stmt
	// part names the scan the records added now belong to (see Separate).
	part string
	// recognised is set once the current input holds an Auth0 log event (as the Go scanner
	// recognises one): an input without one is not an Auth0 log export.
	recognised bool
	// cutTail is set when the current input's last line starts an object or array that it
	// does not close: the file was cut.
	cutTail bool
	// sampled counts the current input's events checked for being Auth0 log events (the
	// first eventSample of each chunk, as the Go scanner checks them), foreign those that are
	// not; chunkSampled counts the current chunk's.
	sampled, foreign, chunkSampled int64
}

// eventSample and minSampled are the Go scanner's (logscan/worker.go, logscan/verdict.go): the
// first events of each chunk are checked, and an input with at least minSampled checked, most
// of them another product's, is not an Auth0 log export.
const (
	eventSample = 16
	minSampled  = 4
)

// New opens an in-memory DuckDB. It spills to a private temporary directory when the records
// outgrow memory. Call Close when done.
func New(ctx context.Context, opt Options) (*Runner, error) {
	if opt.MaxExamples <= 0 {
		opt.MaxExamples = 20
	}
	tmp, err := os.MkdirTemp("", "auth0audit-duckdb-*")
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("opening DuckDB: %w", err)
	}
	r := &Runner{opt: opt, db: db, tmp: tmp}
	if r.conn, err = db.Conn(ctx); err != nil {
		r.Close()
		return nil, fmt.Errorf("opening DuckDB: %w", err)
	}
	for _, stmt := range []string{
		"SET temp_directory = " + sqlString(tmp),
		"CREATE TABLE " + recordsTable + " (part VARCHAR, ord BIGINT, raw VARCHAR)",
	} {
		if _, err := r.conn.ExecContext(ctx, stmt); err != nil {
			r.Close()
			return nil, fmt.Errorf("preparing DuckDB: %w", err)
		}
	}
	return r, nil
}

// Close releases DuckDB and its temporary files.
func (r *Runner) Close() error {
	var errs []error
	if r.query != nil {
		errs = append(errs, r.query.Close())
		r.query = nil
	}
	if r.conn != nil {
		errs = append(errs, r.conn.Close())
		r.conn = nil
	}
	if r.db != nil {
		errs = append(errs, r.db.Close())
		r.db = nil
	}
	if r.tmp != "" {
		errs = append(errs, os.RemoveAll(r.tmp))
		r.tmp = ""
	}
	return errors.Join(errs...)
}

// Add reads one input named name (a file, or "-" for stdin read from in). Like the Go scanner,
// a read error is returned with the name, and the records read before it are kept.
func (r *Runner) Add(ctx context.Context, name string, in io.Reader) error {
	if strings.HasSuffix(strings.ToLower(name), ".parquet") && name != "-" {
		return r.addParquet(ctx, name)
	}
	fs := logscan.FileStats{Name: name}
	r.cur = &fs
	defer func() { r.stats.Files = append(r.stats.Files, fs); r.cur = nil }()
	src := in
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			fs.Error = err.Error()
			return err
		}
		defer f.Close()
		src = f
	}
	content, compressed, err := decode.Open(src)
	fs.Compressed = compressed
	if err != nil {
		return inputError(&fs, logscan.ErrUnreadable, err.Error(), err)
	}
	r.recognised, r.cutTail, r.sampled, r.foreign, r.chunkSampled = false, false, 0, 0, 0
	head := &decode.HeadRecorder{R: content}
	var readErr error
	var cut string
	err = r.conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", recordsTable)
		if err != nil {
			return err
		}
		var sp *decode.Splitter
		sp, readErr = r.frame(ctx, name, head, &fs, app)
		cut = sp.Cut()
		return app.Close()
	})
	if err != nil {
		return inputError(&fs, logscan.ErrUnreadable, "DuckDB: "+err.Error(), err)
	}
	return r.judge(&fs, readErr, cut, head.Head())
}

// judge decides, as the Go scanner does (logscan/verdict.go), whether an input was what it
// claims to be: a read error or a cut (a JSON stream or last line that ends inside a value) is
// an error that says how much was kept; an input without a recognised Auth0 log event, or
// whose records are mostly malformed, is not an Auth0 log export; an input without a record is
// only a warning (Finish fails a run whose every input was empty).
func (r *Runner) judge(fs *logscan.FileStats, readErr error, cut string, head []byte) error {
	if cut == "" && r.cutTail {
		cut = "its last line is cut off (no line end, and the object it starts is not closed): " +
			"the file was truncated, or is still being written"
	}
	records := fs.Events + fs.Malformed
	// An input whose one record is the one cut off is a truncated export, not garbage.
	onlyTheCut := cut != "" && fs.Events == 0 && fs.Malformed <= 1
	switch {
	case readErr != nil && errors.Is(readErr, io.ErrUnexpectedEOF):
		return inputError(fs, logscan.ErrTruncated, fmt.Sprintf("not read to the end: input ends early (truncated gzip?); %d event(s) kept", fs.Events), readErr)
	case readErr != nil:
		return inputError(fs, logscan.ErrUnreadable, fmt.Sprintf("%v; %d event(s) kept", readErr, fs.Events), readErr)
	case records == 0 && cut == "":
		fs.Warning = "no records"
	case decode.Archive(head) != "":
		return inputError(fs, logscan.ErrNotLogs, fmt.Sprintf("not an Auth0 log export: it is %s; read as text it gave %d event(s) and %d malformed record(s)",
			decode.Archive(head), fs.Events, fs.Malformed), nil)
	case !r.recognised && !onlyTheCut:
		return inputError(fs, logscan.ErrNotLogs, fmt.Sprintf("not an Auth0 log export: no Auth0 log event among %d event(s) and %d malformed record(s)", fs.Events, fs.Malformed), nil)
	case cut != "":
		return inputError(fs, logscan.ErrTruncated, fmt.Sprintf("not read to the end: %s; %d event(s) kept", cut, fs.Events), nil)
	case r.sampled >= minSampled && r.foreign*2 > r.sampled:
		return inputError(fs, logscan.ErrNotLogs, fmt.Sprintf("mostly not Auth0 log events: %d of the %d events checked are not Auth0 log events; %d event(s) kept",
			r.foreign, r.sampled, fs.Events), nil)
	case fs.Malformed > fs.Events:
		return inputError(fs, logscan.ErrNotLogs, fmt.Sprintf("mostly not Auth0 log events: %d of %d records are not events (the malformed lines are listed); %d event(s) kept",
			fs.Malformed, records, fs.Events), nil)
	}
	return nil
}

func inputError(fs *logscan.FileStats, kind error, detail string, err error) error {
	fs.Error = detail
	return &logscan.InputError{Name: fs.Name, Kind: kind, Detail: detail, Kept: fs.Events, Err: err}
}

// frame cuts content into records as the Go scanner's workers do, and appends each.
func (r *Runner) frame(ctx context.Context, name string, content io.Reader, fs *logscan.FileStats, app *duckdb.Appender) (*decode.Splitter, error) {
	sp := decode.NewSplitter(content, r.opt.Split)
	linesBefore := 0
	for {
		if err := ctx.Err(); err != nil {
			return sp, err
		}
		c, err := sp.Next()
		if c == nil {
			fs.Layout = sp.Layout().String()
			return sp, err
		}
		r.chunkSampled = 0
		base := 0
		if c.Layout == decode.Lines {
			base = linesBefore // line chunks count lines from their own start
		}
		for _, p := range c.Problems {
			r.malformed(name, base+p.Line, p.Reason)
		}
		switch c.Layout {
		case decode.Lines:
			data, line, newlines := c.Data, c.FirstLine, 0
			for len(data) > 0 {
				i := bytes.IndexByte(data, '\n')
				rec := data
				if i >= 0 {
					rec, data = data[:i], data[i+1:]
					newlines++
				} else {
					// Only the input's last line can lack a line end.
					data = nil
					r.cutTail = unclosed(rec)
				}
				if err := r.record(app, name, rec, base+line); err != nil {
					return sp, err
				}
				line++
			}
			linesBefore += c.Newlines(newlines)
		case decode.Values:
			for _, rec := range c.Records {
				if err := r.record(app, name, c.Data[rec.Start:rec.End], rec.Line); err != nil {
					return sp, err
				}
			}
		}
		sp.Release(c)
	}
}

// record counts one record as the Go scanner's worker does (logscan/worker.go: events,
// malformed records with their reasons, whether an Auth0 event was recognised), and appends it
// when the query may find something in it. Blank records are not records. A record whose text
// shows it holds no relevant event (sqlgen.MayHoldRelevantEvent, the query's first filter) is
// only counted, which keeps DuckDB's table to a few percent of the input; one that is not
// valid JSON (as the Go scanner validates it: DuckDB alone would accept a trailing comma or
// NaN) is not stored; what a valid record holds is for SQL to decide. Bytes that are not UTF-8
// become U+FFFD (DuckDB's text must be UTF-8).
func (r *Runner) record(app *duckdb.Appender, name string, rec []byte, line int) error {
	rec = trimRecord(rec)
	if !r.count(name, rec, line) || !sqlgen.MayHoldRelevantEvent(rec) || !gjson.ValidBytes(rec) {
		return nil
	}
	text := string(rec)
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	ord := r.ord
	r.ord++
	return app.AppendRow(r.part, ord, text)
}

// count counts one record (trimmed); it reports whether the record is an object or array
// the query may read.
func (r *Runner) count(name string, rec []byte, line int) bool {
	if len(rec) == 0 {
		return false
	}
	switch rec[0] {
	case '{':
		r.object(name, rec, line)
	case '[':
		// A JSONARRAY batch on one line of an NDJSON file.
		if !gjson.ValidBytes(rec) {
			r.malformed(name, line, "not valid JSON")
			return false
		}
		r.array(name, rec, line)
	default:
		if gjson.ValidBytes(rec) {
			r.malformed(name, line, "JSON value is not an object")
		} else {
			r.malformed(name, line, "not JSON")
		}
		return false
	}
	return true
}

// object counts one JSON object as the Go scanner's worker does: an object that is not closed
// is malformed; without --strict, one whose plain "type" the prefilter reads as irrelevant is an
// event unparsed, and one without a type, log_id, _raw or escape is malformed; the others are
// parsed, unwrapped and counted.
func (r *Runner) object(name string, rec []byte, line int) {
	if rec[len(rec)-1] != '}' {
		r.malformed(name, line, "not valid JSON (object not closed)")
		return
	}
	if !r.opt.Strict && bytes.Count(rec, []byte{'"'})&1 == 0 && !maybePage(rec) {
		candidate, typed := classify.Prefilter(rec)
		if !candidate && typed {
			r.unparsed(rec)
			return
		}
		if !typed && !bytes.Contains(rec, []byte(`"_raw"`)) && bytes.IndexByte(rec, '\\') < 0 {
			if bytes.Contains(rec, []byte(`"log_id"`)) {
				r.unparsed(rec)
			} else {
				r.malformed(name, line, "JSON object without log_id or type")
			}
			return
		}
	}
	if !gjson.ValidBytes(rec) {
		r.malformed(name, line, "not valid JSON")
		return
	}
	r.parsed(name, rec, line)
}

// parsed counts a valid JSON object: the event it holds, the elements of the page it is, or a
// malformed record when it holds no event.
func (r *Runner) parsed(name string, rec []byte, line int) {
	if !classify.Plain(rec) {
		u, reason := decode.Unwrap(rec)
		if reason != "" {
			r.malformed(name, line, reason)
			return
		}
		if u.Batch != nil {
			r.array(name, u.Batch, line)
			return
		}
	}
	r.event(rec)
}

// array counts the elements of a valid JSON array.
func (r *Runner) array(name string, arr []byte, line int) {
	gjson.ParseBytes(arr).ForEach(func(_, v gjson.Result) bool {
		if !v.IsObject() {
			r.malformed(name, line, "array element is not a JSON object")
			return true
		}
		r.parsed(name, []byte(v.Raw), line)
		return true
	})
}

// unparsed counts an event the fast path decided on without parsing it (not_validated).
func (r *Runner) unparsed(rec []byte) {
	r.stats.NotValidated++
	r.cur.NotValidated++
	r.event(rec)
}

// event counts one event, and looks whether it is an Auth0 log event until one is, and for
// the first events of each chunk (see eventSample).
func (r *Runner) event(rec []byte) {
	r.stats.EventsRead++
	r.cur.Events++
	if r.recognised && r.chunkSampled >= eventSample {
		return
	}
	auth0 := logscan.RecognisedRecord(rec)
	r.recognised = r.recognised || auth0
	if r.chunkSampled < eventSample {
		r.chunkSampled++
		r.sampled++
		if !auth0 {
			r.foreign++
		}
	}
}

// maybePage is the Go scanner's test for a line that may be a page of GET /api/v2/logs with
// include_totals, whose events are counted one by one (logscan/worker.go).
func maybePage(rec []byte) bool {
	if bytes.HasPrefix(rec, []byte(`{"_id":`)) || bytes.HasPrefix(rec, []byte(`{"log_id":`)) {
		return false
	}
	return bytes.Contains(rec, []byte(`"logs"`))
}

// unclosed reports whether a line starts an object or array that it does not close.
func unclosed(line []byte) bool {
	line = trimRecord(line)
	return len(line) > 0 && (line[0] == '{' && line[len(line)-1] != '}' || line[0] == '[' && line[len(line)-1] != ']')
}

func trimRecord(b []byte) []byte {
	const bom = "\xEF\xBB\xBF"
	if strings.HasPrefix(string(b), bom) {
		b = b[len(bom):]
	}
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func (r *Runner) malformed(name string, line int, reason string) {
	r.stats.Malformed++
	r.cur.Malformed++
	if len(r.stats.MalformedExamples) < r.opt.MaxExamples {
		r.stats.MalformedExamples = append(r.stats.MalformedExamples, logscan.Malformed{File: name, Line: line, Reason: reason})
	}
}

// addParquet lets DuckDB read a Parquet file: its one text column holds the records, or each
// row is an event stored as columns.
func (r *Runner) addParquet(ctx context.Context, name string) error {
	fs := logscan.FileStats{Name: name, Layout: "parquet"}
	defer func() { r.stats.Files = append(r.stats.Files, fs) }()
	src := "read_parquet(" + sqlString(name) + ")"
	rows, err := r.conn.QueryContext(ctx, "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM "+src+")")
	if err != nil {
		fs.Error = err.Error()
		return fmt.Errorf("%s: %w", name, err)
	}
	var cols, types []string
	for rows.Next() {
		var c, t string
		if err := rows.Scan(&c, &t); err != nil {
			rows.Close()
			return err
		}
		cols, types = append(cols, c), append(types, t)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		fs.Error = err.Error()
		return fmt.Errorf("%s: %w", name, err)
	}
	record := "CAST(to_json(s) AS VARCHAR)"
	if len(cols) == 1 && (types[0] == "VARCHAR" || types[0] == "JSON") {
		record = "CAST(s." + quoteIdent(cols[0]) + " AS VARCHAR)"
	}
	res, err := r.conn.ExecContext(ctx, fmt.Sprintf("INSERT INTO %s SELECT %s, %d + row_number() OVER () - 1, %s FROM %s AS s",
		recordsTable, sqlString(r.part), r.ord, record, src))
	if err != nil {
		fs.Error = err.Error()
		return fmt.Errorf("%s: %w", name, err)
	}
	n, _ := res.RowsAffected()
	start := r.ord
	r.ord += n
	return r.judgeParquet(ctx, &fs, start)
}

// judgeParquet counts the records a Parquet file added (those from ord start on) as the Go
// scanner counts a JSON file's, row by row, and judges the file the same way: a table of
// something else than Auth0 logs is not an all-clear.
func (r *Runner) judgeParquet(ctx context.Context, fs *logscan.FileStats, start int64) error {
	r.cur, r.recognised, r.cutTail, r.sampled, r.foreign, r.chunkSampled = fs, false, false, 0, 0, 0
	defer func() { r.cur = nil }()
	rows, err := r.conn.QueryContext(ctx, "SELECT raw FROM "+recordsTable+" WHERE part = ? AND ord >= ? ORDER BY ord", r.part, start)
	if err != nil {
		return inputError(fs, logscan.ErrUnreadable, "DuckDB: "+err.Error(), err)
	}
	defer rows.Close()
	row := 0
	for rows.Next() {
		var raw sql.NullString
		if err := rows.Scan(&raw); err != nil {
			return inputError(fs, logscan.ErrUnreadable, "DuckDB: "+err.Error(), err)
		}
		row++
		r.count(fs.Name, trimRecord([]byte(raw.String)), row)
	}
	if err := rows.Err(); err != nil {
		return inputError(fs, logscan.ErrUnreadable, "DuckDB: "+err.Error(), err)
	}
	return r.judge(fs, nil, "", nil)
}

// Separate makes the inputs added from now on a scan of their own, named part: deduplication and
// secret-stale-use act within each scan, as if each were run alone (FinishScans tells the
// findings apart). It lets many small scans share one query.
func (r *Runner) Separate(part string) { r.part = part }

// Reset forgets every record and count, to read other inputs with the same runner.
func (r *Runner) Reset(ctx context.Context) error {
	r.stats, r.ord, r.part = logscan.Stats{}, 0, ""
	_, err := r.conn.ExecContext(ctx, "DELETE FROM "+recordsTable)
	return err
}

// Finish runs the query over every record added and passes each finding to emit, then returns
// the statistics: events and malformed records are counted as the Go scanner counts them (see
// record); a Parquet row is a record.
func (r *Runner) Finish(ctx context.Context, emit func(usecase.Finding) error) (logscan.Stats, error) {
	return r.FinishScans(ctx, func(_ string, f usecase.Finding) error { return emit(f) })
}

// FinishScans is Finish for a runner whose inputs were Separated: emit learns each finding's scan.
func (r *Runner) FinishScans(ctx context.Context, emit func(part string, f usecase.Finding) error) (logscan.Stats, error) {
	if r.query == nil {
		q, err := sqlgen.Render(sqlgen.Options{
			Engine:     sqlgen.DuckDB,
			Source:     sqlgen.Source{Relation: recordsTable, Column: "raw", Order: "ord", Partition: "part"},
			Query:      sqlgen.Findings,
			ExactTime:  true,
			InputOrder: true,
		})
		if err != nil {
			return r.stats, err
		}
		if r.query, err = r.conn.PrepareContext(ctx, q); err != nil {
			return r.stats, fmt.Errorf("preparing the classification in DuckDB: %w", err)
		}
	}
	rows, err := r.query.QueryContext(ctx)
	if err != nil {
		return r.stats, fmt.Errorf("running the classification in DuckDB: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		part, f, err := scanFinding(rows)
		if err != nil {
			return r.stats, err
		}
		r.stats.Relevant++
		if err := emit(part, f); err != nil {
			return r.stats, err
		}
	}
	if err := rows.Err(); err != nil {
		return r.stats, fmt.Errorf("running the classification in DuckDB: %w", err)
	}
	if err := r.counts(ctx); err != nil {
		return r.stats, err
	}
	if err := r.nothingRead(); err != nil {
		return r.stats, err
	}
	if r.stats.MalformedExamples == nil {
		r.stats.MalformedExamples = []logscan.Malformed{}
	}
	return r.stats, nil
}

// nothingRead fails a run whose inputs, all read without error, held no record: "no findings"
// would be an all-clear on no data.
func (r *Runner) nothingRead() error {
	if len(r.stats.Files) == 0 || r.stats.EventsRead > 0 || r.stats.Malformed > 0 {
		return nil
	}
	var names []string
	for _, f := range r.stats.Files {
		if f.Error != "" {
			return nil
		}
		names = append(names, f.Name)
	}
	return &logscan.InputError{Name: strings.Join(names, ", "), Kind: logscan.ErrNoEvents,
		Detail: "no events read: every input was empty, so there is nothing to audit"}
}

// counts fills in the counts besides the findings (a second, cheaper query).
func (r *Runner) counts(ctx context.Context) error {
	q, err := sqlgen.Render(sqlgen.Options{
		Engine: sqlgen.DuckDB,
		Source: sqlgen.Source{Relation: recordsTable, Column: "raw", Order: "ord", Partition: "part"},
		Query:  sqlgen.Counts,
	})
	if err != nil {
		return err
	}
	var secretChanges int64
	if err := r.conn.QueryRowContext(ctx, q).Scan(&r.stats.Duplicates, &r.stats.FailedExchanges, &secretChanges); err != nil {
		return fmt.Errorf("counting in DuckDB: %w", err)
	}
	r.stats.SecretChanges = int(secretChanges)
	return nil
}

// scanFinding reads one row of the Findings query (with its partition and date_ns).
func scanFinding(rows *sql.Rows) (string, usecase.Finding, error) {
	var part string
	var logID, clientID, clientName, userID, method, path, reason sql.NullString
	var useCase, status, confidence string
	var date sql.NullTime
	var statusCode sql.NullInt64
	var ns any
	if err := rows.Scan(&part, &logID, &date, &clientID, &clientName, &userID, &useCase, &status, &confidence,
		&method, &path, &statusCode, &reason, &ns); err != nil {
		return "", usecase.Finding{}, fmt.Errorf("reading DuckDB's result: %w", err)
	}
	id := usecase.ID(useCase)
	if !id.Valid() || usecase.Status(status) != id.Status() {
		return "", usecase.Finding{}, fmt.Errorf("DuckDB returned use case %q with status %q, not a row of the table", useCase, status)
	}
	f := usecase.New(id, usecase.FromLogs, usecase.Confidence(confidence))
	f.LogID, f.ClientID, f.ClientName, f.UserID = logID.String, clientID.String, clientName.String, userID.String
	f.Method, f.Path, f.Detail = method.String, path.String, reason.String
	f.StatusCode = int(statusCode.Int64)
	if n, ok := ns.(*big.Int); ok && n != nil {
		sec, nsec := new(big.Int).DivMod(n, big.NewInt(1e9), new(big.Int))
		f.Time = time.Unix(sec.Int64(), nsec.Int64()).UTC()
	}
	return part, f, nil
}

func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
