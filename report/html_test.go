package report

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/usecase"
)

func samplePage() HTMLReport {
	week := time.Date(2026, 9, 28, 0, 0, 0, 0, time.UTC)
	dash, _ := NewDashboard("acme.eu.auth0.com")
	return HTMLReport{
		Title: "Auth0 audit of acme.eu.auth0.com", Subtitle: "logs: 10 event(s)", GeneratedAt: week,
		Totals: []HTMLCount{{usecase.Affected, 3}, {usecase.Action, 1}},
		Todo: []HTMLAction{{Status: usecase.Action, Outage: true, Subject: HTMLLink{Text: "Billing <Web>", URL: dash.Client("web")},
			What: "is failing to authenticate", Do: "run `auth0audit fix set-secret --client web`", UseCases: []usecase.ID{usecase.SecretStaleUse}, Steps: []int{2}}},
		Chart: HTMLChart{Weeks: []time.Time{week, week.AddDate(0, 0, 7), week.AddDate(0, 0, 14)},
			Series: []HTMLSeries{{Label: "Shop <SPA>", Counts: []int{5, 0, 1}}, {Label: "Billing", Counts: []int{2, 1, 0}}}},
		Clients: []HTMLClient{{Name: HTMLLink{Text: "Shop <SPA>", URL: dash.Client("spa1")}, Status: usecase.Affected,
			Needs: []HTMLChip{{usecase.LinkIDTokenBearer, usecase.Affected, 6}}, Trend: []int{5, 0, 1}}},
		Details: []HTMLUseCase{{ID: usecase.LinkIDTokenBearer, Status: usecase.Affected, Seen: "seen", Instead: "do", Guide: usecase.LinkingMigrationDoc,
			Rows: []HTMLFindingRow{{Client: HTMLLink{Text: "Shop <SPA>"}, Source: usecase.FromLogs, Count: 6,
				Evidence: []HTMLLink{{Text: "…00000274", URL: dash.LogEvent("90020261010000000335004000000000000000000000000000000274")}}}}}},
		Plan: HTMLPlan{Changes: []HTMLStep{{N: 1, Op: "set-id-token-rs256", Target: HTMLLink{Text: "Legacy"}, Why: "plan `--clients ID` first"}},
			Reviews: []HTMLStep{{N: 2, Op: "review", Target: HTMLLink{Text: "legacy.go:24:2"}, Why: "change the code"}}, Apply: "auth0audit fix apply"},
		Inputs: []string{"Logs: 10 events."},
	}
}

func TestWriteHTMLIsSelfContained(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, samplePage()); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{
		"<svg", `class="bar"`, ChartBackground, "Shop &lt;SPA&gt;", "Billing &lt;Web&gt;",
		"https://manage.auth0.com/dashboard/eu/acme/applications/web/settings",
		"https://manage.auth0.com/dashboard/eu/acme/logs/90020261010000000335004000000000000000000000000000000274",
		`<a class="uc" href="#uc-secret-stale-use">`, `id="uc-link-idtoken-bearer"`, `href="#step-2"`,
		"<code>auth0audit fix set-secret --client web</code>", "<code>--clients ID</code>", `class="badge outage">outage`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "Shop <SPA>") || strings.Contains(page, "`") {
		t.Error("a name was not escaped, or a backtick is shown literally")
	}
	// Self-contained: nothing is fetched when the page is viewed (links to docs are fine).
	if m := regexp.MustCompile(`(?i)<(script|link|img|iframe)\b|src=|@import|url\(`).FindString(page); m != "" {
		t.Errorf("page loads an external resource: %q", m)
	}
	// One bar per client per week with calls; the empty week draws none.
	if n := strings.Count(page, `class="bar"`); n != 4 {
		t.Errorf("%d bars, want 4", n)
	}
	if strings.Count(page, usecase.LinkingMigrationDoc) != 1 {
		t.Error("want one migration guide link per use case")
	}
}

