package watch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/auth0-migrate/auth0audit/logscan"
)

// IngestPaths are the paths a delivery may be POSTed to: "/" and the /api/logs route
// Auth0's documentation suggests.
var IngestPaths = []string{"/", "/logs", "/api/logs"}

// acceptedMediaTypes are the Content-Types a delivery may declare (or none). A Custom Webhook
// stream sends the "Content Type" it was configured with (application/json by default) in
// every format; the format itself is told by the content, as the log scanner does.
var acceptedMediaTypes = map[string]bool{
	"application/json": true, "application/x-ndjson": true, "application/ndjson": true,
	"application/jsonl": true, "application/x-jsonlines": true, "application/jsonlines": true,
	"application/json-seq": true, "text/plain": true, "application/octet-stream": true,
	// curl's default for --data: the content decides.
	"application/x-www-form-urlencoded": true,
}

// Handler serves deliveries on IngestPaths (POST), /metrics, /healthz and /report (GET).
func (r *Receiver) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, p := range IngestPaths {
		mux.HandleFunc(p, r.serveDelivery)
	}
	metricsHandler := promhttp.HandlerFor(r.metrics.reg, promhttp.HandlerOpts{})
	mux.HandleFunc("/metrics", func(w http.ResponseWriter, req *http.Request) {
		if r.cfg.MetricsAuth && !r.authenticated(w, req) {
			return
		}
		metricsHandler.ServeHTTP(w, req)
	})
	mux.HandleFunc("/healthz", r.serveHealth)
	mux.HandleFunc("/report", func(w http.ResponseWriter, req *http.Request) {
		if !r.authenticated(w, req) {
			return
		}
		r.serveReport(w, req)
	})
	return mux
}

// authenticated answers 401 unless the request carries the token. The body is not read: the
// connection is closed after the answer, so an unauthenticated sender cannot make the
// receiver read (or drain) anything.
func (r *Receiver) authenticated(w http.ResponseWriter, req *http.Request) bool {
	if r.cfg.Auth.Allow(req.Header.Get("Authorization")) {
		return true
	}
	r.metrics.rejected.WithLabelValues(reasonUnauthorized).Inc()
	w.Header().Set("WWW-Authenticate", `Bearer realm="auth0audit watch"`)
	w.Header().Set("Connection", "close")
	what := "no Authorization header"
	if req.Header.Get("Authorization") != "" {
		what = "the Authorization header does not match the configured token"
	}
	r.logs.logf(reasonUnauthorized, fmt.Sprintf("401 %s %s from %s: %s", req.Method, loggedPath(req.URL.Path), req.RemoteAddr, what))
	writeError(w, http.StatusUnauthorized, what)
	return false
}

// deliveryError is a delivery refused with a status and a reason.
type deliveryError struct {
	status int
	reason string // metric label
	msg    string
}

func (e *deliveryError) Error() string { return e.msg }

func (r *Receiver) serveDelivery(w http.ResponseWriter, req *http.Request) {
	start := time.Now()
	if req.URL.Path == "/" && req.Method == http.MethodGet {
		// A person opening the receiver in a browser.
		fmt.Fprint(w, "auth0audit watch: POST log-stream deliveries here; GET /metrics, /healthz, /report\n")
		return
	}
	if req.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		r.refuse(w, req, &deliveryError{http.StatusMethodNotAllowed, reasonMethod, "deliveries are POSTed"})
		return
	}
	if !r.authenticated(w, req) {
		return
	}
	events, err := r.accept(req)
	if err != nil {
		var de *deliveryError
		if !errors.As(err, &de) {
			de = &deliveryError{http.StatusInternalServerError, reasonSpoolError, err.Error()}
		}
		r.refuse(w, req, de)
		return
	}
	r.metrics.ackSeconds.Observe(time.Since(start).Seconds())
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, "{\"events\":%d}\n", events)
}

func (r *Receiver) refuse(w http.ResponseWriter, req *http.Request, de *deliveryError) {
	r.metrics.rejected.WithLabelValues(de.reason).Inc()
	switch de.status {
	case http.StatusInsufficientStorage, http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", "30")
	case http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType:
		// The body was not read to its end: do not let the server drain it.
		w.Header().Set("Connection", "close")
	}
	r.logs.logf(de.reason, fmt.Sprintf("%d %s %s from %s: %s", de.status, req.Method, loggedPath(req.URL.Path), req.RemoteAddr, de.msg))
	writeError(w, de.status, de.msg)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]any{"status": status, "error": msg})
	w.Write(append(b, '\n'))
}

