// Package fetch reads a tenant's logs live through go-auth0, with checkpoint pagination
// (from/take, from exclusive, oldest first), saving the last log_id after every page so an
// interrupted fetch can resume where it stopped. Resuming is explicit (Fetcher.Resume): a
// fetch that silently continued from the last run would report only what happened since, and
// a CI gate built on it would turn green by itself.
package fetch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/auth0/go-auth0/management"
	"github.com/tidwall/gjson"
)

// MaxTake is the API's largest page in checkpoint mode.
const MaxTake = 100

// FromOldest asks checkpoint pagination to start at the oldest retained event: every log_id is
// greater than "0".
const FromOldest = "0"

// Fetcher pages through GET /api/v2/logs.
type Fetcher struct {
	API *management.Management
	// Take is the page size (at most MaxTake; 0 means MaxTake).
	Take int
	// CheckpointFile, when set, is rewritten after every page with the last log_id fetched.
	CheckpointFile string
	// Resume starts after the log_id in CheckpointFile (when it exists) instead of at From.
	Resume bool
	// From is where to start when there is no checkpoint (FromOldest if empty).
	From string
	// Progress, when set, is called after every page with the events so far and the last id.
	Progress func(events int, lastLogID string)
}

// Resuming reports the checkpoint a fetch would resume from, or "".
func (f *Fetcher) Resuming() (string, error) {
	if f.CheckpointFile == "" || !f.Resume {
		return "", nil
	}
	b, err := os.ReadFile(f.CheckpointFile)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("reading checkpoint: %w", err)
	}
	id := strings.TrimSpace(string(b))
	if id == "" || strings.ContainsAny(id, " \t/?&") {
		return "", fmt.Errorf("checkpoint file %s does not hold a log_id", f.CheckpointFile)
	}
	return id, nil
}

// Fetch writes every event after the checkpoint to w, one compact JSON object per line, with
// the fields the API returned, and returns how many it wrote.
//
// It uses Management.Request, the call Log.List makes, with a []json.RawMessage page: Log.List
// decodes into management.Log, which has no auth0_client field (rows 5-7 of the use-case
// table need it) and re-encoding would lose the event's own shape. Rate limits (429) are
// retried by go-auth0's retry transport, which waits for Retry-After / X-RateLimit-Reset (see
// ClientOptions).
func (f *Fetcher) Fetch(ctx context.Context, w io.Writer) (int, error) {
	take := f.Take
	if take <= 0 || take > MaxTake {
		take = MaxTake
	}
	from, err := f.Resuming()
	if err != nil {
		return 0, err
	}
	if from == "" {
		from = f.From
	}
	if from == "" {
		from = FromOldest
	}
	total := 0
	for {
		var page []json.RawMessage
		err := f.API.Request(ctx, http.MethodGet, f.API.URI("logs"), &page,
			management.From(from), management.Take(take))
		if err != nil {
			return total, fmt.Errorf("GET /api/v2/logs from %s: %w", from, err)
		}
		if len(page) == 0 {
			return total, nil
		}
		last := from
		for _, ev := range page {
			if _, err := w.Write(append(compactLine(ev), '\n')); err != nil {
				return total, err
			}
			if id := gjson.GetBytes(ev, "log_id").String(); id != "" {
				last = id
			}
		}
		total += len(page)
		if last == from {
			return total, fmt.Errorf("GET /api/v2/logs from %s: a page of %d events without a newer log_id", from, len(page))
		}
		from = last
		if err := f.saveCheckpoint(last); err != nil {
			return total, err
		}
		if f.Progress != nil {
			f.Progress(total, last)
		}
	}
}

// compactLine puts an event on one line (the API may pretty-print).
func compactLine(ev json.RawMessage) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, ev); err != nil {
		// Not JSON: keep it as it came; the scanner reports it as malformed.
		return bytes.ReplaceAll(ev, []byte("\n"), []byte(" "))
	}
	return b.Bytes()
}

// saveCheckpoint replaces the checkpoint file atomically, so an interruption leaves either the
// old or the new id.
func (f *Fetcher) saveCheckpoint(id string) error {
	if f.CheckpointFile == "" {
		return nil
	}
	dir := filepath.Dir(f.CheckpointFile)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".checkpoint-*")
	if err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	_, werr := tmp.WriteString(id + "\n")
	if err := errors.Join(werr, tmp.Close(), os.Rename(tmp.Name(), f.CheckpointFile)); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}
