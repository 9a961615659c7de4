package auth0sim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// LogStream configures the tenant's log stream: a Custom Webhook stream, as Auth0 runs one.
// Every event the tenant logs from then on is POSTed to URL in batches, wrapped as a stream
// wraps it ({"log_id": ..., "data": <event>}), with Authorization sent verbatim as the header
// value (the dashboard's "Authorization Token": write "Bearer x" to send "Bearer x").
//
// Content formats: JSONLINES sends one wrapped event per line; JSONARRAY a JSON array of them;
// JSONOBJECT one wrapped event per request (a JSON object holds one event). A delivery that is
// not answered 2xx (or not answered at all) is tried again, up to MaxAttempts in all (Auth0
// tries three times), then given up and recorded in LogStreamHealth (Auth0's Health tab).
type LogStream struct {
	URL           string `json:"url"`
	Authorization string `json:"authorization,omitempty"`
	// ContentFormat is JSONLINES (default), JSONARRAY or JSONOBJECT.
	ContentFormat string `json:"content_format,omitempty"`
	// ContentType is the Content-Type header; "" means application/json.
	ContentType string `json:"content_type,omitempty"`
	// BatchSize bounds the events of one delivery; 0 means 100.
	BatchSize int `json:"batch_size,omitempty"`
	// BatchWait is how long the first event of a batch waits for more; 0 means 50ms.
	BatchWait time.Duration `json:"-"`
	// MaxAttempts is how many times a delivery is tried; 0 means 3.
	MaxAttempts int `json:"max_attempts,omitempty"`
	// RetryWait is the pause before the second attempt, doubled for each later one; 0 means
	// 100ms.
	RetryWait time.Duration `json:"-"`
	// Timeout bounds one attempt; 0 means 10s.
	Timeout time.Duration `json:"-"`
	// Concurrency is how many deliveries are in flight at once; 0 means 1 (in order).
	Concurrency int `json:"concurrency,omitempty"`
}

// Log-stream content formats.
const (
	FormatJSONLines  = "JSONLINES"
	FormatJSONArray  = "JSONARRAY"
	FormatJSONObject = "JSONOBJECT"
)

// LogStreamHealth is what the stream's Health tab shows.
type LogStreamHealth struct {
	// Status is "active", "paused" or "off".
	Status           string `json:"status"`
	DeliveredEvents  int    `json:"delivered_events"`
	DeliveredBatches int    `json:"delivered_batches"`
	// Attempts counts every POST, retries included.
	Attempts int `json:"attempts"`
	// Retries counts the attempts after a first one failed.
	Retries int `json:"retries"`
	// Failures are the deliveries given up after MaxAttempts.
	Failures []LogStreamFailure `json:"failures"`
	// Pending counts the events logged and not yet delivered or given up.
	Pending int `json:"pending"`
	// Dropped counts events logged while the stream was paused: a paused stream does not
	// deliver them later (read them with GET /api/v2/logs).
	Dropped int `json:"dropped"`
}

// LogStreamFailure is a delivery given up.
type LogStreamFailure struct {
	LogIDs     []string  `json:"log_ids"`
	Attempts   int       `json:"attempts"`
	LastStatus int       `json:"last_status,omitempty"`
	LastError  string    `json:"last_error"`
	At         time.Time `json:"at"`
}

// logStreamer delivers the tenant's events to a LogStream. Its zero value is a stream that is
// off. Its lock is taken after Server.mu (appendEventLocked) and never the other way round.
type logStreamer struct {
	mu       sync.Mutex
	cfg      LogStream
	on       bool
	paused   bool
	queue    []streamEvent
	inFlight int
	health   LogStreamHealth
	wake     chan struct{}
	idle     chan struct{} // closed and replaced when nothing is queued or in flight
	cancel   context.CancelFunc
	wg       sync.WaitGroup
	client   *http.Client
}

type streamEvent struct {
	logID string
	raw   json.RawMessage
}

func (c LogStream) withDefaults() (LogStream, error) {
	if c.URL == "" {
		return c, errors.New("auth0sim: log stream without a url")
	}
	c.ContentFormat = strings.ToUpper(c.ContentFormat)
	switch c.ContentFormat {
	case "":
		c.ContentFormat = FormatJSONLines
	case FormatJSONLines, FormatJSONArray, FormatJSONObject:
	default:
		return c, fmt.Errorf("auth0sim: log stream content_format %q: want JSONLINES, JSONARRAY or JSONOBJECT", c.ContentFormat)
	}
	if c.ContentType == "" {
		c.ContentType = "application/json"
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 100
	}
	if c.ContentFormat == FormatJSONObject {
		c.BatchSize = 1
	}
	if c.BatchWait <= 0 {
		c.BatchWait = 50 * time.Millisecond
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 3
	}
	if c.RetryWait <= 0 {
		c.RetryWait = 100 * time.Millisecond
	}
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Second
	}
	if c.Concurrency <= 0 {
		c.Concurrency = 1
	}
	return c, nil
}

