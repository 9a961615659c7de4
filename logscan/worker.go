package logscan

import (
	"bytes"

	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/logscan/classify"
	"github.com/auth0-migrate/auth0audit/logscan/decode"
)

var (
	rawKey   = []byte(`"_raw"`)
	logIDKey = []byte(`"log_id"`)
	bom      = []byte{0xEF, 0xBB, 0xBF}
)

// chunkResult is what a worker found in one chunk. Only relevant events are kept, so a result
// is small whatever the chunk held.
type chunkResult struct {
	seq    int   // the chunk's place in its input
	at     int64 // content offset the chunk starts at
	bytes  int64
	events int64
	// notValidated counts the events counted from their structure alone, without parsing
	// them (see worker.object).
	notValidated int64
	// recognised is set when some event of the chunk is an Auth0 log event (recognise.go).
	recognised bool
	// sampled counts the chunk's first events (at most eventSample) checked for being Auth0
	// log events, foreign those of them that are not (another product's JSON with a "type"
	// passes the fast path as an irrelevant event); foreignLooks describes the first of those.
	sampled, foreign int64
	foreignLooks     string
	// cutTail is set when the chunk ends the input with a record that is neither terminated
	// nor closed: the input was cut (or is still being written).
	cutTail bool
	// newlines is the number of file lines a line chunk spans (decode.Chunk.Newlines): its
	// examples count lines from its start. Value chunks carry file lines and span none.
	newlines int
	// readErr is set, and nothing else, when the chunk could not be read.
	readErr   error
	malformed int64
	examples  []Malformed // the first few by line
	results   []classify.Result
}

// worker classifies the records of chunks. It holds no state between chunks, so chunks can be
// processed in any order and by any number of workers.
type worker struct {
	file        string
	strict      bool
	maxExamples int
	out         *chunkResult
	ex          examples
	// parseAll is set in strict mode: every record is parsed.
	parseAll bool
}

func (w *worker) process(c *decode.Chunk) chunkResult {
	res := chunkResult{bytes: int64(len(c.Data))}
	w.out = &res
	w.ex = examples{max: w.maxExamples}
	w.parseAll = w.strict
	for _, p := range c.Problems {
		w.malformed(p.Line, p.Reason)
	}
	switch c.Layout {
	case decode.Lines:
		data, line := c.Data, c.FirstLine
		for len(data) > 0 {
			i := bytes.IndexByte(data, '\n')
			if i < 0 {
				// Only the input's last line can lack a line end.
				res.cutTail = unclosed(data)
				w.record(data, line)
				break
			}
			w.record(data[:i], line)
			data = data[i+1:]
			line++
		}
		res.newlines = c.Newlines(line - c.FirstLine)
	case decode.Values:
		for _, r := range c.Records {
			w.record(c.Data[r.Start:r.End], r.Line)
		}
	}
	w.ex.trim()
	res.examples = w.ex.list
	w.out = nil
	return res
}

// unclosed reports whether a line starts an object or array that it does not close.
func unclosed(line []byte) bool {
	line = trimSpace(bytes.TrimPrefix(line, bom))
	return len(line) > 0 && (line[0] == '{' && line[len(line)-1] != '}' || line[0] == '[' && line[len(line)-1] != ']')
}

func (w *worker) malformed(line int, reason string) {
	w.out.malformed++
	w.ex.add([]Malformed{{File: w.file, Line: line, Reason: reason}})
}

// record handles one line or value. Blank lines are not records.
func (w *worker) record(rec []byte, line int) {
	rec = bytes.TrimPrefix(rec, bom)
	rec = trimSpace(rec)
	if len(rec) == 0 {
		return
	}
	switch rec[0] {
	case '{':
		w.object(rec, line)
	case '[':
		// A JSONARRAY batch on one line of an NDJSON file.
		if !gjson.ValidBytes(rec) {
			w.malformed(line, "not valid JSON")
			return
		}
		w.array(rec, line)
	default:
		if gjson.ValidBytes(rec) {
			w.malformed(line, "JSON value is not an object")
		} else {
			w.malformed(line, "not JSON")
		}
	}
}

// array handles the elements of a valid JSON array found on one line (or in one value).
func (w *worker) array(rec []byte, line int) {
	gjson.ParseBytes(rec).ForEach(func(_, v gjson.Result) bool {
		if !v.IsObject() {
			w.malformed(line, "array element is not a JSON object")
			return true
		}
		w.parsed([]byte(v.Raw), line)
		return true
	})
}

