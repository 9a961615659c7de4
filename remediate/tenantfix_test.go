package remediate

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/remediate/journal"
	"github.com/auth0-migrate/auth0audit/usecase"
)

func tenantFinding(id usecase.ID, client string) usecase.Finding {
	f := usecase.New(id, usecase.FromTenant, usecase.Confirmed)
	f.ClientID = client
	if id == usecase.ClientIDTokenNotRS256 {
		f.ClientName, f.Check, f.Detail = "Legacy Portal", "linking-client-alg", "jwt_configuration.alg is HS256; link_with needs RS256 ID tokens"
	}
	return f
}

func stepByID(p *Plan, id string) *Step {
	for i := range p.Steps {
		if p.Steps[i].ID == id {
			return &p.Steps[i]
		}
	}
	return nil
}

// TestPlanTenantFixes: enable_idtoken_api2 goes off only once the audited logs show no call
// with an ID token as bearer (else a review step says what still uses one); a linking client
// whose ID tokens are not RS256 gets a reviewable step to switch them.
func TestPlanTenantFixes(t *testing.T) {
	flag := tenantFinding(usecase.TenantIDTokenAPI2Enabled, "")
	alg := tenantFinding(usecase.ClientIDTokenNotRS256, auth0sim.ClientLegacyHS256)
	bearer := usecase.New(usecase.LinkIDTokenBearer, usecase.FromLogs, usecase.Suspected)
	bearer.ClientID, bearer.ClientName, bearer.LogID = "spa", "Storefront SPA", "90020261026"
	bearer.Time = time.Date(2026, 10, 26, 9, 0, 0, 0, time.UTC)
	code := usecase.New(usecase.UnlinkIDTokenBearer, usecase.FromCode, usecase.Confirmed)
	code.File, code.Line = "app/unlink.go", 20

	p, err := BuildPlan([]usecase.Finding{flag, alg}, PlanOptions{LogsAudited: true})
	if err != nil {
		t.Fatal(err)
	}
	if s := stepByID(p, "disable-idtoken-api2"); s == nil || s.Op != OpDisableIDTokenAPI2 || !s.Op.Destructive() {
		t.Errorf("no affected call seen: want the flag turned off, plan %+v", p.Steps)
	}
	s := stepByID(p, "set-id-token-rs256:legacy-hs256")
	if s == nil || s.ClientID != auth0sim.ClientLegacyHS256 || !strings.Contains(s.Reason, "Legacy Portal") ||
		!strings.Contains(s.Reason, "signed HS256") || !strings.Contains(s.Reason, "JWKS") {
		t.Errorf("rs256 step %+v", s)
	}

	p, _ = BuildPlan([]usecase.Finding{flag, bearer, code}, PlanOptions{LogsAudited: true})
	s = stepByID(p, "review:tenant-idtoken-api2-enabled")
	if s == nil || s.Op != OpReview || stepByID(p, "disable-idtoken-api2") != nil {
		t.Fatalf("affected calls seen: want a review step only, plan %+v", p.Steps)
	}
	for _, want := range []string{"1 call(s) in the logs", "the last on 2026-10-26", "by Storefront SPA", "1 place(s) in code"} {
		if !strings.Contains(s.Reason, want) {
			t.Errorf("reason %q lacks %q", s.Reason, want)
		}
	}
	if s.EvidenceCount != 2 {
		t.Errorf("evidence %v (%d)", s.Evidence, s.EvidenceCount)
	}

	p, _ = BuildPlan([]usecase.Finding{flag}, PlanOptions{})
	if s := stepByID(p, "review:tenant-idtoken-api2-enabled"); s == nil || !strings.Contains(s.Reason, "no logs were audited") {
		t.Errorf("no logs: want a review step asking for them, plan %+v", p.Steps)
	}
}

