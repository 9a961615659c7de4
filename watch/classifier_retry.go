package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// holdAfter is how many times a frame is tried before its events are held aside: a fault that
// lasts (a bug on one event, a damaged index run) must not stop every later event, and a
// short one (an I/O error for a moment) must not hold a frame that would classify a second
// later. With the default first wait of 200ms a frame is held after about 25s of failures.
const holdAfter = 8

// maxRetryWait bounds the wait between two attempts.
const maxRetryWait = 30 * time.Second

// heldDirName is the spool's subdirectory of the frames the classifier could not classify.
const heldDirName = "held"

// classify applies a frame, trying it again after a failure and holding it aside when it keeps
// failing. It returns only ctx's error: the frame is then still in the spool, after the
// checkpoint, and classified at the next start.
func (c *classifier) classify(ctx context.Context, fr Frame) error {
	for attempt := 1; ; attempt++ {
		err := c.apply(fr)
		if err == nil {
			if attempt > 1 {
				c.recovered()
			}
			return nil
		}
		c.failed(err)
		if attempt >= holdAfter {
			herr := c.hold(fr, err)
			if herr == nil {
				c.recovered()
				return nil
			}
			// Not held (the disk?): the frame stays in the spool and is tried again.
			c.failed(herr)
		}
		if !c.sleep(ctx, attempt) {
			return ctx.Err()
		}
	}
}

// failed reports a classifier error: counted, on /healthz and in the log.
func (c *classifier) failed(err error) {
	if c.onErr != nil {
		c.onErr(err, true)
	}
}

// recovered reports that the classifier goes on after errors.
func (c *classifier) recovered() {
	if c.onErr != nil {
		c.onErr(nil, false)
	}
}

// sleep waits before attempt+1, longer after each failure; false when ctx ended first.
func (c *classifier) sleep(ctx context.Context, attempt int) bool {
	wait := c.retryBase
	if wait <= 0 {
		wait = 200 * time.Millisecond
	}
	for i := 1; i < attempt && wait < maxRetryWait; i++ {
		wait *= 2
	}
	t := time.NewTimer(min(wait, maxRetryWait))
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// hold writes a frame that keeps failing to held/SEGMENT-OFFSET.ndjson (fsync'd, 0600) and
// moves past it: the events not yet classified are counted as held, and the file can be read
// by `auth0audit logs` or sent again once the fault is fixed. Its events classified before the
// failure stay classified (a second reading deduplicates them).
func (c *classifier) hold(fr Frame, cause error) error {
	dir := c.heldDir
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("holding the spool frame at %d/%d: %w", fr.At.Segment, fr.At.Offset, err)
	}
	name := fmt.Sprintf("%020d-%020d.ndjson", fr.At.Segment, fr.At.Offset)
	if err := writeAtomic(dir, name, fr.Batch); err != nil {
		return fmt.Errorf("holding the spool frame at %d/%d: %w", fr.At.Segment, fr.At.Offset, err)
	}
	st := c.st
	st.mu.Lock()
	done := 0
	if c.partial.at == fr.At {
		done = c.partial.done
	}
	held := int64(max(fr.Events-done, 0))
	st.counts.Held += held
	st.counts.Consumed += held
	c.partial.done = 0
	c.advance(fr, held)
	st.mu.Unlock()
	if c.logf != nil {
		c.logf(fmt.Sprintf("classifier: the spool frame at %d/%d failed %d times (%v): its %d events not classified are kept in %s "+
			"(auth0audit logs reads it; POST it to the receiver again once the fault is fixed), and the classifier goes on",
			fr.At.Segment, fr.At.Offset, holdAfter, cause, held, filepath.Join(dir, name)))
	}
	return nil
}

// finish saves the last checkpoint as the classifier stops, unless a frame is classified only
// in part: then the last checkpoint stays, and the next start classifies from it again.
func (c *classifier) finish() error {
	if c.partial.done > 0 {
		return nil
	}
	return c.checkpoint()
}
