package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/auth0-migrate/auth0audit/logscan"
	"github.com/auth0-migrate/auth0audit/report"
)

// Config configures a Receiver.
type Config struct {
	// Dir is the spool directory: segments, the checkpoint and the log_id index live there.
	Dir string
	// Auth checks each delivery's Authorization header.
	Auth *Authenticator
	// MaxBody bounds a delivery's body (after gzip decoding); 0 means DefaultMaxBody.
	MaxBody int64
	// SpoolLimit bounds the bytes the spool keeps; 0 means DefaultSpoolLimit.
	SpoolLimit int64
	// SegmentSize is the spool's segment size; 0 means 64 MiB.
	SegmentSize int64
	// MaxInFlight bounds the deliveries read and checked at once (each holds its body in
	// memory); 0 means DefaultMaxInFlight.
	MaxInFlight int
	// MaxInFlightBytes bounds the bytes of the bodies read and checked at once (a body of
	// unknown length, or gzip, counts as MaxBody); 0 means DefaultMaxInFlightBytes, and never
	// less than MaxBody.
	MaxInFlightBytes int64
	// CheckpointEvery and CheckpointEvents say how often the classifier saves its state.
	CheckpointEvery  time.Duration
	CheckpointEvents int64
	// MaxMetricClients bounds the client label of the metrics; 0 means 50.
	MaxMetricClients int
	// MetricsAuth requires the token on /metrics too.
	MetricsAuth bool
	// FixDates are the dates clients deployed their fix, exposed for alert rules.
	FixDates map[string]time.Time
	// Tenant names the tenant in /report.
	Tenant string
	// Log receives one line per rejected delivery and per notable event (never a token or a
	// body); nil discards.
	Log func(string)
	// DedupeWindow is how long a log_id is remembered after its event's date (redeliveries and
	// gap fills of older events cannot come: Auth0 keeps logs 30 days at most); 0 means
	// DefaultDedupeWindow, a negative value keeps every log_id for good.
	DedupeWindow time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// DamagedKeep is how long the original of a segment found damaged is kept in the spool
	// (SEGMENT.seg.damaged); 0 means DefaultDamagedKeep, a negative value keeps it for good.
	DamagedKeep time.Duration

	spoolOps      fileOps                        // tests: faults in the spool's writes
	classifyFault func(logscan.BatchEvent) error // tests: a fault classifying an event
	retryBase     time.Duration                  // tests: the classifier's first wait after a failure
}

// Defaults.
const (
	DefaultMaxBody     = 16 << 20
	DefaultSpoolLimit  = 2 << 30
	DefaultMaxInFlight = 64
	// DefaultMaxInFlightBytes: a delivery holds its body about three times over while it is
	// checked and spooled.
	DefaultMaxInFlightBytes = 64 << 20
)

// Receiver is a log-stream receiver: Handler serves the deliveries, /metrics, /healthz and
// /report; Run classifies what was spooled.
type Receiver struct {
	cfg      Config
	spool    *Spool
	idx      *logIDIndex
	state    *state
	cls      *classifier
	metrics  *metrics
	fixDates map[string]time.Time
	sem      chan struct{}
	bodies   *semaphore.Weighted // bytes of the bodies in flight
	lock     *os.File
	now      func() time.Time

	damagedBytes      int64                 // bytes of the spool set aside as damaged when it was opened
	damagedFiles      atomic.Int64          // copies of damaged segments in the spool
	damagedCopyB      atomic.Int64          // and their bytes
	lastSweep         atomic.Int64          // unix ns of the last sweep of those copies
	spooledEvents     atomic.Int64          // events spooled since the spool was created
	avgFrame          atomic.Int64          // bytes of a recent frame, to tell "full"
	lastCheckpoint    atomic.Int64          // unix ms
	classifyErr       atomic.Pointer[error] // the classifier's last error, nil once it goes on
	checkpointErr     atomic.Pointer[error] // the last checkpoint's failure, nil once one succeeds
	ckptDiskFull      atomic.Bool           // the last checkpoint failed for lack of space
	closing           atomic.Bool
	logs              *logLimiter
	bufs              sync.Pool // *bytes.Buffer: delivery bodies
	frames            sync.Pool // *[]byte: encoded frames
	runOnce           sync.Once
	ran               atomic.Bool           // Run has returned
	finalErr          atomic.Pointer[error] // the last checkpoint's error when Run returned
	classifiedAtStart int64
}

