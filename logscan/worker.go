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
	events    int64
	malformed int64
	examples  []Malformed // the first few, in line order
	results   []classify.Result
}

// worker classifies the records of chunks. It holds no state between chunks, so chunks can be
// processed in any order and by any number of workers.
type worker struct {
	file        string
	strict      bool
	maxExamples int
	out         *chunkResult
}

func (w *worker) process(c *decode.Chunk) chunkResult {
	var res chunkResult
	w.out = &res
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
	case decode.Values:
		for _, r := range c.Records {
			w.record(c.Data[r.Start:r.End], r.Line)
		}
	}
	w.out = nil
	return res
}

func (w *worker) malformed(line int, reason string) {
	w.out.malformed++
	if len(w.out.examples) < w.maxExamples {
		w.out.examples = append(w.out.examples, Malformed{File: w.file, Line: line, Reason: reason})
	}
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
		gjson.ParseBytes(rec).ForEach(func(_, v gjson.Result) bool {
			if !v.IsObject() {
				w.malformed(line, "array element is not a JSON object")
				return true
			}
			w.object([]byte(v.Raw), line)
			return true
		})
	default:
		if gjson.ValidBytes(rec) {
			w.malformed(line, "JSON value is not an object")
		} else {
			w.malformed(line, "not JSON")
		}
	}
}

// object handles one JSON object: the hot path. Irrelevant events (most of them) are told
// apart by classify.Prefilter without parsing or allocating; only candidates are validated,
// unwrapped and classified. With strict set every object is validated first, at a cost in
// speed, so that a damaged irrelevant line is reported too.
func (w *worker) object(rec []byte, line int) {
	if rec[len(rec)-1] != '}' {
		w.malformed(line, "not valid JSON (object not closed)")
		return
	}
	if w.strict && !gjson.ValidBytes(rec) {
		w.malformed(line, "not valid JSON")
		return
	}
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
	if !w.strict && !gjson.ValidBytes(rec) {
		w.malformed(line, "not valid JSON")
		return
	}
	u, reason := decode.Unwrap(rec)
	if reason != "" {
		w.malformed(line, reason)
		return
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
