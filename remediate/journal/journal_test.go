package journal

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/auth0-migrate/auth0audit/remediate/flock"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestJournalResumeState(t *testing.T) {
	p := filepath.Join(t.TempDir(), "j.jsonl")
	j, err := Open(p, "t.example", "d1")
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(p)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode().Perm())
	}
	fp := j.Fingerprint("old-secret")
	must(t, j.Append(Record{Step: "a", Attempt: 1, Phase: Intent, Action: "rotate-secret", BeforeFP: fp}))
	must(t, j.Append(Record{Step: "a", Attempt: 1, Phase: Outcome, Action: "rotate-secret", Result: Applied, AfterFP: "x"}))
	must(t, j.Append(Record{Step: "a", Phase: Note, Action: "verify", Result: Done, AfterFP: "x"}))
	must(t, j.Append(Record{Step: "b", Attempt: 1, Phase: Intent, Action: "rotate-secret", BeforeFP: fp}))
	id := j.ID()
	j.Close()

	// A crash mid-write leaves a torn last line; it is ignored.
	f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"step":"c","pha`)
	f.Close()

	j, err = Open(p, "T.Example", "d1") // the tenant compares case-insensitively
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if a := j.State("a"); !a.Done() || a.Unclear || !a.Applied || a.AfterFP != "x" || !a.Known[fp] || !a.Known["x"] {
		t.Fatalf("a = %+v, want done", a)
	}
	b := j.State("b")
	if !b.Unclear || b.Open.BeforeFP != fp || b.Done() {
		t.Fatalf("b = %+v, want an open intent", b)
	}
	if j.Fingerprint("old-secret") != fp || j.ID() != id {
		t.Fatal("the salt or id was not kept across opens")
	}
	if c := j.State("c"); c.Attempts != 0 || c.Result != "" {
		t.Fatalf("c = %+v", c)
	}
}

func TestJournalBoundToTenantAndPlan(t *testing.T) {
	p := filepath.Join(t.TempDir(), "j.jsonl")
	j, err := Open(p, "a.example.com", "d1")
	must(t, err)
	j.Close()
	if _, err := Open(p, "b.example.com", "d1"); err == nil || !strings.Contains(err.Error(), "belongs to tenant a.example.com, not b.example.com") {
		t.Fatalf("another tenant: err = %v", err)
	}
	if _, err := Open(p, "a.example.com", "d2"); err == nil || !strings.Contains(err.Error(), "another plan") {
		t.Fatalf("another plan: err = %v", err)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "new"), "", ""); err == nil {
		t.Fatal("a journal without a tenant was created")
	}
	// A version-1 journal has no tenant: nothing says where its steps ran.
	old := filepath.Join(t.TempDir(), "v1.jsonl")
	os.WriteFile(old, []byte(`{"format":"auth0audit-fix-journal","version":1,"created":"2025-01-01T00:00:00Z","salt":"00112233445566778899aabbccddeeff"}`+"\n"), 0o600)
	if _, err := Open(old, "a.example.com", ""); err == nil || !strings.Contains(err.Error(), "records no tenant") {
		t.Fatalf("v1 journal: err = %v", err)
	}
}

func TestJournalCorruptLineIsAnError(t *testing.T) {
	p := filepath.Join(t.TempDir(), "j.jsonl")
	j, _ := Open(p, "t", "")
	j.Append(Record{Step: "a", Phase: Intent, Action: "link"})
	j.Close()
	b, _ := os.ReadFile(p)
	os.WriteFile(p, append(b, []byte("garbage\n{\"step\":\"a\",\"phase\":\"outcome\",\"result\":\"done\"}\n")...), 0o600)
	if _, err := Open(p, "t", ""); err == nil || !strings.Contains(err.Error(), ":3:") {
		t.Fatalf("err = %v, want the line number of the corrupt record", err)
	}
}

func TestFingerprintIsSaltedAndShort(t *testing.T) {
	a := Fingerprint([]byte("salt-one-16bytes"), "secret")
	b := Fingerprint([]byte("salt-two-16bytes"), "secret")
	if a == b {
		t.Fatal("the same secret has the same fingerprint in two journals")
	}
	if len(a) != 12 || strings.Contains(a, "secret") {
		t.Fatalf("fingerprint %q", a)
	}
	if Fingerprint([]byte("s"), "") != "" {
		t.Fatal("the empty secret must have no fingerprint")
	}
}

