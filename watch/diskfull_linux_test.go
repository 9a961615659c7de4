//go:build linux

package watch

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// tinyTmpfs mounts a tmpfs of size bytes for the test, or skips it when this process may not
// mount (not root, or no CAP_SYS_ADMIN in a container): the injected-fault test covers the
// same code without it.
func tinyTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "tmpfs")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size+",mode=0700"); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v); TestDiskFullInjected covers the same path", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmounting %s: %v", dir, err)
		}
	})
	return dir
}

// TestDiskFullOnTmpfsRefuses507: when the disk under the spool fills up (ENOSPC) before the
// spool reaches its own bound, deliveries are refused like a full spool: 507 with Retry-After
// (a 503 "spool_error" said nothing useful), the disk-full gauge and /healthz say so, the spool
// is not broken, and deliveries are taken again once there is space. Every acknowledged event
// is classified exactly once.
func TestDiskFullOnTmpfsRefuses507(t *testing.T) {
	mnt := tinyTmpfs(t, "1m")
	filler := filepath.Join(mnt, "filler")
	if err := os.WriteFile(filler, make([]byte, 640<<10), 0o600); err != nil {
		t.Fatal(err)
	}
	auth, _ := NewAuthenticator(testToken)
	r, err := Open(Config{Dir: filepath.Join(mnt, "spool"), Auth: auth, SpoolLimit: 64 << 20, MaxBody: 256 << 10,
		CheckpointEvery: 20 * time.Millisecond, Log: func(s string) { t.Log(s) }})
	if err != nil {
		t.Fatal(err)
	}
	h := r.Handler()
	deliver := func(from, to int) *responseRecorder {
		req, _ := http.NewRequest(http.MethodPost, "/", strings.NewReader(lines(from, to)))
		req.Header.Set("Authorization", testToken)
		rec := &responseRecorder{header: http.Header{}}
		h.ServeHTTP(rec, req)
		return rec
	}
	get := func(path string) *responseRecorder {
		rec := &responseRecorder{header: http.Header{}}
		h.ServeHTTP(rec, httptestRequest(path))
		return rec
	}
	// Run is not started yet: nothing is released, the disk fills.
	accepted, next := 0, 1
	var refused *responseRecorder
	for i := 0; i < 5000 && refused == nil; i++ {
		rec := deliver(next, next+19)
		switch rec.status {
		case 0, http.StatusOK:
			accepted += 20
			next += 20
		default:
			refused = rec
		}
	}
	if refused == nil {
		t.Fatal("the disk never filled")
	}
	if refused.status != http.StatusInsufficientStorage || refused.header.Get("Retry-After") == "" ||
		!strings.Contains(refused.body.String(), "disk") {
		t.Fatalf("disk full answered %d %v %s; want 507 with Retry-After, saying the disk is full", refused.status, refused.header, refused.body.String())
	}
	metrics := get("/metrics").body.String()
	for _, want := range []string{"auth0audit_watch_disk_full 1", `auth0audit_watch_deliveries_rejected_total{reason="disk_full"} 1`, "auth0audit_watch_spool_broken 0"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %q:\n%s", want, grepLines(metrics, "auth0audit_watch_"))
		}
	}
	if rec := get("/healthz"); rec.status != http.StatusServiceUnavailable || !strings.Contains(rec.body.String(), "disk full") {
		t.Errorf("healthz while the disk is full: %d %s", rec.status, rec.body.String())
	}
	// Space again: deliveries are taken, the gauge falls back.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if rec := deliver(next, next+19); rec.status != http.StatusOK && rec.status != 0 {
		t.Fatalf("after freeing space: %d %s", rec.status, rec.body.String())
	}
	accepted += 20
	if m := get("/metrics").body.String(); !strings.Contains(m, "auth0audit_watch_disk_full 0") {
		t.Errorf("disk_full gauge still set after a delivery was spooled:\n%s", grepLines(m, "disk_full"))
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	waitIdle(t, r)
	if c := r.Counts(); c.Classified != int64(accepted) || c.Deduplicated != 0 {
		t.Errorf("counts %+v, want the %d acknowledged events classified once", c, accepted)
	}
	cancel()
	if err := <-done; err != nil {
		t.Error(err)
	}
	if err := r.Close(); err != nil {
		t.Error(err)
	}
}
