package logscan

import (
	"bytes"
	"errors"

	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/logscan/classify"
	"github.com/auth0-migrate/auth0audit/logscan/decode"
)

// A batch is a small input held in memory whole: the body of one log-stream delivery (a
// Custom Webhook POST in JSONLINES, JSONARRAY or JSONOBJECT form) or one page of GET
// /api/v2/logs. WalkBatch reads it with the decoder and the classifier a file scan uses, so a
// receiver that classifies events as they arrive finds what `auth0audit logs` finds over the
// same events, and hands each event over one at a time with its log_id: a receiver
// deduplicates every event, where a file scan only needs to deduplicate the relevant ones.

// BatchEvent is one event of a batch.
type BatchEvent struct {
	// LogID is the event's log_id, or its envelope's when the event carries none.
	LogID string
	// Line is the line of the body the event's record starts on (1-based).
	Line int
	// Result is the event's classification when BatchOptions.Classify is set (Kind is
	// classify.Irrelevant for most events).
	Result classify.Result
	// Event is the event unwrapped from its envelope, and Record the record as it was written
	// (the same bytes for an event written plain). Both are valid during the callback only.
	Event, Record []byte
	// OwnLogID says that LogID is the event's own (not its envelope's): Event alone then
	// carries everything a scan of it needs.
	OwnLogID bool
}

// BatchOptions tune a batch walk.
type BatchOptions struct {
	// Name is the batch's name in Malformed records ("request body", "spool frame 12").
	Name string
	// MaxRecord bounds one record; 0 means decode.DefaultOptions().MaxRecord.
	MaxRecord int
	// Strict validates every record as JSON (a receiver must not acknowledge a damaged event);
	// without it only the records that may be relevant are validated, as in a file scan.
	Strict bool
	// Classify classifies the events that may be relevant (the others are told apart without
	// parsing them, as in a file scan).
	Classify bool
	// MaxExamples bounds the malformed records reported by location; 0 means 20.
	MaxExamples int
}

// BatchStats says what a batch held.
type BatchStats struct {
	Events    int
	Malformed int
	// Examples locates the first malformed records, by line.
	Examples []Malformed
}

// errStopWalk ends a walk early when the callback failed.
var errStopWalk = errors.New("batch walk stopped")

// WalkBatch calls fn for every event of body, in order. A record that is not an event is
// counted as malformed (and never passed to fn); an error from fn stops the walk and is
// returned.
func WalkBatch(body []byte, opt BatchOptions, fn func(BatchEvent) error) (BatchStats, error) {
	if opt.MaxExamples <= 0 {
		opt.MaxExamples = 20
	}
	def := decode.DefaultOptions()
	if opt.MaxRecord <= 0 {
		opt.MaxRecord = def.MaxRecord
	}
	w := &batchWalker{opt: opt, fn: fn, ex: examples{max: opt.MaxExamples, files: map[string]int{opt.Name: 0}}}
	if decode.ReadableInRegions(body) {
		// Lines (a JSONLINES delivery, an API page as NDJSON): walked in place, no copy.
		w.lines(body, 0)
		w.ex.trim()
		w.stats.Examples = w.ex.list
		return w.stats, w.err
	}
	content, _, err := decode.Open(bytes.NewReader(body))
	if err != nil {
		return BatchStats{}, err
	}
	// One chunk holds the whole batch, so that line numbers need no shifting.
	sp := decode.NewSplitter(content, decode.Options{ChunkSize: max(len(body)+1, 4<<10), MaxRecord: opt.MaxRecord})
	lineBase := 0 // file lines before the current line chunk
	for {
		c, err := sp.Next()
		if c == nil {
			w.ex.trim()
			w.stats.Examples = w.ex.list
			if w.err != nil {
				return w.stats, w.err
			}
			return w.stats, err
		}
		for _, p := range c.Problems {
			line := p.Line
			if c.Layout == decode.Lines {
				line += lineBase
			}
			w.malformed(line, p.Reason)
		}
		switch c.Layout {
		case decode.Lines:
			w.lines(c.Data, lineBase+c.FirstLine-1)
			lineBase += c.Newlines(bytes.Count(c.Data, []byte{'\n'}))
		default:
			for _, r := range c.Records {
				if w.err != nil {
					break
				}
				w.record(c.Data[r.Start:r.End], r.Line)
			}
		}
		if w.err != nil {
			w.ex.trim()
			w.stats.Examples = w.ex.list
			return w.stats, w.err
		}
	}
}

