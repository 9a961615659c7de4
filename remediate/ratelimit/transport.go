// Package ratelimit is an http.RoundTripper for the Management API that keeps within the
// tenant's rate limit (X-RateLimit-Limit/Remaining/Reset), honours 429 Retry-After (with or
// without X-RateLimit-* headers), bounds every attempt with a timeout, and retries only what
// is safe to retry.
//
// It is installed with management.WithClient(&http.Client{Transport: t}) together with
// management.WithNoRetries(): go-auth0's own retry layer retries any request after a network
// error, which for rotate-secret means a lost answer plus a retry rotates twice and the first new
// secret is gone.
//
// Waits are what the tenant asks for, never shortened: a wait longer than MaxWait is not
// silently capped (the next request would meet another 429) but returned as an error that
// says how long the tenant asked to wait, before the request is sent.
package ratelimit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Transport wraps Base. One Transport serves one rate limit: the Management API and the
// Authentication API (/oauth/token) have separate limits, so they get separate transports.
type Transport struct {
	Base http.RoundTripper
	// MaxRetries bounds the retries of one request after a network error or a 5xx (reads
	// only). Zero means 4.
	MaxRetries int
	// MaxRateRetries bounds the retries of one request after 429 answers (any request: a
	// 429 is refused before it is processed). Zero means 10.
	MaxRateRetries int
	// MaxWait is the longest wait the transport accepts; when the tenant asks for longer, the
	// request fails with a *WaitTooLongError (not sent). Zero means ten minutes.
	MaxWait time.Duration
	// AttemptTimeout bounds each attempt (connect, send, answer and body). Zero means 30s.
	AttemptTimeout time.Duration
	// OnWait, if set, is told about every wait (for progress on stderr).
	OnWait func(d time.Duration, why string)
	// Sleep waits for d or until ctx is done; nil means a real timer.
	Sleep func(ctx context.Context, d time.Duration) error

	mu           sync.Mutex
	known        bool      // the tenant told us its limit
	limit        int       // X-RateLimit-Limit
	remaining    int       // requests left in this window, counting ours in flight
	reset        time.Time // when the window resets; zero when not known yet
	blockedUntil time.Time // a 429's Retry-After: nobody sends before then
	inflight     int
	stats        Stats
}

// Stats counts what the transport did.
type Stats struct {
	Requests  int
	Retries   int
	Throttled int // 429 answers seen
	Waited    time.Duration
}

// Stats returns a snapshot of the counters.
func (t *Transport) Stats() Stats {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.stats
}

// ErrWaitTooLong is matched by every *WaitTooLongError.
var ErrWaitTooLong = errors.New("the tenant asked to wait longer than allowed")

// WaitTooLongError says the tenant asked for a wait longer than MaxWait. The request was not
// sent (or, after a 429, was refused before it was processed).
type WaitTooLongError struct {
	Wait, Max time.Duration
	Why       string
}

func (e *WaitTooLongError) Error() string {
	return fmt.Sprintf("%s: the tenant asked to wait %s before the next request, longer than --max-wait %s; the request was not sent. "+
		"Run again after %s, or raise --max-wait", e.Why, e.Wait.Round(time.Second), e.Max, time.Now().Add(e.Wait).Format(time.RFC3339))
}

// Is lets errors.Is(err, ErrWaitTooLong) match.
func (e *WaitTooLongError) Is(target error) bool { return target == ErrWaitTooLong }

type noRetryKey struct{}

// NoRetry marks every request made with ctx as never to be resent after a network error or a
// 5xx, whatever its method. Callers use it for calls whose outcome they resolve themselves. A
// 429 is still waited out and resent: it was refused before it was processed.
func NoRetry(ctx context.Context) context.Context { return context.WithValue(ctx, noRetryKey{}, true) }

// neverRetry reports whether req must not be resent after an unclear outcome: marked with
// NoRetry, rotate-secret, or a PATCH of a client whose body sets client_secret.
func neverRetry(req *http.Request, body []byte) bool {
	if v, _ := req.Context().Value(noRetryKey{}).(bool); v {
		return true
	}
	p := strings.TrimSuffix(req.URL.Path, "/")
	if req.Method == http.MethodPost && strings.HasSuffix(p, "/rotate-secret") {
		return true
	}
	if req.Method == http.MethodPatch && strings.Contains(p, "/clients/") && bytes.Contains(body, []byte(`"client_secret"`)) {
		return true
	}
	return false
}