// Open opens (creating) the spool in cfg.Dir and restores the classifier's state from its
// checkpoint. The spooled frames after the checkpoint are classified by Run.
func Open(cfg Config) (*Receiver, error) {
	if cfg.Dir == "" {
		return nil, errors.New("no spool directory")
	}
	if cfg.Auth == nil {
		return nil, errors.New("no authenticator")
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.SpoolLimit <= 0 {
		cfg.SpoolLimit = DefaultSpoolLimit
	}
	if cfg.SegmentSize <= 0 {
		// Whole segments are released: several must fit in the limit, or a spool the
		// classifier keeps up with could fill with a segment it is still writing.
		cfg.SegmentSize = min(defaultSegmentSize, max(cfg.SpoolLimit/8, 64<<10))
	}
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = DefaultMaxInFlight
	}
	if cfg.MaxInFlightBytes <= 0 {
		cfg.MaxInFlightBytes = DefaultMaxInFlightBytes
	}
	cfg.MaxInFlightBytes = max(cfg.MaxInFlightBytes, cfg.MaxBody)
	if cfg.CheckpointEvery <= 0 {
		cfg.CheckpointEvery = 5 * time.Second
	}
	if cfg.CheckpointEvents <= 0 {
		cfg.CheckpointEvents = 256 << 10
	}
	if cfg.DamagedKeep == 0 {
		cfg.DamagedKeep = DefaultDamagedKeep
	}
	if cfg.MaxMetricClients <= 0 {
		cfg.MaxMetricClients = 50
	}
	if cfg.Log == nil {
		cfg.Log = func(string) {}
	}
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("--spool %s: %w", cfg.Dir, err)
	}
	if st, err := os.Stat(cfg.Dir); err == nil && st.Mode().Perm()&0o022 != 0 {
		// Created 0700 by us; an existing directory keeps its mode. Its files are 0600, but
		// what is in it is taken as acknowledged deliveries: others must not be able to
		// replace them.
		cfg.Log(fmt.Sprintf("warning: --spool %s can be written by other users (mode %v): they could remove or replace the spooled events; chmod 700 it", cfg.Dir, st.Mode().Perm()))
	}
	lock, err := lockDir(cfg.Dir)
	if err != nil {
		return nil, err
	}
	r := &Receiver{cfg: cfg, fixDates: cfg.FixDates, sem: make(chan struct{}, cfg.MaxInFlight),
		bodies: semaphore.NewWeighted(cfg.MaxInFlightBytes), lock: lock, now: cfg.Now}
	if r.now == nil {
		r.now = time.Now
	}
	r.logs = newLogLimiter(cfg.Log, r.now)
	fail := func(err error) (*Receiver, error) {
		r.closeFiles()
		return nil, err
	}
	cp, found, err := loadCheckpoint(cfg.Dir)
	if err != nil {
		return fail(err)
	}
	segDir := filepath.Join(cfg.Dir, "segments")
	sp, rec, err := OpenSpool(segDir, cp.Position, SpoolOptions{Limit: cfg.SpoolLimit, SegmentSize: cfg.SegmentSize, ops: cfg.spoolOps})
	if err != nil {
		return fail(err)
	}
	r.spool = sp
	if rec.TornBytes > 0 {
		cfg.Log(fmt.Sprintf("spool: cut %d bytes off the end of the last segment (a write interrupted by a crash; it was never acknowledged)", rec.TornBytes))
	}
	for _, m := range rec.Missing {
		cfg.Log(fmt.Sprintf("spool: %s is missing (deleted?): the batches it held are not classified "+
			"(the tenant's logs still hold them: run with --tenant, or auth0audit logs --tenant)", m))
	}
	for _, d := range rec.Damaged {
		r.damagedBytes += d.Bytes
		cfg.Log(fmt.Sprintf("spool: %s is damaged: %d bytes at offset %d are not whole batches, and whole ones follow them "+
			"(damage on disk, or a write torn by a power loss); the batches there may have been acknowledged, and their events "+
			"are not classified (the tenant's logs still hold them: run with --tenant, or auth0audit logs --tenant); "+
			"the whole batches around them are kept; the original file is kept as %s",
			d.File, d.Bytes, d.Offset, d.Kept))
	}
	told := map[string]bool{}
	for _, d := range rec.Damaged {
		told[d.Kept] = true
	}
	r.sweepDamaged(true, told)
	if cfg.DedupeWindow == 0 {
		cfg.DedupeWindow = DefaultDedupeWindow
	}
	idx, err := openLogIDIndex(filepath.Join(cfg.Dir, "logids"),
		indexState{Runs: cp.Runs, Seq: cp.RunSeq, Newest: cp.LogIDNewest, Cutoff: cp.LogIDCutoff},
		indexOptions{window: max(cfg.DedupeWindow, 0), now: r.now})
	if err != nil {
		return fail(err)
	}
	r.idx = idx
	r.state = &state{
		summary:   report.RestoreSummarizer(cp.Summary),
		stale:     logscan.RestoreStaleTracker(cp.Stale, 0),
		counts:    cp.Counts,
		clients:   newClientLabels(cfg.MaxMetricClients, cp.Clients),
		lastEvent: cp.Last,
	}
	if found {
		r.lastCheckpoint.Store(cp.SavedAt.UnixMilli())
	}
	r.cls = &classifier{dir: cfg.Dir, spool: sp, rd: sp.NewReader(cp.Position), idx: idx, st: r.state, pos: cp.Position,
		every: cfg.CheckpointEvery, maxEvents: cfg.CheckpointEvents, lastCkpt: time.Now(), logf: cfg.Log,
		heldDir: filepath.Join(cfg.Dir, heldDirName), retryBase: cfg.retryBase, fault: cfg.classifyFault}
	r.cls.onErr = func(err error, _ bool) {
		if err == nil {
			if r.classifyErr.Swap(nil) != nil {
				cfg.Log("classifier: going on after the errors above")
			}
			return
		}
		r.classifyErr.Store(&err)
		r.metrics.classifyErrors.Inc()
		r.logs.logf("classifier_error", "classifier: "+err.Error()+"; tried again, the events stay in the spool")
	}
	r.cls.onCkpt = func(err error) {
		r.ckptDiskFull.Store(err != nil && isDiskFull(err))
		if err != nil {
			r.checkpointErr.Store(&err)
			r.logs.logf("checkpoint_error", "checkpoint failed (tried again later; until one succeeds the spool keeps what was classified): "+err.Error())
			return
		}
		r.checkpointErr.Store(nil)
		r.lastCheckpoint.Store(time.Now().UnixMilli())
		if r.now().Sub(time.Unix(0, r.lastSweep.Load())) >= sweepInterval {
			r.sweepDamaged(false, nil)
		}
	}
	r.metrics = newMetrics(r)
	// Received and spooled events start from what the spool holds: the frames consumed before
	// the checkpoint, and those after it.
	streamed := cp.Counts.StreamEvents + rec.StreamEvents
	r.metrics.received.Add(float64(streamed))
	r.metrics.spooled.WithLabelValues("stream").Add(float64(streamed))
	r.metrics.spooled.WithLabelValues("gap_fill").Add(float64(cp.Counts.GapFillEvents + rec.Events - rec.StreamEvents))
	r.spooledEvents.Store(cp.Counts.StreamEvents + cp.Counts.GapFillEvents + rec.Events)
	r.classifiedAtStart = cp.Counts.Classified
	return r, nil
}

