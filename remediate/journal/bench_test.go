package journal

import (
	"path/filepath"
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
