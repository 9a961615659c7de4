package watch

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
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
