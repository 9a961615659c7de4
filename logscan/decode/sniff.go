package decode

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// HeadSize is how much of an input's start Describe looks at.
const HeadSize = 4 << 10

// Describe says in a few words what an input whose content (after decompression) starts with
// head looks like, for the error that rejects it as not being a log export: "an HTML page
// (<!DOCTYPE html>)", "UTF-16 text", "a zip archive", "an Auth0 API error response (statusCode
// 403, Forbidden)". It names shapes and JSON keys, never values that could be a secret: the
// input may be anything, a .env file included.
func Describe(head []byte) string {
	if len(head) > HeadSize {
		head = head[:HeadSize]
	}
	if d := describeEncoding(head); d != "" {
		return d
	}
	head = bytes.TrimPrefix(head, bom)
	text := bytes.TrimLeft(head, " \t\r\n")
	if len(text) == 0 {
		return "empty"
	}
	if d := describeMarkup(text); d != "" {
		return d
	}
	if n := binaryShare(head); n >= 16 || n*100 >= len(head) && n > 0 {
		return fmt.Sprintf("binary data (%d of the first %d bytes are not text)", n, len(head))
	}
	switch text[0] {
	case '{':
		return describeObject(firstValue(text))
	case '[':
		return describeArray(text)
	}
	if d := describeCSV(text); d != "" {
		return d
	}
	if gjson.ValidBytes(firstLine(text)) {
		return "JSON values that are not objects"
	}
	return "text that is not JSON"
}

// Formats recognised by their first bytes, which a log scanner cannot read and whose fix is
// one command away.
var magics = []struct {
	magic []byte
	desc  string
}{
	{gzipMagic, "gzip data (compressed twice?): decompress it once first (gunzip -c FILE > FILE.once.gz)"},
	{[]byte("BZh"), "bzip2 data: decompress it first (bunzip2 FILE)"},
	{[]byte{0xFD, '7', 'z', 'X', 'Z', 0}, "xz data: decompress it first (unxz FILE)"},
	{[]byte{0x28, 0xB5, 0x2F, 0xFD}, "zstd data: decompress it first (unzstd FILE)"},
	{[]byte("7z\xBC\xAF\x27\x1C"), "a 7-Zip archive: extract the log files first"},
	{[]byte("%PDF-"), "a PDF document"},
	{[]byte("SQLite format 3\x00"), "an SQLite database"},
}

const utf16Advice = ": convert it to UTF-8 first (iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8.json); Windows PowerShell 5 writes UTF-16 when output is redirected with >"

// Archive says what archive head (an input's first bytes, after decompression) starts, or ""
// if none. An archive of exports holds their text between its own headers, so events can be
// recognised in it; read as text, the headers glue onto the first record of every member file.
// It is not an export, however many events its text seems to hold.
func Archive(head []byte) string {
	if bytes.HasPrefix(head, zipMagic) {
		return zipDesc
	}
	if len(head) >= tarMagicAt+len(tarMagic) && bytes.Equal(head[tarMagicAt:tarMagicAt+len(tarMagic)], tarMagic) {
		return "a tar archive: extract the log files first (tar xf FILE)"
	}
	return ""
}

var (
	zipMagic = []byte("PK\x03\x04")
	// POSIX and GNU tar both write "ustar" at this offset of every member's header.
	tarMagic = []byte("ustar")
)

const (
	tarMagicAt = 257
	zipDesc    = "a zip archive: extract the log files first (unzip FILE)"
)

// describeEncoding recognises compressed or archived data and UTF-16 text.
func describeEncoding(head []byte) string {
	if d := Archive(head); d != "" {
		return d
	}
	for _, m := range magics {
		if bytes.HasPrefix(head, m.magic) {
			return m.desc
		}
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return "UTF-16 text (byte order mark FF FE)" + utf16Advice
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return "UTF-16 text (byte order mark FE FF)" + utf16Advice
	}
	// UTF-16 without a byte order mark: ASCII text with a zero byte after (LE) or before (BE)
	// every character.
	if n := min(len(head), 64) &^ 1; n >= 8 {
		le, be := 0, 0
		for i := 0; i < n; i += 2 {
			if head[i] != 0 && head[i+1] == 0 {
				le++
			}
			if head[i] == 0 && head[i+1] != 0 {
				be++
			}
		}
		if le == n/2 || be == n/2 {
			return "UTF-16 text (no byte order mark)" + utf16Advice
		}
	}
	return ""
}

// describeMarkup recognises HTML and XML: error and login pages saved instead of an export.
func describeMarkup(text []byte) string {
	lower := bytes.ToLower(text[:min(len(text), 64)])
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body"} {
		if bytes.HasPrefix(lower, []byte(p)) {
			return fmt.Sprintf("an HTML page (starts with %s), perhaps an error or sign-in page saved instead of the export", tagOf(text))
		}
	}
	if bytes.HasPrefix(lower, []byte("<?xml")) || bytes.HasPrefix(lower, []byte("<")) && len(lower) > 1 && isLetter(lower[1]) {
		return fmt.Sprintf("XML or markup (starts with %s)", tagOf(text))
	}
	return ""
}

