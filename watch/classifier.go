package watch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/logscan"
	"github.com/auth0-migrate/auth0audit/logscan/classify"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// classifier reads frames back from the spool, deduplicates their events by log_id and
// classifies them into the state, checkpointing as it goes.
type classifier struct {
	dir   string
	spool *Spool
	rd    *SpoolReader
	idx   *logIDIndex
	st    *state
	pos   Position

	every     time.Duration // checkpoint at least this often while events arrive
	maxEvents int64         // and after this many events
	sinceCkpt int64
	lastCkpt  time.Time
	retryAt   time.Time   // after a failed checkpoint, no other before this
	onCkpt    func(error) // told about every checkpoint (metrics, logs)
	logf      func(string)

	// A frame that failed part-way: its first done events are in the state already, and a
	// new attempt skips them (the walk of the same bytes yields the same events in order).
	partial struct {
		at   Position
		done int
	}
	heldDir   string                         // frames that keep failing are kept here
	onErr     func(err error, stalled bool)  // told about every classifier error, and when one clears
	retryBase time.Duration                  // first wait before a failed frame or read is tried again
	fault     func(logscan.BatchEvent) error // tests: a fault classifying an event
}

// run classifies until ctx is done, then checkpoints a last time. An error reading or
// classifying a frame does not stop it: the frame stays in the spool and is tried again, and
// a frame that keeps failing to classify is held aside (classify); nothing is released past it
// before then.
func (c *classifier) run(ctx context.Context) error {
	readFailures := 0
	for {
		wait, cancel := context.WithTimeout(ctx, c.every)
		fr, err := c.rd.Next(wait)
		cancel()
		switch {
		case err == nil:
			if readFailures > 0 {
				readFailures = 0
				c.recovered()
			}
			if err := c.classify(ctx, fr); err != nil {
				return c.finish()
			}
		case ctx.Err() != nil:
			return c.finish()
		case !errors.Is(err, context.DeadlineExceeded):
			// The frame stays in the spool (nothing after it is released) and is read again.
			readFailures++
			c.failed(fmt.Errorf("%w (if it lasts, restart the receiver: it sets damaged bytes aside)", err))
			if !c.sleep(ctx, readFailures) {
				return c.finish()
			}
			continue
		}
		if c.due() {
			if err := c.checkpoint(); err != nil {
				// Told to onCkpt (logged, counted). The state in memory is whole and the spool
				// keeps what the last good checkpoint did not cover: go on classifying and try
				// again later (a disk full for a moment must not stop the classifier for good).
				c.retryAt = time.Now().Add(c.every)
			}
		}
	}
}

func (c *classifier) due() bool {
	if c.sinceCkpt == 0 || time.Now().Before(c.retryAt) {
		return false
	}
	if c.sinceCkpt >= c.maxEvents || time.Since(c.lastCkpt) >= c.every {
		return true
	}
	// A spool half full is freed at once rather than at the next tick.
	kept, limit := c.spool.Usage()
	return limit > 0 && kept > limit/2
}

// apply classifies one frame's events.
func (c *classifier) apply(fr Frame) error {
	st := c.st
	st.mu.Lock()
	defer st.mu.Unlock()
	emit := func(f usecase.Finding) error { st.add(f); return nil }
	skip := 0
	if c.partial.at == fr.At {
		skip = c.partial.done
	}
	seq := 0
	stats, err := logscan.WalkBatch(fr.Batch, logscan.BatchOptions{Name: "spool", Classify: true}, func(ev logscan.BatchEvent) error {
		if seq < skip {
			seq++
			return nil
		}
		if c.fault != nil {
			if err := c.fault(ev); err != nil {
				return err
			}
		}
		// An event is in the state once its log_id is in the index: a later failure in this
		// frame does not undo it, and the next attempt starts after it.
		recorded, err := c.event(ev, emit)
		if recorded {
			seq++
		}
		return err
	})
	if err != nil {
		c.partial.at, c.partial.done = fr.At, seq
		return fmt.Errorf("classifying the spool frame at %d/%d (event %d of %d): %w", fr.At.Segment, fr.At.Offset, seq+1, fr.Events, err)
	}
	c.partial.done = 0
	st.counts.Malformed += int64(stats.Malformed)
	if (stats.Events != fr.Events || stats.Malformed > 0) && c.logf != nil {
		// Deliveries are checked before they are spooled: this is a bug or damage, and the
		// events missing were acknowledged.
		c.logf(fmt.Sprintf("spool frame at %d/%d holds %d events but reads as %d (%d malformed records): acknowledged events are missing",
			fr.At.Segment, fr.At.Offset, fr.Events, stats.Events, stats.Malformed))
	}
	c.advance(fr, int64(stats.Events))
	return nil
}