// accept reads, checks and spools one delivery, and returns its number of events once it is
// on disk.
func (r *Receiver) accept(req *http.Request) (int, error) {
	if r.closing.Load() {
		return 0, &deliveryError{http.StatusServiceUnavailable, reasonShuttingDown, "the receiver is shutting down; send again"}
	}
	if ct := req.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || !acceptedMediaTypes[strings.ToLower(mt)] {
			return 0, &deliveryError{http.StatusUnsupportedMediaType, reasonMediaType,
				fmt.Sprintf("Content-Type %q: want application/json (JSONLINES, JSONARRAY or JSONOBJECT), application/x-ndjson or text/plain", ct)}
		}
	}
	gz := false
	switch enc := strings.ToLower(strings.TrimSpace(req.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		gz = true
	default:
		return 0, &deliveryError{http.StatusUnsupportedMediaType, reasonUnknownEncode,
			fmt.Sprintf("Content-Encoding %q: want none or gzip", enc)}
	}
	limit := r.cfg.MaxBody
	if req.ContentLength > limit && !gz {
		return 0, &deliveryError{http.StatusRequestEntityTooLarge, reasonTooLarge,
			fmt.Sprintf("body of %d bytes is larger than the limit of %d bytes (--max-body)", req.ContentLength, limit)}
	}
	select {
	case r.sem <- struct{}{}:
		defer func() { <-r.sem }()
	case <-req.Context().Done():
		return 0, &deliveryError{http.StatusServiceUnavailable, reasonSenderGone, "the sender went away while the delivery waited its turn"}
	}
	weight := limit // a body of unknown length, or one that inflates
	if req.ContentLength > 0 && !gz {
		weight = req.ContentLength
	}
	if err := r.bodies.Acquire(req.Context(), weight); err != nil {
		return 0, &deliveryError{http.StatusServiceUnavailable, reasonSenderGone, "the sender went away while the delivery waited its turn"}
	}
	defer r.bodies.Release(weight)

	buf := r.getBuf()
	defer r.putBuf(buf)
	var body io.Reader = http.MaxBytesReader(nil, req.Body, limit)
	if gz {
		zr, err := gzip.NewReader(body)
		if err != nil {
			return 0, &deliveryError{http.StatusBadRequest, reasonMalformed, "gzip body: " + err.Error()}
		}
		body = io.LimitReader(zr, limit+1)
	}
	if req.ContentLength > 0 && !gz {
		// ReadFrom wants MinRead bytes free before it sees the end: without them a body of
		// exactly the announced length is copied into a buffer twice its size.
		buf.Grow(int(req.ContentLength) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(body); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return 0, &deliveryError{http.StatusRequestEntityTooLarge, reasonTooLarge,
				fmt.Sprintf("body larger than the limit of %d bytes (--max-body)", limit)}
		}
		return 0, &deliveryError{http.StatusBadRequest, reasonReadError, "reading the body: " + err.Error()}
	}
	if int64(buf.Len()) > limit {
		return 0, &deliveryError{http.StatusRequestEntityTooLarge, reasonTooLarge,
			fmt.Sprintf("gzip body inflates past the limit of %d bytes (--max-body)", limit)}
	}
	delivery := buf.Bytes()
	if lines, ok := indexedObjects(delivery); ok {
		delivery = lines // a JSONOBJECT batch keyed by index: its events, one a line
	}
	norm := r.getBuf()
	defer r.putBuf(norm)
	norm.Grow(len(delivery) + 64)
	events, malformed, err := checkDelivery(delivery, norm)
	if err != nil {
		r.metrics.malformed.Add(float64(malformed))
		return 0, err
	}
	r.metrics.received.Add(float64(events))
	if err := r.spoolBatch(req.Context(), norm.Bytes(), events, SourceStream); err != nil {
		return 0, err
	}
	return events, nil
}

// spoolBatch writes a checked batch to the spool and waits until it is on disk.
func (r *Receiver) spoolBatch(ctx context.Context, batch []byte, events int, source byte) error {
	fp, _ := r.frames.Get().(*[]byte)
	if fp == nil {
		fp = new([]byte)
	}
	frame := encodeFrame((*fp)[:0], batch, events, source)
	r.avgFrame.Store(int64(len(frame)))
	label := "stream"
	if source == SourceGapFill {
		label = "gap_fill"
	}
	err := r.spool.Append(ctx, frame, events)
	if (err == nil || errors.Is(err, ErrSpoolFull)) && cap(frame) <= maxPooledBuffer {
		// Otherwise the writer may still hold the frame (a sender gone while it waited).
		*fp = frame
		r.frames.Put(fp)
	}
	switch {
	case err == nil:
		r.spooledEvents.Add(int64(events))
		r.metrics.spooled.WithLabelValues(label).Add(float64(events))
		return nil
	case errors.Is(err, ErrSpoolFull):
		r.metrics.refused.WithLabelValues(reasonSpoolFull).Add(float64(events))
		kept, limit := r.spool.Usage()
		return &deliveryError{http.StatusInsufficientStorage, reasonSpoolFull, fmt.Sprintf(
			"spool full (%d of %d bytes, --spool-max-bytes): the classifier is behind or stopped; not acknowledged, send again later", kept, limit)}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return &deliveryError{http.StatusServiceUnavailable, reasonSenderGone, "the sender went away before the delivery was on disk"}
	case isDiskFull(err):
		// As a full spool: the sender is to try again later, once there is room.
		r.metrics.refused.WithLabelValues(reasonDiskFull).Add(float64(events))
		again := "send again later"
		if r.spool.Err() != nil {
			again = "the receiver must be restarted once there is room"
		}
		return &deliveryError{http.StatusInsufficientStorage, reasonDiskFull, fmt.Sprintf(
			"disk full under the spool %s (%v): not acknowledged; %s", r.cfg.Dir, err, again)}
	default:
		r.metrics.refused.WithLabelValues(reasonSpoolError).Add(float64(events))
		return &deliveryError{http.StatusServiceUnavailable, reasonSpoolError, "cannot write the spool: " + err.Error() + "; not acknowledged"}
	}
}

