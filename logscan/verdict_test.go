package logscan

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/auth0-migrate/auth0audit/bench/logscan/synth"
	"github.com/auth0-migrate/auth0audit/logscan/classify"
	"github.com/auth0-migrate/auth0audit/logscan/decode"
)

func randomBytes(n int, seed uint64) []byte {
	rnd := rand.New(rand.NewPCG(seed, seed+1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rnd.UintN(256))
	}
	return b
}

func utf16LE(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = append(b, 0xFF, 0xFE)
	}
	for _, c := range []byte(s) {
		b = append(b, c, 0)
	}
	return b
}

// TestGarbageIsAnErrorNamingTheFile: every kind of input that is not an Auth0 log export is
// an error of kind ErrNotLogs that names the file and says what it looks like, whichever path
// reads it, and whatever the --fail-on gate would have made of "no findings".
func TestGarbageIsAnErrorNamingTheFile(t *testing.T) {
	_, nd := sampleEvents()
	otherLogs := strings.Repeat(`{"level":"info","ts":1760000000,"msg":"GET /healthz","type":"request","status":200}`+"\n", 200)
	cases := []struct {
		name, file string
		data       []byte
		says       []string
	}{
		{"random bytes", "garbage.bin", randomBytes(5<<20, 1), []string{"binary data"}},
		{"gzip of garbage", "garbage.json.gz", gz(t, randomBytes(1<<20, 2)), []string{"gzip of binary data"}},
		{"CSV that is not Splunk", "users.csv", []byte("id,email,created_at\n1,a@example.com,2026-01-01\n2,b@example.com,2026-01-02\n"),
			[]string{"CSV without a _raw column", "header: id, email, created_at"}},
		{"HTML error page", "logs.json", []byte("<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body>Bad gateway</body></html>\n"),
			[]string{"HTML page", "<!DOCTYPE html>"}},
		{"API error body", "logs.json", []byte(`{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:logs","errorCode":"insufficient_scope"}`),
			[]string{"Auth0 API error response", "statusCode 403", "Insufficient scope, expected any of: read:logs"}},
		{"API error body, pretty", "logs.json", []byte("{\n  \"statusCode\": 401,\n  \"error\": \"Unauthorized\",\n  \"message\": \"Invalid token\"\n}\n"),
			[]string{"statusCode 401, Unauthorized"}},
		{"array of numbers", "logs.json", []byte("[1, 2, 3]"), []string{"JSON array of 3 value(s) that are not objects", "a number"}},
		{"array of non-events", "logs.json", []byte(`[{"id":1,"name":"a"},{"id":2,"name":"b"}]`), []string{"JSON array of 2 value(s)", "keys id, name"}},
		{"other products' NDJSON", "app.ndjson", []byte(otherLogs), []string{"keys level, ts, msg, type, status", `type "request"`, "200 event(s)"}},
		{"UTF-16 with BOM", "ps.json", utf16LE(string(nd[:4000]), true), []string{"UTF-16 text (byte order mark FF FE)", "iconv"}},
		{"UTF-16 without BOM", "ps.json", utf16LE(string(nd[:4000]), false), []string{"UTF-16 text (no byte order mark)"}},
		{"zip archive", "logs.zip", append([]byte("PK\x03\x04"), randomBytes(2000, 3)...), []string{"zip archive", "unzip"}},
		{"gzip twice", "logs.json.gz.gz", gz(t, gz(t, nd)), []string{"compressed twice"}},
		{"plain text", "notes.txt", []byte("these are not logs\nnor is this\n"), []string{"text that is not JSON"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := scanBoth(t, Options{}, input{c.file, c.data})
			if len(got.errs) != 1 || !errors.Is(got.errs[0], ErrNotLogs) {
				t.Fatalf("errors %v, want one ErrNotLogs", got.errs)
			}
			msg := got.errs[0].Error()
			var ie *InputError
			if !errors.As(got.errs[0], &ie) || ie.Name != c.file || !strings.HasPrefix(msg, c.file+": not an Auth0 log export") {
				t.Errorf("error %q does not name the file first", msg)
			}
			for _, want := range c.says {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q does not say %q", msg, want)
				}
			}
			if got.stats.Files[0].Error != ie.Detail {
				t.Errorf("file stats error %q, want the error's detail", got.stats.Files[0].Error)
			}
			if len(got.findings) != 0 {
				t.Errorf("findings from garbage: %v", got.keys())
			}
		})
	}
}

