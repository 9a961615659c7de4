package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/auth0-migrate/auth0audit/remediate"
	"github.com/auth0-migrate/auth0audit/usecase"
)

// TestFixPlanTurnsTheFlagOffOnlyOnWholeLogs: `fix plan --from-logs` used to count the logs
// as audited because a file was given, so a findings file of a cut-off, filtered or
// hand-made scan planned enable_idtoken_api2 off, and `fix apply` would break the apps whose
// calls the scan never saw. Only a logs report that says it covers every event may do that.
func TestFixPlanTurnsTheFlagOffOnlyOnWholeLogs(t *testing.T) {
	c := newCLIEnv(t)
	flag := usecase.New(usecase.TenantIDTokenAPI2Enabled, usecase.FromTenant, usecase.Confirmed)
	tb, _ := json.Marshal(map[string]any{"findings": []usecase.Finding{flag}})
	tenantFindings := c.file("tenant.json", string(tb))

	// Clean logs: no ID token as bearer, nothing undetermined.
	clean := `{"log_id":"90020261001000000000000000000000000000000000000000000001","date":"2026-10-01T00:00:00.000Z","type":"s","client_id":"abc"}` + "\n"
	c.file("clean.ndjson", clean+strings.Replace(clean, "01\"", "02\"", 1))
	cut := `[` + strings.TrimSuffix(clean, "\n") + `,` + `{"log_id":"9002026100100000000000000000000000000000000000000000000`
	c.file("cut.json", cut)
	// A line that is not JSON (a cut write, a log shipper's prefix) is counted as malformed
	// and read past: the call it held is unseen.
	c.file("malformed.ndjson", clean+`{"log_id":"90020261001000000000000000000000000000000000000000000003","type":"sapi","details":{"request":{"path":"/api/v2/users/x/identities"`+"\n"+strings.Replace(clean, "01\"", "02\"", 1))

	logsReport := func(name string, args ...string) string {
		r := c.runRaw("", append([]string{"logs", "--format", "json"}, args...)...)
		return c.file(name, r.stdout)
	}
	whole := logsReport("whole.json", filepath.Join(c.dir, "clean.ndjson"))
	cutOff := logsReport("cut-report.json", filepath.Join(c.dir, "cut.json"))
	malformed := logsReport("malformed-report.json", filepath.Join(c.dir, "malformed.ndjson"))
	filtered := logsReport("filtered.json", "--since", "2026-10-02", filepath.Join(c.dir, "clean.ndjson"))
	bare := c.file("bare.json", `{"findings": []}`)
	fl := usecase.New(usecase.LinkWithIDToken, usecase.FromLogs, usecase.Confirmed)
	fl.LogID = "90020261001"
	lb, _ := json.Marshal([]usecase.Finding{fl})
	array := c.file("array.json", string(lb))

	planOps := func(files ...string) (map[remediate.Op]bool, string) {
		t.Helper()
		args := []string{"plan", "--json"}
		for _, f := range append(files, tenantFindings) {
			args = append(args, "--from-logs", f)
		}
		r := c.run("", args...)
		if r.code != 0 {
			t.Fatalf("plan %v: exit %d\n%s", files, r.code, r.stderr)
		}
		p, err := remediate.ReadPlanFile(c.file("plan.json", r.stdout))
		if err != nil {
			t.Fatal(err)
		}
		ops := map[remediate.Op]bool{}
		for _, s := range p.Steps {
			ops[s.Op] = true
		}
		return ops, r.stderr
	}

	if ops, stderr := planOps(whole); !ops[remediate.OpDisableIDTokenAPI2] {
		t.Errorf("a whole, clean logs report: the flag is not planned off (%v)\n%s", ops, stderr)
	}
	for name, files := range map[string][]string{
		"cut off":             {cutOff},
		"filtered by --since": {filtered},
		"a malformed record":  {malformed},
		"no logs summary":     {array},
		"whole and cut off":   {whole, cutOff},
		"no logs at all":      {bare},
	} {
		ops, stderr := planOps(files...)
		if ops[remediate.OpDisableIDTokenAPI2] {
			t.Errorf("%s: the plan turns enable_idtoken_api2 off on logs that do not cover every event", name)
		}
		if !ops[remediate.OpReview] {
			t.Errorf("%s: no review step says why the flag stays on (%v)", name, ops)
		}
		if name != "no logs at all" && !strings.Contains(stderr, "stays on") {
			t.Errorf("%s: stderr does not say why the flag stays on:\n%s", name, stderr)
		}
	}
	if b, _ := os.ReadFile(filtered); !strings.Contains(string(b), `"whole": false`) || !strings.Contains(string(b), "--since") {
		t.Errorf("a filtered logs report does not say it is not whole:\n%s", b)
	}
}

// TestFixJournalDashIsRefused: `--journal -` created a file named "-" in the working directory.
func TestFixJournalDashIsRefused(t *testing.T) {
	c := newCLIEnv(t)
	r := c.run("", "rotate", "--client", "web", "--journal", "-", "--secret-sink", "file:"+filepath.Join(c.dir, "s")+"/", "--yes")
	if r.code == 0 || !strings.Contains(r.stderr, "--journal -: a journal must be a file") {
		t.Errorf("exit %d, want a usage error naming --journal -\n%s", r.code, r.stderr)
	}
	if c.srv.Applied("rotate-secret") != 0 {
		t.Error("the tenant was changed")
	}
	if _, err := os.Stat("-"); err == nil {
		t.Error(`a file named "-" was created`)
	}
}
