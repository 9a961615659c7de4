package watch

import (
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// metrics are the receiver's Prometheus metrics, in a registry of its own. Counters of what the
// classifier found (classified, deduplicated, findings, affected calls) are read from its state
// at each scrape, so they count since the spool was created, across restarts; the counters of
// deliveries count since the process started, except received and spooled events, which start
// from what the spool already holds.
type metrics struct {
	reg *prometheus.Registry

	received   prometheus.Counter
	spooled    *prometheus.CounterVec // source
	refused    *prometheus.CounterVec // reason
	rejected   *prometheus.CounterVec // reason
	malformed  prometheus.Counter
	ackSeconds prometheus.Histogram
	gapFetched prometheus.Counter
	gapErrors  prometheus.Counter
	gapLast    prometheus.Gauge

	classifyErrors prometheus.Counter
	logsSuppressed *prometheus.CounterVec // kind
}

// logUseCases are the use cases a log event can be classified into: each has a findings
// series from the start, so that rate() and alerts see a zero before the first finding.
var logUseCases = []usecase.ID{
	usecase.LinkIDTokenBearer, usecase.LinkUserIDUpdateUsers, usecase.LinkUserIDCurrentUser, usecase.LinkWithIDToken,
	usecase.Auth0jsIDToken, usecase.Auth0jsUpdateUsers, usecase.Auth0jsCurrentUser, usecase.UnlinkIDTokenBearer,
	usecase.UnlinkAccessToken, usecase.LinkUndetermined, usecase.UnlinkUndetermined, usecase.SecretRotate,
	usecase.SecretSetCustom, usecase.SecretInClientUpdate, usecase.SecretStaleUse, usecase.SecretRead,
	usecase.DeprecationNotice,
}

// Rejection reasons (the reason label of auth0audit_watch_deliveries_rejected_total).
const (
	reasonUnauthorized  = "unauthorized"
	reasonMethod        = "method_not_allowed"
	reasonMediaType     = "unsupported_media_type"
	reasonTooLarge      = "too_large"
	reasonMalformed     = "malformed"
	reasonNoEvents      = "no_events"
	reasonReadError     = "read_error"
	reasonSpoolFull     = "spool_full"
	reasonSpoolError    = "spool_error"
	reasonDiskFull      = "disk_full"
	reasonShuttingDown  = "shutting_down"
	reasonSenderGone    = "sender_gone"
	reasonMissingLogID  = "missing_log_id"
	reasonUnknownEncode = "unsupported_encoding"
)

func newMetrics(r *Receiver) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.received = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "auth0audit_watch_events_received_total",
		Help: "Events in authenticated, well-formed log-stream deliveries, redeliveries included, whether spooled or refused.",
	})
	m.spooled = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "auth0audit_watch_events_spooled_total",
		Help: "Events written to the spool (fsync'd) before their delivery was acknowledged, by source (stream, gap_fill).",
	}, []string{"source"})
	m.refused = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "auth0audit_watch_events_refused_total",
		Help: "Events of well-formed deliveries the receiver refused because it could not spool them, by reason.",
	}, []string{"reason"})
	m.rejected = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "auth0audit_watch_deliveries_rejected_total",
		Help: "Deliveries answered with an error, by reason.",
	}, []string{"reason"})
	m.malformed = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "auth0audit_watch_records_malformed_total",
		Help: "Records of rejected deliveries that were not log events (or events without a log_id).",
	})
	m.ackSeconds = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "auth0audit_watch_ack_seconds",
		Help:    "Time from a delivery's arrival to its acknowledgement (spooled and fsync'd).",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	})
	m.gapFetched = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "auth0audit_watch_gap_fill_events_total",
		Help: "Events read from GET /api/v2/logs to fill gaps in the stream (those the stream delivered too are deduplicated).",
	})
	m.gapErrors = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "auth0audit_watch_gap_fill_errors_total",
		Help: "Gap-fill runs that failed (the next run resumes from the checkpoint).",
	})
	m.gapLast = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "auth0audit_watch_gap_fill_last_success_timestamp_seconds",
		Help: "When a gap-fill run last read the tenant's logs to their end.",
	})
	m.classifyErrors = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "auth0audit_watch_classifier_errors_total",
		Help: "Failed attempts to read or classify a spool frame (each is tried again; one that keeps failing is held aside).",
	})
	m.logsSuppressed = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "auth0audit_watch_log_lines_suppressed_total",
		Help: "Log lines left out by kind (refusal reason, classifier_error, checkpoint_error): at most 10 a minute of each kind are written.",
	}, []string{"kind"})
	r.logs.onDrop = func(kind string) { m.logsSuppressed.WithLabelValues(kind).Inc() }
	m.reg.MustRegister(m.received, m.spooled, m.refused, m.rejected, m.malformed, m.ackSeconds,
		m.gapFetched, m.gapErrors, m.gapLast, m.classifyErrors, m.logsSuppressed,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&stateCollector{r: r})
	for _, src := range []string{"stream", "gap_fill"} {
		m.spooled.WithLabelValues(src)
	}
	for _, reason := range []string{reasonUnauthorized, reasonTooLarge, reasonMalformed, reasonSpoolFull, reasonDiskFull} {
		m.rejected.WithLabelValues(reason)
	}
	return m
}

