//go:build linux

package journal

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestJournalFailedAppendLeavesNoTornRecord: an append that fails half-written (a full disk, a
// file size limit) must not leave its bytes in the file. Otherwise the next record, appended
// once space is back (another step of a parallel run, or the step's own needs-attention note),
// is glued onto them: that acknowledged record is then cut off as a torn last line when the
// journal is opened again, or the journal is refused as damaged in its middle.
func TestJournalFailedAppendLeavesNoTornRecord(t *testing.T) {
	p := filepath.Join(t.TempDir(), "j.jsonl")
	j, err := Open(p, "t.example", "d1")
	must(t, err)
	must(t, j.Append(Record{Step: "a", Attempt: 1, Phase: Intent, Action: "rotate-secret", BeforeFP: "fp0"}))
	st, _ := os.Stat(p)

	var old syscall.Rlimit
	must(t, syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old))
	limited := old
	limited.Cur = uint64(st.Size()) + 40 // room for 40 bytes of the next record only
	must(t, syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limited))
	err = j.Append(Record{Step: "b", Attempt: 1, Phase: Intent, Action: "rotate-secret", BeforeFP: "fp-b", Detail: strings.Repeat("x", 200)})
	must(t, syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old))
	if err == nil {
		t.Fatal("the append past the file size limit did not fail")
	}
	// Space is back: the next records go in.
	must(t, j.Append(Record{Step: "a", Attempt: 1, Phase: Outcome, Action: "rotate-secret", Result: Applied, AfterFP: "fp1"}))
	must(t, j.Append(Record{Step: "a", Phase: Note, Action: "verify", Result: Done, AfterFP: "fp1"}))
	j.Close()

	j, err = Open(p, "t.example", "d1")
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer j.Close()
	if a := j.State("a"); !a.Done() || a.AfterFP != "fp1" {
		t.Fatalf("a = %+v: records acknowledged after the failed append were lost", a)
	}
	if b := j.State("b"); b.Attempts != 0 {
		t.Fatalf("b = %+v: the failed record is in the journal", b)
	}
}
