package logscan

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/auth0-migrate/auth0audit/bench/logscan/synth"
	"github.com/auth0-migrate/auth0audit/logscan/decode"
	"github.com/auth0-migrate/auth0audit/usecase"
)

type input struct {
	name string
	data []byte
}

type scanResult struct {
	findings []usecase.Finding
	stats    Stats
	errs     []error
}

// keys renders findings as sorted "use_case log_id" lines, for comparing scans.
func (r scanResult) keys() []string {
	var out []string
	for _, f := range r.findings {
		out = append(out, string(f.UseCase)+" "+f.LogID)
	}
	sort.Strings(out)
	return out
}

func (r scanResult) count(id usecase.ID) int {
	n := 0
	for _, f := range r.findings {
		if f.UseCase == id {
			n++
		}
	}
	return n
}

func scan(t testing.TB, opt Options, inputs ...input) scanResult {
	t.Helper()
	var res scanResult
	var mu sync.Mutex // emit is only called from the merging goroutine; the lock checks nothing else races
	s := New(opt, func(f usecase.Finding) error {
		mu.Lock()
		defer mu.Unlock()
		res.findings = append(res.findings, f)
		return nil
	})
	for _, in := range inputs {
		if err := s.Scan(context.Background(), in.name, bytes.NewReader(in.data)); err != nil {
			res.errs = append(res.errs, err)
		}
	}
	st, err := s.Finish()
	if err != nil && !errors.Is(err, ErrNoEvents) {
		t.Fatalf("Finish: %v", err)
	} else if err != nil {
		res.errs = append(res.errs, err)
	}
	res.stats = st
	return res
}

