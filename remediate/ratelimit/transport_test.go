package ratelimit

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
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
	if n.Load() != 3 || len(waits) != 2 || waits[0] != 3*time.Second {
		t.Fatalf("requests %d waits %v, want 3 requests and two 3s waits", n.Load(), waits)
	}
}

func TestSecretChangesNeverRetried(t *testing.T) {
	for _, c := range []struct{ method, path, body string }{
		{"POST", "/api/v2/clients/abc/rotate-secret", ""},
		{"PATCH", "/api/v2/clients/abc", `{"client_secret":"x"}`},
	} {
		srv, n := server(t, 5, 429, map[string]string{"Retry-After": "1"})
		var waits []time.Duration
		if resp := do(t, fastTransport(&waits), c.method, srv.URL+c.path, c.body); resp.StatusCode != 429 {
			t.Fatalf("%s %s: status %d", c.method, c.path, resp.StatusCode)
		}
		if n.Load() != 1 {
			t.Fatalf("%s %s was sent %d times", c.method, c.path, n.Load())
		}
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
