package sink

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFileSinkModeAndRoundTrip(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "new.secret")
	s, err := Parse("file:"+p, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put("cid", "s3cret-value"); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode = %v, want 0600", st.Mode().Perm())
	}
	got, err := s.Get("cid")
	if err != nil || got != "s3cret-value" {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if err := s.Put("other", "x"); err == nil || !strings.Contains(err.Error(), "already holds") {
		t.Fatalf("second client into a single-file sink: err = %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "s3cret-value\n" {
		t.Fatalf("file holds %q, want the bare secret", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("temporary files left behind: %v", entries)
	}
}

func TestFileSinkDirectory(t *testing.T) {
	dir := t.TempDir() + "/secrets/"
	s := &File{Path: dir}
	for _, id := range []string{"a", "b"} {
		if err := s.Put(id, "secret-"+id); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{"a", "b"} {
		if got, _ := s.Get(id); got != "secret-"+id {
			t.Fatalf("Get(%s) = %q", id, got)
		}
		st, _ := os.Stat(filepath.Join(dir, id+".secret"))
		if st.Mode().Perm() != 0o600 {
			t.Fatalf("mode %v", st.Mode().Perm())
		}
	}
	if err := s.Put("../x", "s"); err == nil {
		t.Fatal("a client id with a slash must not name a file")
	}
}

func TestEnvSink(t *testing.T) {
	p := filepath.Join(t.TempDir(), ".env")
	os.WriteFile(p, []byte("OTHER=1\n"), 0o644)
	s, _ := Parse("env:"+p, false, nil)
	if err := s.Put("abc-1", "v1"); err != nil {
		t.Fatal(err)
	}
	if err := s.Put("abc-1", "v2"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	if string(b) != "OTHER=1\nAUTH0_CLIENT_SECRET_ABC_1=v2\n" {
		t.Fatalf("env file = %q", b)
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode().Perm())
	}
	if got, _ := s.Get("abc-1"); got != "v2" {
		t.Fatalf("Get = %q", got)
	}
}

func TestStdoutNeedsReveal(t *testing.T) {
	if _, err := Parse("stdout", false, nil); err == nil || !strings.Contains(err.Error(), "--reveal-secrets") {
		t.Fatalf("err = %v", err)
	}
	var out bytes.Buffer
	s, err := Parse("stdout", true, &out)
	if err != nil {
		t.Fatal(err)
	}
	s.Put("cid", "value")
	if out.String() != "cid\tvalue\n" {
		t.Fatalf("out = %q", out.String())
	}
	for _, bad := range []string{"", "file:", "s3://x"} {
		if _, err := Parse(bad, true, nil); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

// TestFileSinkKeepsWhatItFinds: a single file that is not empty when the run starts is not
// overwritten until the caller adopts it (having checked its content against the journal).
func TestFileSinkKeepsWhatItFinds(t *testing.T) {
	p := filepath.Join(t.TempDir(), "old.secret")
	if err := os.WriteFile(p, []byte("an-earlier-runs-secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f := &File{Path: p}
	var occupied *OccupiedError
	if err := f.Put("cid", "new"); !errors.As(err, &occupied) || occupied.Path != p {
		t.Fatalf("Put over an occupied file: err = %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "an-earlier-runs-secret\n" {
		t.Fatalf("the file was changed: %q", b)
	}
	f.Adopt("cid")
	if err := f.Put("cid", "new"); err != nil {
		t.Fatalf("Put after Adopt: %v", err)
	}
	if err := f.Check("other"); err == nil {
		t.Fatal("a second client after Adopt was accepted")
	}
	// An empty file (made by the operator beforehand) is free to use.
	empty := filepath.Join(t.TempDir(), "empty.secret")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := (&File{Path: empty}).Put("cid", "s"); err != nil {
		t.Fatalf("Put into an empty file: %v", err)
	}
}
