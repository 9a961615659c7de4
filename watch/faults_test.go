package watch

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func lines(from, to int) string {
	var b strings.Builder
	for i := from; i <= to; i++ {
		b.WriteString(envelope(event(i, "s", "web", "2026-10-01T10:00:00.000Z")))
		b.WriteByte('\n')
	}
	return b.String()
}

func TestAuthorizationForms(t *testing.T) {
	bare, _ := NewAuthenticator("tok\n")
	withScheme, _ := NewAuthenticator("Bearer tok")
	basic, _ := NewAuthenticator("Basic dXNlcjpwdw==")
	tests := []struct {
		a      *Authenticator
		header string
		ok     bool
	}{
		{bare, "tok", true}, {bare, "Bearer tok", true}, {bare, "bearer tok", true}, {bare, "Bearer  tok", false},
		{bare, "", false}, {bare, "Bearer tok2", false}, {bare, "tok ", false},
		{withScheme, "Bearer tok", true}, {withScheme, "BEARER tok", true}, {withScheme, "tok", false},
		{basic, "Basic dXNlcjpwdw==", true}, {basic, "Bearer dXNlcjpwdw==", false},
	}
	for _, tt := range tests {
		if got := tt.a.Allow(tt.header); got != tt.ok {
			t.Errorf("Allow(%q) = %v, want %v", tt.header, got, tt.ok)
		}
	}
	for _, bad := range []string{"", "  \n", "a\nb"} {
		if _, err := NewAuthenticator(bad); err == nil {
			t.Errorf("NewAuthenticator(%q): no error", bad)
		}
	}
}

// TestUnauthorizedBodyIsNotRead: the 401 comes back while the sender is still sending, and
// the connection is closed: the receiver never reads an unauthenticated body.
func TestUnauthorizedBodyIsNotRead(t *testing.T) {
	_, srv, _ := startReceiver(t, t.TempDir(), nil)
	for _, auth := range []string{"", "Bearer nope"} {
		conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		hdr := "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n"
		if auth != "" {
			hdr += "Authorization: " + auth + "\r\n"
		}
		if _, err := io.WriteString(conn, hdr+"\r\n"+lines(1, 3)); err != nil {
			t.Fatal(err)
		}
		// 100 MB announced, a few hundred bytes sent: an answer now means the body was not awaited.
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("auth %q: no answer before the body was sent: %v", auth, err)
		}
		if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("WWW-Authenticate") == "" || !resp.Close {
			t.Errorf("auth %q: %d %v close=%v", auth, resp.StatusCode, resp.Header, resp.Close)
		}
		conn.Close()
	}
}