// object handles one JSON object: the hot path. Irrelevant events (most of them) are told
// apart by classify.Prefilter without parsing or allocating, after a structural check that
// costs a few percent of the scan: the line is an object closed on the same line, and its
// quotes pair up (a line cut inside a string and joined to the next one does not). Parsing
// every line would cost four times the whole scan; such events are counted in notValidated,
// so the summary says how many were not parsed. A line that fails the check is parsed, and
// counted as malformed if it does not parse. Candidates are parsed, unwrapped and classified.
// With parseAll set every object takes the full path, so that a damaged or keyless irrelevant
// line is reported too.
func (w *worker) object(rec []byte, line int) {
	if rec[len(rec)-1] != '}' {
		w.malformed(line, "not valid JSON (object not closed)")
		return
	}
	if !w.parseAll && wellFormed(rec) && !maybePage(rec) {
		candidate, typed := classify.Prefilter(rec)
		if !candidate && typed {
			w.unparsed(rec)
			return
		}
		// Without a "type" key written plainly, a line is an envelope or not an event, unless
		// the key is escaped ("ty\u0070e"): a line with escapes takes the full path.
		if !typed && !bytes.Contains(rec, rawKey) && bytes.IndexByte(rec, '\\') < 0 {
			if bytes.Contains(rec, logIDKey) {
				w.unparsed(rec)
			} else {
				w.malformed(line, "JSON object without log_id or type")
			}
			return
		}
	}
	if !gjson.ValidBytes(rec) {
		w.malformed(line, "not valid JSON")
		return
	}
	w.parsed(rec, line)
}

// wellFormed is the structural check of the fast path: an even number of quotes. One
// vectorised pass over the line.
func wellFormed(rec []byte) bool {
	return bytes.Count(rec, quote)&1 == 0
}

var quote = []byte{'"'}

var (
	idPrefix    = []byte(`{"_id":`)
	logIDPrefix = []byte(`{"log_id":`)
	logsKey     = []byte(`"logs"`)
)

// maybePage reports whether a line may be a page saved from GET /api/v2/logs with
// include_totals ({"start","limit","length","total","logs":[...]}): its events must be counted
// one by one, so it is parsed. An event as Auth0 writes it starts with _id or log_id and is
// never one; other lines are searched.
func maybePage(rec []byte) bool {
	if bytes.HasPrefix(rec, idPrefix) || bytes.HasPrefix(rec, logIDPrefix) {
		return false
	}
	return bytes.Contains(rec, logsKey)
}

// eventSample is how many events of each chunk are checked for being Auth0 log events: a file
// of a few Auth0 events among thousands of another product's is not an Auth0 log export. A
// few per chunk of thousands of lines: the check parses the events whose type the fast path
// cannot read (sorted keys, envelopes), the costly case.
const eventSample = 16

// unparsed counts an event the fast path decided on without parsing it.
func (w *worker) unparsed(rec []byte) {
	w.out.events++
	w.out.notValidated++
	if !w.out.recognised || w.out.sampled < eventSample {
		// Most lines say their type among their first keys; the others (sorted keys,
		// envelopes, new codes) are parsed to find out.
		v, ok := classify.LeadingType(rec)
		w.sample(rec, ok && knownType(v) || recogniseRecord(rec))
	}
}

// sample records whether an event is an Auth0 log event: the chunk has one, and, for the
// chunk's first eventSample events, how many are not.
func (w *worker) sample(rec []byte, auth0 bool) {
	w.out.recognised = w.out.recognised || auth0
	if w.out.sampled >= eventSample {
		return
	}
	w.out.sampled++
	if !auth0 {
		w.out.foreign++
		if w.out.foreignLooks == "" {
			w.out.foreignLooks = decode.Describe(rec)
		}
	}
}

// parsed handles an object known to be valid JSON: unwrapped and classified.
func (w *worker) parsed(rec []byte, line int) {
	u := decode.Unwrapped{Event: rec}
	if !classify.Plain(rec) {
		var reason string
		if u, reason = decode.Unwrap(rec); reason != "" {
			w.malformed(line, reason)
			return
		}
		if u.Batch != nil {
			w.array(u.Batch, line)
			return
		}
	}
	w.out.events++
	if r := classify.Event(u.Event, u.LogID); r.Kind != classify.Irrelevant {
		w.out.results = append(w.out.results, r)
		w.sample(rec, true)
	} else if !w.out.recognised || w.out.sampled < eventSample {
		w.sample(rec, isAuth0Event(u.Event, u.LogID))
	}
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
