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
}

func (w *worker) process(c *decode.Chunk) chunkResult {
	res := chunkResult{bytes: int64(len(c.Data))}
	w.out = &res
	w.ex = examples{max: w.maxExamples}
	for _, p := range c.Problems {
		w.malformed(p.Line, p.Reason)
	}
	switch c.Layout {
	case decode.Lines:
		data, line := c.Data, c.FirstLine
		for len(data) > 0 {
			i := bytes.IndexByte(data, '\n')
			if i < 0 {
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
		w.object([]byte(v.Raw), line)
		return true
	})
}

// object handles one JSON object: the hot path. Irrelevant events (most of them) are told
// apart by classify.Prefilter without parsing or allocating, after a structural check only;
// candidates are validated, unwrapped and classified. With strict set every object takes the
// full path, at a cost in speed, so that a damaged or keyless irrelevant line is reported too.
func (w *worker) object(rec []byte, line int) {
	if rec[len(rec)-1] != '}' {
		w.malformed(line, "not valid JSON (object not closed)")
		return
	}
	if !w.strict {
		candidate, typed := classify.Prefilter(rec)
		if !candidate && typed {
			w.out.events++
			return
		}
		if !typed && !bytes.Contains(rec, rawKey) {
			if bytes.Contains(rec, logIDKey) {
				w.out.events++
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
