// Package ratelimit is an http.RoundTripper for the Management API that keeps within the
// tenant's rate limit (X-RateLimit-Limit/Remaining/Reset), honours 429 Retry-After, and retries
// only what is safe to retry.
//
// It is installed with management.WithClient(&http.Client{Transport: t}) together with
// management.WithNoRetries(): go-auth0's own retry layer retries any request after a network
// error, which for rotate-secret means a lost answer plus a retry rotates twice and the first new
// secret is gone.
package ratelimit

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Transport wraps Base.
type Transport struct {
	Base http.RoundTripper
	// MaxRetries bounds the retries of one request (429s and, for idempotent reads, 5xx and
	// network errors). Zero means 4.
	MaxRetries int
	// MaxWait is the longest single wait the transport accepts (a longer Retry-After is given
	// back to the caller as the 429). Zero means one minute.
	MaxWait time.Duration
	// OnWait, if set, is told about every wait (for progress on stderr).
	OnWait func(d time.Duration, why string)
	// Sleep waits for d or until ctx is done; nil means a real timer.
	Sleep func(ctx context.Context, d time.Duration) error

	mu        sync.Mutex
	limit     int
	remaining int
	reset     time.Time
	known     bool
	stats     Stats
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

type noRetryKey struct{}

// NoRetry marks every request made with ctx as never to be retried by the transport, whatever
// the answer. Callers use it for calls whose outcome they resolve themselves.
func NoRetry(ctx context.Context) context.Context { return context.WithValue(ctx, noRetryKey{}, true) }

// neverRetry reports whether req changes a secret: rotate-secret, or a PATCH of a client whose
// body sets client_secret. Those are resolved by reading the client back, never by resending.
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
	maxRetries := t.MaxRetries
	if maxRetries == 0 {
		maxRetries = 4
	}
	ctx := req.Context()
	for attempt := 0; ; attempt++ {
		if err := t.waitForBudget(ctx); err != nil {
			return nil, err
		}
		r := req.Clone(ctx)
		if body != nil {
			r.Body = io.NopCloser(bytes.NewReader(body))
			r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
			r.ContentLength = int64(len(body))
		}
		t.count(func(s *Stats) { s.Requests++ })
		resp, err := base.RoundTrip(r)
		if resp != nil {
			t.observe(resp.Header)
		}
		if never || attempt >= maxRetries || ctx.Err() != nil {
			return resp, err
		}
		var wait time.Duration
		var why string
		switch {
		case err != nil:
			if !idempotent(req.Method) {
				return resp, err
			}
			wait, why = backoff(attempt), "network error"
		case resp.StatusCode == http.StatusTooManyRequests:
			t.count(func(s *Stats) { s.Throttled++ })
			wait, why = t.retryAfter(resp.Header, attempt), "rate limited (429)"
		case resp.StatusCode >= 500 && idempotent(req.Method):
			wait, why = backoff(attempt), "server error "+strconv.Itoa(resp.StatusCode)
		default:
			return resp, nil
		}
		if t.maxWait() < wait {
			return resp, err
		}
		if resp != nil {
			io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
		}
		t.count(func(s *Stats) { s.Retries++ })
		if err := t.sleep(ctx, wait, why); err != nil {
			return nil, err
		}
	}
}

func (t *Transport) maxWait() time.Duration {
	if t.MaxWait == 0 {
		return time.Minute
	}
	return t.MaxWait
}

func (t *Transport) count(f func(*Stats)) {
	t.mu.Lock()
	f(&t.stats)
	t.mu.Unlock()
}

// observe records the X-RateLimit-* headers of an answer.
func (t *Transport) observe(h http.Header) {
	lim, err1 := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	rem, err2 := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	rst, err3 := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return
	}
	t.mu.Lock()
	t.limit, t.remaining, t.reset, t.known = lim, rem, time.Unix(rst, 0), true
	t.mu.Unlock()
}

// waitForBudget keeps within the limit: when the last answer said no requests remain in this
// window, wait for the window to reset instead of spending a request on a 429.
func (t *Transport) waitForBudget(ctx context.Context) error {
	t.mu.Lock()
	known, rem, reset := t.known, t.remaining, t.reset
	if known && rem <= 0 {
		// Spend the budget once: the next answer tells us the new window.
		t.known = false
	}
	t.mu.Unlock()
	if !known || rem > 0 {
		return nil
	}
	d := time.Until(reset)
	if d <= 0 {
		return nil
	}
	// X-RateLimit-Reset has one-second resolution: add a little so we land in the new window.
	d += 50 * time.Millisecond
	if d > t.maxWait() {
		d = t.maxWait()
	}
	return t.sleep(ctx, d, "rate limit budget spent, waiting for the window to reset")
}

// retryAfter reads Retry-After (seconds or an HTTP date), then X-RateLimit-Reset, then backs off.
func (t *Transport) retryAfter(h http.Header, attempt int) time.Duration {
	if v := h.Get("Retry-After"); v != "" {
		if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
			return time.Duration(s) * time.Second
		}
		if at, err := http.ParseTime(v); err == nil {
			return max(time.Until(at), 0)
		}
	}
	if rst, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil {
		if d := time.Until(time.Unix(rst, 0)); d > 0 {
			return d + 50*time.Millisecond
		}
	}
	return backoff(attempt)
}

// backoff doubles from 250ms.
func backoff(attempt int) time.Duration {
	return (250 * time.Millisecond) << min(attempt, 6)
}

func (t *Transport) sleep(ctx context.Context, d time.Duration, why string) error {
	if d <= 0 {
		return nil
	}
	t.count(func(s *Stats) { s.Waited += d })
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
