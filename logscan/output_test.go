package logscan

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/logscan/decode"
	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// outputFindings returns n findings with many equal sort keys (so the order of equals shows),
// times in several zones, and strings that JSON escapes or would escape as HTML.
func outputFindings(n int) []usecase.Finding {
	rng := rand.New(rand.NewPCG(uint64(n), 42))
	ids := []usecase.ID{"client-credentials-user", "id-token-bearer", "password-grant"}
	statuses := []usecase.Status{usecase.Affected, usecase.Action, usecase.Review, usecase.Info}
	zones := []*time.Location{time.UTC, time.FixedZone("CET", 3600), time.FixedZone("", -7*3600-30*60)}
	base := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	out := make([]usecase.Finding, n)
	for i := range out {
		f := usecase.Finding{
			UseCase:    ids[rng.IntN(len(ids))],
			Status:     statuses[rng.IntN(len(statuses))],
			Confidence: []usecase.Confidence{usecase.Confirmed, usecase.Suspected}[rng.IntN(2)],
			Source:     usecase.FromLogs,
			LogID:      fmt.Sprintf("9002%d", rng.IntN(4)),
			ClientID:   fmt.Sprintf("cid-%d", rng.IntN(3)),
			ClientName: []string{"", "App <one> & \"two\"", "ünïcode\u2028app"}[rng.IntN(3)],
			UserID:     []string{"", "auth0|abc"}[rng.IntN(2)],
			Method:     "PATCH",
			Path:       "/api/v2/users/auth0%7Cabc?x=1&y=<2>",
			StatusCode: []int{0, 200, 401}[rng.IntN(3)],
			Detail:     fmt.Sprintf("finding %d\tof %d", i, n),
		}
		if rng.IntN(5) > 0 {
			t := base.Add(time.Duration(rng.IntN(3))*time.Hour + time.Duration(rng.IntN(2))*time.Microsecond)
			f.Time = t.In(zones[rng.IntN(len(zones))])
		}
		out[i] = f
	}
	return out
}

func TestJSONReportMatchesWriteJSON(t *testing.T) {
	st := Stats{
		Files:      []FileStats{{Name: "logs/a.json.gz", Layout: "array", Compressed: true, Events: 10, Malformed: 1}},
		EventsRead: 10, Relevant: 7, Duplicates: 2, Malformed: 1,
		MalformedExamples: []Malformed{{File: "logs/a.json.gz", Line: 3, Reason: "unexpected <EOF> & more"}},
	}
	for _, n := range []int{0, 1, 5, 300} {
		for _, runSize := range []int{1, 3, 7, 0} {
			t.Run(fmt.Sprintf("n=%d/run=%d", n, runSize), func(t *testing.T) {
				dir := t.TempDir()
				t.Setenv("TMPDIR", dir)
				in := outputFindings(n)

				var got bytes.Buffer
				r, err := newReporter(report.JSON, &got, runSize)
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range in {
					if err := r.Add(f); err != nil {
						t.Fatal(err)
					}
				}
				if err := r.Finish(st); err != nil {
					t.Fatal(err)
				}

				// What the report was before it streamed: everything in memory, one WriteJSON.
				sum := report.NewSummarizer()
				for _, f := range in {
					sum.Add(f)
				}
				groups := sum.Groups()
				sorted := slices.Clone(in)
				usecase.Sort(sorted)
				if sorted == nil {
					sorted = []usecase.Finding{}
				}
				var want bytes.Buffer
				if err := report.WriteJSON(&want, struct {
					Summary  Summary           `json:"summary"`
					Groups   []report.Group    `json:"groups"`
					Findings []usecase.Finding `json:"findings"`
				}{Summary{Stats: st, Reported: n, ByStatus: report.CountByStatus(groups),
					NotWhole: []string{"logs/a.json.gz: 1 malformed record(s) could not be read"}}, groups, sorted}); err != nil {
					t.Fatal(err)
				}

				if !bytes.Equal(got.Bytes(), want.Bytes()) {
					t.Errorf("report differs from report.WriteJSON:\n got %s\nwant %s", got.Bytes(), want.Bytes())
				}
				if n == 0 && !bytes.Contains(got.Bytes(), []byte("\n  \"findings\": []\n}\n")) {
					t.Errorf("no findings should give \"findings\": []; got %s", got.Bytes())
				}
				if ents, _ := os.ReadDir(dir); len(ents) != 0 {
					t.Errorf("Finish left %v in $TMPDIR", ents)
				}
				if err := r.Close(); err != nil {
					t.Errorf("Close after Finish: %v", err)
				}
			})
		}
	}
}

func TestReporterCloseRemovesSpill(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	r, err := newReporter(report.JSON, new(bytes.Buffer), 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range outputFindings(10) {
		if err := r.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("want one spill file in $TMPDIR, got %v", ents)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("Close left %v in $TMPDIR", ents)
	}
}

// TestJSONReportDoesNotDependOnScheduling: the same input gives the same JSON document
// whatever the number of workers and chunk size, and so whatever order chunks finish in.
func TestJSONReportDoesNotDependOnScheduling(t *testing.T) {
	_, nd := sampleEvents()
	// Events without a log_id tie on every key but the client: their order must still be fixed.
	for i := range 40 {
		nd = fmt.Appendf(nd, `{"date":"2026-10-30T00:00:00.000Z","type":"depnote","client_id":"c%02d"}`+"\n", 39-i)
	}
	render := func(workers, chunk int) []byte {
		var out bytes.Buffer
		rep, err := newReporter(report.JSON, &out, 7)
		if err != nil {
			t.Fatal(err)
		}
		s := New(Options{Workers: workers, Split: decode.Options{ChunkSize: chunk}}, rep.Add)
		if err := s.Scan(context.Background(), "sample.ndjson", bytes.NewReader(nd)); err != nil {
			t.Fatal(err)
		}
		st, err := s.Finish()
		if err != nil {
			t.Fatal(err)
		}
		if err := rep.Finish(st); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	want := render(1, 1<<20)
	for _, tc := range []struct{ workers, chunk int }{{4, 512}, {2, 1000}, {3, 4096}} {
		for range 3 {
			if got := render(tc.workers, tc.chunk); !bytes.Equal(got, want) {
				t.Fatalf("workers %d, chunks of %d: the JSON report differs from one worker's", tc.workers, tc.chunk)
			}
		}
	}
}
