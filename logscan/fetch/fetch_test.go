package fetch

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"github.com/auth0/go-auth0/management"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/internal/tenantconn"
)

// steppingClock advances one second per reading, so every simulated event has its own date.
func steppingClock() func() time.Time {
	var n atomic.Int64
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	return func() time.Time { return start.Add(time.Duration(n.Add(1)) * time.Second) }
}

// failExchanges makes the simulator log n failed client-credentials exchanges (feccft).
func failExchanges(t *testing.T, srv *auth0sim.Server, n int) {
	t.Helper()
	for range n {
		resp, err := http.PostForm(srv.URL()+"/oauth/token", url.Values{"grant_type": {"client_credentials"},
			"client_id": {auth0sim.ClientWeb}, "client_secret": {"not-the-secret"}, "audience": {srv.ManagementAudience()}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized && resp.StatusCode != http.StatusForbidden {
			t.Fatalf("wrong secret answered %d", resp.StatusCode)
		}
	}
}

func newTestAPI(t *testing.T, srv *auth0sim.Server) *Fetcher {
	t.Helper()
	return &Fetcher{API: simAPI(t, srv, srv.ClientSecret(auth0sim.ClientM2M)), CheckpointFile: filepath.Join(t.TempDir(), "cp"), Resume: true}
}

// simAPI connects to the simulator the way the CLI does (internal/tenantconn): one token
// exchange, retries of reads in the connection's HTTP client.
func simAPI(t *testing.T, srv *auth0sim.Server, secret string) *management.Management {
	t.Helper()
	t.Setenv(tenantconn.EnvClientID, auth0sim.ClientM2M)
	t.Setenv(tenantconn.EnvClientSecret, secret)
	t.Setenv(tenantconn.EnvAPIToken, "")
	conn, err := (&tenantconn.Flags{Domain: srv.Domain(), InsecureHTTP: true}).Open(context.Background(), tenantconn.Session{}, ClientOptions(0)...)
	if err != nil {
		t.Fatal(err)
	}
	return conn.API
}

func logIDs(t *testing.T, ndjson []byte) []string {
	t.Helper()
	var ids []string
	sc := bufio.NewScanner(bytes.NewReader(ndjson))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if !gjson.ValidBytes(sc.Bytes()) {
			t.Fatalf("not a JSON line: %.80s", sc.Text())
		}
		ids = append(ids, gjson.GetBytes(sc.Bytes(), "log_id").String())
	}
	return ids
}

func TestFetchAllPagesResumeAndRetry(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{Now: steppingClock()})
	failExchanges(t, srv, 130)
	want := len(srv.Logs())

	f := newTestAPI(t, srv)
	f.Take = 50
	// Stop after the first page, as an interrupted fetch would.
	ctx, cancel := context.WithCancel(context.Background())
	f.Progress = func(int, string) { cancel() }
	var first bytes.Buffer
	n, err := f.Fetch(ctx, &first)
	if !errors.Is(err, context.Canceled) || n != 50 {
		t.Fatalf("interrupted fetch: %d events, %v", n, err)
	}
	cp, err := f.Resuming()
	ids := logIDs(t, first.Bytes())
	if err != nil || cp != ids[len(ids)-1] {
		t.Fatalf("checkpoint %q (%v), want the last id fetched %q", cp, err, ids[len(ids)-1])
	}
	if st, err := os.Stat(f.CheckpointFile); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("checkpoint file mode: %v %v", st, err)
	}

	// Resume, through two 503s that the connection's retries absorb.
	srv.SetFault("logs", auth0sim.Fault{Status: http.StatusServiceUnavailable, Times: 2})
	f.Progress = nil
	var rest bytes.Buffer
	if _, err := f.Fetch(context.Background(), &rest); err != nil {
		t.Fatal(err)
	}
	all := append(ids, logIDs(t, rest.Bytes())...)
	seen := map[string]bool{}
	for _, id := range all {
		if seen[id] {
			t.Errorf("log_id %s fetched twice", id)
		}
		seen[id] = true
	}
	// The fetch's own token exchange is logged too (seccft), possibly after the listing began.
	if len(all) < want {
		t.Errorf("fetched %d events, the tenant had %d", len(all), want)
	}
	for i := 1; i < len(all); i++ {
		if all[i] <= all[i-1] {
			t.Fatalf("events out of checkpoint order at %d", i)
		}
	}
}

func TestFetchBacksOffOnRateLimit(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{Now: steppingClock()})
	failExchanges(t, srv, 260)
	want := len(srv.Logs())
	srv.SetRateLimit(auth0sim.RateLimit{Limit: 2, Window: time.Second})
	f := newTestAPI(t, srv)
	var out bytes.Buffer
	n, err := f.Fetch(context.Background(), &out)
	if err != nil {
		t.Fatalf("fetch under a rate limit: %v", err)
	}
	if n < want || len(logIDs(t, out.Bytes())) != n {
		t.Errorf("fetched %d events, want at least %d", n, want)
	}
}

func TestFetchErrorsAreClear(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	// A token without read:logs: the fetch's error names the call and shows no token.
	tok, err := srv.MintM2MToken(auth0sim.ClientM2M, "read:clients")
	if err != nil {
		t.Fatal(err)
	}
	api, err := management.New(srv.Domain(), management.WithInsecure(), management.WithStaticToken(tok))
	if err != nil {
		t.Fatal(err)
	}
	_, err = (&Fetcher{API: api}).Fetch(context.Background(), &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "/api/v2/logs") || strings.Contains(err.Error(), tok) {
		t.Errorf("error %v: want the call named and no token", err)
	}
	bad := filepath.Join(t.TempDir(), "cp")
	os.WriteFile(bad, []byte("not an id?\n"), 0o600)
	if _, err := (&Fetcher{CheckpointFile: bad, Resume: true}).Resuming(); err == nil {
		t.Error("a damaged checkpoint was accepted")
	}
}