func TestCodeSpans(t *testing.T) {
	for in, want := range map[string]string{
		"plan `--clients ID` <now>": "plan <code>--clients ID</code> &lt;now&gt;",
		"a ` stray":                 "a  stray",
		"none":                      "none",
	} {
		if got := string(codeSpans(in)); got != want {
			t.Errorf("codeSpans(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDashboardLinks(t *testing.T) {
	for domain, want := range map[string]string{
		"acme.eu.auth0.com":              "https://manage.auth0.com/dashboard/eu/acme/applications/c%2F1/settings",
		"dev-tti06f6y.auth0.com":         "https://manage.auth0.com/dashboard/us/dev-tti06f6y/applications/c%2F1/settings",
		"ACME.au.auth0.com.":             "https://manage.auth0.com/dashboard/au/acme/applications/c%2F1/settings",
		"login.acme.com":                 "",
		"127.0.0.1:8081":                 "",
		"acme.eu.auth0.com.evil.example": "",
		"a.b.c.auth0.com":                "",
	} {
		d, ok := NewDashboard(domain)
		if got := d.Client("c/1"); got != want || ok != (want != "") {
			t.Errorf("%s: %q (%v), want %q", domain, got, ok, want)
		}
	}
	var zero Dashboard
	if zero.LogEvent("1") != "" || zero.TenantAdvanced() != "" {
		t.Error("the zero Dashboard links")
	}
}

// TestInputProblemsComeFirst: an input rejected as not logs, or cut off, makes the whole page
// a report on part of the data. That is said above the to-do list, where a reader of the
// handed-around page cannot miss it, not in the side column under the chart (below the whole
// to-do list on a narrow screen).
func TestInputProblemsComeFirst(t *testing.T) {
	p := samplePage()
	p.Notes = []string{"bad.json: not an Auth0 log export: it holds binary data"}
	var buf bytes.Buffer
	if err := WriteHTML(&buf, p); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	note, todo := strings.Index(page, "bad.json: not an Auth0 log export"), strings.Index(page, "<h2>Do ")
	if note < 0 || todo < 0 || note > todo {
		t.Errorf("the input problem (at %d) is not above the to-do list (at %d)", note, todo)
	}
	if !strings.Contains(page[:max(note, 0)], "covers only what was read") {
		t.Error("the page does not say, above the problems, that it covers only what was read")
	}
}

// TestChartShowsOneCallBesideAPeak: the chart is read for "did usage fall after the fix": a
// week with one call left beside a week of hundreds drew a bar 0.3 units tall (a 134-unit plot
// scaled to the peak), which renders as nothing, the same as a week with no call. Every week
// with a call has a bar that can be seen, and the stack stays inside the plot.
func TestChartShowsOneCallBesideAPeak(t *testing.T) {
	week := time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)
	c := HTMLChart{Weeks: []time.Time{week, week.AddDate(0, 0, 7), week.AddDate(0, 0, 14)},
		Series: []HTMLSeries{{Label: "Shop", Counts: []int{480, 1, 0}}, {Label: "Billing", Counts: []int{1, 0, 1}}}}
	svg := string(weeklyChartSVG(c))
	plot := regexp.MustCompile(`<rect class="plot" x="[^"]*" y="([^"]*)" width="[^"]*" height="([^"]*)"`).FindStringSubmatch(svg)
	if plot == nil {
		t.Fatal("no plot area")
	}
	plotTop, _ := strconv.ParseFloat(plot[1], 64)
	plotH, _ := strconv.ParseFloat(plot[2], 64)
	bars := regexp.MustCompile(`<rect class="bar" x="[^"]*" y="([^"]*)" width="[^"]*" height="([^"]*)"`).FindAllStringSubmatch(svg, -1)
	if len(bars) != 4 {
		t.Fatalf("%d bars, want one per non-zero count (4)", len(bars))
	}
	for _, b := range bars {
		y, _ := strconv.ParseFloat(b[1], 64)
		h, _ := strconv.ParseFloat(b[2], 64)
		if h < 2 {
			t.Errorf("a bar %.2f units tall (of a %.0f-unit plot): a week with a call looks like a week without", h, plotH)
		}
		if y < plotTop-0.05 || y+h > plotTop+plotH+0.05 {
			t.Errorf("a bar from %.1f to %.1f outside the plot (%.1f to %.1f)", y, y+h, plotTop, plotTop+plotH)
		}
	}
}
