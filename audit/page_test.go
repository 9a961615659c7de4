package audit

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/demo"
	"github.com/auth0-migrate/auth0audit/remediate"
	"github.com/auth0-migrate/auth0audit/report"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// demoAudit runs the demo's audit (sample logs, a simulated tenant midway through the
// migration driven by the demo traffic, no code), with the real go-auth0 client.
func demoAudit(t *testing.T) *Result {
	t.Helper()
	srv := auth0sim.StartTest(t, auth0sim.Config{Seed: auth0sim.MidMigrationSeed()})
	ctx := context.Background()
	if _, err := demo.Traffic(ctx, srv); err != nil {
		t.Fatal(err)
	}
	api, err := management.New(srv.Domain(), management.WithInsecure(),
		management.WithClientCredentials(ctx, auth0sim.ClientM2M, srv.ClientSecret(auth0sim.ClientM2M)))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(ctx, Inputs{LogFiles: []string{filepath.Join("..", "testdata", "logs")},
		Tenant: api, TenantDomain: srv.Domain(), FetchLogs: true})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestPageIsBuiltAroundTheDecision: the first thing to do is an outage; every client is named
// and linked to its Dashboard page, every log event to its own; each use case is detailed once
// with one guide link; the plan shows the tenant fixes as steps and no placeholder.
func TestPageIsBuiltAroundTheDecision(t *testing.T) {
	res := demoAudit(t)
	res.DashboardDomain = "acme-sample.eu.auth0.com"
	p := res.page()

	if len(p.Todo) == 0 || !p.Todo[0].Outage || p.Todo[0].UseCases[0] != usecase.SecretStaleUse {
		t.Fatalf("first thing to do: %+v, want an outage (secret-stale-use)", p.Todo)
	}
	seenAffected := false
	for _, a := range p.Todo {
		if a.Outage && seenAffected {
			t.Errorf("an outage ranks below an affected item: %+v", p.Todo)
		}
		seenAffected = seenAffected || !a.Outage
	}
	for _, c := range p.Clients {
		if c.Name.URL == "" && !strings.HasPrefix(c.Name.Text, "No client") {
			t.Errorf("client %q has no Dashboard link", c.Name.Text)
		}
	}
	if p.Clients[0].Status != usecase.Affected {
		t.Errorf("first client %+v, want an affected one", p.Clients[0])
	}

	var buf bytes.Buffer
	if err := WriteHTML(&buf, res); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{
		"https://manage.auth0.com/dashboard/eu/acme-sample/applications/legacy-hs256/settings",
		"https://manage.auth0.com/dashboard/eu/acme-sample/logs/9002026",
		"Legacy Portal", "set-id-token-rs256", "enable_idtoken_api2 is on; turn it off once no call uses an ID token as bearer",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, bad := range []string{"review -:", "`", "LegacySync000000000000000000004 links", "code of SpaAuth0js"} {
		if strings.Contains(page, bad) {
			t.Errorf("page shows %q", bad)
		}
	}
	// Log ids are shown short, on one line, with the whole id a hover and a click away.
	for _, m := range regexp.MustCompile(`<a href="https://manage\.auth0\.com/dashboard/eu/acme-sample/logs/(\d+)" title="log_id (\d+)">([^<]*)</a>`).FindAllStringSubmatch(page, -1) {
		if m[1] != m[2] || len([]rune(m[3])) > 10 {
			t.Errorf("log link %q", m[0])
		}
	}
	// One migration guide link per use case shown.
	detailed := len(p.Details) + len(p.Other)
	if n := strings.Count(page, `<a class="guide" href="https://auth0.com/docs/`); n != detailed {
		t.Errorf("%d migration guide links for %d use cases", n, detailed)
	}
	// Every finding is detailed once: each use case has one row in the findings tables.
	for _, u := range append(p.Details, p.Other...) {
		if n := strings.Count(page, `id="uc-`+string(u.ID)+`"`); n != 1 {
			t.Errorf("use case %s detailed %d times", u.ID, n)
		}
	}
}

// TestChartWeeksShowTheFall: the chart has a slot for every week of the logs' window, so the
// weeks after the last affected call show as zero, and each series counts the client's calls.
func TestChartWeeksShowTheFall(t *testing.T) {
	res := demoAudit(t)
	c := res.page().Chart
	if len(c.Weeks) < 8 || len(c.Series) < 2 {
		t.Fatalf("chart %d weeks, %d series", len(c.Weeks), len(c.Series))
	}
	zero := 0
	for i := range c.Weeks {
		if i > 0 && c.Weeks[i].Sub(c.Weeks[i-1]).Hours() != 7*24 {
			t.Errorf("weeks %v and %v are not consecutive", c.Weeks[i-1], c.Weeks[i])
		}
		sum := 0
		for _, s := range c.Series {
			sum += s.Counts[i]
		}
		if sum == 0 {
			zero++
		}
	}
	if zero == 0 {
		t.Error("no week without calls: the November weeks of the demo have none")
	}
	total := 0
	for _, s := range c.Series {
		for _, n := range s.Counts {
			total += n
		}
	}
	want := 0
	for _, f := range res.Actionable {
		if f.Source == usecase.FromLogs && (f.Status == usecase.Affected || f.Status == usecase.Action) {
			want++
		}
	}
	if total != want {
		t.Errorf("chart counts %d calls, the logs hold %d", total, want)
	}
}

// TestPageWithoutDashboard: a tenant that is not a canonical Auth0 domain gets no links, and
// the page says why.
func TestPageWithoutDashboard(t *testing.T) {
	res := &Result{Tenant: "127.0.0.1:8081", Plan: &remediate.Plan{}}
	p := res.page()
	if !strings.Contains(p.DashboardNote, "127.0.0.1:8081 is not a tenant's canonical domain") {
		t.Errorf("note %q", p.DashboardNote)
	}
	var buf bytes.Buffer
	if err := WriteHTML(&buf, res); err != nil || strings.Contains(buf.String(), "manage.auth0.com") {
		t.Errorf("%v; links: %v", err, strings.Contains(buf.String(), "manage.auth0.com"))
	}
}

// TestChartFromDailyCounts: a result that keeps only the summary (the log-stream receiver's)
// still gets its weekly chart and trends, from the affected calls per day.
func TestChartFromDailyCounts(t *testing.T) {
	res := demoAudit(t)
	want := res.page().Chart
	res.Actionable = nil
	got := res.page().Chart
	if len(got.Weeks) != len(want.Weeks) || len(got.Series) == 0 {
		t.Fatalf("chart from daily counts: %d weeks, %d series", len(got.Weeks), len(got.Series))
	}
	total := 0
	for _, s := range got.Series {
		for _, n := range s.Counts {
			total += n
		}
	}
	affected := 0
	for _, d := range res.Daily {
		affected += d.Count
	}
	if total != affected {
		t.Errorf("chart counts %d, the daily counts hold %d", total, affected)
	}
}

// TestSameNamedClientsAreTold: Auth0 lets two applications have one name ("Default App", a
// copy of an app), and the page named clients by name only: two rows, two to-do items and two
// chart series read "Default App", and the admin could not tell which to fix without hovering
// each link. Clients sharing a name show the start of their id beside it.
func TestSameNamedClientsAreTold(t *testing.T) {
	day := time.Date(2026, 10, 12, 9, 0, 0, 0, time.UTC)
	group := func(id string) report.Group {
		return report.Group{UseCase: usecase.LinkIDTokenBearer, Status: usecase.Affected, Confidence: usecase.Confirmed,
			ClientID: id, ClientName: "Default App", Count: 1, FirstSeen: day, LastSeen: day, Samples: []string{"log_id 1"}}
	}
	res := &Result{Tenant: "acme.eu.auth0.com", Plan: &remediate.Plan{},
		Logs: []report.Group{group("AbCdEf0123456789AbCdEf0123456789"), group("ZyXwVu9876543210ZyXwVu9876543210"),
			{UseCase: usecase.LinkIDTokenBearer, Status: usecase.Affected, Confidence: usecase.Confirmed,
				ClientID: "Unique00000000000000000000000000", ClientName: "Billing", Count: 1, FirstSeen: day, LastSeen: day}}}
	p := res.page()
	var names []string
	for _, c := range p.Clients {
		names = append(names, c.Name.Text)
	}
	slices.Sort(names)
	want := []string{"Billing", "Default App (AbCdEf01…)", "Default App (ZyXwVu98…)"}
	if !slices.Equal(names, want) {
		t.Errorf("client rows %q, want %q", names, want)
	}
}