// TestRealLogsAreRecognised: the shapes Auth0 logs really come in are not taken for garbage,
// including those the fast path cannot read a type from (sorted keys, envelopes of irrelevant
// events, events of a type code newer than the list).
func TestRealLogsAreRecognised(t *testing.T) {
	evs, _ := sampleEvents()
	var logins []synth.Obj
	for _, e := range evs {
		if e.Get("type") == "s" || e.Get("type") == "fsa" {
			logins = append(logins, e)
		}
	}
	if len(logins) < 5 {
		t.Fatalf("only %d logins in the sample", len(logins))
	}
	lines := func(f func(synth.Obj) []byte) []byte {
		var b bytes.Buffer
		for _, e := range logins {
			b.Write(f(e))
			b.WriteByte('\n')
		}
		return b.Bytes()
	}
	sorted := lines(func(e synth.Obj) []byte { // jq -S: keys sorted, type after details
		var m map[string]any
		if err := json.Unmarshal(synth.Marshal(e), &m); err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(m)
		return b
	})
	eventBridge := lines(func(e synth.Obj) []byte {
		return synth.Marshal(synth.O("version", "0", "detail-type", "Auth0 log", "source", "aws.partner/auth0.com",
			"detail", synth.O("log_id", e.Get("log_id"), "data", e)))
	})
	newCode := []byte(`{"log_id":"90020261001000000000000000000000000000000000000000000001","date":"2026-10-01T00:00:00.000Z","type":"zz_new_code","description":"x"}` + "\n")
	real, err := os.ReadFile(filepath.Join("..", "testdata", "logs", "go-auth0-recorded.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"sorted keys": sorted, "eventbridge logins": eventBridge,
		"new type code": newCode, "go-auth0 recordings": real, "gzip sorted": gz(t, sorted)} {
		got := scanBoth(t, Options{}, input{name, data})
		if len(got.errs) != 0 || got.stats.EventsRead == 0 || got.stats.Malformed != 0 {
			t.Errorf("%s: %v %+v", name, got.errs, got.stats.Files)
		}
	}
}

// TestBrokenLinesInRealLogsAreCounted: a real export with a few broken lines is read, and
// the broken lines are counted and located, the rest reported.
func TestBrokenLinesInRealLogsAreCounted(t *testing.T) {
	_, nd := sampleEvents()
	ls := bytes.SplitAfter(nd, []byte("\n"))
	var b bytes.Buffer
	for i, l := range ls {
		switch i {
		case 10:
			b.WriteString("garbage line\n")
		case 20:
			// A line cut inside a string and joined to the next: the quotes do not pair up.
			at := bytes.Index(l, []byte(`"date":"`))
			b.Write(l[:at+len(`"date":"`)+5])
			continue
		}
		b.Write(l)
	}
	got := scanBoth(t, Options{}, input{"mixed.ndjson", b.Bytes()})
	if len(got.errs) != 0 {
		t.Fatalf("errors %v", got.errs)
	}
	if got.stats.Malformed != 2 || got.stats.MalformedExamples[0].Line != 11 || got.stats.MalformedExamples[1].Line != 22 {
		t.Errorf("malformed %d, want 2 (lines 11 and 22): %+v", got.stats.Malformed, got.stats.MalformedExamples)
	}
	// len(ls)-1 lines: the garbage line was added, lines 21 and 22 became one.
	if got.stats.EventsRead != int64(len(ls)-3) || got.stats.Relevant == 0 {
		t.Errorf("events %d (want %d), relevant %d", got.stats.EventsRead, len(ls)-3, got.stats.Relevant)
	}
}

// TestTruncatedInputSaysWhatWasKept: an export cut off (a JSON array, a stream of JSON values,
// an NDJSON file's last line, a gzip) is an error of kind ErrTruncated that says how many
// events were kept; the events before the cut are reported.
func TestTruncatedInputSaysWhatWasKept(t *testing.T) {
	evs, nd := sampleEvents()
	var arr bytes.Buffer
	arr.WriteString("[\n")
	for i, e := range evs[:98] {
		if i > 0 {
			arr.WriteString(",\n")
		}
		arr.Write(synth.Marshal(e))
	}
	arr.WriteString("\n]\n")
	array := arr.Bytes()
	cutArray := array[:len(array)/2]
	closedValue := array[:bytes.LastIndex(cutArray, []byte("},\n"))+2] // ends after an element
	var stream bytes.Buffer
	for _, e := range evs[:20] {
		b, _ := json.MarshalIndent(e, "", "  ")
		stream.Write(b)
		stream.WriteByte('\n')
	}
	cutStream := stream.Bytes()[:stream.Len()-40]
	cutLine := nd[:len(nd)-30]
	cases := []struct {
		name string
		data []byte
		says string
	}{
		{"array cut in a value", cutArray, "ends inside the JSON value"},
		{"array cut between values", closedValue, "JSON array is not closed"},
		{"stream of values cut", cutStream, "ends inside the JSON value"},
		{"last line cut", cutLine, "last line is cut off"},
		{"gzip cut", gz(t, nd)[:len(gz(t, nd))*2/3], "truncated gzip"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := scanBoth(t, Options{}, input{"export.json", c.data})
			if len(got.errs) != 1 || !errors.Is(got.errs[0], ErrTruncated) {
				t.Fatalf("errors %v, want one ErrTruncated", got.errs)
			}
			var ie *InputError
			errors.As(got.errs[0], &ie)
			msg := ie.Error()
			if ie.Kept == 0 || ie.Kept != got.stats.EventsRead || !strings.Contains(msg, c.says) ||
				!strings.Contains(msg, "events read before were kept") || !strings.HasPrefix(msg, "export.json: not read to the end") {
				t.Errorf("error %q (kept %d of %d read)", msg, ie.Kept, got.stats.EventsRead)
			}
		})
	}
	// The 98-event array cut in half: the error counts the events of the first half.
	got := scan(t, Options{}, input{"export.json", cutArray})
	var ie *InputError
	if !errors.As(got.errs[0], &ie) || ie.Kept < 40 || ie.Kept > 50 {
		t.Errorf("cut array: %v", got.errs)
	}
}

