package sink

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, s Sink, id string) Stages {
	t.Helper()
	st, err := s.Read(id)
	must(t, err)
	return st
}

// stores returns one of each file-backed store in a fresh directory.
func stores(t *testing.T) map[string]Sink {
	dir := t.TempDir()
	return map[string]Sink{
		"file":     &File{Path: filepath.Join(dir, "one.secret")},
		"dir":      &File{Path: filepath.Join(dir, "secrets") + "/"},
		"env":      &EnvFile{Path: filepath.Join(dir, ".env")},
		"stdout":   &Stdout{W: &bytes.Buffer{}},
		"dir-nosl": &File{Path: dir},
	}
}

// TestStagesLifecycle runs the same transitions on every store: stage, promote, drop
// previous, set current; each store reads back what was written.
func TestStagesLifecycle(t *testing.T) {
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			id := "cid-1"
			must(t, s.Preflight(id))
			st := read(t, s, id)
			if st != (Stages{}) {
				t.Fatalf("fresh store holds %v", st)
			}
			must(t, SetCurrent(s, id, "old-secret", st))
			st = read(t, s, id)
			must(t, Stage(s, id, "new-secret", st))
			st = read(t, s, id)
			if st.Current != "old-secret" || st.Pending != "new-secret" {
				t.Fatalf("after stage: %v (staging must never touch current)", st)
			}
			if err := Stage(s, id, "third", st); err == nil {
				t.Fatal("a second pending value replaced the first")
			}
			if err := Promote(s, id, st, "not-the-staged"); err == nil {
				t.Fatal("promoted a value that is not the staged one")
			}
			must(t, Promote(s, id, st, "new-secret"))
			st = read(t, s, id)
			if st != (Stages{Current: "new-secret", Previous: "old-secret"}) {
				t.Fatalf("after promote: %+v", st)
			}
			must(t, DropPrevious(s, id, st))
			st = read(t, s, id)
			if st != (Stages{Current: "new-secret"}) {
				t.Fatalf("after drop: %v", st)
			}
			// Compare-and-swap: a write from stale stages changes nothing.
			var conflict *ConflictError
			if err := SetCurrent(s, id, "x", Stages{Current: "stale"}); !errors.As(err, &conflict) {
				t.Fatalf("stale write: err = %v", err)
			}
			if got := read(t, s, id); got != st {
				t.Fatalf("a refused write changed the store: %v", got)
			}
		})
	}
}

func TestStagesNeverPrintValues(t *testing.T) {
	st := Stages{Pending: "p-secret", Current: "c-secret"}
	for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
		if out := fmt.Sprintf(f, st); strings.Contains(out, "secret") {
			t.Errorf("%s prints a value: %s", f, out)
		}
	}
}

