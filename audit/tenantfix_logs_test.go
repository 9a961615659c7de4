package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/remediate"
)

// TestFlagStaysOnWhenLogsWereNotReadWhole: the plan turns enable_idtoken_api2 off only when
// the logs show no call that needs it. A log input that was cut off (or rejected as not logs)
// was still "logs audited": the plan offered disable-idtoken-api2 on the strength of the part
// read, though the calls that need the flag may be in the part that was not, and fix apply
// would have turned it off. Now it is a review step saying the logs were not read whole.
func TestFlagStaysOnWhenLogsWereNotReadWhole(t *testing.T) {
	seed := auth0sim.DefaultSeed()
	seed.EnableIDTokenAPI2 = true
	srv := auth0sim.StartTest(t, auth0sim.Config{Seed: seed})
	ctx := context.Background()
	api, err := management.New(srv.Domain(), management.WithInsecure(),
		management.WithClientCredentials(ctx, auth0sim.ClientM2M, srv.ClientSecret(auth0sim.ClientM2M)))
	if err != nil {
		t.Fatal(err)
	}
	// Logins only: nothing in them needs the flag.
	var logins []byte
	for _, l := range bytes.SplitAfter(readTestLogs(t), []byte("\n")) {
		// (The sample's one malformed login is left out: a record that cannot be read makes
		// the logs not whole.)
		if (bytes.Contains(l, []byte(`"type":"s"`)) || bytes.Contains(l, []byte(`"type":"fsa"`))) && json.Valid(l) {
			logins = append(logins, l...)
		}
	}
	if len(logins) == 0 {
		t.Fatal("no logins in the sample logs")
	}
	dir := t.TempDir()
	whole, cut := filepath.Join(dir, "whole.ndjson"), filepath.Join(dir, "cut.ndjson")
	os.WriteFile(whole, logins, 0o600)
	os.WriteFile(cut, logins[:len(logins)-40], 0o600) // the last line cut, no line end

	plan := func(file string) *Result {
		t.Helper()
		res, err := Run(ctx, Inputs{LogFiles: []string{file}, Tenant: api, TenantDomain: srv.Domain()})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	has := func(res *Result, op remediate.Op) bool {
		for _, s := range res.Plan.Steps {
			if s.Op == op {
				return true
			}
		}
		return false
	}
	if res := plan(whole); !has(res, remediate.OpDisableIDTokenAPI2) {
		t.Fatalf("whole logs of logins only: no %s step in %+v", remediate.OpDisableIDTokenAPI2, res.Plan.Steps)
	}
	res := plan(cut)
	if res.Incomplete() == nil {
		t.Fatal("the cut file was read whole")
	}
	if has(res, remediate.OpDisableIDTokenAPI2) {
		t.Errorf("logs cut off: the plan turns enable_idtoken_api2 off on the part read")
	}
	// A line that could not be read (not JSON) is skipped and counted; the call it held is
	// unseen, as in a cut file (`logs` says so in its JSON summary: whole false).
	malformed := filepath.Join(dir, "malformed.ndjson")
	os.WriteFile(malformed, append(append([]byte{}, logins...), []byte(`{"type":"sapi","details":{"request":{"path":"/api/v2/users/x/identities"`+"\n")...), 0o600)
	if res := plan(malformed); has(res, remediate.OpDisableIDTokenAPI2) {
		t.Errorf("logs with a malformed record: the plan turns enable_idtoken_api2 off though a call may be in it")
	}
}

func readTestLogs(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "logs", "tenant.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