// TestMostlyMalformedIsAnError: an input with real events among mostly unreadable records is
// not an export with "a few broken lines": the error says so, and the events are kept.
func TestMostlyMalformedIsAnError(t *testing.T) {
	_, nd := sampleEvents()
	ls := bytes.SplitAfter(nd, []byte("\n"))
	var b bytes.Buffer
	for _, l := range ls[:10] {
		b.Write(l)
		b.WriteString("not json\nnot json either\n")
	}
	got := scanBoth(t, Options{}, input{"half.ndjson", b.Bytes()})
	if len(got.errs) != 1 || !errors.Is(got.errs[0], ErrNotLogs) || !strings.Contains(got.errs[0].Error(), "20 of 30 records are not events") {
		t.Errorf("errors %v", got.errs)
	}
}

// TestNotValidatedIsCountedExactly: the summary's count of events counted without parsing is
// exact, and zero with Strict.
func TestNotValidatedIsCountedExactly(t *testing.T) {
	_, nd := sampleEvents()
	got := scanBoth(t, Options{}, input{"plain", nd})
	var relevantOrParsed int64
	for l := range bytes.SplitSeq(nd, []byte("\n")) {
		if len(l) == 0 {
			continue
		}
		if c, typed := classify.Prefilter(l); c || !typed || bytes.Count(l, []byte(`"`))%2 != 0 {
			relevantOrParsed++
		}
	}
	if got.stats.NotValidated != got.stats.EventsRead-relevantOrParsed || got.stats.NotValidated == 0 {
		t.Errorf("not validated %d, want %d", got.stats.NotValidated, got.stats.EventsRead-relevantOrParsed)
	}
	if !strings.Contains(InputSummary(got.stats, int(got.stats.Relevant), ""),
		fmt.Sprintf("%d irrelevant event(s) not parsed, only structure-checked (see --strict); %d parsed", got.stats.NotValidated, got.stats.EventsRead-got.stats.NotValidated)) {
		t.Error("the summary does not say how many events were not parsed")
	}
	strict := scanBoth(t, Options{Strict: true}, input{"plain", nd})
	if strict.stats.NotValidated != 0 || strict.stats.EventsRead != got.stats.EventsRead {
		t.Errorf("strict: %+v", strict.stats)
	}
	// The elements of a JSON array are counted alike.
	arr := scanBoth(t, Options{}, input{"a.json", []byte("[" + strings.ReplaceAll(strings.TrimSpace(string(nd)), "\n", ",") + "]")})
	if arr.stats.NotValidated != got.stats.NotValidated || arr.stats.EventsRead != got.stats.EventsRead {
		t.Errorf("array: %+v", arr.stats)
	}
}