func TestCheckKnownRefusesTheSameWayInEveryStore(t *testing.T) {
	for name, s := range stores(t) {
		if name == "stdout" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			must(t, s.Preflight("web"))
			must(t, SetCurrent(s, "web", "somebody-elses", Stages{}))
			st := read(t, s, "web")
			err := CheckKnown(s, "web", st, func(v string) bool { return v == "tenant-current" })
			var unknown *UnknownValueError
			if !errors.As(err, &unknown) || unknown.Slot != SlotCurrent || !errors.Is(err, ErrUnknownValue) {
				t.Fatalf("err = %v", err)
			}
			if !strings.Contains(err.Error(), s.Where("web", SlotCurrent)) {
				t.Fatalf("message does not say where: %v", err)
			}
			if err := CheckKnown(s, "web", st, func(v string) bool { return v == "somebody-elses" }); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestFileLayoutAndMode(t *testing.T) {
	dir := t.TempDir()
	s := &File{Path: dir + "/secrets/"}
	must(t, s.Preflight("web"))
	must(t, SetCurrent(s, "web", "cur", Stages{}))
	must(t, Stage(s, "web", "pend", Stages{Current: "cur"}))
	for name, want := range map[string]string{"web.secret": "cur\n", "web.pending": "pend\n"} {
		p := filepath.Join(dir, "secrets", name)
		b, err := os.ReadFile(p)
		if err != nil || string(b) != want {
			t.Fatalf("%s = %q, %v", name, b, err)
		}
		if st, _ := os.Stat(p); st.Mode().Perm() != 0o600 {
			t.Fatalf("%s mode %v", name, st.Mode().Perm())
		}
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "secrets"))
	if len(entries) != 2 {
		t.Fatalf("files: %v", entries)
	}
	if err := s.Preflight("../x"); err == nil {
		t.Fatal("a client id with a slash named a file")
	}
	if (&File{Path: filepath.Join(dir, "one")}).HoldsOneClient() != true || s.HoldsOneClient() {
		t.Fatal("HoldsOneClient")
	}
}

// TestPreflightSweepsAndProbes: a temporary file an interrupted write left (0600, holding a
// secret) is removed by the next Preflight; a directory that takes no files is refused
// before anything changes; a stage file that is a symlink is refused.
func TestPreflightSweepsAndProbes(t *testing.T) {
	dir := t.TempDir()
	s := &File{Path: dir + "/"}
	left := filepath.Join(dir, ".web.secret"+tempMarker+"0123")
	os.WriteFile(left, []byte("a-live-secret\n"), 0o600)
	other := filepath.Join(dir, ".legacy.secret"+tempMarker+"0123")
	os.WriteFile(other, []byte("x\n"), 0o600)
	must(t, s.Preflight("web"))
	if _, err := os.Stat(left); err == nil {
		t.Fatal("the leftover temporary file of web is still there")
	}
	if _, err := os.Stat(other); err != nil {
		t.Fatal("another client's file was swept")
	}

	ro := filepath.Join(t.TempDir(), "ro")
	os.Mkdir(ro, 0o500)
	if os.Getuid() != 0 {
		if err := (&File{Path: ro + "/"}).Preflight("web"); err == nil || !strings.Contains(err.Error(), "not writable") {
			t.Fatalf("read-only dir: err = %v", err)
		}
		if err := (&EnvFile{Path: filepath.Join(ro, ".env")}).Preflight("web"); err == nil {
			t.Fatal("read-only env dir accepted")
		}
	}

	target := filepath.Join(dir, "elsewhere")
	os.WriteFile(target, []byte("keep\n"), 0o600)
	os.Symlink(target, filepath.Join(dir, "spa.secret"))
	if err := s.Preflight("spa"); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("symlinked stage: err = %v", err)
	}
	if _, err := s.Read("spa"); err == nil {
		t.Fatal("read through a symlink")
	}
}

// TestEnvFileKeepsTheAppsFile: only the client's own lines change; comments, other keys,
// "export", quoting, CRLF and the file's mode stay; a file others can read is refused untouched.
func TestEnvFileKeepsTheAppsFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), ".env")
	orig := "# app settings\r\nexport DB_URL=\"postgres://x\"\r\nexport AUTH0_CLIENT_SECRET_WEB='old'\r\nPORT=8080\r\n"
	os.WriteFile(p, []byte(orig), 0o400)
	s := &EnvFile{Path: p}
	must(t, s.Preflight("web"))
	st := read(t, s, "web")
	if st.Current != "old" {
		t.Fatalf("read %v", st)
	}
	must(t, Stage(s, "web", "new-1", st))
	must(t, Promote(s, "web", read(t, s, "web"), "new-1"))
	b, _ := os.ReadFile(p)
	want := "# app settings\r\nexport DB_URL=\"postgres://x\"\r\nexport AUTH0_CLIENT_SECRET_WEB=new-1\r\nPORT=8080\r\nAUTH0_CLIENT_SECRET_WEB_PREVIOUS=old\r\n"
	if string(b) != want {
		t.Fatalf("env file =\n%q\nwant\n%q", b, want)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o400 {
		t.Fatalf("mode changed to %v", st.Mode().Perm())
	}
	must(t, DropPrevious(s, "web", read(t, s, "web")))
	b, _ = os.ReadFile(p)
	if strings.Contains(string(b), "PREVIOUS") {
		t.Fatalf("previous not dropped: %q", b)
	}

	open := filepath.Join(t.TempDir(), ".env")
	os.WriteFile(open, []byte("A=1\n"), 0o644)
	if err := (&EnvFile{Path: open}).Preflight("web"); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("group-readable env file: err = %v", err)
	}
	if b, _ := os.ReadFile(open); string(b) != "A=1\n" {
		t.Fatal("the refused file changed")
	}
	if st, _ := os.Stat(open); st.Mode().Perm() != 0o644 {
		t.Fatal("the refused file's mode changed")
	}

	dup := filepath.Join(t.TempDir(), ".env")
	os.WriteFile(dup, []byte("AUTH0_CLIENT_SECRET_WEB=a\nAUTH0_CLIENT_SECRET_WEB=b\n"), 0o600)
	if _, err := (&EnvFile{Path: dup}).Read("web"); err == nil || !strings.Contains(err.Error(), "2 times") {
		t.Fatalf("duplicate key: err = %v", err)
	}
	fresh := filepath.Join(t.TempDir(), "new.env")
	must(t, SetCurrent(&EnvFile{Path: fresh}, "abc-1", "v1", Stages{}))
	if b, _ := os.ReadFile(fresh); string(b) != "AUTH0_CLIENT_SECRET_ABC_1=v1\n" {
		t.Fatalf("new env file = %q", b)
	}
	if st, _ := os.Stat(fresh); st.Mode().Perm() != 0o600 {
		t.Fatalf("new env file mode %v", st.Mode().Perm())
	}
}