// SetLogStream starts delivering the events logged from now on to cfg.URL, replacing any
// stream configured before (its undelivered events are dropped).
func (s *Server) SetLogStream(cfg LogStream) error {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return err
	}
	ls := &s.stream
	ls.stop()
	ls.mu.Lock()
	defer ls.mu.Unlock()
	ls.cfg, ls.on, ls.paused = cfg, true, false
	ls.queue = nil
	ls.health = LogStreamHealth{Failures: []LogStreamFailure{}}
	ls.wake = make(chan struct{}, 1)
	if ls.idle == nil {
		ls.idle = make(chan struct{})
	}
	ls.client = &http.Client{Timeout: cfg.Timeout}
	ctx, cancel := context.WithCancel(context.Background())
	ls.cancel = cancel
	for range cfg.Concurrency {
		ls.wg.Add(1)
		go ls.deliver(ctx)
	}
	return nil
}

// PauseLogStream pauses or resumes the stream. Events logged while it is paused are never
// delivered: the gap a receiver fills from GET /api/v2/logs.
func (s *Server) PauseLogStream(paused bool) {
	s.stream.mu.Lock()
	defer s.stream.mu.Unlock()
	s.stream.paused = paused
}

// LogStreamHealth reports the stream's deliveries and failures.
func (s *Server) LogStreamHealth() LogStreamHealth {
	ls := &s.stream
	ls.mu.Lock()
	defer ls.mu.Unlock()
	h := ls.health
	h.Failures = append([]LogStreamFailure{}, ls.health.Failures...)
	h.Pending = len(ls.queue) + ls.inFlight
	switch {
	case !ls.on:
		h.Status = "off"
	case ls.paused:
		h.Status = "paused"
	default:
		h.Status = "active"
	}
	return h
}

