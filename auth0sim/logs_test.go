package auth0sim_test

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/auth0/go-auth0/management"
	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/auth0sim"
)

// produceEvents makes n sapi events (tenant-settings PATCHes) and returns the server.
func produceEvents(t *testing.T, n int) *auth0sim.Server {
	t.Helper()
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	m := newV1(t, srv, m2mToken(t, srv))
	for i := range n {
		name := "tenant-" + string(rune('a'+i%26))
		if err := m.Tenant.Update(context.Background(), &management.Tenant{FriendlyName: &name}); err != nil {
			t.Fatal(err)
		}
	}
	return srv
}

func TestLogEventShapeMatchesRealEvents(t *testing.T) {
	// The real sapi events recorded from a tenant (go-auth0 v1.45.0 recordings).
	real := readRealEvents(t)
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	if _, err := newV1(t, srv, m2mToken(t, srv, "update:users")).User.Link(context.Background(), auth0sim.UserPrimary,
		linkBody("google-oauth2", "secondary")); err != nil {
		t.Fatal(err)
	}
	ours := lastEvent(t, srv)
	var realSapi gjson.Result
	for _, ev := range real {
		if ev.Get("type").String() == "sapi" {
			realSapi = ev
			break
		}
	}
	for _, path := range []string{"_id", "log_id", "date", "type", "description", "client_id", "client_name", "ip",
		"details.request.method", "details.request.path", "details.request.query", "details.request.body",
		"details.request.channel", "details.request.ip", "details.request.userAgent", "details.request.auth.strategy",
		"details.request.auth.user", "details.request.auth.credentials", "details.response.statusCode",
		"details.response.body", "user_id", "user_agent", "isMobile"} {
		if !realSapi.Get(path).Exists() {
			t.Fatalf("the real sapi event has no %s: test data changed?", path)
		}
		if !ours.Get(path).Exists() {
			t.Errorf("simulated sapi event lacks %s (real: %s)", path, realSapi.Get(path).Raw)
		}
		if ours.Get(path).Type != realSapi.Get(path).Type && realSapi.Get(path).Type != gjson.Null {
			t.Errorf("%s: simulated type %v, real %v", path, ours.Get(path).Type, realSapi.Get(path).Type)
		}
	}
	if len(ours.Get("log_id").String()) != len(realSapi.Get("log_id").String()) {
		t.Errorf("log_id %q has a different width from the real %q", ours.Get("log_id").String(), realSapi.Get("log_id").String())
	}
	if _, err := time.Parse("2006-01-02T15:04:05.000Z", ours.Get("date").String()); err != nil {
		t.Errorf("date: %v", err)
	}
}