func TestDescribeNeverQuotesValues(t *testing.T) {
	const secret = "AUTH0_CLIENT_SECRET=s3cr3tValueThatMustNotLeak0123456789"
	for _, in := range []string{
		secret + "\n",
		`{"client_secret":"s3cr3tValueThatMustNotLeak0123456789"}`,
		`{"statusCode":400,"error":"Bad Request","message":"s3cr3tValueThatMustNotLeak0123456789"}`,
		`[{"token":"s3cr3tValueThatMustNotLeak0123456789"}]`,
		"a,s3cr3tValueThatMustNotLeak0123456789\n",
		"<html s3cr3tValueThatMustNotLeak0123456789>",
		`{"s3cr3tValueThatMustNotLeak0123456789":1}`,
	} {
		if d := decode.Describe([]byte(in)); strings.Contains(d, "s3cr3t") {
			t.Errorf("Describe(%q) = %q quotes a value", in, d)
		}
	}
}

// TestDescribeBinaryThatStartsLikeJSON: random bytes that happen to start with "{" are binary.
func TestDescribeBinaryThatStartsLikeJSON(t *testing.T) {
	if d := decode.Describe(append([]byte("{"), randomBytes(4000, 9)...)); !strings.HasPrefix(d, "binary data") {
		t.Errorf("Describe = %q", d)
	}
}

// TestBrokenFirstLineOfNDJSON: an NDJSON export whose FIRST line is broken (cut inside a
// string, an object left open, a stray "{") is still an NDJSON export with one broken line:
// the first line is malformed and every other event is read. Taking the file for a stream of
// pretty-printed JSON values read the whole file as one value "cut off by the end of the input",
// kept 0 events and failed the input as truncated.
func TestBrokenFirstLineOfNDJSON(t *testing.T) {
	_, nd := sampleEvents()
	ls := bytes.SplitAfter(nd, []byte("\n"))
	first := ls[0]
	for name, broken := range map[string][]byte{
		"cut inside a string": first[:bytes.Index(first, []byte(`"date":"`))+len(`"date":"`)+5],
		"object left open":    []byte(`{"_id":"1","log_id":"1","details":{"request":{"method":"post"`),
		"stray brace":         []byte(`{oops`),
		"two broken lines":    append(append([]byte(`{"_id":"1","log_id":"1","date":"2026`), '\n'), `{"_id":"2"`...),
	} {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			b.Write(broken)
			b.WriteByte('\n')
			for _, l := range ls[1:] {
				b.Write(l)
			}
			brokenLines := int64(bytes.Count(broken, []byte("\n")) + 1)
			got := scanBoth(t, Options{}, input{"export.ndjson", b.Bytes()})
			if len(got.errs) != 0 {
				t.Fatalf("errors %v", got.errs)
			}
			if got.stats.Malformed != brokenLines || got.stats.MalformedExamples[0].Line != 1 {
				t.Errorf("malformed %d, want %d from line 1: %+v", got.stats.Malformed, brokenLines, got.stats.MalformedExamples)
			}
			if want := int64(len(ls) - 2); got.stats.EventsRead != want || got.stats.Relevant == 0 {
				t.Errorf("events %d (want %d), relevant %d; layout %s", got.stats.EventsRead, want, got.stats.Relevant, got.stats.Files[0].Layout)
			}
		})
	}
}