// Run classifies spooled batches until ctx is done, then saves a last checkpoint and returns
// its error. Errors reading or classifying a frame do not end it: they are counted
// (auth0audit_watch_classifier_errors_total), shown on /healthz, and the frame is tried again
// (held aside in held/ when it keeps failing), so no acknowledged event is lost.
func (r *Receiver) Run(ctx context.Context) error {
	err := r.cls.run(ctx)
	if err != nil {
		r.finalErr.Store(&err)
	}
	r.ran.Store(true)
	if err != nil {
		r.cfg.Log("classifier: the last checkpoint failed (the next start classifies again from the one before): " + err.Error())
	}
	return err
}

// Close stops taking deliveries, waits for the spool writer, and releases the spool. Call it
// after Run returned.
func (r *Receiver) Close() error {
	r.closing.Store(true)
	var err error
	if r.spool != nil {
		err = r.spool.Close()
	}
	r.logs.flush() // the lines left out since the last one written are told
	if r.ran.Load() {
		r.cfg.Log(r.stopSummary())
	}
	return errors.Join(err, r.cls.rd.Close(), r.closeFiles())
}

func (r *Receiver) closeFiles() error {
	var errs []error
	if r.idx != nil {
		errs = append(errs, r.idx.close())
	}
	if r.lock != nil {
		errs = append(errs, r.lock.Close())
	}
	return errors.Join(errs...)
}

