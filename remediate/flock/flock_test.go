package flock

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTryLockFailsFastNamingTheHolder(t *testing.T) {
	p := filepath.Join(t.TempDir(), "j.lock")
	a, err := TryLock(p, "journal j")
	if err != nil {
		t.Fatal(err)
	}
	_, err = TryLock(p, "journal j")
	var busy *BusyError
	if !errors.As(err, &busy) || !errors.Is(err, ErrBusy) {
		t.Fatalf("second lock: err = %v, want busy", err)
	}
	if busy.Holder.PID != os.Getpid() || !strings.Contains(err.Error(), "journal j is in use by process") {
		t.Fatalf("holder %+v, message %q", busy.Holder, err)
	}
	if err := a.Unlock(); err != nil {
		t.Fatal(err)
	}
	b, err := TryLock(p, "journal j")
	if err != nil {
		t.Fatalf("after unlock: %v", err)
	}
	b.Unlock()
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
		t.Fatalf("lock file mode %v", st.Mode().Perm())
	}
}

func TestTryLockRefusesSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	os.WriteFile(target, []byte("keep me"), 0o644)
	link := filepath.Join(dir, "j.lock")
	os.Symlink(target, link)
	if _, err := TryLock(link, "journal"); err == nil {
		t.Fatal("locked through a symlink")
	}
	if b, _ := os.ReadFile(target); string(b) != "keep me" {
		t.Fatalf("symlink target changed: %q", b)
	}
}
