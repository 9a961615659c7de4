package logscan

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/auth0-migrate/auth0audit/bench/logscan/synth"
	"github.com/auth0-migrate/auth0audit/logscan/decode"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// pathResult is what one scan of one file gave, in a form that compares whole.
type pathResult struct {
	findings []string // JSON of each finding, sorted: usecase.Sort leaves ties in emit order
	stats    Stats
	err      string
	progress []int64 // bytes reported to Progress
}

func scanOnce(t testing.TB, opt Options, name string, data []byte, regions bool) pathResult {
	t.Helper()
	var res pathResult
	opt.Progress = func(_ string, b, _ int64) { res.progress = append(res.progress, b) }
	s := New(opt, func(f usecase.Finding) error {
		j, err := json.Marshal(f)
		if err != nil {
			return err
		}
		res.findings = append(res.findings, string(j))
		return nil
	})
	var err error
	if regions {
		err = s.ScanPath(context.Background(), name, nil)
	} else {
		err = s.Scan(context.Background(), name, bytes.NewReader(data))
	}
	if err != nil {
		res.err = err.Error()
	}
	st, err := s.Finish()
	if err != nil && !errors.Is(err, ErrNoEvents) {
		t.Fatalf("Finish: %v", err)
	} else if err != nil {
		res.err += " / " + err.Error()
	}
	slices.Sort(res.findings)
	res.stats = st
	return res
}

func (r pathResult) diff(o pathResult) string {
	var b strings.Builder
	if !slices.Equal(r.findings, o.findings) {
		fmt.Fprintf(&b, "findings: %d vs %d\n", len(r.findings), len(o.findings))
	}
	if !reflect.DeepEqual(r.stats, o.stats) {
		fmt.Fprintf(&b, "stats:\n  %+v\n  %+v\n", r.stats, o.stats)
	}
	if r.err != o.err {
		fmt.Fprintf(&b, "errors: %q vs %q\n", r.err, o.err)
	}
	return b.String()
}

// wentThroughRegions tells a region scan by its progress: one report per region, each
// ChunkSize bytes further (the last one ends at the file's size). The Splitter reports
// chunks cut at newlines, which only line up so exactly by accident.
func wentThroughRegions(progress []int64, chunk int, size int) bool {
	want := (size + chunk - 1) / chunk
	if len(progress) != want {
		return false
	}
	for i, p := range progress {
		if p != min(int64(i+1)*int64(chunk), int64(size)) {
			return false
		}
	}
	return true
}

// compareScan writes data to a file and scans it through ScanPath (regions, when the file is
// NDJSON) and through Scan over a reader (the Splitter), both under the same name, and also
// with a Splitter whose chunks are MaxRecord bytes (one that never grows its buffer). All
// three must agree.
func compareScan(t *testing.T, opt Options, data []byte, wantRegions bool) (region, stream pathResult) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "in.ndjson")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	region = scanOnce(t, opt, path, data, true)
	stream = scanOnce(t, opt, path, data, false)
	if wantRegions && len(data) > 0 && !wentThroughRegions(region.progress, opt.Split.ChunkSize, len(data)) {
		t.Errorf("ScanPath did not read %d bytes in regions of %d: progress %v", len(data), opt.Split.ChunkSize, region.progress)
	}
	ref := opt
	ref.Split.ChunkSize = max(opt.Split.MaxRecord, opt.Split.ChunkSize)
	ref.Split.MaxRecord = ref.Split.ChunkSize
	whole := scanOnce(t, ref, path, data, false)
	if d := region.diff(whole); d != "" && region.stats.Files[0].Layout == "ndjson" && whole.stats.Files[0].Layout == "ndjson" {
		t.Errorf("regions %+v differ from the Splitter in chunks of MaxRecord:\n%s", opt.Split, d)
	}
	if d := region.diff(stream); d != "" {
		t.Errorf("regions differ from the Splitter with the same options %+v:\n%s", opt.Split, d)
	}
	return region, stream
}

