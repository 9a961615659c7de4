package watch

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/demo"
	"github.com/auth0-migrate/auth0audit/logscan"
)

// eventFault fails the classification of the events whose log_id ends as one of ids, a number
// of times (forever when times < 0).
type eventFault struct {
	mu     sync.Mutex
	ids    map[string]int
	failed int
}

func newEventFault(times int, ids ...int) *eventFault {
	f := &eventFault{ids: map[string]int{}}
	for _, id := range ids {
		f.ids[logIDOf(id)] = times
	}
	return f
}

func logIDOf(id int) string {
	ev := event(id, "s", "web", "2026-10-01T10:00:00.000Z")
	s := ev[strings.Index(ev, `"log_id":"`)+10:]
	return s[:strings.IndexByte(s, '"')]
}

func (f *eventFault) fault(ev logscan.BatchEvent) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	n, ok := f.ids[ev.LogID]
	if !ok || n == 0 {
		return nil
	}
	f.ids[ev.LogID] = n - 1
	f.failed++
	return errors.New("injected: the log_id index could not be read")
}

func scrape(t *testing.T, r *Receiver, path string) (int, string) {
	t.Helper()
	rec := &responseRecorder{header: http.Header{}}
	r.Handler().ServeHTTP(rec, httptestRequest(path))
	return rec.status, rec.body.String()
}

// TestClassifierErrorIsTriedAgainNotLost: an error classifying an event in the middle of a
// frame used to stop the classifier for good while deliveries were still acknowledged. Now
// the frame is tried again from the event that failed: every event is classified exactly
// once (none counted twice for the part done before the error), the errors are counted, and
// the failing gauge falls back.
func TestClassifierErrorIsTriedAgainNotLost(t *testing.T) {
	f := newEventFault(3, 5)
	r, srv, _ := startReceiver(t, t.TempDir(), func(c *Config) { c.classifyFault = f.fault; c.retryBase = time.Millisecond })
	for _, b := range []string{lines(1, 10), lines(11, 20)} {
		if code, msg := post(t, srv.URL, "Bearer "+testToken, "", b); code != http.StatusOK {
			t.Fatalf("POST: %d %s", code, msg)
		}
	}
	waitIdle(t, r)
	if c := r.Counts(); c.Classified != 20 || c.Deduplicated != 0 || c.Consumed != 20 || c.Held != 0 {
		t.Errorf("counts %+v, want 20 classified once, none deduplicated or held", c)
	}
	_, m := scrape(t, r, "/metrics")
	for _, want := range []string{"auth0audit_watch_classifier_errors_total 3", "auth0audit_watch_classifier_failing 0", "auth0audit_watch_events_held_total 0"} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q:\n%s", want, grepLines(m, "classifier"))
		}
	}
	if code, body := scrape(t, r, "/healthz"); code != http.StatusOK {
		t.Errorf("healthz after the classifier recovered: %d %s", code, body)
	}
}

// TestFrameThatKeepsFailingIsHeldAside: a frame the classifier fails on again and again no
// longer stops every later event: after holdAfter attempts it is written to held/ (0600), its
// events not classified are counted as held (and survive a restart), later deliveries are
// classified, and the held file sent again once the fault is gone completes the count.
func TestFrameThatKeepsFailingIsHeldAside(t *testing.T) {
	dir := t.TempDir()
	f := newEventFault(-1, 15)
	var logMu sync.Mutex
	var logged []string
	r, srv, stop := startReceiver(t, dir, func(c *Config) {
		c.classifyFault = f.fault
		c.retryBase = time.Millisecond
		c.Log = func(s string) { logMu.Lock(); logged = append(logged, s); logMu.Unlock(); t.Log(s) }
	})
	for _, b := range []string{lines(1, 10), lines(11, 20), lines(21, 30)} {
		if code, msg := post(t, srv.URL, "Bearer "+testToken, "", b); code != http.StatusOK {
			t.Fatalf("POST: %d %s", code, msg)
		}
	}
	waitIdle(t, r)
	if c := r.Counts(); c.Classified != 24 || c.Held != 6 || c.Consumed != 30 || c.Deduplicated != 0 {
		t.Errorf("counts %+v, want 24 classified and 6 held (events 15 to 20)", c)
	}
	_, m := scrape(t, r, "/metrics")
	for _, want := range []string{"auth0audit_watch_events_held_total 6", "auth0audit_watch_classifier_failing 0"} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q:\n%s", want, grepLines(m, "classifier"))
		}
	}
	held, err := filepath.Glob(filepath.Join(dir, heldDirName, "*.ndjson"))
	if err != nil || len(held) != 1 {
		t.Fatalf("held files %v %v, want one", held, err)
	}
	st, err := os.Stat(held[0])
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("held file %v %v, want mode 0600", st, err)
	}
	body, _ := os.ReadFile(held[0])
	if !strings.Contains(string(body), logIDOf(15)) || strings.Count(string(body), "\n") != 10 {
		t.Errorf("held file holds %d lines, want the 10 of the frame", strings.Count(string(body), "\n"))
	}
	logMu.Lock()
	all := strings.Join(logged, "\n")
	logMu.Unlock()
	if !strings.Contains(all, held[0]) || !strings.Contains(all, "6 events") {
		t.Errorf("log does not name the held file and its 6 events:\n%s", all)
	}
	stop()

	// Restart without the fault: the count held survives; the held file sent again is
	// classified (its first 4 events were classified before: deduplicated).
	r2, srv2, _ := startReceiver(t, dir, nil)
	if c := r2.Counts(); c.Held != 6 {
		t.Errorf("after a restart: %+v, want 6 held", c)
	}
	if code, msg := post(t, srv2.URL, "Bearer "+testToken, "", string(body)); code != http.StatusOK {
		t.Fatalf("POST of the held file: %d %s", code, msg)
	}
	waitIdle(t, r2)
	if c := r2.Counts(); c.Classified != 30 || c.Deduplicated != 4 {
		t.Errorf("after the held file was sent again: %+v, want 30 classified, 4 deduplicated", c)
	}
}

