package remediate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEditedLogsReportIsNotWhole: a logs report says how many findings it reported. One whose
// findings were cut down afterwards (jq '.findings |= map(select(...))', an editor) still said
// "whole": true, and a plan read the missing findings as calls never made: enable_idtoken_api2
// went off. A findings count that disagrees with the summary makes it not whole.
func TestEditedLogsReportIsNotWhole(t *testing.T) {
	dir := t.TempDir()
	finding := `{"use_case":"link-idtoken-bearer","source":"logs","status":"affected","certainty":"confirmed","log_id":"900"}`
	for _, tc := range []struct {
		name, body string
		whole      bool
	}{
		{"as written", `{"summary":{"reported":1,"whole":true},"findings":[` + finding + `]}`, true},
		{"clean", `{"summary":{"reported":0,"whole":true},"findings":[]}`, true},
		{"findings removed", `{"summary":{"reported":1,"whole":true},"findings":[]}`, false},
		{"findings added", `{"summary":{"reported":0,"whole":true},"findings":[` + finding + `]}`, false},
		{"no count", `{"summary":{"whole":true},"findings":[]}`, false},
	} {
		path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".json")
		if err := os.WriteFile(path, []byte(tc.body), 0o600); err != nil {
			t.Fatal(err)
		}
		lf, err := ReadLogFindingsFile(path)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := len(lf.NotWhole) == 0; got != tc.whole || !lf.IsLogs {
			t.Errorf("%s: whole = %v (%v), logs = %v; want whole %v", tc.name, got, lf.NotWhole, lf.IsLogs, tc.whole)
		}
	}
}
