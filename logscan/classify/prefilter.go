package classify

import (
	"bytes"
	"net/url"
)

var (
	typeKey = []byte(`"type"`)
	pathKey = []byte(`"path"`)
)

// Prefilter looks at a raw event line without parsing it and says whether it may be relevant,
// so that the scanner parses only those. Most events are logins, so this is the hot path: it
// allocates nothing and touches the line with bytes.Index, which is vectorised.
//
// It reads the value of the `"type"` key. When the first such key comes before any nested
// object or array (Auth0 writes type as the fourth key, after _id, log_id and date), it is the
// event's own type and decides alone; otherwise (envelopes, re-sorted keys) every "type" in the
// line is considered, and a nested one only costs a parse. A call (sapi, fapi) is a candidate
// only if some "path" in it names identities or clients, the only calls the rules look at.
//
// typed reports whether the line has a "type" key at all. Every raw Auth0 event has one, so a
// line without it is an envelope that hides its event (Splunk's _raw escapes the quotes) or not
// an event; the caller looks closer at those.
func Prefilter(line []byte) (candidate, typed bool) {
	rest := line
	first := true
	for {
		i := bytes.Index(rest, typeKey)
		if i < 0 {
			return false, typed
		}
		topLevel := first && !nested(line[:len(line)-len(rest)+i])
		first = false
		typed = true
		rest = rest[i+len(typeKey):]
		v, ok := stringValue(rest)
		if !ok {
			continue
		}
		if relevantType(v, line) {
			return true, true
		}
		if topLevel {
			return false, true
		}
	}
}

// nested reports whether a line prefix opens an object or array after its first byte.
func nested(prefix []byte) bool {
	return len(prefix) > 1 && bytes.IndexAny(prefix[1:], "{[") >= 0
}

func relevantType(v, line []byte) bool {
	switch string(v) {
	case typeSuccessAPI, typeFailedAPI:
		return mayBeRelevantCall(line)
	case typeDeprecation, typeFailedCCX, typeSecretRead:
		return true
	}
	return false
}

// mayBeRelevantCall reports whether some "path" value in line mentions identities or clients
// (percent-decoded if need be).
func mayBeRelevantCall(line []byte) bool {
	rest := line
	for {
		i := bytes.Index(rest, pathKey)
		if i < 0 {
			return false
		}
		rest = rest[i+len(pathKey):]
		v, ok := stringValue(rest)
		if !ok {
			continue
		}
		if mentionsTarget(v) {
			return true
		}
		if bytes.IndexByte(v, '%') >= 0 {
			if d, err := url.PathUnescape(string(v)); err == nil && mentionsTarget([]byte(d)) {
				return true
			}
		}
	}
}

func mentionsTarget(path []byte) bool {
	return bytes.Contains(path, []byte("identities")) || bytes.Contains(path, []byte("clients"))
}

// stringValue reads `  :  "value"` at the start of b and returns value (without unescaping:
// the values compared have no escapes; a value with escapes just does not match).
func stringValue(b []byte) ([]byte, bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != ':' {
		return nil, false
	}
	i = skipSpace(b, i+1)
	if i >= len(b) || b[i] != '"' {
		return nil, false
	}
	end := bytes.IndexByte(b[i+1:], '"')
	if end < 0 {
		return nil, false
	}
	return b[i+1 : i+1+end], true
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}
