package watch

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// datedLogID is a log_id as Auth0 mints them: "900", the UTC date-time, then digits.
func datedLogID(at time.Time, n int) string {
	return fmt.Sprintf("900%s%039d", at.UTC().Format("20060102150405"), n)
}

// datedEvents is a JSONLINES delivery of n irrelevant events dated at, numbered from first.
func datedEvents(at time.Time, first, n int) string {
	var b strings.Builder
	for i := first; i < first+n; i++ {
		id := datedLogID(at, i)
		fmt.Fprintf(&b, `{"log_id":%q,"data":{"_id":%q,"log_id":%q,"date":%q,"type":"s","client_id":"web","client_name":"Web","user_id":"auth0|u%d"}}`+"\n",
			id, id, id, at.UTC().Format("2006-01-02T15:04:05.000Z"), i)
	}
	return b.String()
}

// checkpointRuns reads the log_id runs the spool's checkpoint lists: their ids in all.
func checkpointRuns(t *testing.T, dir string) (ids int64, runs int) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, checkpointFile))
	if err != nil {
		t.Fatal(err)
	}
	var cp struct {
		Runs []struct {
			Count int64 `json:"count"`
		} `json:"log_id_runs"`
	}
	if err := json.Unmarshal(b, &cp); err != nil {
		t.Fatal(err)
	}
	for _, r := range cp.Runs {
		ids += r.Count
	}
	return ids, len(cp.Runs)
}

// waitCheckpoint waits until the classifier saved a checkpoint after since.
func waitCheckpoint(t *testing.T, r *Receiver, since int64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for r.lastCheckpoint.Load() <= since {
		if time.Now().After(deadline) {
			t.Fatal("no checkpoint")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestDedupeIndexForgetsWhatCannotComeBack: Auth0 keeps a tenant's logs 30 days at most and
// retries a delivery within minutes, so an event older than that can arrive neither from the
// stream nor from a gap fill. The log_id index kept every id for good (8 bytes an event on
// disk, every run read whole at each start): 60 days of events must leave only the days inside
// the window (35 days by default), while a redelivery or a gap fill inside it is still
// deduplicated, across a restart too.
func TestDedupeIndexForgetsWhatCannotComeBack(t *testing.T) {
	dir := t.TempDir()
	day0 := time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	now := day0
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	setNow := func(t time.Time) { mu.Lock(); now = t; mu.Unlock() }
	open := func() (*Receiver, string, func()) {
		r, srv, stop := startReceiver(t, dir, func(c *Config) { c.CheckpointEvery = 5 * time.Millisecond; c.Now = clock })
		return r, srv.URL, stop
	}
	r, url, stop := open()
	const perDay, days = 50, 60
	for d := 0; d < days; d++ {
		at := day0.AddDate(0, 0, d)
		setNow(at.Add(time.Hour))
		last := r.lastCheckpoint.Load()
		if code, msg := post(t, url, "Bearer "+testToken, "", datedEvents(at, d*perDay, perDay)); code != http.StatusOK {
			t.Fatal(code, msg)
		}
		waitIdle(t, r)
		waitCheckpoint(t, r, last)
	}
	stop()
	ids, runs := checkpointRuns(t, dir)
	// The window (35 days) and the day being written, plus one day for the runs' day grain.
	if max := int64(37 * perDay); ids > max || ids < 35*perDay {
		t.Errorf("the index keeps %d ids in %d runs after %d days of %d: want those of the last 35-37 days (%d at most)", ids, runs, days, perDay, max)
	}
	var files int
	var bytes int64
	entries, _ := os.ReadDir(filepath.Join(dir, "logids"))
	for _, e := range entries {
		if info, err := e.Info(); err == nil && strings.HasSuffix(e.Name(), ".run") {
			files++
			bytes += info.Size()
		}
	}
	if files != runs || bytes > 2*8*37*perDay {
		t.Errorf("%d run files (%d bytes) for the %d runs listed", files, bytes, runs)
	}

	// After a restart: a redelivery of day 50 and a gap fill reading day 30 back (both inside
	// the window) are deduplicated; the classified count does not move.
	r, url, _ = open()
	before := r.Counts()
	if code, msg := post(t, url, "Bearer "+testToken, "", datedEvents(day0.AddDate(0, 0, 50), 50*perDay, perDay)); code != http.StatusOK {
		t.Fatal(code, msg)
	}
	page := datedEvents(day0.AddDate(0, 0, 30), 30*perDay, perDay)
	if err := r.spoolBatch(context.Background(), []byte(page), perDay, SourceGapFill); err != nil {
		t.Fatal(err)
	}
	waitIdle(t, r)
	after := r.Counts()
	if after.Classified != before.Classified || after.Deduplicated != before.Deduplicated+2*perDay {
		t.Errorf("redeliveries inside the window: classified %d → %d, deduplicated %d → %d; want %d more deduplicated, none classified",
			before.Classified, after.Classified, before.Deduplicated, after.Deduplicated, 2*perDay)
	}
	// Events dated before the window (a gap fill with a window shorter than the tenant's
	// retention) cannot be told from their forgotten first copy: classified, and counted as such.
	page = datedEvents(day0.AddDate(0, 0, 5), 5*perDay, perDay)
	if err := r.spoolBatch(context.Background(), []byte(page), perDay, SourceGapFill); err != nil {
		t.Fatal(err)
	}
	waitIdle(t, r)
	if c := r.Counts(); c.Classified != after.Classified+perDay || c.OutsideWindow != perDay {
		t.Errorf("events older than the window: %+v, want %d classified and counted outside the window", c, perDay)
	}
	rec := &responseRecorder{header: http.Header{}}
	r.Handler().ServeHTTP(rec, httptestRequest("/metrics"))
	for _, want := range []string{"auth0audit_watch_events_outside_dedupe_window_total 50", "auth0audit_watch_dedupe_window_seconds 3.024e+06"} {
		if !strings.Contains(rec.body.String(), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}
