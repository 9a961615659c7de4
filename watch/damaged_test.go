package watch

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestDamagedCopiesAreReportedThenRemoved: the original of a segment found damaged
// (SEGMENT.seg.damaged, up to 64 MiB outside --spool-max-bytes) was kept for good and never
// mentioned after the start that made it. Now every start names each copy left and when it
// goes, /metrics counts them, a running receiver deletes them after DamagedKeep (logged), and
// the temporary file of an interrupted salvage is removed.
func TestDamagedCopiesAreReportedThenRemoved(t *testing.T) {
	dir := t.TempDir()
	r, srv, stop := startReceiver(t, dir, func(c *Config) { c.CheckpointEvery = time.Hour; c.CheckpointEvents = 1 << 30 })
	for i := 0; i < 3; i++ {
		if code, msg := post(t, srv.URL, "Bearer "+testToken, "", lines(i*10+1, i*10+10)); code != http.StatusOK {
			t.Fatal(code, msg)
		}
	}
	waitIdle(t, r)
	stop()
	os.Remove(filepath.Join(dir, checkpointFile))
	seg := lastNonEmptySegment(t, dir)
	b, _ := os.ReadFile(seg)
	frames := frameOffsets(t, b)
	b[frames[1]+frameHeaderLen+3] ^= 0xff
	os.WriteFile(seg, b, 0o600)
	_, _, stop = startReceiver(t, dir, nil) // salvages, keeps seg.damaged
	stop()
	copyPath := seg + ".damaged"
	st, err := os.Stat(copyPath)
	if err != nil {
		t.Fatalf("no copy of the damaged segment: %v", err)
	}
	salvageTmp := seg + ".salvage"
	os.WriteFile(salvageTmp, []byte("half"), 0o600)

	var clock atomic.Int64
	clock.Store(time.Now().UnixNano())
	var mu sync.Mutex
	var logged []string
	logOf := func() string { mu.Lock(); defer mu.Unlock(); return strings.Join(logged, "\n") }
	r, srv, _ = startReceiver(t, dir, func(c *Config) {
		c.Now = func() time.Time { return time.Unix(0, clock.Load()) }
		c.CheckpointEvery = 10 * time.Millisecond
		c.Log = func(s string) { mu.Lock(); logged = append(logged, s); mu.Unlock() }
	})
	if all := logOf(); !strings.Contains(all, copyPath) || !strings.Contains(all, "kept for inspection until") {
		t.Errorf("the start does not name the copy left and when it goes:\n%s", all)
	}
	if _, err := os.Stat(salvageTmp); !os.IsNotExist(err) {
		t.Errorf("the interrupted salvage's file is still there: %v", err)
	}
	_, m := scrape(t, r, "/metrics")
	for _, want := range []string{"auth0audit_watch_spool_damaged_copies 1\n", "auth0audit_watch_spool_damaged_copies_bytes " + strconv.FormatInt(st.Size(), 10) + "\n"} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q:\n%s", want, grepLines(m, "damaged"))
		}
	}

	// A week and a day later, the next checkpoint deletes it.
	clock.Add(int64(DefaultDamagedKeep + 24*time.Hour))
	r.lastSweep.Store(0)
	if code, msg := post(t, srv.URL, "Bearer "+testToken, "", lines(101, 110)); code != http.StatusOK {
		t.Fatal(code, msg)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		// The gauge is set after the removal and its log line.
		if _, m := scrape(t, r, "/metrics"); strings.Contains(m, "auth0audit_watch_spool_damaged_copies 0\n") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the copy is still there after its keep:\n%s", logOf())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, err := os.Stat(copyPath); !os.IsNotExist(err) {
		t.Errorf("the copy is still there: %v", err)
	}
	if all := logOf(); !strings.Contains(all, "removed "+copyPath) {
		t.Errorf("the removal is not logged:\n%s", all)
	}
}
