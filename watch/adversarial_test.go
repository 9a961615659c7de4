package watch

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestPrettyPrintedDeliveriesAreClassified: a JSONARRAY or JSONOBJECT delivery written with
// indentation (one event spread over several lines) is acknowledged, so every event in it must
// be classified. Each event was compacted into the spool without a newline after it, so the
// events of the delivery ran together on one line the classifier counted as one malformed
// record: acknowledged events silently lost, and a backlog that never drains.
func TestPrettyPrintedDeliveriesAreClassified(t *testing.T) {
	r, srv, _ := startReceiver(t, t.TempDir(), nil)
	indent := func(s string) string {
		var b bytes.Buffer
		if err := json.Indent(&b, []byte(s), "", "  "); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	array := "[\n" + indent(envelope(event(1, "s", "web", "2026-10-01T10:00:00.000Z"))) + ",\n" +
		indent(envelope(linkWithIDToken(2, "legacy", "2026-10-01T10:00:01.000Z"))) + ",\n" +
		indent(envelope(event(3, "s", "web", "2026-10-01T10:00:02.000Z"))) + "\n]\n"
	objects := indent(envelope(event(4, "s", "web", "2026-10-01T10:00:03.000Z"))) + "\n" +
		indent(envelope(linkWithIDToken(5, "legacy", "2026-10-01T10:00:04.000Z"))) + "\n"
	for _, body := range []string{array, objects} {
		if code, msg := post(t, srv.URL+"/", "Bearer "+testToken, "application/json", body); code != http.StatusOK {
			t.Fatalf("POST: %d %s\n%s", code, msg, body)
		}
	}
	waitIdle(t, r)
	c := r.Counts()
	if c.Classified != 5 || c.Malformed != 0 {
		t.Errorf("counts %+v, want the 5 events acknowledged classified, none malformed", c)
	}
	var links int
	for _, g := range r.Groups() {
		links += g.Count
	}
	if links != 2 {
		t.Errorf("findings %d, want the 2 links: %+v", links, r.Groups())
	}
}

// TestMetricsSurviveClientIDsThatAreNotUTF8: client ids and names come from the events. One
// event whose client_id held bytes that are not UTF-8 made the next scrape panic inside the
// Prometheus registry (label values must be UTF-8), which killed the receiver; the event was
// spooled, so it came back after every restart and killed it again at the next scrape.
func TestMetricsSurviveClientIDsThatAreNotUTF8(t *testing.T) {
	r, srv, _ := startReceiver(t, t.TempDir(), func(c *Config) {
		c.FixDates = map[string]time.Time{"fix\xffed": time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}
	})
	notUTF8 := func(ev, client string) string {
		ev = strings.ReplaceAll(ev, `"client_id":"legacy"`, `"client_id":"`+client+`"`)
		return strings.ReplaceAll(ev, `"client_name":"Legacy"`, `"client_name":"Leg`+"\xfe"+`acy"`)
	}
	// Two ids that differ only in their invalid bytes must not become one duplicate series.
	body := envelope(notUTF8(linkWithIDToken(1, "legacy", "2026-10-01T10:00:00.000Z"), "bad\xffid")) + "\n" +
		envelope(notUTF8(linkWithIDToken(2, "legacy", "2026-10-01T10:00:01.000Z"), "bad\xfeid")) + "\n"
	if code, msg := post(t, srv.URL+"/", "Bearer "+testToken, "application/json", body); code != http.StatusOK {
		t.Fatalf("POST: %d %s", code, msg)
	}
	waitIdle(t, r)
	rec := &responseRecorder{header: http.Header{}}
	r.Handler().ServeHTTP(rec, httptestRequest("/metrics"))
	if rec.status != http.StatusOK {
		t.Fatalf("/metrics: %d %s", rec.status, rec.body.String())
	}
	if want := `auth0audit_watch_affected_calls_total{client="bad` + "\uFFFD" + `id",use_case="link-idtoken-bearer"} 2`; !strings.Contains(rec.body.String(), want) {
		t.Errorf("metrics lack %q:\n%s", want, grepLines(rec.body.String(), "affected_calls"))
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestDamagedFrameInTheLastSegmentKeepsTheFramesAfterIt: a frame damaged on disk in the middle
// of the last segment (a flipped bit, not a crash: a crash can only cut the end) was taken for
// a torn tail, and everything from it to the end of the segment was cut off, with a log line
// saying it had never been acknowledged: eight acknowledged deliveries silently deleted for
// one bad byte. The frames after the damage are kept and classified now, the damage is logged
// with the file and offset and counted in a metric, and the original segment is kept aside.
func TestDamagedFrameInTheLastSegmentKeepsTheFramesAfterIt(t *testing.T) {
	dir := t.TempDir()
	r, srv, stop := startReceiver(t, dir, func(c *Config) { c.CheckpointEvery = time.Hour; c.CheckpointEvents = 1 << 30 })
	for i := 0; i < 10; i++ {
		if code, msg := post(t, srv.URL, "Bearer "+testToken, "", lines(i*10+1, i*10+10)); code != http.StatusOK {
			t.Fatal(code, msg)
		}
	}
	waitIdle(t, r)
	stop()
	// As after a kill -9 before the first checkpoint: no checkpoint, the segment written last.
	os.Remove(filepath.Join(dir, checkpointFile))
	seg := lastNonEmptySegment(t, dir)
	b, _ := os.ReadFile(seg)
	frames := frameOffsets(t, b)
	if len(frames) != 10 {
		t.Fatalf("%d frames, want 10", len(frames))
	}
	b[frames[2]+frameHeaderLen+3] ^= 0xff // one byte of the third frame's payload
	os.WriteFile(seg, b, 0o600)

	var logged []string
	r2, _, _ := startReceiver(t, dir, func(c *Config) { c.Log = func(s string) { logged = append(logged, s) } })
	waitIdle(t, r2)
	if c := r2.Counts(); c.Classified != 90 {
		t.Errorf("after recovery: %+v, want the 90 events of the 9 undamaged frames", c)
	}
	all := strings.Join(logged, "\n")
	if !strings.Contains(all, seg) || !strings.Contains(all, fmt.Sprint("offset ", frames[2])) || strings.Contains(all, "never acknowledged") {
		t.Errorf("log does not name the damage (file, offset) or calls it unacknowledged:\n%s", all)
	}
	if _, err := os.Stat(seg + ".damaged"); err != nil {
		t.Errorf("the damaged segment was not kept aside: %v", err)
	}
	rec := &responseRecorder{header: http.Header{}}
	r2.Handler().ServeHTTP(rec, httptestRequest("/metrics"))
	want := fmt.Sprintf("auth0audit_watch_spool_damaged_bytes %d", frames[3]-frames[2])
	if !strings.Contains(rec.body.String(), want) {
		t.Errorf("metrics lack %q", want)
	}
}

// TestDamagedFrameInAnEarlierSegmentKeepsTheRest: damage in a segment that is not the last
// refused to start ("move the file aside", losing every frame of it, and every delivery Auth0
// tries meanwhile); the readable frames are kept now.
func TestDamagedFrameInAnEarlierSegmentKeepsTheRest(t *testing.T) {
	dir := t.TempDir()
	r, srv, stop := startReceiver(t, dir, func(c *Config) { c.CheckpointEvery = time.Hour; c.CheckpointEvents = 1 << 30 })
	for i := 0; i < 4; i++ {
		if code, msg := post(t, srv.URL, "Bearer "+testToken, "", lines(i*10+1, i*10+10)); code != http.StatusOK {
			t.Fatal(code, msg)
		}
	}
	waitIdle(t, r)
	stop()
	os.Remove(filepath.Join(dir, checkpointFile))
	seg := lastNonEmptySegment(t, dir)
	b, _ := os.ReadFile(seg)
	// A later segment holds more deliveries: seg is no longer the last. (The clean stop below
	// releases seg; it is put back as a kill -9 would have left it.)
	r2, srv2, stop2 := startReceiver(t, dir, func(c *Config) { c.CheckpointEvery = time.Hour; c.CheckpointEvents = 1 << 30 })
	if code, msg := post(t, srv2.URL, "Bearer "+testToken, "", lines(41, 50)); code != http.StatusOK {
		t.Fatal(code, msg)
	}
	waitIdle(t, r2)
	stop2()
	os.Remove(filepath.Join(dir, checkpointFile))
	if lastNonEmptySegment(t, dir) <= seg {
		t.Fatal("no later segment")
	}
	frames := frameOffsets(t, b)
	b[frames[3]+frameHeaderLen+1] ^= 0xff // the last frame of the segment
	os.WriteFile(seg, b, 0o600)
	r3, _, _ := startReceiver(t, dir, nil)
	waitIdle(t, r3)
	if c := r3.Counts(); c.Classified != 40 {
		t.Errorf("after recovery: %+v, want the 40 events of the undamaged frames", c)
	}
}

func lastNonEmptySegment(t *testing.T, dir string) string {
	t.Helper()
	segs, _ := filepath.Glob(filepath.Join(dir, "segments", "*.seg"))
	var last string
	for _, s := range segs {
		if st, _ := os.Stat(s); st.Size() > 0 {
			last = s
		}
	}
	if last == "" {
		t.Fatal("no segment holds frames")
	}
	return last
}

func frameOffsets(t *testing.T, b []byte) []int {
	t.Helper()
	var offs []int
	for off := 0; off < len(b); {
		fh, err := parseFrameHeader(b[off:])
		if err != nil {
			t.Fatalf("frame at %d: %v", off, err)
		}
		offs = append(offs, off)
		off += frameHeaderLen + fh.length
	}
	return offs
}

// TestClassifierOutlivesAFailedCheckpoint: a checkpoint that failed once (the disk full for a
// moment) stopped the classifier for good: the receiver went on acknowledging deliveries into
// the spool, classified none of them until restarted, and the process stayed up, so nothing
// restarted it. A failed checkpoint is logged and tried again now.
func TestClassifierOutlivesAFailedCheckpoint(t *testing.T) {
	dir := t.TempDir()
	var mu sync.Mutex
	var logged []string
	r, srv, _ := startReceiver(t, dir, func(c *Config) {
		c.CheckpointEvery = 20 * time.Millisecond
		c.Log = func(s string) { mu.Lock(); logged = append(logged, s); mu.Unlock() }
	})
	send := func(from int) {
		t.Helper()
		if code, msg := post(t, srv.URL, "Bearer "+testToken, "", lines(from, from+9)); code != http.StatusOK {
			t.Fatal(code, msg)
		}
		waitIdle(t, r)
	}
	send(1)
	// The index's directory cannot take a file: the next checkpoint fails.
	idx := filepath.Join(dir, "logids")
	if err := os.Rename(idx, idx+".away"); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(idx, nil, 0o600)
	send(11)
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		failed := strings.Contains(strings.Join(logged, "\n"), "checkpoint failed")
		mu.Unlock()
		if failed {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no checkpoint failed")
		}
		time.Sleep(10 * time.Millisecond)
	}
	rec := &responseRecorder{header: http.Header{}}
	r.Handler().ServeHTTP(rec, httptestRequest("/healthz"))
	if rec.status != http.StatusServiceUnavailable || !strings.Contains(rec.body.String(), "checkpoint failing") {
		t.Errorf("healthz while checkpoints fail: %d %s", rec.status, rec.body.String())
	}
	os.Remove(idx)
	if err := os.Rename(idx+".away", idx); err != nil {
		t.Fatal(err)
	}
	send(21)
	if c := r.Counts(); c.Classified != 30 {
		t.Errorf("counts %+v, want 30 classified", c)
	}
	// A checkpoint succeeds again (the last one failed and was retried, or a new one).
	deadline = time.Now().Add(5 * time.Second)
	for r.checkpointErr.Load() != nil && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	rec = &responseRecorder{header: http.Header{}}
	r.Handler().ServeHTTP(rec, httptestRequest("/healthz"))
	if rec.status != http.StatusOK {
		t.Errorf("healthz %d %s", rec.status, rec.body.String())
	}
}

// TestBodiesInFlightAreBoundedInBytes: deliveries were bounded in number only (64 at once),
// and each held its body several times over (the body, its normalised copy, its frame, pooled
// afterwards): sixteen concurrent 15 MiB deliveries took the receiver to 1.9 GiB RSS, kept
// after the burst, and 64 of them at --max-body would need several GiB. The bytes of the
// bodies read at once are bounded now: a delivery waits while the others hold the budget.
func TestBodiesInFlightAreBoundedInBytes(t *testing.T) {
	r, srv, _ := startReceiver(t, t.TempDir(), func(c *Config) { c.MaxBody = 64 << 10; c.MaxInFlightBytes = 64 << 10 })
	big := lines(1, 40)
	if len(big) > 64<<10 || len(big) < 8<<10 {
		t.Fatalf("body of %d bytes", len(big))
	}
	// A slow sender announces a body that takes (nearly) the whole budget, sends half of it
	// and stalls.
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	hdr := fmt.Sprintf("POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: %d\r\n\r\n", testToken, 60<<10)
	io.WriteString(conn, hdr+big[:len(big)/2])
	time.Sleep(100 * time.Millisecond) // let it take its share
	done := make(chan int, 1)
	go func() {
		code, _ := post(t, srv.URL, "Bearer "+testToken, "", lines(101, 140))
		done <- code
	}()
	select {
	case code := <-done:
		t.Fatalf("a second delivery was read (%d) while the first held the budget", code)
	case <-time.After(300 * time.Millisecond):
	}
	// The slow sender finishes (padded with blank lines up to its Content-Length).
	rest := big[len(big)/2:]
	io.WriteString(conn, rest+strings.Repeat("\n", 60<<10-len(big)))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("slow delivery: %v %v", err, resp)
	}
	select {
	case code := <-done:
		if code != http.StatusOK {
			t.Errorf("second delivery: %d", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the second delivery never got its turn")
	}
	waitIdle(t, r)
	if c := r.Counts(); c.Classified != 80 {
		t.Errorf("classified %d, want 80", c.Classified)
	}
}

// TestSpoolOthersCanWriteIsWarnedAbout: the spool's content is trusted as acknowledged
// deliveries. Its files are created 0600 and its directories 0700, but a directory that
// already existed kept its mode: a spool in a directory others can write was taken silently.
func TestSpoolOthersCanWriteIsWarnedAbout(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "spool")
	if err := os.Mkdir(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o777) // past the umask
	var logged []string
	startReceiver(t, dir, func(c *Config) { c.Log = func(s string) { logged = append(logged, s) } })
	all := strings.Join(logged, "\n")
	if !strings.Contains(all, dir) || !strings.Contains(all, "other users") {
		t.Errorf("no warning about the spool's mode:\n%s", all)
	}
}

// TestTokenFileWithByteOrderMark: a token file saved by an editor that writes a UTF-8 byte
// order mark (Windows Notepad) held an invisible first character: every delivery got 401,
// and nothing said why.
func TestTokenFileWithByteOrderMark(t *testing.T) {
	a, err := NewAuthenticator("\ufefftok123\r\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []string{"tok123", "Bearer tok123"} {
		if !a.Allow(h) {
			t.Errorf("Allow(%q) = false for a token file starting with a byte order mark", h)
		}
	}
}

// TestClassifierSaysWhenAFrameDoesNotReadAsItsEvents: a batch acknowledged with N events that
// the classifier reads as fewer (the pretty-printed deliveries above ran together that way)
// was lost without a word: the backlog just never drained. The classifier now logs it, with
// the frame's place in the spool.
func TestClassifierSaysWhenAFrameDoesNotReadAsItsEvents(t *testing.T) {
	var mu sync.Mutex
	var logged []string
	r, _, _ := startReceiver(t, t.TempDir(), func(c *Config) {
		c.Log = func(s string) { mu.Lock(); logged = append(logged, s); mu.Unlock() }
	})
	two := envelope(event(1, "s", "web", "2026-10-01T10:00:00.000Z")) + envelope(event(2, "s", "web", "2026-10-01T10:00:00.000Z")) + "\n"
	if err := r.spoolBatch(context.Background(), []byte(two), 2, SourceStream); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for r.Counts().StreamEvents < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	all := strings.Join(logged, "\n")
	mu.Unlock()
	if !strings.Contains(all, "holds 2 events") {
		t.Errorf("no word about the frame read as fewer events than it holds:\n%s", all)
	}
}

// TestMissingSegmentIsReported: a segment file deleted from the spool (to free disk space in a
// hurry, say) took its acknowledged batches with it without a word. The gap is logged now.
func TestMissingSegmentIsReported(t *testing.T) {
	dir := t.TempDir()
	// Three runs of the receiver killed before any checkpoint, each leaving a segment.
	for i := range 3 {
		sp, _, err := OpenSpool(filepath.Join(dir, "segments"), Position{}, SpoolOptions{Limit: 1 << 30})
		if err != nil {
			t.Fatal(err)
		}
		var norm bytes.Buffer
		n, _, err := checkDelivery([]byte(lines(i*10+1, i*10+10)), &norm)
		if err != nil {
			t.Fatal(err)
		}
		if err := sp.Append(context.Background(), encodeFrame(nil, norm.Bytes(), n, SourceStream), n); err != nil {
			t.Fatal(err)
		}
		sp.Close()
	}
	segs, _ := filepath.Glob(filepath.Join(dir, "segments", "*.seg"))
	if len(segs) != 3 {
		t.Fatalf("segments %v", segs)
	}
	os.Remove(segs[1])
	var logged []string
	r, _, _ := startReceiver(t, dir, func(c *Config) { c.Log = func(s string) { logged = append(logged, s) } })
	waitIdle(t, r)
	if c := r.Counts(); c.Classified != 20 {
		t.Errorf("classified %d, want the 20 events of the segments left", c.Classified)
	}
	if all := strings.Join(logged, "\n"); !strings.Contains(all, filepath.Base(segs[1])) {
		t.Errorf("no word about the missing segment %s:\n%s", segs[1], all)
	}
}