// idempotent reports whether a request may be resent after a 5xx or a network error: the
// reads. A POST link or DELETE unlink that reached the server and lost its answer may have
// been applied, so only a 429 (refused before processing) lets those be resent.
func idempotent(method string) bool {
	return method == http.MethodGet || method == http.MethodHead || method == http.MethodOptions
}

// RoundTrip implements http.RoundTripper.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	never := neverRetry(req, body)
	ctx := req.Context()
	errRetries, rateRetries := 0, 0
	for {
		if err := t.acquire(ctx); err != nil {
			return nil, err
		}
		actx, cancel := context.WithTimeout(ctx, t.attemptTimeout())
		r := req.Clone(actx)
		if body != nil {
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
			r.ContentLength = int64(len(body))
		}
		resp, err := base.RoundTrip(r)
		t.done(resp)
		if err != nil {
			cancel()
			if never || !idempotent(req.Method) || errRetries >= t.maxRetries() || ctx.Err() != nil {
				return nil, err
			}
			errRetries++
			t.count(func(s *Stats) { s.Retries++ })
			if err := t.pause(ctx, backoff(errRetries-1), "network error"); err != nil {
				return nil, err
			}
			continue
		}
		resp.Body = CancelOnClose(resp.Body, cancel)
		var wait time.Duration
		var why string
		switch {
		case resp.StatusCode == http.StatusTooManyRequests:
			if rateRetries >= t.maxRateRetries() {
				return resp, nil
			}
			rateRetries++
			// throttled makes every request wait (acquire does the waiting, once).
			if wait := t.throttled(resp.Header, rateRetries-1); wait > t.maxWait() {
				drain(resp)
				return nil, &WaitTooLongError{Wait: wait, Max: t.maxWait(), Why: "rate limited (429)"}
			}
			drain(resp)
			t.count(func(s *Stats) { s.Retries++ })
			continue
		case resp.StatusCode >= 500 && idempotent(req.Method) && !never && errRetries < t.maxRetries():
			errRetries++
			wait, why = backoff(errRetries-1), "server error "+strconv.Itoa(resp.StatusCode)
		default:
			return resp, nil
		}
		drain(resp)
		t.count(func(s *Stats) { s.Retries++ })
		if err := t.pause(ctx, wait, why); err != nil {
			return nil, err
		}
	}
}

func (t *Transport) count(f func(*Stats)) {
	t.mu.Lock()
	f(&t.stats)
	t.mu.Unlock()
}

func drain(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
}

