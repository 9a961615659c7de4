package journal

import (
	"path/filepath"
	"sync"
	"testing"
)

// BenchmarkAppend measures one fsync'd journal record (the cost added to every API call).
func BenchmarkAppend(b *testing.B) {
	j, err := Open(filepath.Join(b.TempDir(), "j.jsonl"), "t", "")
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	fp := j.Fingerprint("secret")
	for b.Loop() {
		if err := j.Append(Record{Step: "rotate:web", Attempt: 1, Phase: Intent, Action: "rotate-secret", BeforeFP: fp}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendParallel16 measures records appended by 16 concurrent steps (a bulk run):
// they share fsyncs.
func BenchmarkAppendParallel16(b *testing.B) {
	j, err := Open(filepath.Join(b.TempDir(), "j.jsonl"), "t", "")
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	b.ResetTimer()
	var wg sync.WaitGroup
	per := b.N/16 + 1
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range per {
				if err := j.Append(Record{Step: "rotate:" + string(rune('a'+w)), Phase: Intent, Action: "rotate-secret"}); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
