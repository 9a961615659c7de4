package ratelimit

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// server answers the first `fail` requests with status, then 200.
func server(t *testing.T, fail int32, status int, hdr map[string]string) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		if n.Add(1) <= fail {
			for k, v := range hdr {
				w.Header().Set(k, v)
			}
			w.WriteHeader(status)
			return
		}
		w.Write([]byte("{}"))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func fastTransport(waits *[]time.Duration) *Transport {
	return &Transport{Sleep: func(_ context.Context, d time.Duration) error {
		*waits = append(*waits, d)
		return nil
	}}
}

func do(t *testing.T, tr *Transport, method, url, body string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func TestRetryAfterHonoured(t *testing.T) {
	srv, n := server(t, 2, 429, map[string]string{"Retry-After": "3"})
	var waits []time.Duration
	tr := fastTransport(&waits)
	if resp := do(t, tr, "POST", srv.URL+"/api/v2/users/x/identities", `{"link_with":"t"}`); resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if n.Load() != 3 || len(waits) != 2 || !about(waits[0], 3*time.Second) {
		t.Fatalf("requests %d waits %v, want 3 requests and two 3s waits", n.Load(), waits)
	}
}

// TestSecretChangesNeverResentAfterAnUnclearAnswer: a 5xx or a dropped connection may mean
// the change was applied, so the transport gives the answer back; a 429 was refused before it
// was processed, so it is waited out and resent.
func TestSecretChangesNeverResentAfterAnUnclearAnswer(t *testing.T) {
	for _, c := range []struct{ method, path, body string }{
		{"POST", "/api/v2/clients/abc/rotate-secret", ""},
		{"PATCH", "/api/v2/clients/abc", `{"client_secret":"x"}`},
	} {
		srv, n := server(t, 5, 503, nil)
		var waits []time.Duration
		if resp := do(t, fastTransport(&waits), c.method, srv.URL+c.path, c.body); resp.StatusCode != 503 {
			t.Fatalf("%s %s: status %d", c.method, c.path, resp.StatusCode)
		}
		if n.Load() != 1 {
			t.Fatalf("%s %s was sent %d times after a 503", c.method, c.path, n.Load())
		}
		srv, n = server(t, 2, 429, map[string]string{"Retry-After": "1"})
		if resp := do(t, fastTransport(&waits), c.method, srv.URL+c.path, c.body); resp.StatusCode != 200 || n.Load() != 3 {
			t.Fatalf("%s %s after 429s: status %d, sent %d times", c.method, c.path, resp.StatusCode, n.Load())
		}
	}
	// A dropped connection: the error goes back, nothing is resent.
	var n atomic.Int32
	drop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		conn, _, _ := http.NewResponseController(w).Hijack()
		conn.Close()
	}))
	defer drop.Close()
	req, _ := http.NewRequest("POST", drop.URL+"/api/v2/clients/abc/rotate-secret", nil)
	var waits []time.Duration
	if _, err := (&http.Client{Transport: fastTransport(&waits)}).Do(req); err == nil || n.Load() != 1 {
		t.Fatalf("dropped rotate: err %v, sent %d times", err, n.Load())
	}
}

// TestRetryAfterWithoutRateLimitHeaders: a 429 carrying only Retry-After is honoured as
// asked, and every request waits (not only the one that met the 429).
func TestRetryAfterWithoutRateLimitHeaders(t *testing.T) {
	srv, n := server(t, 1, 429, map[string]string{"Retry-After": "90"})
	var waits []time.Duration
	tr := fastTransport(&waits)
	if resp := do(t, tr, "GET", srv.URL+"/api/v2/clients", ""); resp.StatusCode != 200 || n.Load() != 2 {
		t.Fatalf("status %d after %d requests", resp.StatusCode, n.Load())
	}
	if len(waits) != 1 || !about(waits[0], 90*time.Second) {
		t.Fatalf("waits %v, want the 90s the tenant asked for (no 60s cap)", waits)
	}
	// Another request sent while the tenant's Retry-After runs waits for it too.
	tr.mu.Lock()
	tr.blockedUntil = time.Now().Add(5 * time.Second)
	tr.mu.Unlock()
	waits = nil
	do(t, tr, "GET", srv.URL+"/api/v2/clients", "")
	if len(waits) != 1 || waits[0] < 4*time.Second {
		t.Fatalf("a second request did not wait for the Retry-After: %v", waits)
	}
}

// TestWaitLongerThanMaxIsAClearError: the transport never shortens a wait the tenant asked
// for; past MaxWait it stops with an error that says how long and what to do.
func TestWaitLongerThanMaxIsAClearError(t *testing.T) {
	srv, n := server(t, 1, 429, map[string]string{"Retry-After": "7200"})
	var waits []time.Duration
	tr := fastTransport(&waits)
	req, _ := http.NewRequest("POST", srv.URL+"/api/v2/clients/abc/rotate-secret", nil)
	_, err := (&http.Client{Transport: tr}).Do(req)
	if !errors.Is(err, ErrWaitTooLong) || !strings.Contains(err.Error(), "2h0m0s") || !strings.Contains(err.Error(), "--max-wait") {
		t.Fatalf("err = %v", err)
	}
	if n.Load() != 1 || len(waits) != 0 {
		t.Fatalf("sent %d, waited %v", n.Load(), waits)
	}
	// The next request is not sent either: the tenant asked everyone to wait.
	req, _ = http.NewRequest("GET", srv.URL+"/api/v2/clients", nil)
	if _, err := (&http.Client{Transport: tr}).Do(req); !errors.Is(err, ErrWaitTooLong) || n.Load() != 1 {
		t.Fatalf("second request: err %v, sent %d", err, n.Load())
	}
}