func TestRefusals(t *testing.T) {
	r, srv, _ := startReceiver(t, t.TempDir(), func(c *Config) { c.MaxBody = 4 << 10 })
	auth := "Bearer " + testToken
	tests := []struct {
		name, contentType, body string
		status                  int
		reason                  string
	}{
		{"too large", "application/json", lines(1, 40), http.StatusRequestEntityTooLarge, "--max-body"},
		{"not JSON", "application/json", lines(1, 2) + "hello\n", http.StatusBadRequest, "line 3: not JSON"},
		{"cut short", "application/json", lines(1, 1) + `{"log_id":"x","data":{"type":"s"` + "\n", http.StatusBadRequest, "line 2"},
		{"not an event", "application/json", `{"hello":"world"}` + "\n", http.StatusBadRequest, "without log_id or type"},
		{"no log_id", "application/json", `{"type":"s","date":"2026-10-01T00:00:00Z"}` + "\n", http.StatusBadRequest, "without a log_id at line(s) 1"},
		{"empty", "application/json", "\n", http.StatusBadRequest, "no log events"},
		{"xml", "application/xml", lines(1, 1), http.StatusUnsupportedMediaType, "Content-Type"},
	}
	for _, tt := range tests {
		code, msg := post(t, srv.URL, auth, tt.contentType, tt.body)
		if code != tt.status || !strings.Contains(msg, tt.reason) {
			t.Errorf("%s: %d %s; want %d naming %q", tt.name, code, msg, tt.status, tt.reason)
		}
	}
	waitIdle(t, r)
	if c := r.Counts(); c.Consumed != 0 {
		t.Errorf("refused deliveries reached the classifier: %+v", c)
	}
	rec := &responseRecorder{header: http.Header{}}
	r.Handler().ServeHTTP(rec, httptestRequest("/metrics"))
	for _, want := range []string{"auth0audit_watch_records_malformed_total 4", `auth0audit_watch_deliveries_rejected_total{reason="too_large"} 1`,
		`auth0audit_watch_deliveries_rejected_total{reason="malformed"} 3`, `auth0audit_watch_deliveries_rejected_total{reason="unsupported_media_type"} 1`} {
		if !strings.Contains(rec.body.String(), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	// Accepted forms: JSON array, gzip, no Content-Type, NDJSON type.
	arr := "[" + strings.Join(strings.Split(strings.TrimSpace(lines(1, 3)), "\n"), ",") + "]"
	if code, msg := post(t, srv.URL, auth, "application/json", arr); code != http.StatusOK {
		t.Errorf("JSONARRAY: %d %s", code, msg)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(lines(4, 6)))
	zw.Close()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/logs", &gz)
	req.Header.Set("Authorization", testToken)
	req.Header.Set("Content-Encoding", "gzip")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("gzip: %v %v", err, resp)
	}
	resp.Body.Close()
	if code, msg := post(t, srv.URL, auth, "", lines(7, 7)); code != http.StatusOK {
		t.Errorf("no Content-Type: %d %s", code, msg)
	}
	waitIdle(t, r)
	if c := r.Counts(); c.Classified != 7 {
		t.Errorf("classified %d, want 7", c.Classified)
	}
}

// TestRestartDeduplicatesAndKeepsCounts: a receiver restarted on its spool keeps its counts
// and still recognises the log_ids it classified, including those classified after the last
// checkpoint (read again from the spool).
func TestRestartDeduplicatesAndKeepsCounts(t *testing.T) {
	dir := t.TempDir()
	r, srv, stop := startReceiver(t, dir, func(c *Config) { c.CheckpointEvery = time.Hour; c.CheckpointEvents = 1 << 30 })
	auth := "Bearer " + testToken
	for i := 0; i < 10; i++ {
		if code, msg := post(t, srv.URL, auth, "", lines(i*10+1, i*10+10)); code != http.StatusOK {
			t.Fatal(code, msg)
		}
	}
	waitIdle(t, r)
	stop() // a clean stop checkpoints
	r2, srv2, _ := startReceiver(t, dir, nil)
	if c := r2.Counts(); c.Classified != 100 {
		t.Fatalf("after restart: %+v", c)
	}
	if code, msg := post(t, srv2.URL, auth, "", lines(95, 110)); code != http.StatusOK {
		t.Fatal(code, msg)
	}
	waitIdle(t, r2)
	if c := r2.Counts(); c.Classified != 110 || c.Deduplicated != 6 {
		t.Errorf("after a redelivery across the restart: %+v, want 110 classified, 6 deduplicated", c)
	}
}

// TestFullSpoolRefuses507: when the classifier cannot free the spool, deliveries are refused
// with 507 and the refusal shows in the metrics and /healthz; nothing is acknowledged.
func TestFullSpoolRefuses507(t *testing.T) {
	dir := t.TempDir()
	auth, _ := NewAuthenticator(testToken)
	r, err := Open(Config{Dir: dir, Auth: auth, SpoolLimit: 8 << 10, MaxBody: 1 << 10 * 2})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// Run is not started: nothing is classified, so nothing is released.
	h := r.Handler()
	full := false
	accepted := 0
	for i := 0; i < 200 && !full; i++ {
		req, _ := http.NewRequest(http.MethodPost, "/", strings.NewReader(lines(i*3+1, i*3+3)))
		req.Header.Set("Authorization", testToken)
		rec := &responseRecorder{header: http.Header{}}
		h.ServeHTTP(rec, req)
		switch rec.status {
		case 0, http.StatusOK:
			accepted++
		case http.StatusInsufficientStorage:
			full = true
			if rec.header.Get("Retry-After") == "" || !strings.Contains(rec.body.String(), "spool full") {
				t.Errorf("507 without Retry-After or reason: %v %s", rec.header, rec.body.String())
			}
		default:
			t.Fatalf("status %d: %s", rec.status, rec.body.String())
		}
	}
	if !full {
		t.Fatal("the spool never filled")
	}
	rec := &responseRecorder{header: http.Header{}}
	h.ServeHTTP(rec, httptestRequest("/metrics"))
	for _, want := range []string{"auth0audit_watch_spool_full 1", `auth0audit_watch_deliveries_rejected_total{reason="spool_full"} 1`} {
		if !strings.Contains(rec.body.String(), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	rec = &responseRecorder{header: http.Header{}}
	h.ServeHTTP(rec, httptestRequest("/healthz"))
	if rec.status != http.StatusServiceUnavailable || !strings.Contains(rec.body.String(), "spool full") {
		t.Errorf("healthz: %d %s", rec.status, rec.body.String())
	}
	kept, limit := r.Spool().Usage()
	if kept > limit {
		t.Errorf("spool keeps %d bytes past its limit %d", kept, limit)
	}
	t.Logf("%d deliveries accepted before the spool filled", accepted)
}

// TestTornTailIsCutOnOpen: bytes of a frame a crash cut short are removed at the next open,
// and the frames before them are classified.
func TestTornTailIsCutOnOpen(t *testing.T) {
	dir := t.TempDir()
	r, srv, stop := startReceiver(t, dir, func(c *Config) { c.CheckpointEvery = time.Hour; c.CheckpointEvents = 1 << 30 })
	if code, msg := post(t, srv.URL, "Bearer "+testToken, "", lines(1, 5)); code != http.StatusOK {
		t.Fatal(code, msg)
	}
	waitIdle(t, r)
	stop()
	// Simulate a crash: drop the checkpoint, and leave half a frame at the end of a segment.
	os.Remove(filepath.Join(dir, checkpointFile))
	segs, _ := filepath.Glob(filepath.Join(dir, "segments", "*.seg"))
	var last string
	for _, s := range segs {
		if st, _ := os.Stat(s); st.Size() > 0 {
			last = s
		}
	}
	b, _ := os.ReadFile(last)
	os.WriteFile(last, append(b, b[:len(b)/2]...), 0o600)
	for _, s := range segs {
		if s > last {
			os.Remove(s)
		}
	}
	r2, _, _ := startReceiver(t, dir, nil)
	waitIdle(t, r2)
	if c := r2.Counts(); c.Classified != 5 {
		t.Errorf("after recovery: %+v", c)
	}
	if st, _ := os.Stat(last); st.Size() != int64(len(b)) {
		t.Errorf("segment is %d bytes, want the torn half cut back to %d", st.Size(), len(b))
	}
}

type responseRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *responseRecorder) Header() http.Header { return r.header }
func (r *responseRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}
func (r *responseRecorder) WriteHeader(s int) { r.status = s }

func httptestRequest(path string) *http.Request {
	req, _ := http.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = "127.0.0.1:1"
	return req
}

// TestSmallSpoolKeepsTakingDeliveries: a spool bound far below the default segment size still
// takes deliveries forever when the classifier keeps up (segments are sized to the bound).
func TestSmallSpoolKeepsTakingDeliveries(t *testing.T) {
	r, srv, _ := startReceiver(t, t.TempDir(), func(c *Config) { c.SpoolLimit = 256 << 10; c.CheckpointEvery = 10 * time.Millisecond })
	for i := 0; i < 300; i++ {
		code, msg := post(t, srv.URL, "Bearer "+testToken, "", lines(i*10+1, i*10+10))
		for deadline := time.Now().Add(10 * time.Second); code == http.StatusInsufficientStorage && time.Now().Before(deadline); {
			// As Auth0 would: send again later, once a checkpoint released the segments.
			time.Sleep(20 * time.Millisecond)
			code, msg = post(t, srv.URL, "Bearer "+testToken, "", lines(i*10+1, i*10+10))
		}
		if code != http.StatusOK {
			t.Fatalf("delivery %d: %d %s (spool %v)", i, code, msg, fmt.Sprint(r.Spool().Usage()))
		}
	}
	waitIdle(t, r)
	if c := r.Counts(); c.Classified != 3000 {
		t.Errorf("classified %d, want 3000", c.Classified)
	}
}

// TestReportNeedsTheToken: /report is the audit's HTML page of what was classified, behind
// the same authentication as deliveries.
func TestReportNeedsTheToken(t *testing.T) {
	r, srv, _ := startReceiver(t, t.TempDir(), nil)
	if code, msg := post(t, srv.URL, testToken, "", envelope(linkWithIDToken(1, "legacy", "2026-10-01T10:00:00.000Z"))+"\n"); code != http.StatusOK {
		t.Fatal(code, msg)
	}
	waitIdle(t, r)
	for _, tt := range []struct {
		auth string
		code int
	}{{"", http.StatusUnauthorized}, {"Bearer x", http.StatusUnauthorized}, {"Bearer " + testToken, http.StatusOK}} {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/report", nil)
		if tt.auth != "" {
			req.Header.Set("Authorization", tt.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.code {
			t.Errorf("/report with %q: %d", tt.auth, resp.StatusCode)
		}
		if tt.code == http.StatusOK && (!strings.Contains(string(b), "link-idtoken-bearer") || !strings.Contains(resp.Header.Get("Content-Type"), "text/html")) {
			t.Errorf("/report does not show the finding: %.300s", b)
		}
	}
}
