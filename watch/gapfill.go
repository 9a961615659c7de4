package watch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/auth0/go-auth0/management"
	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/logscan/fetch"
)

// GapFill reads the tenant's logs from GET /api/v2/logs (through logscan/fetch, with its
// checkpoint pagination and retries) so that events the stream did not deliver are classified
// too: while the receiver was down, while the stream was paused, or a delivery Auth0 gave up
// on. Every page is spooled like a delivery, so events the stream did deliver are
// deduplicated by log_id; the page's last log_id is saved (DIR/gapfill.checkpoint) only once
// the page is on disk.
type GapFill struct {
	API *management.Management
	// Interval between runs; each run reads from the checkpoint to the newest event.
	Interval time.Duration
	// From says where the first run starts when there is no checkpoint: "now" (the newest
	// event at the tenant), "oldest" (the oldest retained), or a log_id (exclusive).
	From string
}

const gapFillCheckpoint = "gapfill.checkpoint"

// RunGapFill runs the gap filler until ctx is done. A failed run is logged and counted, and
// the next one resumes from the checkpoint.
func (r *Receiver) RunGapFill(ctx context.Context, g GapFill) error {
	if g.Interval <= 0 {
		g.Interval = 5 * time.Minute
	}
	for {
		n, err := r.gapFillOnce(ctx, g)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			r.metrics.gapErrors.Inc()
			r.cfg.Log(fmt.Sprintf("gap fill: %v (%d events spooled; the next run resumes from the checkpoint)", err, n))
		default:
			r.metrics.gapLast.SetToCurrentTime()
		}
		select {
		case <-time.After(g.Interval):
		case <-ctx.Done():
			return nil
		}
	}
}

// gapFillOnce reads the tenant's logs from the checkpoint to the newest event.
func (r *Receiver) gapFillOnce(ctx context.Context, g GapFill) (int, error) {
	from, err := r.gapFillStart(ctx, g)
	if err != nil || from == "" {
		return 0, err
	}
	page := &pageBuffer{}
	spooled := 0
	f := &fetch.Fetcher{API: g.API, From: from, Take: fetch.MaxTake}
	f.Progress = func(_ int, last string) {
		if page.err != nil {
			return
		}
		var norm bytes.Buffer
		events, _, err := checkDelivery(page.buf.Bytes(), &norm)
		if err == nil {
			err = r.spoolBatch(ctx, norm.Bytes(), events, SourceGapFill)
		}
		if err == nil {
			err = writeAtomic(r.cfg.Dir, gapFillCheckpoint, []byte(last+"\n"))
		}
		if err != nil {
			page.err = fmt.Errorf("page ending at log_id %s: %w", last, err)
			return
		}
		spooled += events
		r.metrics.gapFetched.Add(float64(events))
		page.buf.Reset()
	}
	_, err = f.Fetch(ctx, page)
	if page.err != nil {
		return spooled, page.err
	}
	return spooled, err
}

// pageBuffer collects one page of the fetch; once a page was not spooled it refuses more
// writes, which stops the fetch.
type pageBuffer struct {
	buf bytes.Buffer
	err error
}

func (p *pageBuffer) Write(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	return p.buf.Write(b)
}

// gapFillStart returns the log_id to read after: the checkpoint, or where g.From says. "now"
// is resolved once, to the newest event's log_id, and saved as the checkpoint.
func (r *Receiver) gapFillStart(ctx context.Context, g GapFill) (string, error) {
	b, err := os.ReadFile(filepath.Join(r.cfg.Dir, gapFillCheckpoint))
	if err == nil {
		id := strings.TrimSpace(string(b))
		if id == "" {
			return "", fmt.Errorf("%s is empty", filepath.Join(r.cfg.Dir, gapFillCheckpoint))
		}
		return id, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	switch g.From {
	case "oldest":
		return fetch.FromOldest, nil
	case "", "now":
		// take without from: the newest events, newest first.
		var newest []json.RawMessage
		if err := g.API.Request(ctx, http.MethodGet, g.API.URI("logs"), &newest, management.Take(1)); err != nil {
			return "", fmt.Errorf("GET /api/v2/logs?take=1: %w", err)
		}
		id := fetch.FromOldest // an empty tenant: everything from now on is new
		if len(newest) > 0 {
			id = gjson.GetBytes(newest[0], "log_id").String()
		}
		return id, writeAtomic(r.cfg.Dir, gapFillCheckpoint, []byte(id+"\n"))
	default:
		return g.From, nil
	}
}