// scanBoth scans inputs as readers (the Splitter) and as files (ScanPath's route: regions for
// uncompressed NDJSON), under the same names, requires the same findings and statistics from
// both, and returns the first.
func scanBoth(t *testing.T, opt Options, inputs ...input) scanResult {
	t.Helper()
	want := scan(t, opt, inputs...)
	var got scanResult
	s := New(opt, func(f usecase.Finding) error {
		got.findings = append(got.findings, f)
		return nil
	})
	dir := t.TempDir()
	for i, in := range inputs {
		path := filepath.Join(dir, fmt.Sprint(i))
		if err := os.WriteFile(path, in.data, 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.scanFile(context.Background(), in.name, f); err != nil {
			got.errs = append(got.errs, err)
		}
		f.Close()
	}
	st, err := s.Finish()
	if err != nil && !errors.Is(err, ErrNoEvents) {
		t.Fatalf("Finish: %v", err)
	} else if err != nil {
		got.errs = append(got.errs, err)
	}
	got.stats = st
	if !slices.Equal(got.keys(), want.keys()) || !reflect.DeepEqual(got.stats, want.stats) || len(got.errs) != len(want.errs) {
		t.Errorf("files and readers differ:\nfiles   %v %+v %v\nreaders %v %+v %v",
			got.keys(), got.stats, got.errs, want.keys(), want.stats, want.errs)
	}
	return want
}

// sampleEvents returns the sample month's events (oldest first) and their NDJSON.
func sampleEvents() ([]synth.Obj, []byte) {
	evs := synth.Sample()
	var b bytes.Buffer
	for _, e := range evs {
		b.Write(synth.Marshal(e))
		b.WriteByte('\n')
	}
	return evs, b.Bytes()
}

func gz(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func envelope(e synth.Obj) synth.Obj { return synth.O("log_id", e.Get("log_id"), "data", e) }

// encodings returns the sample in every input shape the scanner accepts.
func encodings(t *testing.T) map[string][]byte {
	evs, nd := sampleEvents()
	out := map[string][]byte{"ndjson": nd}
	var b bytes.Buffer

	// GET /api/v2/logs: an array, newest first, on one line and pretty-printed.
	rev := slices.Clone(evs)
	slices.Reverse(rev)
	arr := make([]any, len(rev))
	for i, e := range rev {
		arr[i] = e
	}
	out["array one line"] = synth.Marshal(arr)
	b.WriteString("[\n")
	for i, e := range rev {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString("  ")
		b.Write(synth.Marshal(e))
	}
	b.WriteString("\n]\n")
	out["array pretty"] = bytes.Clone(b.Bytes())
	// A page of GET /api/v2/logs?include_totals=true, on one line and pretty-printed.
	page := synth.Marshal(synth.O("start", 0, "limit", len(arr), "length", len(arr), "total", len(arr), "logs", arr))
	out["page with totals"] = append(bytes.Clone(page), '\n')
	out["page with totals, pretty"] = []byte("{\n  " + string(page[1:len(page)-1]) + "\n}\n")

	// Log stream: JSONLINES, JSONARRAY (batches on lines), JSONOBJECT (pretty objects back to back).
	b.Reset()
	for _, e := range evs {
		b.Write(synth.Marshal(envelope(e)))
		b.WriteByte('\n')
	}
	out["stream jsonlines"] = bytes.Clone(b.Bytes())
	b.Reset()
	for i := 0; i < len(evs); i += 17 {
		var batch []any
		for _, e := range evs[i:min(i+17, len(evs))] {
			batch = append(batch, envelope(e))
		}
		b.Write(synth.Marshal(batch))
		b.WriteByte('\n')
	}
	out["stream jsonarray"] = bytes.Clone(b.Bytes())
	b.Reset()
	for _, e := range evs {
		line := synth.Marshal(envelope(e))
		// Pretty enough: break after the opening brace and before the closing one.
		b.WriteString("{\n  ")
		b.Write(line[1 : len(line)-1])
		b.WriteString("\n}\n")
	}
	out["stream jsonobject"] = bytes.Clone(b.Bytes())

	// EventBridge and Splunk.
	b.Reset()
	for _, e := range evs {
		b.Write(synth.Marshal(synth.O("version", "0", "detail-type", "Auth0 log", "source", "aws.partner/auth0.com",
			"detail", envelope(e))))
		b.WriteByte('\n')
	}
	out["eventbridge"] = bytes.Clone(b.Bytes())
	b.Reset()
	for i, e := range evs {
		var rec synth.Obj
		if i%2 == 0 {
			rec = synth.O("preview", false, "result", synth.O("_raw", string(synth.Marshal(e)), "_time", e.Get("date")))
		} else {
			rec = synth.O("_raw", string(synth.Marshal(e)), "sourcetype", "auth0")
		}
		b.Write(synth.Marshal(rec))
		b.WriteByte('\n')
	}
	out["splunk"] = bytes.Clone(b.Bytes())
	out["splunk csv"] = splunkCSV(t, evs)

	// gzip, single and multi-member.
	out["gzip ndjson"] = gz(t, nd)
	out["gzip array"] = gz(t, out["array pretty"])
	half := bytes.IndexByte(nd[len(nd)/2:], '\n') + len(nd)/2 + 1
	out["gzip two members"] = append(gz(t, nd[:half]), gz(t, nd[half:])...)
	return out
}

func TestEveryEncodingGivesTheSameFindings(t *testing.T) {
	evs, nd := sampleEvents()
	want := scanBoth(t, Options{}, input{"ndjson", nd})
	if got := len(want.findings); got == 0 {
		t.Fatal("no findings in the sample")
	}
	for id, n := range synth.SampleExpected {
		if got := want.count(usecase.ID(id)); got != n {
			t.Errorf("%s: %d findings, want %d", id, got, n)
		}
	}
	for name, data := range encodings(t) {
		for _, chunk := range []int{0, 4 << 10} { // default chunks, and many small ones
			t.Run(fmt.Sprintf("%s/chunk=%d", name, chunk), func(t *testing.T) {
				got := scanBoth(t, Options{Split: decode.Options{ChunkSize: chunk}}, input{name, data})
				if len(got.errs) > 0 {
					t.Fatalf("errors: %v", got.errs)
				}
				if got.stats.EventsRead != int64(len(evs)) || got.stats.Malformed != 0 {
					t.Errorf("events %d malformed %d (%v), want %d and 0", got.stats.EventsRead, got.stats.Malformed,
						got.stats.MalformedExamples, len(evs))
				}
				if !slices.Equal(got.keys(), want.keys()) {
					t.Errorf("findings differ from NDJSON:\n got %v\nwant %v", got.keys(), want.keys())
				}
			})
		}
	}
}

func TestStaleUseDoesNotDependOnOrder(t *testing.T) {
	evs, nd := sampleEvents()
	want := scan(t, Options{}, input{"oldest first", nd}).keys()
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range 5 {
		perm := slices.Clone(evs)
		if i == 0 {
			slices.Reverse(perm) // newest first, as the API exports
		} else {
			rnd.Shuffle(len(perm), func(a, b int) { perm[a], perm[b] = perm[b], perm[a] })
		}
		var b bytes.Buffer
		for _, e := range perm {
			b.Write(synth.Marshal(e))
			b.WriteByte('\n')
		}
		got := scan(t, Options{Workers: 3, Split: decode.Options{ChunkSize: 2 << 10}}, input{"shuffled", b.Bytes()})
		if !slices.Equal(got.keys(), want) {
			t.Errorf("order %d: findings differ:\n got %v\nwant %v", i, got.keys(), want)
		}
	}
}

func TestStaleUseSpillsToDisk(t *testing.T) {
	// More feccft candidates than are kept in memory: half before the rotation, half after.
	var b bytes.Buffer
	n := memCandidates + 1000
	for i := range n {
		day := "2026-10-01"
		if i%2 == 1 {
			day = "2026-10-03"
		}
		fmt.Fprintf(&b, `{"log_id":"f%07d","date":"%sT00:00:%02d.000Z","type":"feccft","client_id":"legacy"}`+"\n", i, day, i%60)
	}
	fmt.Fprintf(&b, `{"log_id":"rot","date":"2026-10-02T00:00:00.000Z","type":"sapi","client_id":"m2m","details":{"request":{"method":"post","path":"/api/v2/clients/legacy/rotate-secret"},"response":{"statusCode":200}}}`+"\n")
	got := scan(t, Options{}, input{"many feccft", b.Bytes()})
	if c := got.count(usecase.SecretStaleUse); c != n/2 {
		t.Errorf("stale uses %d, want %d", c, n/2)
	}
	if got.stats.FailedExchanges != int64(n) {
		t.Errorf("failed exchanges %d, want %d", got.stats.FailedExchanges, n)
	}
}

func TestDuplicatesAcrossInputs(t *testing.T) {
	_, nd := sampleEvents()
	got := scan(t, Options{}, input{"a", nd}, input{"b", nd})
	once := scan(t, Options{}, input{"a", nd})
	if !slices.Equal(got.keys(), once.keys()) {
		t.Error("scanning the same events twice changed the findings")
	}
	if got.stats.Duplicates != once.stats.Relevant+once.stats.FailedExchanges-int64(once.count(usecase.SecretStaleUse)) {
		t.Errorf("duplicates %d, want every relevant event and feccft once more (%d relevant, %d feccft)",
			got.stats.Duplicates, once.stats.Relevant, once.stats.FailedExchanges)
	}
	if got.stats.EventsRead != 2*once.stats.EventsRead {
		t.Errorf("events read %d, want %d", got.stats.EventsRead, 2*once.stats.EventsRead)
	}
}

func TestTruncatedGzipKeepsEventsAndSaysWhere(t *testing.T) {
	_, nd := sampleEvents()
	var big bytes.Buffer
	for range 20 {
		big.Write(nd)
	}
	z := gz(t, big.Bytes())
	cut := z[:len(z)*2/3]
	got := scan(t, Options{}, input{"export.json.gz", cut})
	if len(got.errs) != 1 {
		t.Fatalf("errors %v, want one", got.errs)
	}
	msg := got.errs[0].Error()
	for _, want := range []string{"export.json.gz", "truncated gzip", "after", "line", "events read before were kept"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}
	if got.stats.EventsRead == 0 || len(got.findings) == 0 {
		t.Errorf("events before the cut were dropped: %+v", got.stats)
	}
	if got.stats.Files[0].Error == "" {
		t.Error("file stats do not record the error")
	}
}

func TestFiftyMegabyteLine(t *testing.T) {
	pad := strings.Repeat("a", 50<<20)
	line := `{"log_id":"big","date":"2026-10-02T00:00:00.000Z","type":"sapi","details":{"request":{"method":"post",` +
		`"path":"/api/v2/users/auth0%7Cp/identities","auth":{"credentials":{"scopes":["update:users"]}},` +
		`"body":{"user_id":"1","provider":"x","pad":"` + pad + `"}},"response":{"statusCode":201}}}`
	data := []byte(`{"log_id":"a","type":"s"}` + "\n" + line + "\n" + `{"log_id":"b","type":"s"}` + "\n")
	got := scanBoth(t, Options{}, input{"big.ndjson", data})
	if got.stats.EventsRead != 3 || got.count(usecase.LinkUserIDUpdateUsers) != 1 || got.stats.Malformed != 0 {
		t.Errorf("stats %+v findings %v", got.stats, got.keys())
	}
	// Above the record limit the line is reported, not read, and the scan goes on.
	got = scanBoth(t, Options{Split: decode.Options{ChunkSize: 1 << 20, MaxRecord: 4 << 20}}, input{"big.ndjson", data})
	if got.stats.EventsRead != 2 || got.stats.Malformed != 1 || got.stats.MalformedExamples[0].Line != 2 ||
		!strings.Contains(got.stats.MalformedExamples[0].Reason, "longer than") {
		t.Errorf("over-long line: %+v", got.stats)
	}
}

func TestBinaryGarbage(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	garbage := make([]byte, 3<<20)
	for i := range garbage {
		garbage[i] = byte(rnd.UintN(256))
	}
	got := scanBoth(t, Options{Split: decode.Options{ChunkSize: 64 << 10}}, input{"garbage.bin", garbage})
	if got.stats.EventsRead != 0 || got.stats.Malformed == 0 || len(got.findings) != 0 {
		t.Errorf("garbage: %+v", got.stats)
	}
	for _, m := range got.stats.MalformedExamples {
		if m.File != "garbage.bin" || m.Line < 1 {
			t.Errorf("example without a location: %+v", m)
		}
	}
	// Garbage that starts like an array (the value layout) must not stop the scan either.
	got = scanBoth(t, Options{}, input{"garbage.json", append([]byte("[{\"log_id\":\"1\",\"type\":\"s\"},\n\x00\x01"), garbage...)})
	if got.stats.EventsRead < 1 || got.stats.Malformed == 0 {
		t.Errorf("array then garbage: %+v", got.stats)
	}
}

func TestBOMCRLFAndEmpty(t *testing.T) {
	_, nd := sampleEvents()
	want := scanBoth(t, Options{}, input{"plain", nd})
	crlf := bytes.ReplaceAll(nd, []byte("\n"), []byte("\r\n"))
	bom := append([]byte{0xEF, 0xBB, 0xBF}, crlf...)
	for name, data := range map[string][]byte{"crlf": crlf, "bom+crlf": bom, "gzip bom": gz(t, bom),
		"blank lines": bytes.ReplaceAll(nd, []byte("\n"), []byte("\n\n  \n"))} {
		got := scanBoth(t, Options{}, input{name, data})
		if !slices.Equal(got.keys(), want.keys()) || got.stats.Malformed != 0 || got.stats.EventsRead != want.stats.EventsRead {
			t.Errorf("%s: %d findings, %d events, %d malformed (%v)", name, len(got.findings), got.stats.EventsRead,
				got.stats.Malformed, got.stats.MalformedExamples)
		}
	}
	// An input without a record is a warning, not an error (a quiet hour's export is empty);
	// a scan of nothing else fails as a whole: "no findings" would be an all-clear on no data.
	for name, data := range map[string][]byte{"empty": nil, "whitespace": []byte(" \n\r\n\t"),
		"bom only": {0xEF, 0xBB, 0xBF}, "empty array": []byte("[]"), "empty gzip": gz(t, nil),
		"empty page": []byte(`{"start":0,"limit":100,"length":0,"total":0,"logs":[]}`)} {
		got := scanBoth(t, Options{}, input{name, data})
		if len(got.errs) != 1 || !errors.Is(got.errs[0], ErrNoEvents) || got.stats.EventsRead != 0 || got.stats.Malformed != 0 ||
			got.stats.Files[0].Warning == "" || got.stats.Files[0].Error != "" {
			t.Errorf("%s: %+v %v", name, got.stats, got.errs)
		}
		with := scanBoth(t, Options{}, input{name, data}, input{"plain", nd})
		if len(with.errs) != 0 || with.stats.Files[0].Warning == "" {
			t.Errorf("%s beside a real export: %+v %v", name, with.stats.Files, with.errs)
		}
	}
}

func TestMalformedRecordsAreLocatedNotQuoted(t *testing.T) {
	const secretish = "eyJhbGciOiJIUzI1NiJ9.TOKEN-LIKE.c2ln"
	var b bytes.Buffer
	var wantLines []int
	line := 0
	for i := range 3000 {
		line++
		switch {
		case i%700 == 5:
			fmt.Fprintf(&b, `{"log_id":"x%d","type":"sapi","details":{"request":{"body":{"link_with":"%s"`+"\n", i, secretish)
			wantLines = append(wantLines, line)
		case i%900 == 7:
			fmt.Fprintf(&b, `{"no":"event","token":"%s"}`+"\n", secretish)
			wantLines = append(wantLines, line)
		default:
			fmt.Fprintf(&b, `{"log_id":"e%d","date":"2026-10-01T00:00:00Z","type":"s","user_id":"auth0|%d"}`+"\n", i, i)
		}
	}
	got := scanBoth(t, Options{Workers: 4, Split: decode.Options{ChunkSize: 8 << 10}}, input{"mixed.ndjson", b.Bytes()})
	var lines []int
	for _, m := range got.stats.MalformedExamples {
		lines = append(lines, m.Line)
		if strings.Contains(m.Reason, "TOKEN") || m.File != "mixed.ndjson" {
			t.Errorf("example %+v", m)
		}
	}
	if !slices.Equal(lines, wantLines) || got.stats.Malformed != int64(len(wantLines)) {
		t.Errorf("malformed at %v (%d), want %v", lines, got.stats.Malformed, wantLines)
	}
	if got.stats.EventsRead != int64(3000-len(wantLines)) {
		t.Errorf("events %d", got.stats.EventsRead)
	}
}

func TestStrictValidatesIrrelevantLines(t *testing.T) {
	data := []byte(`{"log_id":"1","type":"s", broken}` + "\n" + `{"log_id":"2","type":"s"}` + "\n" +
		`{"wrapper":{"type":"s"}}` + "\n")
	if got := scan(t, Options{}, input{"f", data}); got.stats.EventsRead != 3 {
		t.Errorf("fast mode counts structurally whole irrelevant lines as events: %+v", got.stats)
	}
	got := scan(t, Options{Strict: true}, input{"f", data})
	if got.stats.EventsRead != 1 || got.stats.Malformed != 2 || got.stats.MalformedExamples[1].Reason != "JSON object without log_id or type" {
		t.Errorf("strict: %+v", got.stats)
	}
}

func TestEmitErrorStopsTheScan(t *testing.T) {
	_, nd := sampleEvents()
	boom := errors.New("disk full")
	s := New(Options{}, func(usecase.Finding) error { return boom })
	if err := s.Scan(context.Background(), "x", bytes.NewReader(nd)); !errors.Is(err, boom) {
		t.Errorf("Scan = %v, want the emit error", err)
	}
}

// splunkCSV exports events as Splunk does with "Export results" as CSV: quoted JSON in _raw,
// CRLF line ends.
func splunkCSV(t testing.TB, evs []synth.Obj) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	rows := [][]string{{"_serial", "_time", "source", "_raw", "splunk_server"}}
	for i, e := range evs {
		rows = append(rows, []string{fmt.Sprint(i), fmt.Sprint(e.Get("date")), "auth0", string(synth.Marshal(e)), "idx-1"})
	}
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSplunkCSVProblemsAreLocated(t *testing.T) {
	evs, _ := sampleEvents()
	data := splunkCSV(t, evs[:3])
	data = append(data, "9,x,auth0,,idx-1\r\n"...)                     // line 5: empty _raw
	data = append(data, "10,x\r\n"...)                                 // line 6: no _raw column
	data = append(data, "11,x,auth0,\"{\"\"log_id\"\":1,idx-1\r\n"...) // line 7: not JSON
	got := scanBoth(t, Options{}, input{"export.csv", data})
	if len(got.errs) > 0 {
		t.Fatal(got.errs)
	}
	if got.stats.EventsRead != 3 || got.stats.Files[0].Layout != "splunk-csv" {
		t.Errorf("events %d layout %s, want 3 splunk-csv", got.stats.EventsRead, got.stats.Files[0].Layout)
	}
	var lines []int
	for _, m := range got.stats.MalformedExamples {
		lines = append(lines, m.Line)
	}
	if !slices.Equal(lines, []int{5, 6, 7}) || got.stats.Malformed != 3 {
		t.Errorf("malformed %d at lines %v (%+v), want 3 at 5, 6, 7", got.stats.Malformed, lines, got.stats.MalformedExamples)
	}
}