var regionConfigs = []decode.Options{
	{ChunkSize: 64, MaxRecord: 1 << 16},
	{ChunkSize: 100, MaxRecord: 4096},
	{ChunkSize: 1000, MaxRecord: 1 << 20},
	{ChunkSize: 4096, MaxRecord: 1 << 16},
}

func forConfigs(t *testing.T, name string, data []byte, wantRegions bool) {
	for _, split := range regionConfigs {
		for _, workers := range []int{1, 2, 4} {
			t.Run(fmt.Sprintf("%s/chunk=%d/workers=%d", name, split.ChunkSize, workers), func(t *testing.T) {
				compareScan(t, Options{Workers: workers, Split: split}, data, wantRegions)
			})
		}
	}
}

func TestRegionsMatchStreamOnSampleLogs(t *testing.T) {
	dir := filepath.Join("..", "testdata", "logs")
	names, err := ExpandInputs([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		// Only uncompressed NDJSON goes through regions; the others check that ScanPath still
		// hands them to the Splitter.
		ndjson := strings.HasSuffix(name, ".ndjson") || strings.HasSuffix(name, "splunk-export.json")
		forConfigs(t, filepath.Base(name), data, ndjson)
	}
}

func TestRegionsMatchStreamOnSynthCorpus(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		var b bytes.Buffer
		if _, err := synth.WriteCorpus(&b, 300<<10, synth.DefaultMix, seed); err != nil {
			t.Fatal(err)
		}
		forConfigs(t, fmt.Sprintf("seed=%d", seed), b.Bytes(), true)
	}
}

func TestRegionsMatchStreamOnNastyInput(t *testing.T) {
	_, nd := sampleEvents()
	lines := bytes.SplitAfter(nd, []byte("\n"))
	long := `{"log_id":"long","type":"s","pad":"` + strings.Repeat("p", 10000) + `"}`
	var batch bytes.Buffer
	batch.WriteString("[")
	for i, l := range lines[:20] {
		if i > 0 {
			batch.WriteString(",")
		}
		batch.Write(bytes.TrimSpace(l))
	}
	batch.WriteString("]\n")
	cases := map[string][]byte{
		"crlf":                bytes.ReplaceAll(nd, []byte("\n"), []byte("\r\n")),
		"bom":                 append([]byte("\xEF\xBB\xBF"), nd...),
		"blank lines":         bytes.ReplaceAll(nd, []byte("\n"), []byte("\n\n  \n")),
		"no trailing newline": bytes.TrimSuffix(nd, []byte("\n")),
		"long line":           slices.Concat(slices.Concat(lines[:100]...), []byte(long+"\n"), slices.Concat(lines[100:]...)),
		"long last line":      slices.Concat(nd, []byte(long)),
		"jsonarray batch":     slices.Concat(slices.Concat(lines[20:50]...), batch.Bytes(), slices.Concat(lines[50:]...)),
		"empty lines only":    bytes.Repeat([]byte("\n"), 500),
		"blank lines only":    bytes.Repeat([]byte(" \r\n\t\n"), 300),
	}
	for name, data := range cases {
		forConfigs(t, name, data, true)
	}
	// The over-long line is reported where it is, and only it.
	for _, name := range []string{"long line", "long last line"} {
		region, _ := compareScan(t, Options{Workers: 3, Split: decode.Options{ChunkSize: 64, MaxRecord: 4096}}, cases[name], true)
		want := int64(len(lines) - 1) // lines ends with the empty piece after the last newline
		if region.stats.EventsRead != want || region.stats.Malformed != 1 ||
			region.stats.MalformedExamples[0].Line != map[string]int{"long line": 101, "long last line": len(lines)}[name] {
			t.Errorf("%s: %d events (want %d), %+v", name, region.stats.EventsRead, want, region.stats.MalformedExamples)
		}
	}
}

