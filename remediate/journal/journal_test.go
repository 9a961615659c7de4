package journal

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(j.Append(Record{Step: "a", Attempt: 1, Phase: Intent, Action: "rotate-secret", BeforeFP: fp}))
	must(j.Append(Record{Step: "a", Attempt: 1, Phase: Outcome, Action: "rotate-secret", Result: Done, AfterFP: "x"}))
	must(j.Append(Record{Step: "b", Attempt: 1, Phase: Intent, Action: "rotate-secret", BeforeFP: fp}))
	j.Close()

	// A crash mid-write leaves a torn last line; it is ignored.
	f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"step":"c","pha`)
	f.Close()

	j, err = Open(p, "t.example", "d1")
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if a := j.State("a"); !a.Done() || a.Unclear {
		t.Fatalf("a = %+v, want done", a)
	}
	b := j.State("b")
	if !b.Unclear || b.Open.BeforeFP != fp || b.Done() {
		t.Fatalf("b = %+v, want an open intent", b)
	}
	if j.Fingerprint("old-secret") != fp {
		t.Fatal("the salt was not kept across opens")
	}
	if c := j.State("c"); c.Attempts != 0 || c.Result != "" {
		t.Fatalf("c = %+v", c)
	}
	if _, err := Open(p, "", "d2"); err == nil {
		t.Fatal("a journal for another plan was accepted")
	}
}

func TestJournalCorruptLineIsAnError(t *testing.T) {
	p := filepath.Join(t.TempDir(), "j.jsonl")
	j, _ := Open(p, "", "")
	j.Append(Record{Step: "a", Phase: Intent, Action: "link"})
	j.Close()
	b, _ := os.ReadFile(p)
	os.WriteFile(p, append(b, []byte("garbage\n{\"step\":\"a\",\"phase\":\"outcome\",\"result\":\"done\"}\n")...), 0o600)
	if _, err := Open(p, "", ""); err == nil || !strings.Contains(err.Error(), ":3:") {
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
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Append(Record{Step: "a", Attempt: 1, Phase: Intent, Action: "rotate-secret", BeforeFP: "fp0"}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	f, _ := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"step":"a","phase":"outc`)
	f.Close()

	j, err = Open(p, "t.example", "d1")
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Append(Record{Step: "a", Attempt: 1, Phase: Outcome, Action: "rotate-secret", Result: Done, AfterFP: "fp1"}); err != nil {
		t.Fatal(err)
	}
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

// TestJournalTornHeader: a crash while the header was being written leaves a file no run can
// open; it holds nothing, so it is started afresh.
func TestJournalTornHeader(t *testing.T) {
	p := filepath.Join(t.TempDir(), "j.jsonl")
	os.WriteFile(p, []byte(`{"format":"auth0audit-fix-jou`), 0o600)
	j, err := Open(p, "t.example", "d1")
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if err := j.Append(Record{Step: "a", Phase: Intent, Action: "link"}); err != nil {
		t.Fatal(err)
	}
	if j.Header().Format != FormatName || j.Fingerprint("x") == "" {
		t.Fatalf("header %+v", j.Header())
	}
}
