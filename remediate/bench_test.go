package remediate

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/remediate/ratelimit"
	"github.com/auth0-migrate/auth0audit/remediate/sink"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// BenchmarkBuildPlan plans from 100k log findings (a large tenant's month of failing calls).
func BenchmarkBuildPlan(b *testing.B) {
	fs := make([]usecase.Finding, 0, 100_000)
	for i := range 100_000 {
		f := usecase.New(usecase.UnlinkIDTokenBearer, usecase.FromLogs, usecase.Suspected)
		f.LogID, f.StatusCode, f.ClientID = fmt.Sprint(i), 401, fmt.Sprintf("client-%d", i%50)
		f.Path = fmt.Sprintf("/api/v2/users/auth0%%7Cu%d/identities/google-oauth2/%d", i%5000, i%5000)
		fs = append(fs, f)
	}
	b.ReportAllocs()
	for b.Loop() {
		p, err := BuildPlan(fs, PlanOptions{})
		if err != nil || len(p.Steps) != 5000 {
			b.Fatalf("%d steps, %v", len(p.Steps), err)
		}
	}
}

// BenchmarkBulkRotation1000 rotates 1,000 clients with one plan against a tenant allowing
// benchLimit requests a second (the simulator's fixed window, across all routes), through the
// real go-auth0 client and the rate-limit transport, every step verified (read back, probed,
// checked again after the settle interval) and journaled. It reports the share of the allowed
// request rate the run used (%-of-limit; target >= 90) and the 429 answers it met (target: no
// storm). Run it alone: go test -run '^$' -bench BulkRotation1000 -benchtime 1x ./remediate/
// (make bench-fix).
func BenchmarkBulkRotation1000(b *testing.B) {
	const clients, benchLimit = 1000, 300
	for b.Loop() {
		b.StopTimer()
		seed := auth0sim.DefaultSeed()
		ids := make([]string, clients)
		for i := range ids {
			ids[i] = fmt.Sprintf("bulk-%04d", i)
			seed.Clients = append(seed.Clients, auth0sim.Client{ClientID: ids[i], Name: ids[i], AppType: "non_interactive",
				GrantTypes: []string{"client_credentials"}})
		}
		srv, err := auth0sim.Start(auth0sim.Config{Seed: seed})
		if err != nil {
			b.Fatal(err)
		}
		dir := b.TempDir()
		transport := &ratelimit.Transport{Base: http.DefaultTransport}
		client := &http.Client{Transport: transport}
		// The simulator's limit is one for all routes, so the probes share the transport.
		tenant := Tenant{Domain: srv.Domain(), Insecure: true, HTTP: client, ProbeHTTP: client}
		api, err := tenant.WithClientCredentials(context.Background(), auth0sim.ClientM2M, srv.ClientSecret(auth0sim.ClientM2M))
		if err != nil {
			b.Fatal(err)
		}
		p, err := BuildPlan(nil, PlanOptions{Tenant: srv.Domain(), Clients: ids})
		if err != nil {
			b.Fatal(err)
		}
		j, err := journal.Open(filepath.Join(dir, "journal.jsonl"), srv.Domain(), p.Digest())
		if err != nil {
			b.Fatal(err)
		}
		e := &Engine{Tenant: tenant, API: api, SelfClientID: auth0sim.ClientM2M, Journal: j,
			Sink:    &sink.File{Path: filepath.Join(dir, "secrets") + "/"},
			Confirm: func(string) (bool, error) { return true, nil },
			Settle:  500 * time.Millisecond, MarkerWait: 100 * time.Millisecond, LockDir: filepath.Join(dir, "locks"), Parallel: 128}
		// Start in a fresh window with the limit known, as a run does after its first reads.
		if _, err := api.Client.Read(context.Background(), auth0sim.ClientM2M); err != nil {
			b.Fatal(err)
		}
		srv.SetRateLimit(auth0sim.RateLimit{Limit: benchLimit, Window: time.Second})
		before := transport.Stats()
		b.StartTimer()
		start := time.Now()
		rep, err := e.Apply(context.Background(), p)
		elapsed := time.Since(start)
		b.StopTimer()
		if err != nil || rep.Done != clients {
			b.Fatalf("done %d of %d, %d need attention: %v", rep.Done, clients, rep.NeedsAttention, err)
		}
		st := transport.Stats()
		requests := st.Requests - before.Requests
		rate := float64(requests) / elapsed.Seconds()
		b.ReportMetric(100*rate/benchLimit, "%-of-limit")
		b.ReportMetric(float64(srv.Throttled()), "429s")
		b.ReportMetric(float64(requests)/clients, "requests/client")
		b.ReportMetric(elapsed.Seconds(), "s/run")
		for _, id := range ids[:10] {
			if cur, _ := sink.Current(e.Sink, id); cur != srv.ClientSecret(id) {
				b.Fatalf("client %s: the sink does not hold the tenant's secret", id)
			}
		}
		j.Close()
		srv.Close()
		b.StartTimer()
	}
}