// TestAttemptTimeout: an answer that never comes ends the attempt (a read is retried, then
// the error goes back), without a whole-client timeout that would also cut rate-limit waits.
func TestAttemptTimeout(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-block }))
	defer srv.Close()
	defer close(block) // runs first: the handlers return, then the server closes
	var waits []time.Duration
	tr := fastTransport(&waits)
	tr.AttemptTimeout, tr.MaxRetries = 50*time.Millisecond, 1
	start := time.Now()
	req, _ := http.NewRequest("GET", srv.URL, nil)
	if _, err := (&http.Client{Transport: tr}).Do(req); err == nil {
		t.Fatal("no timeout")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %s", d)
	}
}

// TestConcurrentRequestsStayInBudget: 15 concurrent requests against a window of 10 never
// meet a 429: the budget counts requests in flight.
func TestConcurrentRequestsStayInBudget(t *testing.T) {
	var mu sync.Mutex
	count, throttled := 0, 0
	windowStart := time.Now()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		now := time.Now()
		if now.Sub(windowStart) >= time.Second {
			windowStart, count = now, 0
		}
		count++
		c := count
		reset := windowStart.Add(time.Second)
		mu.Unlock()
		w.Header().Set("X-RateLimit-Limit", "10")
		w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(max(10-c, 0)))
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt((reset.UnixMilli()+999)/1000, 10))
		if c > 10 {
			mu.Lock()
			throttled++
			mu.Unlock()
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(429)
			return
		}
		time.Sleep(5 * time.Millisecond)
	}))
	defer srv.Close()
	tr := &Transport{}
	client := &http.Client{Transport: tr}
	// Learn the window first, as a run does with its first reads.
	resp, err := client.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var wg sync.WaitGroup
	for range 15 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := client.Get(srv.URL)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("status %d", resp.StatusCode)
			}
		}()
	}
	wg.Wait()
	if throttled > 1 {
		t.Fatalf("%d answers were 429: the transport overshot the window", throttled)
	}
}

func TestServerErrorsRetriedOnlyForReads(t *testing.T) {
	srv, n := server(t, 2, 503, nil)
	var waits []time.Duration
	if resp := do(t, fastTransport(&waits), "GET", srv.URL+"/api/v2/clients/abc", ""); resp.StatusCode != 200 || n.Load() != 3 {
		t.Fatalf("GET: status %d after %d requests", resp.StatusCode, n.Load())
	}
	srv, n = server(t, 2, 503, nil)
	if resp := do(t, fastTransport(&waits), "POST", srv.URL+"/api/v2/users/x/identities", `{}`); resp.StatusCode != 503 || n.Load() != 1 {
		t.Fatalf("POST link: status %d after %d requests; a link that may have been applied must not be resent", resp.StatusCode, n.Load())
	}
}

func TestWaitsForWindowWhenBudgetSpent(t *testing.T) {
	reset := time.Now().Add(2 * time.Second).Unix()
	srv, _ := server(t, 1, 200, map[string]string{"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "0",
		"X-RateLimit-Reset": itoa(reset)})
	var waits []time.Duration
	tr := fastTransport(&waits)
	do(t, tr, "GET", srv.URL, "")
	do(t, tr, "GET", srv.URL, "")
	if len(waits) != 1 || waits[0] <= 0 {
		t.Fatalf("waits %v, want one wait for the reset", waits)
	}
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// about reports whether a wait is the one asked for (it is measured from a moment later).
func about(got, want time.Duration) bool { return got <= want && got > want-time.Second }

// TestHugeRetryAfterStopsInsteadOfOverflowing: a Retry-After too large for a time.Duration
// (here about 295 years, as a broken proxy might send) is a wait longer than MaxWait, not a
// negative one: the request is not resent at once, again and again.
func TestHugeRetryAfterStopsInsteadOfOverflowing(t *testing.T) {
	for _, v := range []string{"9300000000", "99999999999999999"} {
		t.Run(v, func(t *testing.T) {
			srv, n := server(t, 3, 429, map[string]string{"Retry-After": v})
			var waits []time.Duration
			tr := fastTransport(&waits)
			req, _ := http.NewRequest("POST", srv.URL+"/api/v2/clients/abc/rotate-secret", nil)
			_, err := (&http.Client{Transport: tr}).Do(req)
			if !errors.Is(err, ErrWaitTooLong) {
				t.Fatalf("err = %v after %d requests and waits %v: a Retry-After of %s seconds was not honoured", err, n.Load(), waits, v)
			}
			if n.Load() != 1 || len(waits) != 0 {
				t.Fatalf("sent %d, waited %v", n.Load(), waits)
			}
		})
	}
}
