package logscan

import (
	"fmt"
	"slices"
	"time"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// StaleTracker decides secret-stale-use as events arrive, by the rule of stale.go: a feccft of
// a client dated strictly after the earliest successful rotation or set of that client's
// secret. A file scan resolves it at the end; a receiver cannot wait for an end, so:
//
//   - a feccft dated after the client's earliest known change is a stale use at once;
//   - any other feccft is kept pending: a change dated before it may still arrive (a gap filled
//     from GET /api/v2/logs, a late redelivery), and then it is a stale use too.
//
// Pending feccfts are bounded per client (the newest are kept, since an earlier change makes
// every later feccft stale first) and in all (DefaultMaxPendingTotal: the clients are as many
// as the callers of /oauth/token; past it the oldest arrivals go first); Dropped counts those
// let go. The tracker's State is saved with a receiver's checkpoint and restored with
// RestoreStaleTracker.
type StaleTracker struct {
	changed    map[string]change
	pending    map[string][]usecase.Finding
	maxPending int
	dropped    int64
	// total counts the pending feccfts; arrivals lists them oldest arrival first, from head
	// on, with entries that left pending since (emitted, let go) skipped when met.
	total    int
	maxTotal int
	arrivals []pendingRef
	head     int
}

type pendingRef struct{ client, logID string }

// DefaultMaxPending bounds the pending feccfts kept per client.
const DefaultMaxPending = 1024

// DefaultMaxPendingTotal bounds the pending feccfts kept in all (each costs a few hundred bytes
// in memory and in every checkpoint).
const DefaultMaxPendingTotal = 32 << 10

// NewStaleTracker returns an empty tracker keeping at most maxPending feccfts per client
// (0 means DefaultMaxPending).
func NewStaleTracker(maxPending int) *StaleTracker {
	if maxPending <= 0 {
		maxPending = DefaultMaxPending
	}
	return &StaleTracker{changed: map[string]change{}, pending: map[string][]usecase.Finding{}, maxPending: maxPending,
		maxTotal: DefaultMaxPendingTotal}
}

// SecretChanged records a successful change of client's secret at t, and emits the pending
// feccfts it makes stale.
func (t *StaleTracker) SecretChanged(client string, at time.Time, logID string, emit func(usecase.Finding) error) error {
	if c, ok := t.changed[client]; ok && !at.Before(c.at) {
		return nil // not earlier than what is known: decides nothing new
	}
	c := change{at, logID}
	t.changed[client] = c
	keep := t.pending[client][:0]
	var stale []usecase.Finding
	for _, f := range t.pending[client] {
		if f.Time.After(c.at) {
			stale = append(stale, f)
		} else {
			keep = append(keep, f)
		}
	}
	if len(keep) == 0 {
		delete(t.pending, client)
	} else {
		t.pending[client] = keep
	}
	t.total -= len(stale)
	for _, f := range stale {
		if err := emit(staleFinding(f, c)); err != nil {
			return err
		}
	}
	return nil
}

// FailedExchange takes a feccft (a classify.FailedExchange finding): it is emitted when it is a
// stale use now, else kept pending.
func (t *StaleTracker) FailedExchange(f usecase.Finding, emit func(usecase.Finding) error) error {
	if c, ok := t.changed[f.ClientID]; ok && f.Time.After(c.at) {
		return emit(staleFinding(f, c))
	}
	p := append(t.pending[f.ClientID], f)
	if len(p) > t.maxPending {
		// Let the oldest go: it needs the earliest change of all to become stale.
		oldest := 0
		for i := range p {
			if p[i].Time.Before(p[oldest].Time) {
				oldest = i
			}
		}
		p = slices.Delete(p, oldest, oldest+1)
		t.dropped++
		t.total--
	}
	t.pending[f.ClientID] = p
	t.total++
	t.arrivals = append(t.arrivals, pendingRef{f.ClientID, f.LogID})
	for t.total > t.maxTotal && t.dropOldestArrival() {
	}
	if len(t.arrivals)-t.head > 2*t.total+4096 {
		t.rebuildArrivals()
	}
	return nil
}

// dropOldestArrival lets go of the pending feccft that arrived first, and reports whether there
// was one.
func (t *StaleTracker) dropOldestArrival() bool {
	for t.head < len(t.arrivals) {
		ref := t.arrivals[t.head]
		t.arrivals[t.head] = pendingRef{}
		t.head++
		p := t.pending[ref.client]
		i := slices.IndexFunc(p, func(f usecase.Finding) bool { return f.LogID == ref.logID })
		if i < 0 {
			continue // emitted or let go already
		}
		if p = slices.Delete(p, i, i+1); len(p) == 0 {
			delete(t.pending, ref.client)
		} else {
			t.pending[ref.client] = p
		}
		t.total--
		t.dropped++
		return true
	}
	return false
}

// rebuildArrivals drops the entries of arrivals that left pending, keeping the order of the
// others (by date when restored: a checkpoint does not keep the order of arrival).
func (t *StaleTracker) rebuildArrivals() {
	keep := map[pendingRef]bool{}
	for client, p := range t.pending {
		for _, f := range p {
			keep[pendingRef{client, f.LogID}] = true
		}
	}
	out := make([]pendingRef, 0, t.total)
	for _, ref := range t.arrivals[t.head:] {
		if keep[ref] {
			out = append(out, ref)
			delete(keep, ref)
		}
	}
	t.arrivals, t.head = out, 0
}

// staleFinding is the finding stale.go reports for f after change c.
func staleFinding(f usecase.Finding, c change) usecase.Finding {
	f.Detail = fmt.Sprintf("failed client-credentials exchange after the secret changed at %s (log_id %s)",
		c.at.Format(time.RFC3339), c.logID)
	return f
}

// Changed is the number of clients whose secret is known to have changed.
func (t *StaleTracker) Changed() int { return len(t.changed) }

// Pending is the number of feccfts kept pending.
func (t *StaleTracker) Pending() int {
	n := 0
	for _, p := range t.pending {
		n += len(p)
	}
	return n
}

// Dropped is the number of pending feccfts let go past the per-client bound.
func (t *StaleTracker) Dropped() int64 { return t.dropped }

// StaleState is a StaleTracker as saved in a checkpoint.
type StaleState struct {
	Changes []StaleChange     `json:"changes"`
	Pending []usecase.Finding `json:"pending"`
	Dropped int64             `json:"dropped,omitempty"`
}

// StaleChange is one client's earliest secret change.
type StaleChange struct {
	Client string    `json:"client"`
	At     time.Time `json:"at"`
	LogID  string    `json:"log_id"`
}

// State returns the tracker's state, in a stable order.
func (t *StaleTracker) State() StaleState {
	st := StaleState{Changes: []StaleChange{}, Pending: []usecase.Finding{}, Dropped: t.dropped}
	for client, c := range t.changed {
		st.Changes = append(st.Changes, StaleChange{Client: client, At: c.at, LogID: c.logID})
	}
	slices.SortFunc(st.Changes, func(a, b StaleChange) int {
		if a.Client < b.Client {
			return -1
		}
		if a.Client > b.Client {
			return 1
		}
		return 0
	})
	for _, p := range t.pending {
		st.Pending = append(st.Pending, p...)
	}
	slices.SortFunc(st.Pending, usecase.Compare)
	return st
}

// RestoreStaleTracker rebuilds a tracker from its saved state.
func RestoreStaleTracker(st StaleState, maxPending int) *StaleTracker {
	t := NewStaleTracker(maxPending)
	t.dropped = st.Dropped
	for _, c := range st.Changes {
		t.changed[c.Client] = change{c.At, c.LogID}
	}
	for _, f := range st.Pending {
		t.pending[f.ClientID] = append(t.pending[f.ClientID], f)
		t.arrivals = append(t.arrivals, pendingRef{f.ClientID, f.LogID})
		t.total++
	}
	for t.total > t.maxTotal && t.dropOldestArrival() {
	}
	return t
}