// TestJournalTornLineThenAppend: after a crash mid-write, the resumed run appends records. The
// torn bytes must not glue onto the next record, or the journal of a second resume is corrupt
// in its middle and the run cannot go on.
func TestJournalTornLineThenAppend(t *testing.T) {
	p := filepath.Join(t.TempDir(), "j.jsonl")
	j, err := Open(p, "t.example", "d1")
	must(t, err)
	must(t, j.Append(Record{Step: "a", Attempt: 1, Phase: Intent, Action: "rotate-secret", BeforeFP: "fp0"}))
	j.Close()
	f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"step":"a","phase":"outc`)
	f.Close()

	j, err = Open(p, "t.example", "d1")
	must(t, err)
	must(t, j.Append(Record{Step: "a", Attempt: 1, Phase: Outcome, Action: "rotate-secret", Result: Done, AfterFP: "fp1"}))
	j.Close()

	j, err = Open(p, "t.example", "d1")
	if err != nil {
		t.Fatalf("second resume: %v", err)
	}
	defer j.Close()
	if a := j.State("a"); !a.Done() || a.AfterFP != "fp1" {
		t.Fatalf("a = %+v, want done", a)
	}
}

// TestJournalRefusesWhatIsNotAJournal: an existing file that is not a journal is refused and
// left byte for byte as it was; so is a symlink (and what it points to). Nothing else appears
// beside it (no lock file either).
func TestJournalRefusesWhatIsNotAJournal(t *testing.T) {
	for name, content := range map[string]string{
		"no-newline":  "hello",
		"empty":       "",
		"torn-header": `{"format":"auth0audit-fix-jou`,
		"other-json":  `{"format":"something-else"}` + "\n",
		"notes":       "my notes\nline two\n",
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "notes.txt")
			os.WriteFile(p, []byte(content), 0o644)
			before, _ := os.Stat(p)
			_, err := Open(p, "t.example", "")
			if err == nil || !strings.Contains(err.Error(), "not an auth0audit fix journal") {
				t.Fatalf("err = %v", err)
			}
			b, _ := os.ReadFile(p)
			after, _ := os.Stat(p)
			if string(b) != content || after.Mode() != before.Mode() || !after.ModTime().Equal(before.ModTime()) {
				t.Fatalf("the file was changed: %q mode %v", b, after.Mode())
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Fatalf("files appeared beside it: %v", entries)
			}
		})
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	os.WriteFile(target, []byte("keep"), 0o644)
	link := filepath.Join(dir, "j.jsonl")
	os.Symlink(target, link)
	if _, err := Open(link, "t.example", ""); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("symlink: err = %v", err)
	}
	dangling := filepath.Join(dir, "dangling.jsonl")
	os.Symlink(filepath.Join(dir, "nowhere"), dangling)
	if _, err := Open(dangling, "t.example", ""); err == nil {
		t.Fatal("a dangling symlink was followed")
	}
	if _, err := os.Stat(filepath.Join(dir, "nowhere")); err == nil {
		t.Fatal("a file was created through a dangling symlink")
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Fatalf("symlink target changed: %q", b)
	}
}

// TestJournalIsLocked: a second open of the same journal fails at once, naming the holder.
func TestJournalIsLocked(t *testing.T) {
	p := filepath.Join(t.TempDir(), "j.jsonl")
	j, err := Open(p, "t.example", "")
	must(t, err)
	_, err = Open(p, "t.example", "")
	if !errors.Is(err, flock.ErrBusy) || !strings.Contains(err.Error(), "in use by process") {
		t.Fatalf("err = %v", err)
	}
	j.Close()
	j, err = Open(p, "t.example", "")
	must(t, err)
	j.Close()
}

// TestJournalConcurrentAppends: records appended from many goroutines are all on disk and
// readable by the next open.
func TestJournalConcurrentAppends(t *testing.T) {
	p := filepath.Join(t.TempDir(), "j.jsonl")
	j, err := Open(p, "t.example", "")
	must(t, err)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 10 {
				if err := j.Append(Record{Step: string(rune('a' + i)), Attempt: k + 1, Phase: Intent, Action: "x"}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	j.Close()
	j, err = Open(p, "t.example", "")
	must(t, err)
	defer j.Close()
	if n := len(j.Records()); n != 200 {
		t.Fatalf("%d records, want 200", n)
	}
	if st := j.State("c"); st.Attempts != 10 {
		t.Fatalf("state %+v", st)
	}
}

// TestJournalReleasedIsForgottenByANewCall: a step whose marker was removed (it stopped with
// nothing changed, or was done) and that then calls the tenant again holds a marker again; a
// run killed before removing that one must leave Released false, so the resume removes it.
func TestJournalReleasedIsForgottenByANewCall(t *testing.T) {
	j, err := Open(filepath.Join(t.TempDir(), "j.jsonl"), "t.example", "")
	must(t, err)
	defer j.Close()
	must(t, j.Append(Record{Step: "a", Phase: Note, Action: "release-marker"}))
	must(t, j.Append(Record{Step: "a", Attempt: 1, Phase: Intent, Action: "rotate-secret", BeforeFP: "fp0"}))
	must(t, j.Append(Record{Step: "a", Attempt: 1, Phase: Outcome, Action: "rotate-secret", Result: Applied, AfterFP: "fp1"}))
	must(t, j.Append(Record{Step: "a", Phase: Note, Action: "verify", Result: Done, AfterFP: "fp1"}))
	if st := j.State("a"); !st.Done() || st.Released {
		t.Fatalf("state %+v: want done, marker not yet released", st)
	}
}
