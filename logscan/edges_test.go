package logscan

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/auth0-migrate/auth0audit/logscan/decode"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// TestRegionsCancelledScanIsAnError: a scan cut short by its context (an interrupted
// `auth0audit logs`) must say so, as the Splitter's path does, not report a partial file as
// read to the end.
func TestRegionsCancelledScanIsAnError(t *testing.T) {
	_, nd := sampleEvents()
	path := filepath.Join(t.TempDir(), "in.ndjson")
	if err := os.WriteFile(path, nd, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := New(Options{Workers: 2}, func(usecase.Finding) error { return nil })
	err := s.ScanPath(ctx, path, nil)
	st, ferr := s.Finish()
	if ferr != nil {
		t.Fatal(ferr)
	}
	if err == nil || !strings.Contains(err.Error(), "context canceled") || st.Files[0].Error == "" {
		t.Errorf("cancelled scan: err %v, file error %q, %d events read", err, st.Files[0].Error, st.EventsRead)
	}
}

// TestRegionsBOMFillsTheFirstRegion: when the first region holds the BOM and nothing else,
// the record right after it starts the second region and must not be taken for the tail of
// a record started before.
func TestRegionsBOMFillsTheFirstRegion(t *testing.T) {
	data := []byte("\xEF\xBB\xBF{\"log_id\":\"1\",\"type\":\"s\"}\n{\"log_id\":\"2\",\"type\":\"s\"}\n")
	region, _ := compareScan(t, Options{Workers: 1, Split: decode.Options{ChunkSize: 3, MaxRecord: 4096}}, data, true)
	if region.stats.EventsRead != 2 {
		t.Errorf("events read %d, want 2", region.stats.EventsRead)
	}
}

// TestSplunkCSVParseErrorSkipsNoRow: a row whose quoted _raw is never closed makes the CSV
// reader read on into the next row before it gives up; that row must still be read (or at
// least counted), not silently swallowed with the broken one.
func TestSplunkCSVParseErrorSkipsNoRow(t *testing.T) {
	evs, _ := sampleEvents()
	good := splunkCSV(t, evs[:6])
	lines := strings.SplitAfter(string(good), "\r\n") // header, 6 rows, ""
	data := strings.Join(lines[:3], "") +
		"9,x,auth0,\"{\"\"log_id\"\":1,idx-1\r\n" + // line 4: quote never closed
		strings.Join(lines[3:], "") + // lines 5-8: rows 3-6
		"10,x,auth0,not json,idx-1\r\n" // line 9
	got := scanBoth(t, Options{}, input{"export.csv", []byte(data)})
	if len(got.errs) > 0 {
		t.Fatal(got.errs)
	}
	var at []int
	for _, m := range got.stats.MalformedExamples {
		at = append(at, m.Line)
	}
	if got.stats.EventsRead != 6 || got.stats.Malformed != 2 || !slices.Equal(at, []int{4, 9}) {
		t.Errorf("%d events (want 6), %d malformed at %v (want lines 4 and 9)", got.stats.EventsRead, got.stats.Malformed, at)
	}
}
