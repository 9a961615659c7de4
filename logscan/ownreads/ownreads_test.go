package ownreads

import (
	"bytes"
	"testing"
)

// TestTapKnowsOwnReadsByClientAndUserAgent: a secret read is the tool's own only when both
// its client and its User-Agent are the tool's, wherever the writes split the lines.
func TestTapKnowsOwnReadsByClientAndUserAgent(t *testing.T) {
	events := `{"type":"mgmt_api_read","log_id":"own","client_id":"m2m","details":{"request":{"userAgent":"auth0audit/v1.2.0"},"accessedSecrets":["client_secret"]}}
{"type":"mgmt_api_read","log_id":"old","client_id":"m2m","details":{"request":{"userAgent":"auth0audit"}}}
{"type":"mgmt_api_read","log_id":"other-program","client_id":"m2m","details":{"request":{"userAgent":"Go-Auth0/1.45.0"}}}
{"type":"mgmt_api_read","log_id":"lookalike","client_id":"m2m","details":{"request":{"userAgent":"auth0audit-fork/1"}}}
{"type":"mgmt_api_read","log_id":"other-client","client_id":"web","details":{"request":{"userAgent":"auth0audit/v1.2.0"}}}
{"type":"sapi","log_id":"not-a-read","client_id":"m2m","details":{"request":{"userAgent":"auth0audit/v1.2.0"}}}
`
	for _, size := range []int{1, 7, 64, len(events)} {
		var out bytes.Buffer
		tap := &Tap{W: &out, Clients: []string{"m2m"}}
		for b := []byte(events); len(b) > 0; {
			n := min(size, len(b))
			if _, err := tap.Write(b[:n]); err != nil {
				t.Fatal(err)
			}
			b = b[n:]
		}
		if out.String() != events {
			t.Fatalf("writes of %d: the events were not passed on unchanged", size)
		}
		for id, want := range map[string]bool{"own": true, "old": true, "other-program": false, "lookalike": false, "other-client": false, "not-a-read": false} {
			if got := tap.Own(id); got != want {
				t.Errorf("writes of %d: Own(%q) = %v, want %v", size, id, got, want)
			}
		}
	}
	if (*Tap)(nil).Own("own") {
		t.Error("a nil Tap knows no own reads")
	}
}
