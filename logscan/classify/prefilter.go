package classify

import (
	"bytes"

	"github.com/auth0-migrate/auth0audit/logscan/rules"
)

var typeKey = []byte(`"type"`)

// Prefilter looks at a raw event line without parsing it and says whether it may be relevant,
// so that the scanner parses only those. Most events are logins, so this is the hot path: it
// allocates nothing and touches the line with bytes.Index, which is vectorised.
//
// It reads the value of the `"type"` key. When the first such key comes before any nested
// object or array (Auth0 writes type as the fourth key, after _id, log_id and date), it is the
// event's own type and decides alone; otherwise (envelopes, re-sorted keys) every "type" in the
// line is considered, and a nested one only costs a parse. A call (sapi, fapi) is a candidate
// only if it mentions an identities or clients path (see callMarkers).
//
// typed reports whether the line has a "type" key at all. Every raw Auth0 event has one, so a
// line without it is an envelope that hides its event (Splunk's _raw escapes the quotes) or not
// an event; the caller looks closer at those.
func Prefilter(line []byte) (candidate, typed bool) {
	if v, ok := leadingType(line); ok {
		return relevantType(v, line), true
	}
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
		// An escaped value may spell a relevant type: a parse decides.
		if relevantType(v, line) || bytes.IndexByte(v, '\\') >= 0 {
			return true, true
		}
		if topLevel {
			return false, true
		}
	}
}

// Plain reports whether line is an event as the API writes it, with its type among its first
// keys, rather than an envelope: such a line needs no unwrapping.
func Plain(line []byte) bool {
	_, ok := leadingType(line)
	return ok
}

// LeadingType returns the value of "type" when it comes among the first keys of a compact
// event line, as Auth0 writes them: the value Prefilter decides on without parsing.
func LeadingType(line []byte) (value []byte, ok bool) { return leadingType(line) }

// maxLeadingKeys bounds the walk of leadingType: Auth0 writes type fourth.
const maxLeadingKeys = 6

// leadingType walks the first keys of a compact object whose values are strings, as Auth0
// writes events ({"_id":"..","log_id":"..","date":"..","type":"s",...}), and returns the value
// of "type" if it comes among them. Anything else (spaces, nesting, escapes, other values)
// returns !ok and the caller searches the slow way. A few short IndexByte calls instead of a
// search through the quotes of the whole prefix.
func leadingType(line []byte) (value []byte, ok bool) {
	if len(line) < 2 || line[0] != '{' || line[1] != '"' {
		return nil, false
	}
	i := 1
	for range maxLeadingKeys {
		// line[i] is the opening quote of a key.
		k := bytes.IndexByte(line[i+1:], '"')
		if k < 0 {
			return nil, false
		}
		key := line[i+1 : i+1+k]
		i += k + 2
		if i+1 >= len(line) || line[i] != ':' || line[i+1] != '"' {
			return nil, false
		}
		v := bytes.IndexByte(line[i+2:], '"')
		if v < 0 {
			return nil, false
		}
		val := line[i+2 : i+2+v]
		// A quote preceded by a backslash may be escaped: leave such lines to the slow path.
		if endsInBackslash(key) || endsInBackslash(val) {
			return nil, false
		}
		if string(key) == "type" {
			// An escaped type may spell a relevant one ("dep\u006eote"): the slow path parses it.
			// Types are a few bytes: a loop costs less than a call.
			for _, c := range val {
				if c == '\\' {
					return nil, false
				}
			}
			return val, true
		}
		i += v + 3
		if i >= len(line) || line[i-1] != '"' || line[i] != ',' {
			return nil, false
		}
		i++
		if i >= len(line) || line[i] != '"' {
			return nil, false
		}
	}
	return nil, false
}

func endsInBackslash(b []byte) bool { return len(b) > 0 && b[len(b)-1] == '\\' }

// nested reports whether a line prefix opens an object or array after its first byte.
func nested(prefix []byte) bool {
	if len(prefix) <= 1 {
		return false
	}
	// Two vectorised byte searches beat IndexAny's byte-at-a-time loop.
	return bytes.IndexByte(prefix[1:], '{') >= 0 || bytes.IndexByte(prefix[1:], '[') >= 0
}

func relevantType(v, line []byte) bool {
	switch string(v) {
	case rules.TypeSuccessAPI, rules.TypeFailedAPI:
		return mayBeRelevantCall(line)
	case rules.TypeDeprecation, rules.TypeFailedExchange, rules.TypeSecretRead:
		return true
	}
	return false
}

// Markers of the only calls the rules look at: POST .../identities, DELETE
// .../identities/{provider}/{id}, .../clients/{id}[/rotate-secret]. Paths are split on literal
// slashes before decoding, so these segments follow a literal "/"; a segment written
// percent-encoded starts with "/%". Needles that start with "/" are found at memchr speed
// (a JSON line is full of quotes, which makes a search for `"path"` ten times slower). JSON may
// escape "/" as "\/" (PHP does), so those forms count too, and any \u escape may hide a
// path's characters.
var callMarkers = [][]byte{[]byte("/identities"), []byte("/clients/"), []byte("/%"),
	[]byte(`\/identities`), []byte(`\/clients\/`), []byte(`\/%`), []byte(`\u`)}

// mayBeRelevantCall reports whether a sapi/fapi line may be a call the rules look at.
func mayBeRelevantCall(line []byte) bool {
	for _, m := range callMarkers {
		if bytes.Contains(line, m) {
			return true
		}
	}
	return false
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
