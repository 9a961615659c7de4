package logscan

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
)

// TestDedupeSpillsExactly checks the bounded set against a plain map over a long sequence
// with repeats, with memory so small that most ids live in the file after many merges.
func TestDedupeSpillsExactly(t *testing.T) {
	for _, memIDs := range []int{1, 7, 64} {
		d := newDedupe(memIDs)
		truth := map[string]bool{}
		rng := rand.New(rand.NewPCG(1, uint64(memIDs)))
		for i := range 5000 {
			id := fmt.Sprintf("90020261130%012d", rng.IntN(2000))
			if i%97 == 0 {
				id = "" // no log_id: always new
			}
			got, err := d.first(id)
			if err != nil {
				t.Fatal(err)
			}
			want := id == "" || !truth[id]
			truth[id] = true
			if got != want {
				t.Fatalf("memIDs %d, event %d (%s): first = %v, want %v", memIDs, i, id, got, want)
			}
		}
		if len(d.mem) >= memIDs || d.inFile == 0 {
			t.Errorf("memIDs %d: %d in memory, %d in the file: expected most in the file", memIDs, len(d.mem), d.inFile)
		}
		st, err := d.file.Stat()
		if err != nil {
			t.Fatal(err)
		}
		if perm := st.Mode().Perm(); perm != 0o600 {
			t.Errorf("index file mode %v, want 0600", perm)
		}
		name := d.file.Name()
		if err := d.close(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(name); !os.IsNotExist(err) {
			t.Errorf("index file %s left behind: %v", name, err)
		}
		if err := d.close(); err != nil {
			t.Errorf("second close: %v", err)
		}
	}
}

// TestScanWithSpilledIndexMatchesInMemory: the same inputs, twice over, give the same findings
// and counts whether the log_id index stays in memory or spills after every few ids.
func TestScanWithSpilledIndexMatchesInMemory(t *testing.T) {
	_, nd := sampleEvents()
	inputs := []input{{"a", nd}, {"b", nd}}
	inMemory := scan(t, Options{}, inputs...)
	spilled := scan(t, Options{memIDs: 3}, inputs...)
	if !slices.Equal(spilled.keys(), inMemory.keys()) {
		t.Errorf("findings differ:\n spilled %v\nin memory %v", spilled.keys(), inMemory.keys())
	}
	if spilled.stats.Duplicates != inMemory.stats.Duplicates || spilled.stats.Duplicates == 0 {
		t.Errorf("duplicates: spilled %d, in memory %d (want equal, not 0)", spilled.stats.Duplicates, inMemory.stats.Duplicates)
	}
}

// BenchmarkDedupe measures a relevant event's lookup: a new id (now and then merged into the
// file, memory being small here) and a duplicate of an id already moved to the file.
func BenchmarkDedupe(b *testing.B) {
	ids := make([]string, 1<<18)
	for i := range ids {
		ids[i] = fmt.Sprintf("900202611301234%040d", i)
	}
	b.Run("new", func(b *testing.B) {
		b.ReportAllocs()
		d := newDedupe(1 << 12)
		defer d.close()
		i := 0
		for b.Loop() {
			if i == len(ids) { // start over with a fresh set, outside what is measured
				b.StopTimer()
				d.close()
				d, i = newDedupe(1<<12), 0
				b.StartTimer()
			}
			if _, err := d.first(ids[i]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("duplicate", func(b *testing.B) {
		b.ReportAllocs()
		d := newDedupe(1 << 12)
		defer d.close()
		for _, id := range ids {
			d.first(id)
		}
		i := 0
		for b.Loop() {
			if first, err := d.first(ids[i%len(ids)]); err != nil || first {
				b.Fatal("a duplicate was taken for new", err)
			}
			i++
		}
	})
}
