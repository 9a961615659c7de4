package watch

import (
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestRefusalLogLinesAreRateLimited: every request without the token wrote a log line, so
// anyone who can reach the receiver could fill the disk under its log. Now at most logBurst
// lines per minute are written per reason, the rest are counted in
// auth0audit_watch_log_lines_suppressed_total, and the next line written says how many were
// left out. A decoded path cannot forge a log line.
func TestRefusalLogLinesAreRateLimited(t *testing.T) {
	var clock atomic.Int64
	clock.Store(time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC).UnixNano())
	var mu sync.Mutex
	var logged []string
	r, srv, _ := startReceiver(t, t.TempDir(), func(c *Config) {
		c.Now = func() time.Time { return time.Unix(0, clock.Load()) }
		c.Log = func(s string) { mu.Lock(); logged = append(logged, s); mu.Unlock() }
	})
	count := func(sub string) int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, l := range logged {
			if strings.Contains(l, sub) {
				n++
			}
		}
		return n
	}
	const flood = 300
	for i := 0; i < flood; i++ {
		if code, _ := post(t, srv.URL+"/x%0A2026-12-06T12:00:00Z%20forged", "Bearer wrong", "", "{}"); code != http.StatusUnauthorized {
			t.Fatalf("unauthenticated POST: %d", code)
		}
	}
	if n := count("401 POST"); n != logBurst {
		t.Errorf("%d lines for %d unauthenticated requests, want %d", n, flood, logBurst)
	}
	if n := count("\n"); n != 0 {
		t.Errorf("a request path put a newline in %d log lines", n)
	}
	_, m := scrape(t, r, "/metrics")
	if want := `auth0audit_watch_log_lines_suppressed_total{kind="unauthorized"} 290`; !strings.Contains(m, want) {
		t.Errorf("metrics lack %q:\n%s", want, grepLines(m, "suppressed"))
	}
	// Other reasons have their own allowance: a flood of 401s does not hide a 413.
	if code, _ := post(t, srv.URL, "Bearer "+testToken, "text/html", "<html>"); code != http.StatusUnsupportedMediaType {
		t.Fatalf("text/html: %d", code)
	}
	if n := count("415 POST"); n != 1 {
		t.Errorf("the 415 after the 401 flood was logged %d times, want 1", n)
	}
	// A minute later a line is written again, and says how many were left out.
	clock.Add(int64(time.Minute))
	post(t, srv.URL, "", "", "{}")
	if n := count("and 290 more unauthorized lines since 2026-12-06T12:00:00Z were not logged"); n != 1 {
		mu.Lock()
		t.Errorf("no line telling the 290 left out:\n%s", strings.Join(logged[len(logged)-2:], "\n"))
		mu.Unlock()
	}
}

func TestLoggedPath(t *testing.T) {
	for in, want := range map[string]string{
		"/":                      "/",
		"/api/logs":              "/api/logs",
		"/a\nb":                  `"/a\nb"`,
		`/a"b`:                   `"/a\"b"`,
		strings.Repeat("a", 200): strings.Repeat("a", maxLoggedPath) + "...",
	} {
		if got := loggedPath(in); got != want {
			t.Errorf("loggedPath(%q) = %q, want %q", in, got, want)
		}
	}
}
