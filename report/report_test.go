package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/usecase"
)

func sampleFindings() []usecase.Finding {
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	mk := func(id usecase.ID, conf usecase.Confidence, logID, client string, at time.Time, code int) usecase.Finding {
		f := usecase.New(id, usecase.FromLogs, conf)
		f.LogID, f.ClientID, f.Time, f.StatusCode = logID, client, at, code
		return f
	}
	return []usecase.Finding{
		mk(usecase.LinkUserIDUpdateUsers, usecase.Confirmed, "90020", "m2m", t0, 201),
		mk(usecase.LinkIDTokenBearer, usecase.Suspected, "90021", "spa", t0.Add(time.Hour), 401),
		mk(usecase.LinkIDTokenBearer, usecase.Suspected, "90022", "spa", t0, 201),
		mk(usecase.LinkIDTokenBearer, usecase.Suspected, "90023", "web", t0, 201),
	}
}

func TestSummarizeGroupsByUseCaseAndClient(t *testing.T) {
	groups := Summarize(sampleFindings())
	if len(groups) != 3 {
		t.Fatalf("got %d groups, want 3: %+v", len(groups), groups)
	}
	g := groups[0]
	if g.UseCase != usecase.LinkIDTokenBearer || g.ClientID != "spa" || g.Count != 2 || g.Failed != 1 {
		t.Fatalf("first group = %+v, want the affected spa group with 2 calls, 1 failed", g)
	}
	if !g.FirstSeen.Before(g.LastSeen) || len(g.Samples) != 2 {
		t.Fatalf("first/last/samples wrong: %+v", g)
	}
	if groups[2].Status != usecase.NotAffected {
		t.Fatalf("not-affected group should sort last, got %+v", groups[2])
	}
	if CountByStatus(groups)[usecase.Affected] != 3 {
		t.Fatalf("affected count = %d, want 3", CountByStatus(groups)[usecase.Affected])
	}
}

func TestRenderers(t *testing.T) {
	fs := sampleFindings()
	groups := Summarize(fs)

	var tbl bytes.Buffer
	if err := WriteTable(&tbl, groups); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"link-idtoken-bearer", "2 (1 failed)", "90021", usecase.LinkingMigrationDoc} {
		if !strings.Contains(tbl.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, tbl.String())
		}
	}
	// Not-affected rows get no advice line.
	if strings.Contains(tbl.String(), "link-userid-update-users: ") {
		t.Errorf("table gives advice for a not-affected row:\n%s", tbl.String())
	}

	var md bytes.Buffer
	if err := WriteMarkdown(&md, "Logs", groups); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "| affected | `link-idtoken-bearer` |") || !strings.Contains(md.String(), "### What to do") {
		t.Errorf("markdown:\n%s", md.String())
	}

	var nd bytes.Buffer
	w := NewNDJSONWriter(&nd)
	for _, f := range fs {
		if err := w.Write(f); err != nil {
			t.Fatal(err)
		}
	}
	lines := strings.Split(strings.TrimSpace(nd.String()), "\n")
	if len(lines) != len(fs) {
		t.Fatalf("ndjson has %d lines, want %d", len(lines), len(fs))
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[1]), &rec); err != nil {
		t.Fatal(err)
	}
	if rec["use_case"] != "link-idtoken-bearer" || rec["log_id"] != "90021" || rec["status_code"] != 401.0 {
		t.Errorf("ndjson record = %v", rec)
	}
	// The core keys are there even when empty: one schema per line.
	for _, k := range []string{"log_id", "date", "use_case", "status", "confidence", "client_id", "user_id", "method", "path", "status_code"} {
		if _, ok := rec[k]; !ok {
			t.Errorf("ndjson record lacks %q: %v", k, rec)
		}
	}

	var c bytes.Buffer
	cw, err := NewCSVWriter(&c)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if err := cw.Write(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := cw.Flush(); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&c).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(fs)+1 || rows[0][0] != "use_case" || rows[2][5] != "90021" {
		t.Errorf("csv rows = %v", rows)
	}
}

