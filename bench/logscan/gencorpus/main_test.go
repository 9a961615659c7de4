package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestSampleIsUpToDate checks that testdata/logs holds what the generator writes, so a change
// to the sample scenario cannot leave the committed files (and the counts tests assert on them)
// behind. Regenerate with: go run ./bench/logscan/gencorpus -sample testdata/logs
func TestSampleIsUpToDate(t *testing.T) {
	dir := t.TempDir()
	if err := writeSample(dir); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		want, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		got, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "logs", e.Name()))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("testdata/logs/%s differs from the generator's output (%v); regenerate it", e.Name(), err)
		}
	}
}
