package watch

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/auth0-migrate/auth0audit/logscan"
	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// Counts are the classifier's counters. They are saved with every checkpoint, so they count
// since the spool was created, across restarts.
type Counts struct {
	// Consumed counts the events read back from the spool: Classified + Deduplicated + Held.
	Consumed int64 `json:"consumed"`
	// Classified counts distinct events (by log_id) classified.
	Classified int64 `json:"classified"`
	// Deduplicated counts events dropped because their log_id was classified before.
	Deduplicated int64 `json:"deduplicated"`
	// Relevant counts distinct events that produced a finding (secret-stale-use included).
	Relevant int64 `json:"relevant"`
	// FailedExchanges counts distinct feccft events.
	FailedExchanges int64 `json:"failed_exchanges"`
	// StreamEvents and GapFillEvents count the events of the frames consumed, by source.
	StreamEvents  int64 `json:"stream_events"`
	GapFillEvents int64 `json:"gap_fill_events"`
	// Malformed counts records in the spool that could not be read as events (none, unless
	// the spool was damaged: deliveries are checked before they are spooled).
	Malformed int64 `json:"malformed"`
	// OutsideWindow counts distinct events classified although their date was older than the
	// dedupe window: an earlier copy of them would have been forgotten, so they may have been
	// counted before (none from Auth0 while the window covers the tenant's log retention).
	OutsideWindow int64 `json:"outside_dedupe_window,omitempty"`
	// Held counts events of spool frames the classifier failed on again and again: kept in
	// the spool's held/ directory, not classified.
	Held int64 `json:"held,omitempty"`
}

// state is what the classifier has found. The classifier changes it; the metrics collector
// and /report read it, under mu.
type state struct {
	mu      sync.Mutex
	summary *report.Summarizer
	stale   *logscan.StaleTracker
	counts  Counts
	clients *clientLabels
	// lastEvent is the date of the newest event classified.
	lastEvent time.Time
}

// clientLabels bounds the client label of the metrics: the first max clients with an
// affected or action finding get their own label, the others share "other".
type clientLabels struct {
	max   int
	order []string
	index map[string]bool
}

// otherClients labels the clients past the bound.
const otherClients = "other"

func newClientLabels(max int, order []string) *clientLabels {
	c := &clientLabels{max: max, index: map[string]bool{}}
	for _, id := range order {
		c.add(id)
	}
	return c
}

func (c *clientLabels) add(client string) {
	if c.index[client] || len(c.order) >= c.max {
		return
	}
	c.index[client] = true
	c.order = append(c.order, client)
}

// label returns a client's metric label.
func (c *clientLabels) label(client string) string {
	if client == "" {
		return "none"
	}
	if c.index[client] {
		return labelValue(client)
	}
	return otherClients
}

// labelValue makes a string from an event a valid label value: Prometheus label values must be
// UTF-8 (the registry panics on others), and an event's client_id or client_name may hold any
// bytes. Two ids that differ only in their invalid bytes share a label.
func labelValue(s string) string {
	return strings.ToValidUTF8(s, "\uFFFD")
}

// add counts one finding.
func (st *state) add(f usecase.Finding) {
	st.counts.Relevant++
	st.summary.Add(f)
	if f.Status == usecase.Affected || f.Status == usecase.Action {
		st.clients.add(f.ClientID)
	}
}

// checkpoint is the classifier's saved state: everything it found in the frames before
// Position. After a crash the classifier starts again from it and reads the frames after
// Position once more; the log_id index at the checkpoint does not hold their ids, so they are
// counted exactly once.
type checkpoint struct {
	Version  int                 `json:"version"`
	SavedAt  time.Time           `json:"saved_at"`
	Position Position            `json:"position"`
	Counts   Counts              `json:"counts"`
	Summary  report.SummaryState `json:"summary"`
	Stale    logscan.StaleState  `json:"stale"`
	Runs     []RunMeta           `json:"log_id_runs"`
	RunSeq   uint64              `json:"log_id_run_seq"`
	// LogIDNewest is the date of the newest event the index saw, and LogIDCutoff the first day
	// whose ids it keeps (the window is measured back from the former).
	LogIDNewest time.Time `json:"log_id_newest,omitzero"`
	LogIDCutoff string    `json:"log_id_cutoff,omitempty"`
	Clients     []string  `json:"metric_clients"`
	Last        time.Time `json:"last_event,omitzero"`
}

// checkpointVersion 2: the log_id runs end with their fences and carry their day. Version 1
// checkpoints are read (their runs are read whole at a start until merged).
const checkpointVersion = 2

const checkpointFile = "checkpoint.json"

// loadCheckpoint reads dir's checkpoint; a spool without one starts empty.
func loadCheckpoint(dir string) (checkpoint, bool, error) {
	b, err := os.ReadFile(filepath.Join(dir, checkpointFile))
	if errors.Is(err, os.ErrNotExist) {
		return checkpoint{Version: checkpointVersion}, false, nil
	}
	if err != nil {
		return checkpoint{}, false, fmt.Errorf("checkpoint: %w", err)
	}
	var c checkpoint
	if err := json.Unmarshal(b, &c); err != nil {
		return checkpoint{}, false, fmt.Errorf("checkpoint %s: %w", filepath.Join(dir, checkpointFile), err)
	}
	if c.Version != checkpointVersion && c.Version != 1 {
		return checkpoint{}, false, fmt.Errorf("checkpoint %s: version %d, this auth0audit reads %d", filepath.Join(dir, checkpointFile), c.Version, checkpointVersion)
	}
	return c, true, nil
}

// writeAtomic replaces dir/name with data: a crash leaves the old file or the new one.
func writeAtomic(dir, name string, data []byte) error {
	tmp, err := os.CreateTemp(dir, "."+name+"-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	if err := errors.Join(werr, tmp.Sync(), tmp.Close()); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, name)); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return syncDir(dir)
}