func TestParseFormat(t *testing.T) {
	if _, err := ParseFormat("xml", Table, JSON); err == nil || !strings.Contains(err.Error(), "table, json") {
		t.Fatalf("err = %v", err)
	}
	if f, err := ParseFormat("json", Table, JSON); err != nil || f != JSON {
		t.Fatalf("f, err = %v, %v", f, err)
	}
}

func TestGate(t *testing.T) {
	groups := Summarize(sampleFindings())
	cases := map[string]int{"affected": 3, "action": 3, "review": 3, "none": 0}
	for in, want := range cases {
		g, err := ParseGate(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := g.Count(groups); got != want {
			t.Errorf("--fail-on %s: %d findings trip, want %d", in, got, want)
		}
	}
	if !FailOnReview.Trips(usecase.Review) || FailOnAffected.Trips(usecase.Review) || FailOnAffected.Trips(usecase.Info) {
		t.Error("gate thresholds wrong")
	}
	if _, err := ParseGate("warning"); err == nil || !strings.Contains(err.Error(), "--fail-on") {
		t.Errorf("err = %v", err)
	}
}

// TestGroupsNameClientsFromAnyEvent: not every event carries client_name; a group whose own
// findings lack it takes the name another finding of the client gave.
func TestGroupsNameClientsFromAnyEvent(t *testing.T) {
	s := NewSummarizer()
	unnamed := usecase.New(usecase.LinkIDTokenBearer, usecase.FromLogs, usecase.Suspected)
	unnamed.ClientID = "spa"
	named := usecase.New(usecase.DeprecationNotice, usecase.FromLogs, usecase.Confirmed)
	named.ClientID, named.ClientName = "spa", "Storefront SPA"
	s.Add(unnamed)
	s.Add(named)
	for _, g := range s.Groups() {
		if g.ClientName != "Storefront SPA" {
			t.Errorf("%s: client name %q, want the name from the other event", g.UseCase, g.ClientName)
		}
	}
}

// TestAdviceFitsTheTerminalAndNamesEachGuideOnce: advice under a table wraps at the terminal's
// width (100 columns at most), and each migration guide is listed once, on a line of its own.
func TestAdviceFitsTheTerminalAndNamesEachGuideOnce(t *testing.T) {
	groups := []Group{
		{UseCase: usecase.LinkUserIDCurrentUser, Status: usecase.Affected, Count: 1},
		{UseCase: usecase.LinkIDTokenBearer, Status: usecase.Affected, Count: 1},
		{UseCase: usecase.SecretStaleUse, Status: usecase.Action, Count: 1},
	}
	for _, width := range []int{0, 60, 80, 100, 200} {
		var b bytes.Buffer
		if err := WriteAdvice(&b, Layout{Width: width}, groups); err != nil {
			t.Fatal(err)
		}
		limit := min(100, width)
		if width == 0 {
			limit = 100
		}
		var links []string
		for _, l := range strings.Split(strings.TrimSpace(b.String()), "\n") {
			if strings.HasPrefix(l, "[") {
				links = append(links, l)
				continue
			}
			if len(l) > limit {
				t.Errorf("width %d: advice line of %d columns: %q", width, len(l), l)
			}
		}
		if len(links) != 2 || !strings.HasSuffix(links[0], usecase.MustLookup(usecase.LinkIDTokenBearer).DocURL) {
			t.Errorf("width %d: guide lines %q", width, links)
		}
		uc := usecase.MustLookup(usecase.LinkUserIDCurrentUser)
		if got := strings.Join(strings.Fields(b.String()), " "); !strings.Contains(got, string(uc.ID)+": "+uc.Instead+" [1]") {
			t.Errorf("width %d: advice %q lacks %q", width, got, uc.Instead)
		}
	}
}