// Counts returns the classifier's counters.
func (r *Receiver) Counts() Counts {
	r.state.mu.Lock()
	defer r.state.mu.Unlock()
	return r.state.counts
}

// Groups returns the findings so far, per use case and client, as a file scan reports them.
func (r *Receiver) Groups() []report.Group {
	r.state.mu.Lock()
	defer r.state.mu.Unlock()
	return r.state.summary.Groups()
}

// WaitIdle waits until every event spooled so far has been classified, or ctx is done.
func (r *Receiver) WaitIdle(ctx context.Context) error {
	for {
		if r.Counts().Consumed >= r.spooledEvents.Load() {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// stopSummary says, as the receiver stops, what is on disk: the deliveries acknowledged, the
// events the last checkpoint covers, and those left for the next start.
func (r *Receiver) stopSummary() string {
	c := r.Counts()
	var b strings.Builder
	fmt.Fprintf(&b, "stopped: every delivery acknowledged was fsync'd to --spool %s before its 200; %d events classified in all, %d since this start",
		r.cfg.Dir, c.Classified, c.Classified-r.classifiedAtStart)
	ckpt := "none yet"
	if ms := r.lastCheckpoint.Load(); ms != 0 {
		ckpt = time.UnixMilli(ms).UTC().Format(time.RFC3339)
	}
	if p := r.finalErr.Load(); p != nil {
		fmt.Fprintf(&b, "; the last checkpoint failed (%v): the next start classifies again from the checkpoint of %s, so nothing is lost or counted twice", *p, ckpt)
	} else if r.cls.partial.done > 0 {
		fmt.Fprintf(&b, "; no last checkpoint (a spool frame was classified in part): the next start classifies again from the checkpoint of %s, so nothing is lost or counted twice", ckpt)
	} else {
		fmt.Fprintf(&b, "; the checkpoint of %s saves them", ckpt)
	}
	if backlog := r.spooledEvents.Load() - c.Consumed; backlog > 0 {
		fmt.Fprintf(&b, "; %d events spooled but not yet classified stay in the spool and are classified at the next start", backlog)
		if p := r.classifyErr.Load(); p != nil {
			fmt.Fprintf(&b, " (the classifier was failing: %v)", *p)
		}
	}
	if c.Held > 0 {
		fmt.Fprintf(&b, "; %d events are held unclassified in %s", c.Held, filepath.Join(r.cfg.Dir, heldDirName))
	}
	return b.String()
}

// sweepDamaged deletes the copies of damaged segments past cfg.DamagedKeep and counts the
// others for the metrics.
func (r *Receiver) sweepDamaged(report bool, told map[string]bool) {
	now := r.now()
	left := sweepDamaged(filepath.Join(r.cfg.Dir, "segments"), now, r.cfg.DamagedKeep, report, told, r.cfg.Log)
	r.damagedFiles.Store(int64(left.files))
	r.damagedCopyB.Store(left.bytes)
	r.lastSweep.Store(now.UnixNano())
}

// diskFull reports whether the filesystem under the spool had no room for the last spool
// write or the last checkpoint.
func (r *Receiver) diskFull() bool {
	return r.spool.DiskFull() || r.ckptDiskFull.Load()
}

// spoolFull reports whether a delivery of recent size would be refused.
func (r *Receiver) spoolFull() bool {
	kept, limit := r.spool.Usage()
	return limit > 0 && kept+max(r.avgFrame.Load(), 1) > limit
}

// Spool returns the receiver's spool (for tests and benchmarks).
func (r *Receiver) Spool() *Spool { return r.spool }

var _ io.Closer = (*Receiver)(nil)