// event classifies one event into the state (held under st.mu). Once its log_id is in the
// index the event is in the state (recorded), even if what follows fails.
func (c *classifier) event(ev logscan.BatchEvent, emit func(usecase.Finding) error) (recorded bool, err error) {
	st := c.st
	at := eventTime(ev)
	dup, err := c.idx.seen(ev.LogID, at)
	if err != nil {
		return false, err
	}
	st.counts.Consumed++
	if dup {
		st.counts.Deduplicated++
		return true, nil
	}
	st.counts.Classified++
	if c.idx.forgotten(at) {
		st.counts.OutsideWindow++
	}
	r := ev.Result
	if t := r.Finding.Time; t.After(st.lastEvent) {
		st.lastEvent = t
	}
	if r.SecretChanged {
		if err := st.stale.SecretChanged(r.ChangedClient, r.Finding.Time, r.Finding.LogID, emit); err != nil {
			return true, err
		}
	}
	switch r.Kind {
	case classify.FailedExchange:
		st.counts.FailedExchanges++
		return true, st.stale.FailedExchange(r.Finding, emit)
	case classify.Classified:
		st.add(r.Finding)
	}
	return true, nil
}

// advance moves past a frame whose events are all in the state (or held aside); st.mu held.
func (c *classifier) advance(fr Frame, events int64) {
	st := c.st
	switch fr.Source {
	case SourceGapFill:
		st.counts.GapFillEvents += int64(fr.Events)
	default:
		st.counts.StreamEvents += int64(fr.Events)
	}
	c.pos = fr.Next
	c.sinceCkpt += max(events, 1)
}

// eventTime is an event's date: its date field, else the date its log_id starts with, else
// zero (unknown).
func eventTime(ev logscan.BatchEvent) time.Time {
	if d := gjson.GetBytes(ev.Event, "date"); d.Type == gjson.String {
		if t, err := time.Parse(time.RFC3339Nano, d.Str); err == nil {
			return t
		}
	}
	if t, ok := logIDTime(ev.LogID); ok {
		return t
	}
	return time.Time{}
}

// checkpoint seals the log_id index, saves the state at the current position, then releases
// what the checkpoint made unnecessary: consumed segments and merged-away index runs.
func (c *classifier) checkpoint() (err error) {
	defer func() {
		if c.onCkpt != nil {
			c.onCkpt(err)
		}
	}()
	if c.sinceCkpt == 0 && !c.lastCkpt.IsZero() {
		return nil
	}
	st := c.st
	st.mu.Lock()
	if err := c.idx.seal(); err != nil {
		st.mu.Unlock()
		return err
	}
	ix := c.idx.state()
	cp := checkpoint{
		Version: checkpointVersion, SavedAt: time.Now().UTC(), Position: c.pos, Counts: st.counts,
		Summary: st.summary.State(), Stale: st.stale.State(), Runs: ix.Runs, RunSeq: ix.Seq,
		LogIDNewest: ix.Newest, LogIDCutoff: ix.Cutoff,
		Clients: append([]string(nil), st.clients.order...), Last: st.lastEvent,
	}
	st.mu.Unlock()
	b, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	if err := writeAtomic(c.dir, checkpointFile, b); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	c.sinceCkpt, c.lastCkpt = 0, time.Now()
	return errors.Join(c.spool.Release(c.pos), c.idx.release())
}
