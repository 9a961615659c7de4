package watch

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"sort"
	"strconv"

	"github.com/tidwall/gjson"
)

// A JSONOBJECT delivery may hold its batch as one object keyed by index, {"0":{event},
// "1":{event},...} (Auth0 does not document the shape; this is how an array serialised as an
// object reads). Read as it is, such a body is one record that is not a log event, and every
// delivery would be refused (lost at Auth0's side after three attempts). indexedObjects turns
// it into NDJSON of its values in index order, which checkDelivery then reads like any
// delivery. Several such objects one after another (one per line, or concatenated) are read
// in turn.

// maxIndexKey bounds the index keys taken as such (a batch is at most a few thousand events).
const maxIndexKey = 1 << 20

// indexedObjects returns body as NDJSON of the values of its index-keyed objects, and true;
// or false when body is not made of such objects only (it is then read as it is).
func indexedObjects(body []byte) ([]byte, bool) {
	if !looksIndexed(body) {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var out bytes.Buffer
	out.Grow(len(body))
	for {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil || !appendIndexed(&out, raw) {
			return nil, false
		}
	}
	return out.Bytes(), out.Len() > 0
}

// looksIndexed is the fast path: the body starts with an object whose first key is a number.
func looksIndexed(body []byte) bool {
	b := bytes.TrimLeft(body, " \t\r\n")
	if len(b) == 0 || b[0] != '{' {
		return false
	}
	b = bytes.TrimLeft(b[1:], " \t\r\n")
	if len(b) < 3 || b[0] != '"' {
		return false
	}
	digits := 0
	for digits+1 < len(b) && b[digits+1] >= '0' && b[digits+1] <= '9' {
		digits++
	}
	return digits > 0 && digits+1 < len(b) && b[digits+1] == '"'
}

// appendIndexed appends the values of one object keyed "0", "1", ... (each an object) to out,
// one compact line each, in index order; false when obj is not such an object.
func appendIndexed(out *bytes.Buffer, obj json.RawMessage) bool {
	o := gjson.ParseBytes(obj)
	if !o.IsObject() {
		return false
	}
	type entry struct {
		index int
		value string
	}
	var entries []entry
	ok := true
	o.ForEach(func(k, v gjson.Result) bool {
		n, err := strconv.Atoi(k.Str)
		if err != nil || n < 0 || n > maxIndexKey || strconv.Itoa(n) != k.Str || !v.IsObject() {
			ok = false
			return false
		}
		entries = append(entries, entry{n, v.Raw})
		return true
	})
	if !ok || len(entries) == 0 {
		return false
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].index < entries[j].index })
	for _, e := range entries {
		if err := json.Compact(out, []byte(e.value)); err != nil {
			return false
		}
		out.WriteByte('\n')
	}
	return true
}