func TestRegionsLocateMalformedLines(t *testing.T) {
	var b bytes.Buffer
	var wantLines []int
	for line := 1; line <= 400; line++ {
		switch {
		case line%37 == 0:
			fmt.Fprintf(&b, `{"log_id":"cut%d","type":"sapi","details":{`+"\n", line)
			wantLines = append(wantLines, line)
		case line%53 == 0:
			b.WriteString("not json at all\n")
			wantLines = append(wantLines, line)
		case line%11 == 0:
			b.WriteString("\r\n") // blank lines count as lines, not as records
		default:
			fmt.Fprintf(&b, `{"log_id":"e%d","date":"2026-10-01T00:00:00Z","type":"s","user_id":"auth0|%d"}`+"\n", line, line)
		}
	}
	for _, split := range regionConfigs {
		for _, workers := range []int{1, 4} {
			region, _ := compareScan(t, Options{Workers: workers, MaxExamples: 100, Split: split}, b.Bytes(), true)
			var got []int
			for _, m := range region.stats.MalformedExamples {
				got = append(got, m.Line)
			}
			if !slices.Equal(got, wantLines) {
				t.Errorf("%+v workers %d: malformed on %v, want %v", split, workers, got, wantLines)
			}
		}
	}
}

// FuzzRegionsMatchStream scans arbitrary bytes from a file, where NDJSON goes through regions,
// and from a reader, where everything goes through the Splitter; both must agree.
func FuzzRegionsMatchStream(f *testing.F) {
	_, nd := sampleEvents()
	lines := bytes.SplitAfter(nd, []byte("\n"))
	f.Add(slices.Concat(lines[:8]...))
	f.Add(slices.Concat(lines[40:44]...))
	f.Add([]byte("{\"log_id\":\"1\",\"type\":\"s\"}\r\n\r\n  \n{\"log_id\":\"2\",\"type\":\"s\"}"))
	f.Add([]byte("\xEF\xBB\xBF{\"log_id\":\"1\",\"type\":\"s\"}\n{\"log_id\":\"2\",\"type\":\"s\"}\n"))
	f.Add([]byte("{\"log_id\":\"1\",\"type\":\"s\"}\n[{\"log_id\":\"2\",\"type\":\"s\"},{\"type\":\"x\"}]\nnot json\n{\"log_id\":\"3\",\"type\":\"s\",\"pad\":\"" +
		strings.Repeat("a", 300) + "\"}\n{\"cut\":"))
	f.Fuzz(func(t *testing.T, data []byte) {
		chunk := 16 + len(data)%97
		opt := Options{Workers: 2, MaxExamples: 50, Split: decode.Options{ChunkSize: chunk, MaxRecord: chunk + len(data)%211}}
		compareScan(t, opt, data, false)
	})
}

// TestStdinFromAFileIsReadFromItsOffset: `auth0audit logs - < file` after something else read
// the first line of the file sees only the rest, as a pipe would.
func TestStdinFromAFileIsReadFromItsOffset(t *testing.T) {
	_, nd := sampleEvents()
	path := filepath.Join(t.TempDir(), "stdin.ndjson")
	if err := os.WriteFile(path, nd, 0o600); err != nil {
		t.Fatal(err)
	}
	first := bytes.IndexByte(nd, '\n') + 1
	want := scan(t, Options{}, input{"-", nd[first:]})

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Seek(int64(first), io.SeekStart); err != nil {
		t.Fatal(err)
	}
	var progress []int64
	s := New(Options{Split: decode.Options{ChunkSize: 4096}, Progress: func(_ string, b, _ int64) { progress = append(progress, b) }},
		func(usecase.Finding) error { return nil })
	if err := s.ScanPath(context.Background(), "-", f); err != nil {
		t.Fatal(err)
	}
	st, err := s.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if st.EventsRead != want.stats.EventsRead || st.Relevant != want.stats.Relevant {
		t.Errorf("events %d relevant %d, want %d and %d", st.EventsRead, st.Relevant, want.stats.EventsRead, want.stats.Relevant)
	}
	if len(progress) < 2 || progress[len(progress)-1] != int64(len(nd)-first) {
		t.Errorf("progress %v: want regions of 4096 bytes adding up to %d", progress, len(nd)-first)
	}
}
