package sqlgen

import (
	"bytes"

	"github.com/auth0-migrate/auth0audit/logscan/rules"
)

// MayHoldRelevantEvent is the query's first filter (the WHERE of its candidates) in Go: true
// unless the record's text shows it holds no relevant event. A runner that loads records into an
// engine may leave the others out: the query would drop them unread.
//
// Both are written from the rules: the name of a relevant event type, and for a call every
// literal segment of some call's path, or a percent-encoded path; a \u escape may hide any of
// them, so a record with one always passes.
func MayHoldRelevantEvent(rec []byte) bool {
	if bytes.Contains(rec, []byte(`\u`)) {
		return true
	}
	call := false
	for _, t := range rules.EventTypes {
		if !bytes.Contains(rec, []byte(t.Name)) {
			continue
		}
		if t.Handling != rules.HandleCall {
			return true
		}
		call = true
	}
	if !call {
		return false
	}
	if bytes.IndexByte(rec, '%') >= 0 {
		return true
	}
	for _, c := range rules.Calls {
		all := true
		for _, s := range c.Path {
			if s != rules.AnySegment && !bytes.Contains(rec, []byte(s)) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}