// stateCollector reads the classifier's state and the spool at each scrape.
type stateCollector struct{ r *Receiver }

var (
	descClassified = prometheus.NewDesc("auth0audit_watch_events_classified_total",
		"Distinct events (by log_id) classified, since the spool was created.", nil, nil)
	descDeduplicated = prometheus.NewDesc("auth0audit_watch_events_deduplicated_total",
		"Events dropped because an event with their log_id was classified before (redeliveries, gap-fill overlap).", nil, nil)
	descFindings = prometheus.NewDesc("auth0audit_findings_total",
		"Findings by use case, over distinct events.", []string{"use_case"}, nil)
	descAffected = prometheus.NewDesc("auth0audit_watch_affected_calls_total",
		"Affected (or action) findings by use case and client id; clients past --max-metric-clients are summed under \"other\".",
		[]string{"use_case", "client"}, nil)
	descLastAffected = prometheus.NewDesc("auth0audit_watch_last_affected_call_timestamp_seconds",
		"Date of the newest affected (or action) event by use case and client.", []string{"use_case", "client"}, nil)
	descStale = prometheus.NewDesc("auth0audit_watch_secret_stale_use_total",
		"Failed client-credentials exchanges after the client's secret changed, by client.", []string{"client"}, nil)
	descClientInfo = prometheus.NewDesc("auth0audit_watch_client_info",
		"Name of each client that has its own client label.", []string{"client", "client_name"}, nil)
	descFixDate = prometheus.NewDesc("auth0audit_watch_client_fix_timestamp_seconds",
		"When the fix of a client was deployed (--fix-date): affected calls dated after it should not happen.", []string{"client"}, nil)
	descPending = prometheus.NewDesc("auth0audit_watch_feccft_pending",
		"Failed client-credentials exchanges of clients with no earlier secret change known yet (a late change can make them stale uses).", nil, nil)
	descPendingDropped = prometheus.NewDesc("auth0audit_watch_feccft_pending_dropped_total",
		"Pending failed client-credentials exchanges let go past the bound per client (a change of the client's secret dated before them, arriving later, would not make them stale uses).", nil, nil)
	descSpoolBytes = prometheus.NewDesc("auth0audit_watch_spool_bytes",
		"Bytes kept in the spool (segments not yet released by a checkpoint, and frames being written).", nil, nil)
	descSpoolLimit = prometheus.NewDesc("auth0audit_watch_spool_limit_bytes",
		"The spool's bound (--spool-max-bytes).", nil, nil)
	descSpoolFull = prometheus.NewDesc("auth0audit_watch_spool_full",
		"Is 1 while the spool is too full to take a delivery of average size: deliveries are refused with 507.", nil, nil)
	descDiskFull = prometheus.NewDesc("auth0audit_watch_disk_full",
		"Is 1 while the filesystem under the spool has no room (ENOSPC or EDQUOT on the last spool write or checkpoint): deliveries are refused with 507.", nil, nil)
	descDamagedCopies = prometheus.NewDesc("auth0audit_watch_spool_damaged_copies",
		"Originals of segments found damaged kept in the spool (SEGMENT.seg.damaged, outside the spool's bound; deleted after a week).", nil, nil)
	descDamagedCopyBytes = prometheus.NewDesc("auth0audit_watch_spool_damaged_copies_bytes",
		"Bytes of the originals of damaged segments kept in the spool.", nil, nil)
	descClassifierFailing = prometheus.NewDesc("auth0audit_watch_classifier_failing",
		"Is 1 while the classifier's last attempt to read or classify a spool frame failed (it tries again; see /healthz).", nil, nil)
	descHeld = prometheus.NewDesc("auth0audit_watch_events_held_total",
		"Events of spool frames the classifier failed on again and again: kept in the spool's held/ directory, not classified.", nil, nil)
	descSpoolBroken = prometheus.NewDesc("auth0audit_watch_spool_broken",
		"Is 1 after a spool write or fsync failed: every delivery is refused until the receiver is restarted.", nil, nil)
	descSpoolDamaged = prometheus.NewDesc("auth0audit_watch_spool_damaged_bytes",
		"Bytes of the spool found damaged when the receiver started (set aside; the batches in them are not classified: fill them from the tenant's logs).", nil, nil)
	descIndexIDs = prometheus.NewDesc("auth0audit_watch_logid_index_ids",
		"log_ids the dedupe index remembers (those of the events dated inside --dedupe-window, and of events with no date).", nil, nil)
	descIndexBytes = prometheus.NewDesc("auth0audit_watch_logid_index_bytes",
		"Bytes of the dedupe index's run files on disk.", nil, nil)
	descWindow = prometheus.NewDesc("auth0audit_watch_dedupe_window_seconds",
		"How long a log_id is remembered after its event's date (--dedupe-window; 0: for good).", nil, nil)
	descOutsideWindow = prometheus.NewDesc("auth0audit_watch_events_outside_dedupe_window_total",
		"Events classified although dated before the dedupe window: a copy seen earlier would have been forgotten, so they may be counted twice (none from Auth0 while the window covers the tenant's log retention).", nil, nil)
	descBacklog = prometheus.NewDesc("auth0audit_watch_backlog_events",
		"Events spooled and not yet classified.", nil, nil)
	descLastEvent = prometheus.NewDesc("auth0audit_watch_last_event_timestamp_seconds",
		"Date of the newest event classified.", nil, nil)
	descFsyncs = prometheus.NewDesc("auth0audit_watch_spool_fsyncs_total",
		"Spool commits since the process started: one write and one fsync for every batch queued meanwhile (group commit).", nil, nil)
	descFrames = prometheus.NewDesc("auth0audit_watch_spool_batches_total",
		"Batches written to the spool since the process started; divided by fsyncs, the batches sharing one fsync.", nil, nil)
	descCheckpoint = prometheus.NewDesc("auth0audit_watch_last_checkpoint_timestamp_seconds",
		"When the classifier last saved its state.", nil, nil)
)

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descClassified, descDeduplicated, descFindings, descAffected, descLastAffected,
		descStale, descClientInfo, descFixDate, descPending, descPendingDropped, descSpoolBytes, descSpoolLimit, descSpoolFull, descDiskFull, descSpoolBroken, descClassifierFailing, descHeld, descDamagedCopies, descDamagedCopyBytes, descSpoolDamaged,
		descIndexIDs, descIndexBytes, descWindow, descOutsideWindow, descBacklog, descLastEvent, descCheckpoint, descFsyncs, descFrames} {
		ch <- d
	}
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	r := c.r
	counter := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v, labels...)
	}
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	st := r.state
	st.mu.Lock()
	counts := st.counts
	groups := st.summary.Groups()
	pending := st.stale.Pending()
	pendingDropped := st.stale.Dropped()
	lastEvent := st.lastEvent
	indexIDs, indexBytes := r.idx.size(), r.idx.diskBytes()
	labelOf := map[string]string{}
	for _, g := range groups {
		labelOf[g.ClientID] = st.clients.label(g.ClientID)
	}
	var named []string // labels of the clients that have their own, once each
	for _, id := range st.clients.order {
		if l := st.clients.label(id); !slices.Contains(named, l) {
			named = append(named, l)
		}
	}
	st.mu.Unlock()

	counter(descClassified, float64(counts.Classified))
	counter(descDeduplicated, float64(counts.Deduplicated))
	byUseCase := map[usecase.ID]int{}
	type key struct{ uc, client string }
	affected := map[key]int{}
	lastAffected := map[key]time.Time{}
	stale := map[string]int{}
	names := map[string]string{}
	for _, g := range groups {
		byUseCase[g.UseCase] += g.Count
		label := labelOf[g.ClientID]
		if g.ClientName != "" && label != otherClients {
			names[label] = labelValue(g.ClientName)
		}
		if g.Status == usecase.Affected || g.Status == usecase.Action {
			k := key{string(g.UseCase), label}
			affected[k] += g.Count
			if g.LastSeen.After(lastAffected[k]) {
				lastAffected[k] = g.LastSeen
			}
		}
		if g.UseCase == usecase.SecretStaleUse {
			stale[label] += g.Count
		}
	}
	for _, id := range logUseCases {
		counter(descFindings, float64(byUseCase[id]), string(id))
	}
	for id, n := range byUseCase {
		if !containsID(logUseCases, id) {
			counter(descFindings, float64(n), string(id))
		}
	}
	for k, n := range affected {
		counter(descAffected, float64(n), k.uc, k.client)
		if t := lastAffected[k]; !t.IsZero() {
			gauge(descLastAffected, float64(t.UnixMilli())/1000, k.uc, k.client)
		}
	}
	for client, n := range stale {
		counter(descStale, float64(n), client)
	}
	for _, label := range named {
		gauge(descClientInfo, 1, label, names[label])
	}
	fixLabels := map[string]bool{}
	for client, t := range r.fixDates {
		if label := labelValue(client); !fixLabels[label] {
			fixLabels[label] = true
			gauge(descFixDate, float64(t.Unix()), label)
		}
	}
	gauge(descPending, float64(pending))
	counter(descPendingDropped, float64(pendingDropped))

	gauge(descIndexIDs, float64(indexIDs))
	gauge(descIndexBytes, float64(indexBytes))
	gauge(descWindow, r.idx.opt.window.Seconds())
	counter(descOutsideWindow, float64(counts.OutsideWindow))

	kept, limit := r.spool.Usage()
	gauge(descSpoolBytes, float64(kept))
	gauge(descSpoolLimit, float64(limit))
	gauge(descSpoolFull, boolGauge(r.spoolFull()))
	gauge(descDiskFull, boolGauge(r.diskFull()))
	gauge(descSpoolBroken, boolGauge(r.spool.Err() != nil))
	gauge(descClassifierFailing, boolGauge(r.classifyErr.Load() != nil))
	counter(descHeld, float64(counts.Held))
	gauge(descSpoolDamaged, float64(r.damagedBytes))
	gauge(descDamagedCopies, float64(r.damagedFiles.Load()))
	gauge(descDamagedCopyBytes, float64(r.damagedCopyB.Load()))
	ss := r.spool.Stats()
	counter(descFsyncs, float64(ss.Commits))
	counter(descFrames, float64(ss.FramesWritten))
	spooled := r.spooledEvents.Load()
	gauge(descBacklog, float64(max(spooled-counts.Consumed, 0)))
	if !lastEvent.IsZero() {
		gauge(descLastEvent, float64(lastEvent.UnixMilli())/1000)
	}
	if t := r.lastCheckpoint.Load(); t != 0 {
		gauge(descCheckpoint, float64(t)/1000)
	}
}

func containsID(ids []usecase.ID, id usecase.ID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func boolGauge(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