// WaitLogStream returns once every event logged so far was delivered or given up, or when ctx
// is done.
func (s *Server) WaitLogStream(ctx context.Context) error {
	ls := &s.stream
	for {
		ls.mu.Lock()
		if !ls.on || len(ls.queue)+ls.inFlight == 0 {
			ls.mu.Unlock()
			return nil
		}
		idle := ls.idle
		ls.mu.Unlock()
		select {
		case <-idle:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// streamEventLocked hands a logged event to the stream (called with Server.mu held).
func (s *Server) streamEventLocked(logID string, raw json.RawMessage) {
	ls := &s.stream
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if !ls.on {
		return
	}
	if ls.paused {
		ls.health.Dropped++
		return
	}
	ls.queue = append(ls.queue, streamEvent{logID, raw})
	select {
	case ls.wake <- struct{}{}:
	default:
	}
}

// stop ends the delivery goroutines (undelivered events are dropped).
func (ls *logStreamer) stop() {
	ls.mu.Lock()
	cancel := ls.cancel
	ls.cancel = nil
	ls.on = false
	ls.mu.Unlock()
	if cancel != nil {
		cancel()
		ls.wg.Wait()
	}
	ls.mu.Lock()
	ls.queue, ls.inFlight = nil, 0
	ls.signalIdleLocked()
	ls.mu.Unlock()
}

func (ls *logStreamer) signalIdleLocked() {
	if ls.idle != nil && len(ls.queue)+ls.inFlight == 0 {
		close(ls.idle)
		ls.idle = make(chan struct{})
	}
}

// deliver takes batches off the queue and POSTs them until ctx is done.
func (ls *logStreamer) deliver(ctx context.Context) {
	defer ls.wg.Done()
	for {
		batch, cfg, ok := ls.next(ctx)
		if !ok {
			return
		}
		ls.post(ctx, cfg, batch)
		ls.mu.Lock()
		ls.inFlight -= len(batch)
		ls.signalIdleLocked()
		ls.mu.Unlock()
	}
}

// next waits for events and takes a batch: BatchSize events, or what came within BatchWait of
// the first.
func (ls *logStreamer) next(ctx context.Context) ([]streamEvent, LogStream, bool) {
	var first time.Time
	for {
		ls.mu.Lock()
		cfg := ls.cfg
		n := len(ls.queue)
		if n > 0 && first.IsZero() {
			first = time.Now()
		}
		if n >= cfg.BatchSize || (n > 0 && time.Since(first) >= cfg.BatchWait) {
			k := min(n, cfg.BatchSize)
			batch := append([]streamEvent(nil), ls.queue[:k]...)
			ls.queue = ls.queue[k:]
			ls.inFlight += k
			ls.mu.Unlock()
			return batch, cfg, true
		}
		wake := ls.wake
		ls.mu.Unlock()
		var timer <-chan time.Time
		if n > 0 {
			timer = time.After(cfg.BatchWait - time.Since(first))
		}
		select {
		case <-wake:
		case <-timer:
		case <-ctx.Done():
			return nil, cfg, false
		}
	}
}

// encodeBatch renders a batch in the stream's content format.
func encodeBatch(format string, batch []streamEvent) []byte {
	var b bytes.Buffer
	wrap := func(ev streamEvent) {
		b.WriteString(`{"log_id":`)
		id, _ := json.Marshal(ev.logID)
		b.Write(id)
		b.WriteString(`,"data":`)
		b.Write(ev.raw)
		b.WriteByte('}')
	}
	switch format {
	case FormatJSONArray:
		b.WriteByte('[')
		for i, ev := range batch {
			if i > 0 {
				b.WriteByte(',')
			}
			wrap(ev)
		}
		b.WriteByte(']')
	default: // JSONLINES; JSONOBJECT batches hold one event
		for _, ev := range batch {
			wrap(ev)
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

// post delivers one batch, trying MaxAttempts times.
func (ls *logStreamer) post(ctx context.Context, cfg LogStream, batch []streamEvent) {
	body := encodeBatch(cfg.ContentFormat, batch)
	var lastStatus int
	var lastErr string
	wait := cfg.RetryWait
	for attempt := 1; attempt <= cfg.MaxAttempts; attempt++ {
		if attempt > 1 {
			select {
			case <-time.After(wait):
				wait *= 2
			case <-ctx.Done():
				return
			}
		}
		ls.mu.Lock()
		ls.health.Attempts++
		if attempt > 1 {
			ls.health.Retries++
		}
		ls.mu.Unlock()
		status, err := ls.attempt(ctx, cfg, body)
		if err == nil && status/100 == 2 {
			ls.mu.Lock()
			ls.health.DeliveredEvents += len(batch)
			ls.health.DeliveredBatches++
			ls.mu.Unlock()
			return
		}
		if ctx.Err() != nil {
			return
		}
		lastStatus = status
		if err != nil {
			lastErr = err.Error()
		} else {
			lastErr = fmt.Sprintf("answered %d", status)
		}
	}
	f := LogStreamFailure{Attempts: cfg.MaxAttempts, LastStatus: lastStatus, LastError: lastErr, At: time.Now().UTC()}
	for _, ev := range batch {
		f.LogIDs = append(f.LogIDs, ev.logID)
	}
	ls.mu.Lock()
	ls.health.Failures = append(ls.health.Failures, f)
	ls.mu.Unlock()
}

func (ls *logStreamer) attempt(ctx context.Context, cfg LogStream, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, cfg.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", cfg.ContentType)
	req.Header.Set("User-Agent", "auth0sim-log-stream")
	if cfg.Authorization != "" {
		req.Header.Set("Authorization", cfg.Authorization)
	}
	resp, err := ls.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, nil
}

// streamRoutes adds the log-stream helper API: configure, pause, health.
func (s *Server) streamRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /__sim/log-stream", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			LogStream
			BatchWaitMS int `json:"batch_wait_ms"`
			RetryWaitMS int `json:"retry_wait_ms"`
			TimeoutMS   int `json:"timeout_ms"`
		}
		if !decodeHelperBody(w, r, &req) {
			return
		}
		cfg := req.LogStream
		cfg.BatchWait = time.Duration(req.BatchWaitMS) * time.Millisecond
		cfg.RetryWait = time.Duration(req.RetryWaitMS) * time.Millisecond
		cfg.Timeout = time.Duration(req.TimeoutMS) * time.Millisecond
		if err := s.SetLogStream(cfg); err != nil {
			writeJSON(w, http.StatusBadRequest, newAPIError(http.StatusBadRequest, err.Error(), "invalid_body"))
			return
		}
		writeJSON(w, http.StatusOK, s.LogStreamHealth())
	})
	mux.HandleFunc("POST /__sim/log-stream/pause", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Paused bool `json:"paused"`
		}
		if !decodeHelperBody(w, r, &req) {
			return
		}
		s.PauseLogStream(req.Paused)
		writeJSON(w, http.StatusOK, s.LogStreamHealth())
	})
	mux.HandleFunc("GET /__sim/log-stream", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.LogStreamHealth())
	})
}
