package watch

import (
	"context"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/demo"
)

// diskFaults makes the spool's writes fail for lack of space on demand.
type diskFaults struct {
	mu        sync.Mutex
	writeErr  error // returned by the next writes (after writing half of the buffer when half)
	half      bool
	syncErr   error
	writes    int
	failedOps int
}

func (d *diskFaults) ops() fileOps {
	return fileOps{
		write: func(f *os.File, b []byte) (int, error) {
			d.mu.Lock()
			defer d.mu.Unlock()
			d.writes++
			if d.writeErr == nil {
				return f.Write(b)
			}
			d.failedOps++
			n := 0
			if d.half {
				n, _ = f.Write(b[:len(b)/2])
			}
			return n, &os.PathError{Op: "write", Path: f.Name(), Err: d.writeErr}
		},
		sync: func(f *os.File) error {
			d.mu.Lock()
			defer d.mu.Unlock()
			if d.syncErr != nil {
				d.failedOps++
				return &os.PathError{Op: "sync", Path: f.Name(), Err: d.syncErr}
			}
			return f.Sync()
		},
	}
}

func (d *diskFaults) set(write error, half bool, sync error) {
	d.mu.Lock()
	d.writeErr, d.half, d.syncErr = write, half, sync
	d.mu.Unlock()
}

// TestDiskFullInjected: ENOSPC and EDQUOT on a spool write (whole, or after part of the batch
// was written) answer 507 with Retry-After and set the disk-full gauge without breaking the
// spool; the part written is cut back, so the next batch follows whole frames. ENOSPC on an
// fsync breaks the spool (the kernel may have dropped what it had not written), still 507 and
// disk full, and says a restart is needed. Every acknowledged event is classified once, across
// that restart.
func TestDiskFullInjected(t *testing.T) {
	dir := t.TempDir()
	faults := &diskFaults{}
	r, srv, stop := startReceiver(t, dir, func(c *Config) { c.spoolOps = faults.ops() })
	auth := "Bearer " + testToken
	metric := func(want string) {
		t.Helper()
		rec := &responseRecorder{header: http.Header{}}
		r.Handler().ServeHTTP(rec, httptestRequest("/metrics"))
		if !strings.Contains(rec.body.String(), want) {
			t.Errorf("metrics lack %q:\n%s", want, grepLines(rec.body.String(), "auth0audit_watch_disk_full"))
		}
	}
	accepted := 0
	deliver := func(from int, wantStatus int, wantText string) {
		t.Helper()
		code, msg := post(t, srv.URL, auth, "", lines(from, from+9))
		if code != wantStatus || !strings.Contains(msg, wantText) {
			t.Fatalf("delivery from %d: %d %s; want %d with %q", from, code, msg, wantStatus, wantText)
		}
		if code == http.StatusOK {
			accepted += 10
		}
	}
	deliver(1, http.StatusOK, "")
	for i, c := range []struct {
		err  error
		half bool
	}{{syscall.ENOSPC, false}, {syscall.ENOSPC, true}, {syscall.EDQUOT, true}} {
		faults.set(c.err, c.half, nil)
		deliver(100*(i+1), http.StatusInsufficientStorage, "disk full")
		metric("auth0audit_watch_disk_full 1")
		metric("auth0audit_watch_spool_broken 0")
		faults.set(nil, false, nil)
		deliver(100*(i+1)+50, http.StatusOK, "")
		metric("auth0audit_watch_disk_full 0")
	}
	metric(`auth0audit_watch_deliveries_rejected_total{reason="disk_full"} 3`)
	waitIdle(t, r)
	if c := r.Counts(); c.Classified != int64(accepted) || c.Malformed != 0 {
		t.Errorf("counts %+v, want the %d acknowledged events classified", c, accepted)
	}

	faults.set(nil, false, syscall.ENOSPC)
	deliver(900, http.StatusInsufficientStorage, "restarted")
	metric("auth0audit_watch_disk_full 1")
	metric("auth0audit_watch_spool_broken 1")
	faults.set(nil, false, nil)
	deliver(950, http.StatusInsufficientStorage, "restarted") // broken until a restart
	stop()
	r2, srv2, _ := startReceiver(t, dir, nil)
	if code, msg := post(t, srv2.URL, auth, "", lines(950, 959)); code != http.StatusOK {
		t.Fatalf("after the restart: %d %s", code, msg)
	}
	accepted += 10
	waitIdle(t, r2)
	// The batch whose fsync failed was not acknowledged; whether its bytes reached the disk or
	// not, its events count once at most (they are deduplicated if they did).
	if c := r2.Counts(); c.Classified != int64(accepted) && c.Classified != int64(accepted+10) {
		t.Errorf("after the restart: %+v, want %d classified (or %d)", c, accepted, accepted+10)
	}
}

// TestSimulatorStreamRetriesThroughDiskFull: the simulator's log stream (Auth0's retry rule:
// three attempts) meets a disk full for its first deliveries: each is answered 507, tried
// again, and once there is room accepted; every event the simulator logged is classified
// exactly once, and the stream records no failure.
func TestSimulatorStreamRetriesThroughDiskFull(t *testing.T) {
	var failing atomic.Int32
	failing.Store(2) // the first two spool writes find no room
	ops := fileOps{write: func(f *os.File, b []byte) (int, error) {
		if failing.Add(-1) >= 0 {
			return 0, &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
		}
		return f.Write(b)
	}}
	r, rs, _ := startReceiver(t, t.TempDir(), func(c *Config) { c.spoolOps = ops })
	srv := auth0sim.StartTest(t, auth0sim.Config{Seed: auth0sim.MidMigrationSeed(), LogStream: &auth0sim.LogStream{
		URL: rs.URL, Authorization: "Bearer " + testToken, BatchSize: 4, RetryWait: time.Millisecond,
	}})
	if _, err := demo.Traffic(context.Background(), srv); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.WaitLogStream(ctx); err != nil {
		t.Fatal(err)
	}
	h := srv.LogStreamHealth()
	if len(h.Failures) > 0 || h.Retries == 0 {
		t.Fatalf("stream health %+v: want retries and no failure", h)
	}
	waitIdle(t, r)
	logs := srv.Logs()
	if c := r.Counts(); c.Classified != int64(len(logs)) || c.Deduplicated != 0 {
		t.Errorf("counts %+v: want each of the %d events classified exactly once", c, len(logs))
	}
	rec := &responseRecorder{header: http.Header{}}
	r.Handler().ServeHTTP(rec, httptestRequest("/metrics"))
	if m := rec.body.String(); !strings.Contains(m, `auth0audit_watch_deliveries_rejected_total{reason="disk_full"} 2`) ||
		!strings.Contains(m, "auth0audit_watch_disk_full 0\n") {
		t.Errorf("metrics:\n%s", grepLines(m, "disk_full"))
	}
}
