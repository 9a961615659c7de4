package logscan

import (
	"cmp"
	"fmt"
	"slices"
)

// Malformed locates a record that could not be read as an event. It never carries the record's
// content: a broken line may well hold a token.
type Malformed struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// FileStats describes one input.
type FileStats struct {
	Name       string `json:"name"`
	Layout     string `json:"layout"`
	Compressed bool   `json:"gzip,omitempty"`
	Events     int64  `json:"events"`
	// NotValidated counts the events counted from their structure without being parsed
	// (irrelevant by type; see Stats.NotValidated).
	NotValidated int64 `json:"not_validated"`
	Malformed    int64 `json:"malformed"`
	// Error is set when the input was not what it claims to be (not an Auth0 log export) or
	// could not be read to its end (a truncated gzip, JSON array or last line, a read error);
	// the events read from it were kept. It is the Detail of the InputError the scan returned.
	Error string `json:"error,omitempty"`
	// Warning is set for an input that held no record at all (an empty file, an empty
	// array): not an error, since a quiet day's export is empty, but worth saying.
	Warning string `json:"warning,omitempty"`
}

// Stats summarises a scan.
type Stats struct {
	Files []FileStats `json:"files"`
	// EventsRead counts every event decoded, duplicates included.
	EventsRead int64 `json:"events_read"`
	// NotValidated counts the events among EventsRead that were counted from their structure
	// alone: the scanner tells most irrelevant events (logins) by their type without parsing
	// them, after checking that the line is a closed object whose quotes pair up. A damaged
	// line that passes that check is counted as an event, not as malformed. Options.Strict
	// parses every record, and then this is 0.
	NotValidated int64 `json:"not_validated"`
	// Relevant counts the distinct events that produced a finding (before report filters).
	Relevant int64 `json:"relevant"`
	// Duplicates counts relevant events seen again under a log_id already seen (only events
	// that can produce a finding are deduplicated; see dedupe.go).
	Duplicates int64 `json:"duplicates"`
	// FailedExchanges counts distinct feccft events, each a candidate secret-stale-use.
	FailedExchanges int64 `json:"failed_exchanges"`
	// SecretChanges counts the clients whose secret a successful rotation or set changed.
	SecretChanges     int         `json:"secret_changes"`
	Malformed         int64       `json:"malformed"`
	MalformedExamples []Malformed `json:"malformed_examples"`
}

// examples keeps the first max malformed examples by file order, line and reason, whatever
// order the chunks are merged in.
type examples struct {
	max   int
	files map[string]int // file name -> order scanned
	list  []Malformed
}

func (e *examples) add(ms []Malformed) {
	e.list = append(e.list, ms...)
	if len(e.list) > 2*e.max {
		e.trim()
	}
}

func (e *examples) trim() {
	slices.SortStableFunc(e.list, func(a, b Malformed) int {
		if c := cmp.Compare(e.files[a.File], e.files[b.File]); c != 0 {
			return c
		}
		// Several problems can share a line (a long line of JSON values) and reach the merge
		// in any order: the reason orders them, so that a report does not change between runs.
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Reason, b.Reason))
	})
	if len(e.list) > e.max {
		e.list = e.list[:e.max]
	}
}

// NotWhole says why a scan with these stats does not cover every event of its inputs: an
// input not read to its end or not logs, and records that could not be read (a malformed
// line may be the one call that shows an app still sends an ID token). Empty when the inputs
// were read whole.
func (st Stats) NotWhole() []string {
	var why []string
	var perFile int64
	for _, f := range st.Files {
		if f.Error != "" {
			why = append(why, f.Name+": "+f.Error)
		}
		if f.Malformed > 0 {
			why = append(why, fmt.Sprintf("%s: %d malformed record(s) could not be read", f.Name, f.Malformed))
			perFile += f.Malformed
		}
	}
	if st.Malformed > perFile {
		why = append(why, fmt.Sprintf("%d malformed record(s) could not be read", st.Malformed-perFile))
	}
	return why
}