// TestTenantFixPlanFileRoundTrip: the new steps survive a plan file and its checks.
func TestTenantFixPlanFileRoundTrip(t *testing.T) {
	p, _ := BuildPlan([]usecase.Finding{tenantFinding(usecase.TenantIDTokenAPI2Enabled, ""),
		tenantFinding(usecase.ClientIDTokenNotRS256, "legacy-hs256")}, PlanOptions{LogsAudited: true})
	var b bytes.Buffer
	if err := WritePlan(&b, p); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := ReadPlanFile(path)
	if err != nil || len(got.Steps) != 2 || got.Executable() != 2 {
		t.Fatalf("read back %+v, %v", got, err)
	}
	broken := strings.Replace(b.String(), `"client_id": "legacy-hs256",`, "", 1)
	if err := os.WriteFile(path, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadPlanFile(path); err == nil || !strings.Contains(err.Error(), "needs client_id") {
		t.Errorf("a set-id-token-rs256 step without client: %v", err)
	}
}

func tenantFixPlan(t *testing.T) *Plan {
	t.Helper()
	p, err := BuildPlan([]usecase.Finding{tenantFinding(usecase.TenantIDTokenAPI2Enabled, ""),
		tenantFinding(usecase.ClientIDTokenNotRS256, auth0sim.ClientLegacyHS256)}, PlanOptions{LogsAudited: true})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func legacyAlg(t *testing.T, srv *auth0sim.Server) string {
	t.Helper()
	for _, c := range srv.Clients() {
		if c.ClientID == auth0sim.ClientLegacyHS256 {
			return c.IDTokenAlg
		}
	}
	t.Fatal("no legacy client")
	return ""
}

// TestApplyTenantFixes runs both fixes against the simulated tenant with the real go-auth0
// client: each is done only once read back, an ID token is refused as a bearer afterwards, and
// a second run (or a fresh journal) sends nothing.
func TestApplyTenantFixes(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{Seed: auth0sim.MidMigrationSeed()})
	p := tenantFixPlan(t)
	env.openJournal(t, p.Digest())
	var asked []string
	env.eng.Confirm = func(q string) (bool, error) { asked = append(asked, q); return true, nil }
	rep, err := env.eng.Apply(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range rep.Outcomes {
		if o.Result != journal.Done || !strings.Contains(o.Detail, "read back") {
			t.Errorf("step %s: %s (%s)", o.Step, o.Result, o.Detail)
		}
	}
	if len(asked) != 2 || !strings.Contains(asked[0]+asked[1], "enable_idtoken_api2") {
		t.Errorf("questions %q", asked)
	}
	if env.srv.IDTokenAPI2Enabled() || legacyAlg(t, env.srv) != "RS256" {
		t.Fatalf("tenant not changed: flag %v, alg %s", env.srv.IDTokenAPI2Enabled(), legacyAlg(t, env.srv))
	}
	// What the flag means: an ID token is no longer taken as a bearer.
	idTok := must(t)(env.srv.MintIDToken(auth0sim.IDTokenSpec{Sub: auth0sim.UserPrimary, Aud: auth0sim.ClientSPA}))
	api, err := management.New(env.srv.Domain(), management.WithInsecure(), management.WithStaticToken(idTok), management.WithNoRetries())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.User.Link(context.Background(), auth0sim.UserPrimary, &management.UserIdentityLink{
		Provider: ptr("google-oauth2"), UserID: ptr("secondary")}); apiStatus(err) != 401 {
		t.Errorf("link with an ID token after the fix: %v, want 401", err)
	}

	patches := env.srv.Applied("patch-tenant-settings") + env.srv.Applied("patch-client")
	rep, err = env.eng.Apply(context.Background(), p)
	if err != nil || len(rep.Outcomes) != 2 || !rep.Outcomes[0].Resumed || !rep.Outcomes[1].Resumed {
		t.Fatalf("second run: %+v %v", rep, err)
	}
	// A new journal: the read-back finds both done, and nothing is sent.
	fresh, err := journal.Open(filepath.Join(env.dir, "fresh.jsonl"), env.srv.Domain(), p.Digest())
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	env.eng.Journal = fresh
	rep, err = env.eng.Apply(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range rep.Outcomes {
		if o.Result != journal.Done || !strings.Contains(o.Detail, "already") {
			t.Errorf("fresh journal, step %s: %s (%s)", o.Step, o.Result, o.Detail)
		}
	}
	if n := env.srv.Applied("patch-tenant-settings") + env.srv.Applied("patch-client"); n != patches {
		t.Errorf("%d more PATCHes sent for changes already done", n-patches)
	}
}

func ptr(s string) *string { return &s }

// TestApplyTenantFixLostAnswer: the PATCH is applied but its answer lost; the read-back
// decides, and the step is done without a second PATCH. A 5xx that applied nothing is "not
// applied", and the tenant is left as it was.
func TestApplyTenantFixLostAnswer(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{Seed: auth0sim.MidMigrationSeed()})
	p := tenantFixPlan(t)
	p.Steps = []Step{*stepByID(p, "disable-idtoken-api2")}
	env.openJournal(t, p.Digest())
	env.srv.SetFault("patch-tenant-settings", auth0sim.Fault{DropAfterApply: true, Times: 1})
	rep, err := env.eng.Apply(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if o := rep.Outcomes[0]; o.Result != journal.Done || !o.Recovered || !strings.Contains(o.Detail, "answer lost") {
		t.Errorf("outcome %+v", o)
	}
	if env.srv.Applied("patch-tenant-settings") != 1 || env.srv.IDTokenAPI2Enabled() {
		t.Errorf("applied %d, flag %v", env.srv.Applied("patch-tenant-settings"), env.srv.IDTokenAPI2Enabled())
	}

	env2 := newTestEnv(t, auth0sim.Config{Seed: auth0sim.MidMigrationSeed()})
	q := tenantFixPlan(t)
	env2.openJournal(t, q.Digest())
	env2.srv.SetFault("patch-client", auth0sim.Fault{Status: 503})
	rep, err = env2.eng.Apply(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	// A step that failed ends needs-attention (issue 10), with the next command.
	if o := rep.Outcomes[0]; o.Step != "set-id-token-rs256:legacy-hs256" || o.Result != journal.NeedsAttention || o.Next == "" || rep.NeedsAttention != 1 {
		t.Errorf("5xx: outcome %+v, report %+v", o, rep)
	}
	if legacyAlg(t, env2.srv) != "HS256" {
		t.Error("the client changed although the PATCH failed")
	}
}

func TestApplyTenantFixDryRun(t *testing.T) {
	env := newTestEnv(t, auth0sim.Config{Seed: auth0sim.MidMigrationSeed()})
	env.eng.Confirm = nil
	p := tenantFixPlan(t)
	env.openJournal(t, p.Digest())
	rep, err := env.eng.Apply(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Pending != 2 || !env.srv.IDTokenAPI2Enabled() || legacyAlg(t, env.srv) != "HS256" {
		t.Errorf("dry run changed the tenant: %+v", rep)
	}
}

// TestPlanTenantFixesUndeterminedCallsKeepTheFlag: a link or unlink call whose token kind the
// logs cannot tell (link-undetermined, unlink-undetermined) may well carry an ID token as
// bearer. Turning enable_idtoken_api2 off while such calls are seen would be a guess that
// breaks those apps the day it is applied: the plan keeps a review step that says which calls
// to check, and plans no disable-idtoken-api2.
func TestPlanTenantFixesUndeterminedCallsKeepTheFlag(t *testing.T) {
	flag := tenantFinding(usecase.TenantIDTokenAPI2Enabled, "")
	for _, id := range []usecase.ID{usecase.LinkUndetermined, usecase.UnlinkUndetermined} {
		call := usecase.New(id, usecase.FromLogs, usecase.Unknown)
		call.ClientID, call.ClientName, call.LogID = "admin", "Dashboard Admin", "90020261024"
		call.Time = time.Date(2026, 10, 24, 12, 0, 0, 0, time.UTC)
		p, err := BuildPlan([]usecase.Finding{flag, call}, PlanOptions{LogsAudited: true})
		if err != nil {
			t.Fatal(err)
		}
		s := stepByID(p, "review:tenant-idtoken-api2-enabled")
		if s == nil || stepByID(p, "disable-idtoken-api2") != nil {
			t.Fatalf("%s seen: want a review step only, plan %+v", id, p.Steps)
		}
		for _, want := range []string{"1 call(s) in the logs", "the last on 2026-10-24", "by Dashboard Admin", "token kind"} {
			if !strings.Contains(s.Reason, want) {
				t.Errorf("%s: reason %q lacks %q", id, s.Reason, want)
			}
		}
	}
}
