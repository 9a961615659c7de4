package watch

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
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