func TestStdoutNeedsReveal(t *testing.T) {
	if _, err := Parse("stdout", false, nil); err == nil || !strings.Contains(err.Error(), "--reveal-secrets") {
		t.Fatalf("err = %v", err)
	}
	var out bytes.Buffer
	s, err := Parse("stdout", true, &out)
	must(t, err)
	must(t, SetCurrent(s, "cid", "value", Stages{}))
	if out.String() != "cid\tvalue\n" {
		t.Fatalf("out = %q", out.String())
	}
	for _, bad := range []string{"", "file:", "env:", "s3://x"} {
		if _, err := Parse(bad, true, nil); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

// TestEnvFileEmptyKeyIsFilledInPlace: an app's .env often lists the variable with no value
// yet ("AUTH0_CLIENT_SECRET_WEB=" or with empty quotes). Setting the secret fills that line
// where it is; it never adds a second line for the same key, which the next read refuses as a
// duplicate (a rotation then stopped after the tenant had changed, the secret written twice).
func TestEnvFileEmptyKeyIsFilledInPlace(t *testing.T) {
	for _, empty := range []string{"AUTH0_CLIENT_SECRET_WEB=", `export AUTH0_CLIENT_SECRET_WEB=""`, "AUTH0_CLIENT_SECRET_WEB_PENDING=''"} {
		for _, flow := range []string{"rotate", "stage-promote"} {
			t.Run(flow+"/"+empty, func(t *testing.T) {
				p := filepath.Join(t.TempDir(), ".env")
				os.WriteFile(p, []byte("DB=x\n"+empty+"\nPORT=1\n"), 0o600)
				s := &EnvFile{Path: p}
				must(t, s.Preflight("web"))
				if flow == "rotate" {
					must(t, SetCurrent(s, "web", "new-1", read(t, s, "web")))
				} else {
					must(t, Stage(s, "web", "new-1", read(t, s, "web")))
					must(t, Promote(s, "web", read(t, s, "web"), "new-1"))
				}
				if st := read(t, s, "web"); st.Current != "new-1" || st.Pending != "" {
					t.Fatalf("stages: %v", st)
				}
				b, _ := os.ReadFile(p)
				lines := strings.Split(string(b), "\n")
				if n := strings.Count(string(b), "AUTH0_CLIENT_SECRET_WEB="); n != 1 {
					t.Fatalf("the current key is set %d times:\n%s", n, b)
				}
				if lines[0] != "DB=x" || !strings.Contains(string(b), "\nPORT=1\n") {
					t.Fatalf("the app's other lines changed:\n%s", b)
				}
				if strings.HasSuffix(strings.Fields(empty)[len(strings.Fields(empty))-1], "WEB=") || strings.Contains(empty, `WEB=""`) {
					if !strings.Contains(lines[1], "AUTH0_CLIENT_SECRET_WEB=new-1") {
						t.Fatalf("the app's placeholder line did not get the secret in place:\n%s", b)
					}
				}
			})
		}
	}
}