// maxListedProblems bounds the malformed records named in a refusal.
const maxListedProblems = 5

// checkDelivery reads a delivery with the scanner's decoder, strictly: every record must be a
// JSON event carrying a log_id (without one it could not be deduplicated). It appends the
// events to norm as NDJSON, unwrapped from their envelopes when they carry their own log_id
// (the classifier then reads plain events, the scanner's fast path), and returns their
// number, or the reasons, by line, the delivery is refused.
func checkDelivery(batch []byte, norm *bytes.Buffer) (events, malformed int, err error) {
	var noID []int
	st, err := logscan.WalkBatch(batch, logscan.BatchOptions{Name: "body", Strict: true, MaxExamples: maxListedProblems},
		func(ev logscan.BatchEvent) error {
			if ev.LogID == "" {
				if len(noID) < maxListedProblems {
					noID = append(noID, ev.Line)
				}
				return nil
			}
			line := ev.Record
			if ev.OwnLogID {
				line = ev.Event
			}
			if bytes.IndexByte(line, '\n') >= 0 {
				// A pretty-printed JSONARRAY or JSONOBJECT delivery: one event per line.
				if err := json.Compact(norm, line); err != nil {
					return err
				}
				norm.WriteByte('\n')
				return nil
			}
			norm.Write(line)
			norm.WriteByte('\n')
			return nil
		})
	if err != nil {
		return 0, st.Malformed, &deliveryError{http.StatusBadRequest, reasonMalformed, "body: " + err.Error()}
	}
	if st.Malformed > 0 {
		var parts []string
		for _, m := range st.Examples {
			parts = append(parts, fmt.Sprintf("line %d: %s", m.Line, m.Reason))
		}
		return 0, st.Malformed, &deliveryError{http.StatusBadRequest, reasonMalformed, fmt.Sprintf(
			"%d record(s) of the body are not log events (%s); nothing of this delivery was accepted", st.Malformed, strings.Join(parts, "; "))}
	}
	if len(noID) > 0 {
		lines := make([]string, len(noID))
		for i, l := range noID {
			lines[i] = strconv.Itoa(l)
		}
		return 0, len(noID), &deliveryError{http.StatusBadRequest, reasonMissingLogID, fmt.Sprintf(
			"event(s) without a log_id at line(s) %s: they could not be deduplicated; nothing of this delivery was accepted", strings.Join(lines, ", "))}
	}
	if st.Events == 0 {
		return 0, 0, &deliveryError{http.StatusBadRequest, reasonNoEvents, "the body holds no log events"}
	}
	return st.Events, 0, nil
}

// Buffers are pooled: a delivery's body and its frame are the receiver's main allocations.
func (r *Receiver) getBuf() *bytes.Buffer {
	if b, ok := r.bufs.Get().(*bytes.Buffer); ok {
		b.Reset()
		return b
	}
	return new(bytes.Buffer)
}

func (r *Receiver) putBuf(b *bytes.Buffer) {
	if b.Cap() <= maxPooledBuffer {
		r.bufs.Put(b)
	}
}

// maxPooledBuffer bounds the buffers kept for reuse: a log-stream batch is a few hundred KiB;
// the buffers of a rare large delivery are let go rather than kept after it.
const maxPooledBuffer = 4 << 20

// serveHealth answers 200 while deliveries are taken and classified, 503 with the reason
// otherwise.
func (r *Receiver) serveHealth(w http.ResponseWriter, _ *http.Request) {
	var problems []string
	if err := r.spool.Err(); err != nil {
		problems = append(problems, "spool broken: "+err.Error())
	}
	if r.spoolFull() {
		problems = append(problems, "spool full: deliveries are refused with 507")
	}
	if r.diskFull() {
		problems = append(problems, "disk full under the spool "+r.cfg.Dir+": deliveries are refused with 507 (or checkpoints fail) until there is room")
	}
	if p := r.classifyErr.Load(); p != nil {
		problems = append(problems, "classifier failing (tried again; the events stay in the spool): "+(*p).Error())
	}
	if p := r.checkpointErr.Load(); p != nil {
		problems = append(problems, "checkpoint failing (the spool is not released): "+(*p).Error())
	}
	if r.closing.Load() {
		problems = append(problems, "shutting down")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if len(problems) > 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, strings.Join(problems, "\n"))
		return
	}
	fmt.Fprintln(w, "ok")
}
