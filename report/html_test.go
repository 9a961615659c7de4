package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/auth0-migrate/auth0audit/usecase"
)

func TestWriteHTMLIsSelfContained(t *testing.T) {
	s := NewSummarizer()
	day := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i, n := range []int{5, 3, 0, 1} { // usage going down after a deploy
		for k := 0; k < n; k++ {
			f := usecase.New(usecase.LinkIDTokenBearer, usecase.FromLogs, usecase.Suspected)
			f.ClientID, f.ClientName, f.Time, f.LogID = "spa1", "Shop <SPA>", day.AddDate(0, 0, i), "l"
			s.Add(f)
		}
	}
	daily := s.Daily()
	if len(daily) != 3 || daily[0].Count != 5 || daily[2].Count != 1 {
		t.Fatalf("daily = %+v", daily)
	}
	var buf bytes.Buffer
	err := WriteHTML(&buf, HTMLReport{
		Title: "Auth0 audit", Subtitle: "tenant example.eu.auth0.com", GeneratedAt: day,
		Sections: []HTMLSection{{Name: "Logs", Groups: s.Groups()}},
		Daily:    daily,
		Plan:     []string{"rotate the secret of client web1"},
	})
	if err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, want := range []string{"<svg", "<polyline", "Shop &lt;SPA&gt;", "link-idtoken-bearer", "rotate the secret of client web1", usecase.LinkingMigrationDoc} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "Shop <SPA>") {
		t.Error("client name was not escaped")
	}
	// Self-contained: nothing is fetched when the page is viewed (links to docs are fine).
	if m := regexp.MustCompile(`(?i)<(script|link|img|iframe)\b|src=|@import|url\(`).FindString(page); m != "" {
		t.Errorf("page loads an external resource: %q", m)
	}
	// The zero day is drawn at the baseline, not skipped.
	if strings.Count(page, "<circle") != 3 {
		t.Errorf("want 3 points with calls, got %d", strings.Count(page, "<circle"))
	}
}
