package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// indexClock is a settable clock for the index.
type indexClock struct{ t time.Time }

func (c *indexClock) now() time.Time { return c.t }

func mustSeen(t *testing.T, x *logIDIndex, id string, at time.Time) bool {
	t.Helper()
	dup, err := x.seen(id, at)
	if err != nil {
		t.Fatal(err)
	}
	return dup
}

func checkpointIndex(t *testing.T, x *logIDIndex) indexState {
	t.Helper()
	if err := x.seal(); err != nil {
		t.Fatal(err)
	}
	st := x.state()
	if err := x.release(); err != nil {
		t.Fatal(err)
	}
	return st
}

func runFiles(t *testing.T, dir string) int {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "*.run"))
	return len(m)
}

// TestIndexForgetsDaysPastTheWindowOnly: ids are dropped by the day of their event once the
// window has passed it; ids of no known date are kept for good; a day that is over becomes one
// run; and what was kept is found again after a reopen.
func TestIndexForgetsDaysPastTheWindowOnly(t *testing.T) {
	dir := t.TempDir()
	day0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	clock := &indexClock{t: day0}
	opt := indexOptions{window: 10 * 24 * time.Hour, now: clock.now}
	x, err := openLogIDIndex(dir, indexState{}, opt)
	if err != nil {
		t.Fatal(err)
	}
	var st indexState
	for d := 0; d < 30; d++ {
		at := day0.AddDate(0, 0, d).Add(10 * time.Hour)
		clock.t = at.Add(time.Minute)
		for seal := 0; seal < 4; seal++ { // several checkpoints a day: several runs, merged
			for i := 0; i < 20; i++ {
				n := d*1000 + seal*20 + i
				if mustSeen(t, x, datedLogID(at, n), at) {
					t.Fatalf("day %d: a new id taken for a redelivery", d)
				}
			}
			mustSeen(t, x, fmt.Sprintf("undated-%d-%d", d, seal), time.Time{})
			st = checkpointIndex(t, x)
		}
	}
	// Day 29 10:01: the window reaches back to day 19 10:01, so days 0-18 are gone.
	perDay := 4 * 20
	if got, want := x.size(), int64(11*perDay+30*4); got != want {
		t.Errorf("%d ids kept, want %d (11 days and every undated id)", got, want)
	}
	if got := runFiles(t, dir); got != len(st.Runs) {
		t.Errorf("%d run files, %d listed", got, len(st.Runs))
	}
	perRunDay := map[string]int{}
	for _, r := range st.Runs {
		perRunDay[r.Day]++
	}
	for day, n := range perRunDay {
		if day != "none" && day != "2026-03-30" && n != 1 {
			t.Errorf("day %s, over, has %d runs: want them merged into one", day, n)
		}
	}
	if len(perRunDay) != 12 {
		t.Errorf("runs of %d days (%v), want 11 and the undated ones", len(perRunDay), perRunDay)
	}
	if st.Cutoff != "2026-03-20" {
		t.Errorf("cutoff %q, want 2026-03-20", st.Cutoff)
	}
	x.close()

	x, err = openLogIDIndex(dir, st, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer x.close()
	for _, c := range []struct {
		day  int
		want bool
	}{{19, true}, {25, true}, {29, true}, {18, false}, {3, false}} {
		at := day0.AddDate(0, 0, c.day).Add(10 * time.Hour)
		if got := mustSeen(t, x, datedLogID(at, c.day*1000+7), at); got != c.want {
			t.Errorf("day %d after reopening: seen %v, want %v", c.day, got, c.want)
		}
		if got := x.forgotten(at); got == c.want {
			t.Errorf("day %d: forgotten %v", c.day, got)
		}
	}
	if !mustSeen(t, x, "undated-0-0", time.Time{}) {
		t.Error("an undated id of day 0 was forgotten")
	}
}

// TestIndexClockSetBackKeepsDroppedRunsDropped: the cutoff is saved and never moves back, so a
// clock set back (or an older reference) does not expect run files already removed.
func TestIndexClockSetBackKeepsDroppedRunsDropped(t *testing.T) {
	dir := t.TempDir()
	day0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	clock := &indexClock{t: day0}
	opt := indexOptions{window: 24 * time.Hour, now: clock.now}
	x, _ := openLogIDIndex(dir, indexState{}, opt)
	mustSeen(t, x, datedLogID(day0, 1), day0)
	checkpointIndex(t, x)
	later := day0.AddDate(0, 0, 5)
	clock.t = later
	mustSeen(t, x, datedLogID(later, 2), later)
	st := checkpointIndex(t, x)
	x.close()
	clock.t = day0 // set back
	x, err := openLogIDIndex(dir, st, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer x.close()
	if x.size() != 1 || x.state().Cutoff != st.Cutoff {
		t.Errorf("after the clock went back: %d ids, cutoff %q (was %q)", x.size(), x.state().Cutoff, st.Cutoff)
	}
}

// TestIndexReadsFirstVersionRuns: a spool written by the first version (runs without fences
// or day) opens; its runs are read whole, found, dated by their newest log_id, and dropped
// when the window passes that date.
func TestIndexReadsFirstVersionRuns(t *testing.T) {
	dir := t.TempDir()
	day0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	clock := &indexClock{t: day0}
	old, _ := openLogIDIndex(dir, indexState{}, indexOptions{now: clock.now, legacyRuns: true})
	for i := 0; i < 1500; i++ { // three blocks
		at := day0.Add(time.Duration(i) * time.Minute)
		mustSeen(t, old, datedLogID(at, i), at)
	}
	mustSeen(t, old, "not-a-dated-id", time.Time{})
	st := checkpointIndex(t, old)
	old.close()
	st.Newest, st.Cutoff = time.Time{}, ""
	for i := range st.Runs {
		st.Runs[i].Day, st.Runs[i].Fences = "", false // as version 1 wrote them
	}
	opt := indexOptions{window: 3 * 24 * time.Hour, now: clock.now}
	x, err := openLogIDIndex(dir, st, opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 511, 512, 1499} {
		at := day0.Add(time.Duration(i) * time.Minute)
		if !mustSeen(t, x, datedLogID(at, i), at) {
			t.Errorf("id %d of a version 1 run not found", i)
		}
	}
	if !mustSeen(t, x, "not-a-dated-id", time.Time{}) {
		t.Error("undated id of a version 1 run not found")
	}
	later := day0.AddDate(0, 0, 10)
	clock.t = later
	mustSeen(t, x, datedLogID(later, 9), later)
	checkpointIndex(t, x)
	if got := x.size(); got != 2 {
		t.Errorf("%d ids kept after the window passed the version 1 run, want the undated one and the new one", got)
	}
	x.close()
}

// TestIndexRunFileDamageIsAnError: a run file whose size does not match its checkpoint is an
// error at open, not an index that silently forgets.
func TestIndexRunFileDamageIsAnError(t *testing.T) {
	dir := t.TempDir()
	x, _ := openLogIDIndex(dir, indexState{}, indexOptions{})
	at := time.Now()
	mustSeen(t, x, datedLogID(at, 1), at)
	st := checkpointIndex(t, x)
	x.close()
	os.Truncate(filepath.Join(dir, st.Runs[0].Name), 4)
	if _, err := openLogIDIndex(dir, st, indexOptions{}); err == nil {
		t.Error("a truncated run opened")
	}
}
