package watch

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/demo"
	"github.com/auth0-migrate/auth0audit/logscan"
	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// scanLogs classifies events with the file scan (auth0audit logs), as the baseline.
func scanLogs(t *testing.T, events []json.RawMessage) []report.Group {
	t.Helper()
	var nd bytes.Buffer
	for _, ev := range events {
		nd.Write(ev)
		nd.WriteByte('\n')
	}
	sum := report.NewSummarizer()
	sc := logscan.New(logscan.Options{}, func(f usecase.Finding) error { sum.Add(f); return nil })
	if err := sc.Scan(context.Background(), "sim", &nd); err != nil {
		t.Fatal(err)
	}
	if _, err := sc.Finish(); err != nil {
		t.Fatal(err)
	}
	return sum.Groups()
}

// failExchange makes the simulator log a feccft for client.
func failExchange(t *testing.T, srv *auth0sim.Server, client string) {
	t.Helper()
	resp, err := http.PostForm(srv.URL()+"/oauth/token", url.Values{"grant_type": {"client_credentials"},
		"client_id": {client}, "client_secret": {"stale"}, "audience": {srv.ManagementAudience()}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// TestSimulatorStreamEndToEnd drives the simulator through the demo's migration traffic with
// its log stream pointed at the receiver, in each content format: every event the simulator
// logged is classified exactly once, and the findings equal the file scan's over the same
// events.
func TestSimulatorStreamEndToEnd(t *testing.T) {
	for _, format := range []string{auth0sim.FormatJSONLines, auth0sim.FormatJSONArray, auth0sim.FormatJSONObject} {
		t.Run(format, func(t *testing.T) {
			r, rs, _ := startReceiver(t, t.TempDir(), nil)
			srv := auth0sim.StartTest(t, auth0sim.Config{Seed: auth0sim.MidMigrationSeed(), LogStream: &auth0sim.LogStream{
				URL: rs.URL + "/api/logs", Authorization: "Bearer " + testToken, ContentFormat: format, BatchSize: 4,
			}})
			if _, err := demo.Traffic(context.Background(), srv); err != nil {
				t.Fatal(err)
			}
			for range 3 {
				failExchange(t, srv, auth0sim.ClientWeb) // after the demo's rotation: stale uses
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			if err := srv.WaitLogStream(ctx); err != nil {
				t.Fatal(err)
			}
			h := srv.LogStreamHealth()
			if len(h.Failures) > 0 || h.Retries > 0 {
				t.Fatalf("stream health: %+v", h)
			}
			waitIdle(t, r)
			logs := srv.Logs()
			if h.DeliveredEvents != len(logs) {
				t.Errorf("stream delivered %d events, the simulator logged %d", h.DeliveredEvents, len(logs))
			}
			c := r.Counts()
			if c.Classified != int64(len(logs)) || c.Deduplicated != 0 {
				t.Errorf("counts %+v: want each of the %d events classified exactly once", c, len(logs))
			}
			want := scanLogs(t, logs)
			t.Logf("%d events, %d finding groups", len(logs), len(want))
			got := r.Groups()
			if !reflect.DeepEqual(got, want) {
				t.Errorf("findings differ from auth0audit logs over the same events:\nwatch: %+v\nlogs:  %+v", got, want)
			}
			var stale int
			for _, g := range got {
				if g.UseCase == usecase.SecretStaleUse {
					stale += g.Count
				}
			}
			if stale < 3 {
				t.Errorf("%d secret-stale-use findings, want at least the 3 exchanges after the rotation", stale)
			}
		})
	}
}

// TestSimulatorRetriesThenRecordsFailure: a receiver that refuses (wrong token) makes the
// simulator try three times and record the failure, as Auth0's Health tab does.
func TestSimulatorRetriesThenRecordsFailure(t *testing.T) {
	_, rs, _ := startReceiver(t, t.TempDir(), nil)
	srv := auth0sim.StartTest(t, auth0sim.Config{LogStream: &auth0sim.LogStream{
		URL: rs.URL, Authorization: "Bearer wrong", RetryWait: time.Millisecond,
	}})
	failExchange(t, srv, auth0sim.ClientWeb)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.WaitLogStream(ctx); err != nil {
		t.Fatal(err)
	}
	h := srv.LogStreamHealth()
	if len(h.Failures) != 1 || h.Failures[0].Attempts != 3 || h.Failures[0].LastStatus != http.StatusUnauthorized || h.Attempts != 3 {
		t.Fatalf("health %+v: want one delivery tried 3 times, refused 401", h)
	}
	if !strings.HasPrefix(h.Failures[0].LogIDs[0], "900") {
		t.Errorf("failure does not name its log_ids: %+v", h.Failures[0])
	}
}
