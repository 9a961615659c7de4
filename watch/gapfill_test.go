package watch

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/demo"
	"github.com/auth0-migrate/auth0audit/logscan/fetch"
)

// TestGapFillClassifiesWhatTheStreamMissed: the stream is paused while the tenant logs the
// demo's traffic (a paused stream never delivers those events); the gap filler reads them from
// GET /api/v2/logs through the fetch code, the events the stream did deliver are deduplicated,
// and the findings equal a file scan's of all the tenant's events.
func TestGapFillClassifiesWhatTheStreamMissed(t *testing.T) {
	r, rs, _ := startReceiver(t, t.TempDir(), nil)
	srv := auth0sim.StartTest(t, auth0sim.Config{Seed: auth0sim.MidMigrationSeed(), LogStream: &auth0sim.LogStream{
		URL: rs.URL, Authorization: testToken, BatchSize: 3,
	}})
	opts := append([]management.Option{management.WithInsecure()}, fetch.ClientOptions(0)...)
	opts = append(opts, management.WithClientCredentials(context.Background(), auth0sim.ClientM2M, srv.ClientSecret(auth0sim.ClientM2M)))
	api, err := management.New(srv.Domain(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	failExchange(t, srv, auth0sim.ClientWeb) // delivered by the stream
	if err := srv.WaitLogStream(ctx); err != nil {
		t.Fatal(err)
	}
	// The first run anchors at the newest event ("now") and reads what follows it.
	g := GapFill{API: api, From: "now"}
	if _, err := r.gapFillOnce(ctx, g); err != nil {
		t.Fatal(err)
	}
	srv.PauseLogStream(true)
	if _, err := demo.Traffic(ctx, srv); err != nil {
		t.Fatal(err)
	}
	srv.PauseLogStream(false)
	failExchange(t, srv, auth0sim.ClientWeb) // delivered by the stream again
	if err := srv.WaitLogStream(ctx); err != nil {
		t.Fatal(err)
	}
	h := srv.LogStreamHealth()
	if h.Dropped == 0 {
		t.Fatal("the paused stream dropped nothing")
	}
	n, err := r.gapFillOnce(ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	waitIdle(t, r)
	logs := srv.Logs()
	c := r.Counts()
	if c.Classified != int64(len(logs)) {
		t.Errorf("classified %d of the tenant's %d events (%d read by the gap filler, %d dropped by the stream): %+v",
			c.Classified, len(logs), n, h.Dropped, c)
	}
	if c.Deduplicated == 0 {
		t.Errorf("the gap fill overlapped the stream but nothing was deduplicated: %+v", c)
	}
	if got, want := r.Groups(), scanLogs(t, logs); !reflect.DeepEqual(got, want) {
		t.Errorf("findings differ from auth0audit logs:\nwatch %+v\nlogs  %+v", got, want)
	}
	// A run with nothing new reads nothing and keeps its checkpoint.
	if n, err := r.gapFillOnce(ctx, g); err != nil || n != 0 {
		t.Errorf("idle run: %d events, %v", n, err)
	}
}