// TestGzipCutInItsHeader: a gzip export cut within its first bytes (a download that stopped
// at once) is a truncated input, not "a file that starts like gzip but is not".
func TestGzipCutInItsHeader(t *testing.T) {
	_, nd := sampleEvents()
	for _, n := range []int{3, 5, 9} {
		got := scan(t, Options{}, input{"export.json.gz", gz(t, nd)[:n]})
		if len(got.errs) != 1 || !errors.Is(got.errs[0], ErrTruncated) {
			t.Fatalf("cut after %d bytes: errors %v, want one ErrTruncated", n, got.errs)
		}
		msg := got.errs[0].Error()
		if !strings.HasPrefix(msg, "export.json.gz: ") || !strings.Contains(msg, "cut off") || strings.Contains(msg, "is not") {
			t.Errorf("cut after %d bytes: %q", n, msg)
		}
	}
}

// TestSmallFileBrokenLineThenOneEvent: the smallest case of a broken first line, a file of the
// broken line and one event on its last line, without a line end.
func TestSmallFileBrokenLineThenOneEvent(t *testing.T) {
	_, nd := sampleEvents()
	ls := bytes.SplitAfter(nd, []byte("\n"))
	data := append(append([]byte(`{"_id":"1","log_id":"1","date":"2026`), '\n'), bytes.TrimSuffix(ls[1], []byte("\n"))...)
	got := scanBoth(t, Options{}, input{"small.ndjson", data})
	if len(got.errs) != 0 || got.stats.EventsRead != 1 || got.stats.Malformed != 1 {
		t.Errorf("errors %v, %d event(s) and %d malformed, want 1 and 1", got.errs, got.stats.EventsRead, got.stats.Malformed)
	}
}

// TestArchiveOfRealLogsIsAnError: a tar (or .tgz) or an uncompressed zip of real exports holds
// the log text between archive headers, so reading it as text recognised the events, lost the
// first of each file to the header glued to it, counted the headers as "malformed" lines and
// passed (exit 0 for a tar). An archive is not an export: it is an error saying how to extract
// it, whatever events its text seemed to hold.
func TestArchiveOfRealLogsIsAnError(t *testing.T) {
	_, nd := sampleEvents()
	var tarred bytes.Buffer
	tw := tar.NewWriter(&tarred)
	for _, name := range []string{"2026-11-01.ndjson", "2026-11-02.ndjson"} {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(nd))}); err != nil {
			t.Fatal(err)
		}
		tw.Write(nd)
	}
	tw.Close()
	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "2026-11-01.ndjson", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(nd)
	zw.Close()
	cases := []struct {
		name, file string
		data       []byte
		says       string
	}{
		{"tar", "logs.tar", tarred.Bytes(), "tar archive"},
		{"tar.gz", "logs.tgz", gz(t, tarred.Bytes()), "gzip of a tar archive"},
		{"zip, stored", "logs.zip", zipped.Bytes(), "zip archive"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := scanBoth(t, Options{}, input{c.file, c.data})
			if len(got.errs) != 1 || !errors.Is(got.errs[0], ErrNotLogs) {
				t.Fatalf("errors %v, want one ErrNotLogs", got.errs)
			}
			msg := got.errs[0].Error()
			if !strings.HasPrefix(msg, c.file+": not an Auth0 log export") || !strings.Contains(msg, c.says) || !strings.Contains(msg, "extract") {
				t.Errorf("error %q, want it to name the file and say %q and how to extract it", msg, c.says)
			}
		})
	}
}