// CancelOnClose returns body that ends an attempt's context when it is closed (not when
// RoundTrip returns, which would cut the body off).
func CancelOnClose(body io.ReadCloser, cancel context.CancelFunc) io.ReadCloser {
	return &cancelOnClose{ReadCloser: body, cancel: cancel}
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

func (t *Transport) maxWait() time.Duration {
	if t.MaxWait == 0 {
		return 10 * time.Minute
	}
	return t.MaxWait
}

func (t *Transport) maxRetries() int {
	if t.MaxRetries == 0 {
		return 4
	}
	return t.MaxRetries
}

func (t *Transport) maxRateRetries() int {
	if t.MaxRateRetries == 0 {
		return 10
	}
	return t.MaxRateRetries
}

func (t *Transport) attemptTimeout() time.Duration {
	if t.AttemptTimeout == 0 {
		return 30 * time.Second
	}
	return t.AttemptTimeout
}

// acquire waits until a request may be sent: after any Retry-After the tenant gave, and
// within the window's budget (remaining counts down for every request sent, answered or not,
// so concurrent steps do not overshoot the window into a storm of 429s).
func (t *Transport) acquire(ctx context.Context) error {
	for polls := 0; ; polls++ {
		t.mu.Lock()
		now := time.Now()
		var wait time.Duration
		var why string
		switch {
		case t.blockedUntil.After(now):
			wait, why = t.blockedUntil.Sub(now), "the tenant asked to wait (Retry-After)"
		case !t.known:
		case !t.reset.IsZero() && !now.Before(t.reset):
			t.remaining, t.reset = t.limit, time.Time{} // a new window
		}
		if wait == 0 && t.known && t.remaining <= 0 {
			if !t.reset.IsZero() {
				// X-RateLimit-Reset has one-second resolution: land inside the new window.
				wait, why = t.reset.Sub(now)+50*time.Millisecond, "rate limit budget spent, waiting for the window to reset"
			} else if polls < 40 {
				wait, why = 50*time.Millisecond, "rate limit budget spent, waiting for answers in flight"
			}
		}
		if wait <= 0 {
			if t.known {
				t.remaining--
			}
			t.inflight++
			t.stats.Requests++
			t.mu.Unlock()
			return nil
		}
		blocked, reset := t.blockedUntil, t.reset
		t.mu.Unlock()
		if wait > t.maxWait() {
			return &WaitTooLongError{Wait: wait, Max: t.maxWait(), Why: why}
		}
		if err := t.pause(ctx, wait, why); err != nil {
			return err
		}
		// The wait is over (also under a fake Sleep in tests): what was waited for is past.
		t.mu.Lock()
		if t.blockedUntil.Equal(blocked) {
			t.blockedUntil = time.Time{}
		}
		if t.known && t.reset.Equal(reset) && !reset.IsZero() {
			t.remaining, t.reset = t.limit, time.Time{}
		}
		t.mu.Unlock()
	}
}

// done records an answer's X-RateLimit-* headers.
func (t *Transport) done(resp *http.Response) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.inflight--
	if resp == nil {
		return
	}
	h := resp.Header
	lim, err1 := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	rem, err2 := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	rst, err3 := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || lim <= 0 {
		return
	}
	reset := time.Unix(rst, 0)
	if !t.known || t.reset.IsZero() || reset.After(t.reset) {
		// A new window: the others still in flight will spend from it too.
		t.limit, t.reset, t.known = lim, reset, true
		t.remaining = max(rem-t.inflight, 0)
		return
	}
	t.limit = lim
	t.remaining = min(t.remaining, rem)
}

// throttled reads a 429's wait (Retry-After in seconds or as an HTTP date, else
// X-RateLimit-Reset, else a backoff) and makes every request wait that long.
func (t *Transport) throttled(h http.Header, attempt int) time.Duration {
	wait := backoff(attempt)
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if s, err := strconv.ParseUint(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
			wait = seconds(s, err)
		} else if at, err := http.ParseTime(v); err == nil {
			wait = max(time.Until(at), 0)
		}
	} else if rst, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil {
		if d := time.Until(time.Unix(rst, 0)); d > 0 {
			wait = d + 50*time.Millisecond
		}
	}
	t.mu.Lock()
	t.stats.Throttled++
	if until := time.Now().Add(wait); until.After(t.blockedUntil) {
		t.blockedUntil = until
	}
	t.mu.Unlock()
	return wait
}

// maxDuration is the longest time.Duration (about 292 years).
const maxDuration = time.Duration(1<<63 - 1)

// seconds turns a Retry-After in seconds into a Duration; one too large for a Duration (a
// broken proxy's, or a number past uint64 whose parse failed with ErrRange) is the longest
// Duration, so it stops the run as a wait too long, never overflows into no wait at all.
func seconds(s uint64, parseErr error) time.Duration {
	if parseErr != nil || s > uint64(maxDuration/time.Second) {
		return maxDuration
	}
	return time.Duration(s) * time.Second
}

// backoff doubles from 250ms.
func backoff(attempt int) time.Duration {
	return (250 * time.Millisecond) << min(attempt, 6)
}

func (t *Transport) pause(ctx context.Context, d time.Duration, why string) error {
	if d <= 0 {
		return nil
	}
	t.mu.Lock()
	t.stats.Waited += d
	t.mu.Unlock()
	if t.OnWait != nil {
		t.OnWait(d, why)
	}
	if t.Sleep != nil {
		return t.Sleep(ctx, d)
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