func readRealEvents(t *testing.T) []gjson.Result {
	t.Helper()
	// The repository's copy of the 27 events recorded in go-auth0 v1.45.0 (MIT, see
	// testdata/logs/LICENSE-go-auth0): always present, so this test never skips.
	b, err := os.ReadFile(filepath.Join("..", "testdata", "logs", "go-auth0-recorded.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	var out []gjson.Result
	gjson.ForEachLine(string(b), func(line gjson.Result) bool {
		out = append(out, line)
		return true
	})
	return out
}

func TestLogIDsIncreaseAndSort(t *testing.T) {
	srv := produceEvents(t, 12)
	var ids []string
	for _, raw := range srv.Logs() {
		ids = append(ids, gjsonOf(raw).Get("log_id").String())
	}
	if !sort.StringsAreSorted(ids) {
		t.Fatalf("log ids not increasing: %v", ids)
	}
	for i := 1; i < len(ids); i++ {
		if ids[i] == ids[i-1] {
			t.Fatalf("duplicate log id %s", ids[i])
		}
	}
}

func TestCheckpointPaginationWithGoAuth0(t *testing.T) {
	srv := produceEvents(t, 7)
	m := newV1(t, srv, m2mToken(t, srv, "read:logs"))
	ctx := context.Background()

	// Like go-auth0's TestLogManager_CheckpointPagination: page mode is newest first; from is
	// exclusive and walks forward in time.
	page, err := m.Log.List(ctx, management.Page(0), management.PerPage(10))
	if err != nil {
		t.Fatal(err)
	}
	if len(page) != 7 {
		t.Fatalf("page mode returned %d events, want 7", len(page))
	}
	from := page[6].GetID() // the oldest
	next, err := m.Log.List(ctx, management.From(from), management.Take(2))
	if err != nil {
		t.Fatal(err)
	}
	if len(next) != 2 || next[0].GetID() != page[5].GetID() || next[1].GetID() != page[4].GetID() {
		t.Fatalf("checkpoint from the oldest returned %v", ids(next))
	}

	// Walk everything from the start, 3 at a time, resuming from the last log_id.
	var all []string
	checkpoint := "0"
	for {
		batch, err := m.Log.List(ctx, management.From(checkpoint), management.Take(3))
		if err != nil {
			t.Fatal(err)
		}
		if len(batch) == 0 {
			break
		}
		all = append(all, ids(batch)...)
		checkpoint = batch[len(batch)-1].GetID()
	}
	if len(all) != 7 || !sort.StringsAreSorted(all) {
		t.Fatalf("checkpoint walk = %v", all)
	}

	_, err = m.Log.List(ctx, management.From(checkpoint), management.Take(101))
	wantStatus(t, err, http.StatusBadRequest)
	if n := len(srv.Logs()); n != 7+1 {
		t.Errorf("log reads added events: %d events, want the 7 writes and the one failed read", n)
	}
}

func TestPageModeQueryAndTotals(t *testing.T) {
	srv := produceEvents(t, 3)
	ctx := context.Background()
	// one fapi
	_, _ = newV1(t, srv, m2mToken(t, srv, "read:users")).Client.RotateSecret(ctx, auth0sim.ClientWeb)
	m := newV1(t, srv, m2mToken(t, srv, "read:logs"))

	fails, err := m.Log.List(ctx, management.Query(`type:"fapi"`))
	if err != nil {
		t.Fatal(err)
	}
	if len(fails) != 1 || fails[0].GetType() != "fapi" {
		t.Fatalf("q=type:fapi returned %v", ids(fails))
	}
	sapis, err := m.Log.List(ctx, management.Query(`type:sapi AND details.request.method:patch`), management.PerPage(2))
	if err != nil {
		t.Fatal(err)
	}
	if len(sapis) != 2 {
		t.Fatalf("per_page=2 returned %d", len(sapis))
	}
	resp, err := http.DefaultClient.Do(authed(t, srv, "GET", "/api/v2/logs?include_totals=true&per_page=2&page=1",
		m2mToken(t, srv, "read:logs")))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body := gjsonOf(readAll(t, resp))
	if body.Get("total").Int() != 4 || body.Get("start").Int() != 2 || body.Get("length").Int() != 2 || len(body.Get("logs").Array()) != 2 {
		t.Errorf("include_totals page = %s", body.Raw)
	}
	_, err = m.Log.List(ctx, management.Query(`type:sapi OR type:fapi`))
	wantStatus(t, err, http.StatusBadRequest)
}

func TestLogsNeedReadLogs(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	_, err := newV1(t, srv, m2mToken(t, srv, "read:users")).Log.List(context.Background())
	wantAPIError(t, srv, err, http.StatusForbidden, "insufficient_scope", "read:logs")
}

func ids(logs []*management.Log) []string {
	out := make([]string, len(logs))
	for i, l := range logs {
		out[i] = l.GetID()
	}
	return out
}

func wantStatus(t *testing.T, err error, status int) {
	t.Helper()
	var me management.Error
	if !asMgmtError(err, &me) || me.Status() != status {
		t.Fatalf("err = %v, want status %d", err, status)
	}
}

func authed(t *testing.T, srv *auth0sim.Server, method, path, token string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL()+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	return req
}

func TestPageModeDateRangeNotAndTakeWithoutFrom(t *testing.T) {
	srv := produceEvents(t, 4)
	m := newV1(t, srv, m2mToken(t, srv, "read:logs"))
	ctx := context.Background()
	all := srv.Logs()
	second := gjsonOf(all[1]).Get("date").String()
	third := gjsonOf(all[2]).Get("date").String()

	inRange, err := m.Log.List(ctx, management.Query("date:["+second+" TO "+third+"]"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range inRange {
		d := l.GetDate().UTC().Format("2006-01-02T15:04:05.000Z")
		if d < second || d > third {
			t.Errorf("event dated %s outside [%s, %s]", d, second, third)
		}
	}
	if len(inRange) < 2 {
		t.Errorf("date range matched %d events, want at least the 2 bounds", len(inRange))
	}
	notSapi, err := m.Log.List(ctx, management.Query("NOT type:sapi"))
	if err != nil || len(notSapi) != 0 {
		t.Fatalf("NOT type:sapi: %v, %d events", err, len(notSapi))
	}
	recent, err := m.Log.List(ctx, management.Take(2))
	if err != nil {
		t.Fatal(err)
	}
	newest := gjsonOf(all[len(all)-1]).Get("log_id").String()
	if len(recent) != 2 || recent[0].GetID() != newest {
		t.Fatalf("take without from = %v, want the 2 newest, newest first (%s)", ids(recent), newest)
	}
	for _, bad := range []string{"type", "date:[a b]", "type:sapi OR type:fapi"} {
		_, err := m.Log.List(ctx, management.Query(bad))
		wantStatus(t, err, http.StatusBadRequest)
		if got := lastEvent(t, srv).Get("details.response.body.errorCode").String(); got != "invalid_query_string" {
			t.Errorf("q=%q: errorCode %q", bad, got)
		}
	}
}

func TestLogsCarryAuth0Client(t *testing.T) {
	seed := auth0sim.DefaultSeed()
	seed.EnableIDTokenAPI2 = true
	srv := auth0sim.StartTest(t, auth0sim.Config{Seed: seed})
	bearer := idToken(t, srv, auth0sim.IDTokenSpec{Sub: auth0sim.UserPrimary, Aud: auth0sim.ClientSPA})
	// What auth0.js sends: base64url of its name and version.
	req := authed(t, srv, "POST", "/api/v2/users/auth0%7Cprimary/identities", bearer)
	req.Header.Set("Auth0-Client", base64.RawURLEncoding.EncodeToString([]byte(`{"name":"auth0.js","version":"9.23.0"}`)))
	req.Header.Set("Content-Type", "application/json")
	req.Body = io.NopCloser(strings.NewReader(`{"provider":"google-oauth2","user_id":"secondary"}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("auth0.js-style link: %d", resp.StatusCode)
	}
	ev := lastEvent(t, srv)
	if ev.Get("auth0_client.name").String() != "auth0.js" || ev.Get("details.request.auth.credentials.scopes").Exists() {
		t.Errorf("event = auth0_client %s, auth %s", ev.Get("auth0_client").Raw, ev.Get("details.request.auth").Raw)
	}
	if _, err := newV1(t, srv, m2mToken(t, srv, "update:users")).User.Unlink(context.Background(), auth0sim.UserPrimary,
		"google-oauth2", "secondary"); err != nil {
		t.Fatal(err)
	}
	if got := lastEvent(t, srv).Get("auth0_client.name").String(); got != "go-auth0" {
		t.Errorf("go-auth0 call logged auth0_client.name %q", got)
	}
}

func TestEventDatesStrictlyIncreaseUnderAStoppedClock(t *testing.T) {
	stopped := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	srv := auth0sim.StartTest(t, auth0sim.Config{Now: func() time.Time { return stopped }})
	ctx := context.Background()
	old := srv.ClientSecret(auth0sim.ClientWeb)
	if _, err := newV1(t, srv, m2mToken(t, srv)).Client.RotateSecret(ctx, auth0sim.ClientWeb); err != nil {
		t.Fatal(err)
	}
	if _, err := clientCredentials(srv, auth0sim.ClientWeb, old, 1).Token(ctx); err == nil {
		t.Fatal("old secret accepted")
	}
	logs := srv.Logs()
	rotated, stale := gjsonOf(logs[0]).Get("date").String(), gjsonOf(logs[1]).Get("date").String()
	if gjsonOf(logs[1]).Get("type").String() != "feccft" || !(stale > rotated) || rotated != "2026-03-01T12:00:00.000Z" {
		t.Fatalf("rotation at %s, stale use at %s: want the stale use strictly later", rotated, stale)
	}
}