// TestSpoolReadErrorKeepsTheFrame: a committed frame damaged on disk before the classifier read
// it (a read error that lasts) no longer ends the classifier: the failure is counted and
// shown, nothing after the frame is released, the receiver stops cleanly, and the next start
// sets the damaged bytes aside and classifies the frames after them.
func TestSpoolReadErrorKeepsTheFrame(t *testing.T) {
	dir := t.TempDir()
	auth, _ := NewAuthenticator(testToken)
	var logMu sync.Mutex
	var logged []string
	cfg := Config{Dir: dir, Auth: auth, CheckpointEvery: 20 * time.Millisecond, retryBase: time.Millisecond,
		Log: func(s string) { logMu.Lock(); logged = append(logged, s); logMu.Unlock(); t.Log(s) }}
	r, err := Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h := r.Handler()
	for _, b := range []string{lines(1, 10), lines(11, 20), lines(21, 30)} {
		req, _ := http.NewRequest(http.MethodPost, "/", strings.NewReader(b))
		req.Header.Set("Authorization", testToken)
		rec := &responseRecorder{header: http.Header{}}
		h.ServeHTTP(rec, req)
		if rec.status != 0 && rec.status != http.StatusOK {
			t.Fatalf("POST: %d %s", rec.status, rec.body.String())
		}
	}
	// Flip a byte in the second frame's payload.
	segs, _ := filepath.Glob(filepath.Join(dir, "segments", "*.seg"))
	if len(segs) != 1 {
		t.Fatalf("segments %v", segs)
	}
	data, _ := os.ReadFile(segs[0])
	third := len(data) / 3
	fl, err := os.OpenFile(segs[0], os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fl.WriteAt([]byte{data[third+third/2] ^ 0xff}, int64(third+third/2)); err != nil {
		t.Fatal(err)
	}
	fl.Close()

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, m := scrape(t, r, "/metrics")
		if strings.Contains(m, "auth0audit_watch_classifier_failing 1") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the classifier never said it is failing:\n%s", grepLines(m, "classifier"))
		}
		time.Sleep(5 * time.Millisecond)
	}
	if code, body := scrape(t, r, "/healthz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "classifier failing") {
		t.Errorf("healthz while the classifier fails: %d %s", code, body)
	}
	select {
	case err := <-done:
		t.Fatalf("Run ended on a read error: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	if c := r.Counts(); c.Classified != 10 {
		t.Errorf("counts %+v, want the first frame's 10 classified", c)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	logMu.Lock()
	last := logged[len(logged)-1]
	logMu.Unlock()
	for _, want := range []string{"stopped:", "10 events classified in all", "20 events spooled but not yet classified stay in the spool", "the classifier was failing"} {
		if !strings.Contains(last, want) {
			t.Errorf("the last log line lacks %q: %s", want, last)
		}
	}
	r2, srv2, _ := startReceiver(t, dir, nil)
	_ = srv2
	waitIdle(t, r2)
	if c := r2.Counts(); c.Classified != 20 {
		t.Errorf("after the restart: %+v, want 20 classified (the damaged frame set aside)", c)
	}
	if r2.damagedBytes == 0 {
		t.Error("the restart did not set the damaged frame aside")
	}
}

// TestStopSaysWhatWasSaved: as the receiver stops (SIGINT/SIGTERM end Run, then Close), its
// last log line says what is on disk: the acknowledged deliveries fsync'd, the events
// classified in all and since the start, the checkpoint that saves them, nothing left behind.
func TestStopSaysWhatWasSaved(t *testing.T) {
	dir := t.TempDir()
	var mu sync.Mutex
	var logged []string
	logTo := func(c *Config) { c.Log = func(s string) { mu.Lock(); logged = append(logged, s); mu.Unlock() } }
	r, srv, stop := startReceiver(t, dir, logTo)
	for _, b := range []string{lines(1, 10), lines(11, 20)} {
		if code, msg := post(t, srv.URL, "Bearer "+testToken, "", b); code != http.StatusOK {
			t.Fatalf("POST: %d %s", code, msg)
		}
	}
	waitIdle(t, r)
	stop()
	r, srv, stop = startReceiver(t, dir, logTo)
	if code, msg := post(t, srv.URL, "Bearer "+testToken, "", lines(21, 25)); code != http.StatusOK {
		t.Fatalf("POST: %d %s", code, msg)
	}
	waitIdle(t, r)
	stop()
	mu.Lock()
	last := logged[len(logged)-1]
	mu.Unlock()
	for _, want := range []string{"stopped: every delivery acknowledged was fsync'd to --spool " + dir, "25 events classified in all, 5 since this start", "the checkpoint of 20"} {
		if !strings.Contains(last, want) {
			t.Errorf("the last log line lacks %q:\n%s", want, last)
		}
	}
	if strings.Contains(last, "not yet classified") {
		t.Errorf("the last log line says events are left although all were classified:\n%s", last)
	}
}

// TestSimulatorStreamWithAFrameHeldAside: the simulator streams the demo's migration traffic
// while the classifier fails for good on one event. Its frame is held aside and every other
// event classified; the held file sent again once the fault is gone completes the findings,
// which then equal auth0audit logs over the same events: nothing acknowledged was lost.
func TestSimulatorStreamWithAFrameHeldAside(t *testing.T) {
	dir := t.TempDir()
	var mu sync.Mutex
	bad, seen := "", 0
	fault := func(ev logscan.BatchEvent) error {
		mu.Lock()
		defer mu.Unlock()
		if seen++; seen == 6 && bad == "" {
			bad = ev.LogID
		}
		if ev.LogID == bad {
			return errors.New("injected: this event cannot be classified")
		}
		return nil
	}
	r, rs, stop := startReceiver(t, dir, func(c *Config) { c.classifyFault = fault; c.retryBase = time.Millisecond })
	srv := auth0sim.StartTest(t, auth0sim.Config{Seed: auth0sim.MidMigrationSeed(), LogStream: &auth0sim.LogStream{
		URL: rs.URL, Authorization: "Bearer " + testToken, BatchSize: 4,
	}})
	if _, err := demo.Traffic(context.Background(), srv); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.WaitLogStream(ctx); err != nil {
		t.Fatal(err)
	}
	waitIdle(t, r)
	logs := srv.Logs()
	c := r.Counts()
	if c.Held == 0 || c.Classified+c.Held < int64(len(logs)) || c.Classified >= int64(len(logs)) {
		t.Fatalf("counts %+v: want the %d events classified or held, some held", c, len(logs))
	}
	stop()
	held, _ := filepath.Glob(filepath.Join(dir, heldDirName, "*.ndjson"))
	if len(held) != 1 {
		t.Fatalf("held files %v", held)
	}
	body, _ := os.ReadFile(held[0])
	r2, srv2, _ := startReceiver(t, dir, nil)
	if code, msg := post(t, srv2.URL, "Bearer "+testToken, "", string(body)); code != http.StatusOK {
		t.Fatalf("POST of the held file: %d %s", code, msg)
	}
	waitIdle(t, r2)
	if c := r2.Counts(); c.Classified != int64(len(logs)) {
		t.Errorf("counts %+v, want all %d events classified", c, len(logs))
	}
	if got, want := r2.Groups(), scanLogs(t, logs); !reflect.DeepEqual(got, want) {
		t.Errorf("findings differ from auth0audit logs over the same events:\nwatch: %+v\nlogs:  %+v", got, want)
	}
}
