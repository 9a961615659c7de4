package logscan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExpandInputsSkipsNonLogFiles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b.ndjson", "a.json.gz", "README.md", "LICENSE", "c.jsonl", "notes.txt"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := ExpandInputs([]string{"-", dir, filepath.Join(dir, "notes.txt")})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"-", filepath.Join(dir, "a.json.gz"), filepath.Join(dir, "b.ndjson"), filepath.Join(dir, "c.jsonl"), filepath.Join(dir, "notes.txt")}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("ExpandInputs = %v, want %v (a file named explicitly is kept)", got, want)
	}
	empty := t.TempDir()
	if _, err := ExpandInputs([]string{empty}); err == nil || !strings.Contains(err.Error(), empty) {
		t.Errorf("empty directory: err = %v, want it named", err)
	}
	other := t.TempDir()
	for _, name := range []string{"export.txt", "export2.txt"} {
		if err := os.WriteFile(filepath.Join(other, name), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(other, "2026-10"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err = ExpandInputs([]string{other})
	if err == nil || !strings.Contains(err.Error(), "export.txt, export2.txt") || !strings.Contains(err.Error(), "2026-10") {
		t.Errorf("directory of other files: err = %v, want what it holds", err)
	}
	if _, err := ExpandInputs([]string{filepath.Join(dir, "missing.json")}); err == nil {
		t.Error("a missing file was accepted")
	}
}