// tagOf names the first tag of text, without its attributes (which are data).
func tagOf(text []byte) string {
	if bytes.HasPrefix(bytes.ToLower(text), []byte("<!doctype html")) {
		return "<!DOCTYPE html>"
	}
	end := bytes.IndexAny(text[1:], " \t\r\n/>")
	if end < 0 {
		end = len(text) - 1
	}
	return "<" + name(string(text[1:1+end])) + ">"
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// binaryShare counts the bytes of head that text does not have: control characters other than
// whitespace, and invalid UTF-8.
func binaryShare(head []byte) int {
	n := 0
	for i := 0; i < len(head); {
		c := head[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7F {
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && size <= 1 {
			// A rune cut by the end of head is not binary.
			if len(head)-i >= utf8.UTFMax {
				n++
			}
		}
		i += size
	}
	return n
}

// describeCSV recognises a CSV header that is not a Splunk export's (those carry _raw).
func describeCSV(text []byte) string {
	line := firstLine(text)
	if bytes.IndexByte(line, ',') < 0 {
		return ""
	}
	fields, err := csv.NewReader(bytes.NewReader(line)).Read()
	if err != nil || len(fields) < 2 {
		return ""
	}
	names := make([]string, 0, 6)
	for _, f := range fields {
		if len(names) == 6 {
			names = append(names, "...")
			break
		}
		names = append(names, name(f))
	}
	if slices.Contains(fields, "_raw") {
		return fmt.Sprintf("a Splunk CSV export whose _raw values are not Auth0 log events (header: %s)", strings.Join(names, ", "))
	}
	return fmt.Sprintf("CSV without a _raw column (header: %s); a Splunk export carries each event in _raw", strings.Join(names, ", "))
}

// firstValue returns the first JSON value of text when it is whole within head, else text.
func firstValue(text []byte) []byte {
	if end := containerEnd(text, new(int)); end > 0 {
		return text[:end]
	}
	return firstLine(text)
}

func firstLine(text []byte) []byte {
	if i := bytes.IndexByte(text, '\n'); i >= 0 {
		return bytes.TrimRight(text[:i], "\r")
	}
	return text
}

// describeObject describes the first object of an input that held no log event.
func describeObject(obj []byte) string {
	if !gjson.ValidBytes(obj) {
		return "JSON-like text that does not parse (starts with {)"
	}
	v := gjson.ParseBytes(obj)
	if logs := v.Get("logs"); logs.IsArray() && v.Get("total").Exists() {
		return "a page of GET /api/v2/logs (include_totals) without log events"
	}
	status, errName, msg := v.Get("statusCode"), v.Get("error"), v.Get("message")
	if status.Type == gjson.Number && errName.Type == gjson.String {
		d := fmt.Sprintf("an Auth0 API error response (statusCode %d, %s", status.Int(), safeMessage(errName.Str))
		if m := safeMessage(msg.Str); m != "" {
			d += ": " + m
		}
		return d + "), saved instead of the logs"
	}
	d := "JSON objects (the first has keys " + keysOf(v)
	if t := v.Get("type"); t.Type == gjson.String && isCode(t.Str) {
		d += fmt.Sprintf(`; type %q`, t.Str)
	}
	return d + ")"
}

// describeArray describes an array that held no log event.
func describeArray(text []byte) string {
	arr := firstValue(text)
	if !gjson.ValidBytes(arr) {
		first := bytes.TrimLeft(text[1:], " \t\r\n")
		if len(first) > 0 && first[0] == '{' {
			return "a JSON array of " + describeObject(firstValue(first))
		}
		return "a JSON array whose values are not objects"
	}
	elems := gjson.ParseBytes(arr).Array()
	if len(elems) == 0 {
		return "an empty JSON array"
	}
	if !elems[0].IsObject() {
		return fmt.Sprintf("a JSON array of %d value(s) that are not objects (the first is %s)", len(elems), kindOf(elems[0]))
	}
	return fmt.Sprintf("a JSON array of %d value(s): ", len(elems)) + describeObject([]byte(elems[0].Raw))
}

func kindOf(v gjson.Result) string {
	switch v.Type {
	case gjson.String:
		return "a string"
	case gjson.Number:
		return "a number"
	case gjson.True, gjson.False:
		return "a boolean"
	case gjson.Null:
		return "null"
	}
	if v.IsArray() {
		return "an array"
	}
	return "a value"
}

// keysOf lists an object's first keys.
func keysOf(v gjson.Result) string {
	var keys []string
	more := false
	v.ForEach(func(k, _ gjson.Result) bool {
		if len(keys) == 6 {
			more = true
			return false
		}
		keys = append(keys, name(k.Str))
		return true
	})
	if len(keys) == 0 {
		return "none"
	}
	s := strings.Join(keys, ", ")
	if more {
		s += ", ..."
	}
	return s
}

// isCode reports whether s looks like a type code or a name (a short identifier), which is
// safe to show.
func isCode(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// name returns a key, header or tag name to show: a short identifier, or "?" for anything
// else (a CSV whose header row is data, a key that is a value).
func name(s string) string {
	if len(s) > 24 || !isCode(strings.ReplaceAll(s, " ", "_")) {
		return "?"
	}
	return s
}

// safeMessage returns an API error's message when it reads as a sentence: no long unbroken
// run that could be a token or a secret.
func safeMessage(m string) string {
	if len(m) > 120 {
		m = m[:120] + "..."
	}
	run := 0
	for _, c := range []byte(m) {
		if c == ' ' {
			run = 0
			continue
		}
		if run++; run >= 24 {
			return ""
		}
	}
	return printable([]byte(m))
}

func printable(b []byte) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F || r == utf8.RuneError {
			return '?'
		}
		return r
	}, string(b))
}

// HeadRecorder keeps the first HeadSize bytes read through it, so that an input that turns
// out not to be logs can be described (Describe) after it was read as a stream.
type HeadRecorder struct {
	R    io.Reader
	head []byte
}

func (h *HeadRecorder) Read(p []byte) (int, error) {
	n, err := h.R.Read(p)
	if keep := min(n, HeadSize-len(h.head)); keep > 0 {
		h.head = append(h.head, p[:keep]...)
	}
	return n, err
}

// Head returns the bytes kept.
func (h *HeadRecorder) Head() []byte { return h.head }
