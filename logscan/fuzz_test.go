package logscan

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/auth0-migrate/auth0audit/bench/logscan/synth"
	"github.com/auth0-migrate/auth0audit/logscan/decode"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// FuzzDecodeClassify feeds arbitrary bytes through the whole pipeline: detection, splitting,
// unwrapping and classification. Whatever the input, the scan must finish, count every
// non-blank record as an event or as malformed, and produce only well-formed findings.
func FuzzDecodeClassify(f *testing.F) {
	evs := synth.Sample()
	for _, e := range evs[len(evs)-60:] {
		line := synth.Marshal(e)
		f.Add(line)
		f.Add(synth.Marshal(envelope(e)))
	}
	f.Add([]byte(`[{"log_id":"1","type":"s"},{"log_id":"2","data":{"type":"depnote"}}]`))
	f.Add([]byte("{\n \"detail-type\": \"Auth0 log\",\n \"detail\": {\"log_id\":\"1\",\"data\":{\"type\":\"fapi\"}}\n}\n"))
	f.Add([]byte(`{"result":{"_raw":"{\"log_id\":\"1\",\"type\":\"feccft\",\"client_id\":\"c\",\"date\":\"2026-10-01T00:00:00Z\"}"}}`))
	f.Add([]byte("\xEF\xBB\xBF{\"type\":\"sapi\"}\r\n\x1f\x8b\x00"))
	f.Add([]byte(`[[[[{"type":"sapi"}]]]] "x" 1 tru`))
	f.Add(splunkCSV(f, evs[len(evs)-3:]))

	f.Fuzz(func(t *testing.T, data []byte) {
		s := New(Options{Workers: 2, Split: decode.Options{ChunkSize: 256, MaxRecord: 1 << 16}},
			func(f usecase.Finding) error {
				if !f.UseCase.Valid() || f.Source != usecase.FromLogs || f.Status != f.UseCase.Status() {
					t.Fatalf("bad finding %+v", f)
				}
				if strings.ContainsAny(f.Path, "?#") {
					t.Fatalf("path with a query: %q", f.Path)
				}
				return nil
			})
		_ = s.Scan(context.Background(), "fuzz", bytes.NewReader(data)) // read errors are fine
		st, err := s.Finish()
		if err != nil && !errors.Is(err, ErrNoEvents) {
			t.Fatal(err)
		}
		if st.EventsRead < 0 || st.Malformed < 0 || len(st.MalformedExamples) > 20 {
			t.Fatalf("stats %+v", st)
		}
		if len(bytes.TrimSpace(data)) > 0 && bytes.IndexByte(data, '{') < 0 && data[0] != 0x1f &&
			st.EventsRead != 0 {
			t.Fatalf("events read from input without an object: %+v", st)
		}
	})
}
