package logscan

import (
	"fmt"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// TestStaleTrackerBoundsPendingAcrossClients: feccfts of clients with no known secret change
// are kept pending in case an earlier change arrives late. They were bounded per client only,
// so a stream of failed exchanges from many clients (any caller of /oauth/token with a wrong
// secret makes one) grew the receiver without bound: 300,000 feccfts of 300 clients took it to
// 843 MiB RSS with a 75 MB checkpoint rewritten every 5 seconds. The total is bounded now, the
// oldest arrivals let go first and counted as dropped.
func TestStaleTrackerBoundsPendingAcrossClients(t *testing.T) {
	tr := NewStaleTracker(0)
	emitted := 0
	emit := func(usecase.Finding) error { emitted++; return nil }
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	const clients, each = 20_000, 3
	n := 0
	for c := range clients {
		for range each {
			f := usecase.New(usecase.SecretStaleUse, usecase.FromLogs, usecase.Confirmed)
			f.ClientID = fmt.Sprintf("client-%d", c)
			f.LogID = fmt.Sprintf("%020d", n)
			f.Time = start.Add(time.Duration(n) * time.Second)
			n++
			if err := tr.FailedExchange(f, emit); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got := tr.Pending(); got > DefaultMaxPendingTotal {
		t.Fatalf("%d feccfts pending, want at most %d", got, DefaultMaxPendingTotal)
	}
	if got, want := tr.Dropped(), int64(n-tr.Pending()); got != want {
		t.Errorf("dropped %d, want %d", got, want)
	}
	// The newest arrivals are the ones kept: a late change of the last client makes its
	// feccfts stale uses.
	if err := tr.SecretChanged(fmt.Sprintf("client-%d", clients-1), start, "change", emit); err != nil {
		t.Fatal(err)
	}
	if emitted != each {
		t.Errorf("late change emitted %d stale uses, want the client's %d", emitted, each)
	}
	// And the bound holds across a checkpoint.
	back := RestoreStaleTracker(tr.State(), 0)
	if back.Pending() != tr.Pending() {
		t.Errorf("restored %d pending, want %d", back.Pending(), tr.Pending())
	}
}