// TestSplunkCSVCutOffIsTruncated: a Splunk CSV export cut inside its last row (a download
// that stopped mid-way) is a truncated input that says how many events were kept, as a cut
// JSON array or NDJSON file is; it passed (exit 0) with the cut row counted as one malformed
// line. A complete export whose last row has a stray quote is not "cut".
func TestSplunkCSVCutOffIsTruncated(t *testing.T) {
	_, nd := sampleEvents()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"_time", "_raw", "host"})
	lines := bytes.Split(bytes.TrimSpace(nd), []byte("\n"))
	for _, l := range lines {
		w.Write([]string{"2026-11-01T00:00:00Z", string(l), "splunk-1"})
	}
	w.Flush()
	full := b.Bytes()
	lastRow := bytes.LastIndex(bytes.TrimSuffix(full, []byte("\n")), []byte("\n")) + 1
	cut := full[:lastRow+60] // inside the last row's quoted _raw
	got := scanBoth(t, Options{}, input{"splunk.csv", cut})
	if len(got.errs) != 1 || !errors.Is(got.errs[0], ErrTruncated) {
		t.Fatalf("errors %v, want one ErrTruncated", got.errs)
	}
	if msg := got.errs[0].Error(); !strings.HasPrefix(msg, "splunk.csv: not read to the end") ||
		!strings.Contains(msg, fmt.Sprintf("the %d events read before were kept", len(lines)-1)) {
		t.Errorf("error %q", msg)
	}

	stray := append(bytes.Clone(full[:lastRow]), []byte("2026-11-01T00:00:00Z,\"{}\"x,splunk-1\n")...)
	got = scanBoth(t, Options{}, input{"splunk.csv", stray})
	for _, err := range got.errs {
		if errors.Is(err, ErrTruncated) {
			t.Errorf("a whole export with a stray quote in its last row: %v", err)
		}
	}
}

// TestSplunkCSVOfOtherEvents: a Splunk CSV export of another source's events (web server
// lines in _raw) is rejected, and the reason does not contradict the file: it said "CSV without
// a _raw column (header: _time, _raw)".
func TestSplunkCSVOfOtherEvents(t *testing.T) {
	data := []byte("_time,_raw\n2026-11-01,GET /index.html 200\n2026-11-01,GET /login 302\n")
	got := scanBoth(t, Options{}, input{"web.csv", data})
	if len(got.errs) != 1 || !errors.Is(got.errs[0], ErrNotLogs) {
		t.Fatalf("errors %v, want one ErrNotLogs", got.errs)
	}
	msg := got.errs[0].Error()
	if strings.Contains(msg, "without a _raw column") || !strings.Contains(msg, "_raw values are not Auth0 log events") {
		t.Errorf("error %q", msg)
	}
}

// TestMostlyOtherProductsEvents: a file of a few Auth0 events and thousands of another
// product's JSON events (a SIEM export of several sources, logs concatenated by mistake) read
// "3003 events", no findings, exit 0 with --fail-on: the other events have a "type", so they
// were counted as irrelevant Auth0 events, and one recognised Auth0 event made the file an
// export. Such a file is mostly not Auth0 logs: an error naming what the other events look
// like. Real exports of every shape still pass (TestRealLogsAreRecognised), and a real export
// with a few foreign events passes.
func TestMostlyOtherProductsEvents(t *testing.T) {
	_, nd := sampleEvents()
	ls := bytes.SplitAfter(nd, []byte("\n"))
	foreign := func(n int) []byte {
		var b bytes.Buffer
		for i := range n {
			fmt.Fprintf(&b, `{"id":"%d","type":"PushEvent","actor":{"login":"someone"},"created_at":"2026-11-01T00:00:00Z"}`+"\n", i)
		}
		return b.Bytes()
	}
	mostly := append(bytes.Join(ls[:3], nil), foreign(3000)...)
	got := scanBoth(t, Options{}, input{"siem.ndjson", mostly})
	if len(got.errs) != 1 || !errors.Is(got.errs[0], ErrNotLogs) {
		t.Fatalf("errors %v, want one ErrNotLogs", got.errs)
	}
	if msg := got.errs[0].Error(); !strings.HasPrefix(msg, "siem.ndjson: mostly not Auth0 log events") || !strings.Contains(msg, `type "PushEvent"`) {
		t.Errorf("error %q", msg)
	}
	got = scanBoth(t, Options{Strict: true}, input{"siem.ndjson", mostly})
	if len(got.errs) != 1 || !errors.Is(got.errs[0], ErrNotLogs) {
		t.Errorf("--strict: errors %v, want one ErrNotLogs", got.errs)
	}

	few := append(bytes.Clone(nd), foreign(3)...)
	got = scanBoth(t, Options{}, input{"export.ndjson", few})
	if len(got.errs) != 0 {
		t.Errorf("a real export with 3 foreign events: %v", got.errs)
	}
}