// batchWalker follows the record rules of the file scan's worker (worker.go): blank lines are
// not records, an array on one line is a batch of records, an object is unwrapped to its event.
type batchWalker struct {
	opt   BatchOptions
	fn    func(BatchEvent) error
	stats BatchStats
	ex    examples
	err   error
}

// lines walks data's lines as records; the first is line base+1.
func (w *batchWalker) lines(data []byte, base int) {
	line := base + 1
	for len(data) > 0 && w.err == nil {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			w.record(data, line)
			return
		}
		w.record(data[:i], line)
		data = data[i+1:]
		line++
	}
}

func (w *batchWalker) malformed(line int, reason string) {
	w.stats.Malformed++
	w.ex.add([]Malformed{{File: w.opt.Name, Line: line, Reason: reason}})
}

func (w *batchWalker) record(rec []byte, line int) {
	rec = trimSpace(bytes.TrimPrefix(rec, bom))
	if len(rec) == 0 {
		return
	}
	switch rec[0] {
	case '{':
		w.object(rec, line)
	case '[':
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

func (w *batchWalker) array(rec []byte, line int) {
	gjson.ParseBytes(rec).ForEach(func(_, v gjson.Result) bool {
		if !v.IsObject() {
			w.malformed(line, "array element is not a JSON object")
			return true
		}
		w.object([]byte(v.Raw), line)
		return w.err == nil
	})
}

func (w *batchWalker) object(rec []byte, line int) {
	if rec[len(rec)-1] != '}' {
		w.malformed(line, "not valid JSON (object not closed)")
		return
	}
	if event, id, ok := streamEnvelope(rec); ok {
		// A log-stream envelope, {"log_id":"…","data":{…}}: the most common record of a
		// delivery, unwrapped without parsing it (decode.Unwrap would find the same event).
		candidate, typed := classify.Prefilter(event)
		fast := !w.opt.Strict && !candidate && typed
		if !fast && !gjson.ValidBytes(event) {
			w.malformed(line, "not valid JSON")
			return
		}
		w.event(decode.Unwrapped{Event: event, LogID: id}, rec, line, fast)
		return
	}
	candidate, typed := classify.Prefilter(rec)
	// The file scan's fast path: an irrelevant event is told apart without parsing it.
	fast := !w.opt.Strict && !candidate && typed
	if !fast && !gjson.ValidBytes(rec) {
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
	w.event(u, rec, line, fast)
}

// event hands over one event; fast says it is known to be irrelevant.
func (w *batchWalker) event(u decode.Unwrapped, rec []byte, line int, fast bool) {
	ev := BatchEvent{LogID: u.LogID, Line: line, Event: u.Event, Record: rec}
	if id := gjson.GetBytes(u.Event, "log_id"); id.Type == gjson.String && id.Str != "" {
		ev.LogID, ev.OwnLogID = id.Str, true // the event's own log_id wins, as in classify.Event
	}
	if w.opt.Classify && !fast {
		ev.Result = classify.Event(u.Event, u.LogID)
	}
	w.emit(ev)
}

var envelopeStart, envelopeData = []byte(`{"log_id":"`), []byte(`","data":{`)

// streamEnvelope recognises a log-stream envelope written as Auth0 writes it,
// {"log_id":"ID","data":{EVENT}} with no other key and no spaces, whose event is a plain
// event (its type among its first keys, so decode.Unwrap would peel nothing more). The event
// is the bytes between the envelope's braces: when they are valid JSON, so is the record.
func streamEnvelope(rec []byte) (event []byte, logID string, ok bool) {
	if !bytes.HasPrefix(rec, envelopeStart) {
		return nil, "", false
	}
	rest := rec[len(envelopeStart):]
	end := bytes.IndexByte(rest, '"')
	if end < 0 || bytes.IndexByte(rest[:end], '\\') >= 0 || !bytes.HasPrefix(rest[end:], envelopeData) {
		return nil, "", false
	}
	event = rest[end+len(envelopeData)-1 : len(rest)-1] // from the data's "{" to before the record's "}"
	if len(event) < 2 || event[len(event)-1] != '}' || !classify.Plain(event) {
		return nil, "", false
	}
	return event, string(rest[:end]), true
}

func (w *batchWalker) emit(ev BatchEvent) {
	w.stats.Events++
	if err := w.fn(ev); err != nil {
		w.err = err
	}
}
