package findingsort

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// randomFindings returns n findings drawn from small value sets, so that many share a sort key
// and only their arrival order (kept in Detail) tells them apart: that is what checks
// stability.
func randomFindings(rng *rand.Rand, n int) []usecase.Finding {
	ids := []usecase.ID{"a-use-case", "b-use-case", "c-use-case", "z"}
	statuses := []usecase.Status{usecase.Affected, usecase.Action, usecase.Review, usecase.Info,
		usecase.NotAffected, usecase.Compliant, "bogus"}
	files := []string{"", "main.go", "x/y.go"}
	zones := []*time.Location{time.UTC, time.FixedZone("", 2*3600), time.FixedZone("EST", -5*3600),
		time.FixedZone("odd", 5*3600+30*60+17)}
	base := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	out := make([]usecase.Finding, n)
	for i := range out {
		f := usecase.Finding{
			UseCase:    ids[rng.IntN(len(ids))],
			Status:     statuses[rng.IntN(len(statuses))],
			Confidence: usecase.Confirmed,
			Source:     usecase.FromLogs,
			File:       files[rng.IntN(len(files))],
			Line:       rng.IntN(3),
			LogID:      []string{"", "l1", "l2"}[rng.IntN(3)],
			ClientID:   fmt.Sprintf("client-%d", rng.IntN(5)),
			StatusCode: []int{0, 200, 403}[rng.IntN(3)],
			Detail:     fmt.Sprintf("arrival %d", i),
		}
		if rng.IntN(4) > 0 {
			// The same few instants in different zones: equal for the sort, different in output.
			t := base.Add(time.Duration(rng.IntN(3)) * time.Second).Add(time.Duration(rng.IntN(2)))
			f.Time = t.In(zones[rng.IntN(len(zones))])
		}
		if i%97 == 0 {
			f.Path = "/api/v2/users/\xff\xfe<&>" // invalid UTF-8 and HTML characters survive the spill
		}
		out[i] = f
	}
	return out
}

// sameFinding reports whether a and b are the same finding down to what a report shows of the
// time: the instant and its rendering (zone offset included).
func sameFinding(a, b usecase.Finding) bool {
	if !a.Time.Equal(b.Time) || a.Time.Format(time.RFC3339Nano) != b.Time.Format(time.RFC3339Nano) ||
		a.Time.IsZero() != b.Time.IsZero() {
		return false
	}
	a.Time, b.Time = time.Time{}, time.Time{}
	return a == b
}

func collect(t *testing.T, s *Sorter) []usecase.Finding {
	t.Helper()
	var got []usecase.Finding
	if err := s.Each(func(f usecase.Finding) error { got = append(got, f); return nil }); err != nil {
		t.Fatalf("Each: %v", err)
	}
	return got
}

func TestSorterMatchesSort(t *testing.T) {
	for _, tc := range []struct {
		n, runSize, fanIn int
	}{
		{0, 1, maxFanIn},
		{1, 1, maxFanIn},
		{500, 1, maxFanIn},    // one finding per run, and more runs than one merge takes
		{1000, 1, maxFanIn},   // idem, two passes
		{1000, 7, maxFanIn},   // a partial last buffer
		{1000, 7, 2},          // many merge passes
		{1000, 1000, 16},      // exactly one full run, nothing left in memory
		{999, 1000, maxFanIn}, // never spills
		{3000, 1000, maxFanIn},
	} {
		t.Run(fmt.Sprintf("n=%d/run=%d/fanin=%d", tc.n, tc.runSize, tc.fanIn), func(t *testing.T) {
			t.Setenv("TMPDIR", t.TempDir())
			in := randomFindings(rand.New(rand.NewPCG(uint64(tc.n), uint64(tc.runSize))), tc.n)
			s := New(tc.runSize)
			s.fanIn = tc.fanIn
			defer s.Close()
			for _, f := range in {
				if err := s.Add(f); err != nil {
					t.Fatal(err)
				}
			}
			if s.Len() != tc.n {
				t.Errorf("Len = %d, want %d", s.Len(), tc.n)
			}
			want := slices.Clone(in)
			usecase.Sort(want)
			got := collect(t, s)
			if len(got) != len(want) {
				t.Fatalf("got %d findings, want %d", len(got), len(want))
			}
			for i := range want {
				if !sameFinding(got[i], want[i]) {
					t.Fatalf("finding %d:\n got %+v\nwant %+v", i, got[i], want[i])
				}
			}
		})
	}
}

func TestTempFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	s := New(2)
	for _, f := range randomFindings(rand.New(rand.NewPCG(1, 2)), 5) {
		if err := s.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	if s.f == nil {
		t.Fatal("nothing spilled")
	}
	name := s.f.Name()
	if filepath.Dir(name) != dir {
		t.Errorf("temporary file %s is not in $TMPDIR %s", name, dir)
	}
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("temporary file mode %v, want 0600", fi.Mode().Perm())
	}
	if len(s.runs) != 2 {
		t.Errorf("%d runs on disk, want 2", len(s.runs))
	}
	if got := collect(t, s); len(got) != 5 {
		t.Errorf("got %d findings, want 5", len(got))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(name); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after Close, stat %s: %v, want not exist", name, err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("left in $TMPDIR: %v", ents)
	}
}

func TestNoSpillNoFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	s := New(0)
	for _, f := range randomFindings(rand.New(rand.NewPCG(3, 4)), 100) {
		if err := s.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("a report that fits in memory created %v", ents)
	}
	if got := collect(t, s); len(got) != 100 {
		t.Errorf("got %d findings, want 100", len(got))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestEachOnceAndErrors(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	s := New(3)
	defer s.Close()
	for _, f := range randomFindings(rand.New(rand.NewPCG(5, 6)), 10) {
		if err := s.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	stop := errors.New("stop")
	calls := 0
	err := s.Each(func(usecase.Finding) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("Each returned %v after %d calls, want the callback's error after 1", err, calls)
	}
	if err := s.Each(func(usecase.Finding) error { return nil }); err == nil {
		t.Error("second Each succeeded")
	}
	if err := s.Add(usecase.Finding{}); err == nil {
		t.Error("Add after Each succeeded")
	}
}

func TestSpillError(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	s := New(1)
	defer s.Close()
	err := s.Add(usecase.Finding{})
	if err == nil || !strings.HasPrefix(err.Error(), "spilling findings to a temporary file: ") {
		t.Fatalf("Add with no temporary directory: %v", err)
	}
	if err2 := s.Add(usecase.Finding{}); err2 == nil {
		t.Error("Add after a failed spill succeeded")
	}
}

func TestReadBackError(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	s := New(2)
	defer s.Close()
	for _, f := range randomFindings(rand.New(rand.NewPCG(7, 8)), 4) {
		if err := s.Add(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := s.f.Truncate(s.runs[1].off + 3); err != nil {
		t.Fatal(err)
	}
	err := s.Each(func(usecase.Finding) error { return nil })
	if err == nil || !strings.HasPrefix(err.Error(), "reading back spilled findings: ") {
		t.Fatalf("Each over a truncated file: %v", err)
	}
}

func BenchmarkSorter(b *testing.B) {
	b.Setenv("TMPDIR", b.TempDir())
	in := randomFindings(rand.New(rand.NewPCG(9, 10)), 100_000)
	b.ReportAllocs()
	for b.Loop() {
		s := New(0)
		for _, f := range in {
			if err := s.Add(f); err != nil {
				b.Fatal(err)
			}
		}
		n := 0
		if err := s.Each(func(usecase.Finding) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != len(in) {
			b.Fatalf("got %d findings, want %d", n, len(in))
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
