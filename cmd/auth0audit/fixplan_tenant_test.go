package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/internal/cliexit"
)

// TestFixPlanFromTenant: fix plan --from-tenant plans the tenant's own fixes from a live
// tenant (as --from-logs does from logs): the ID-token flag and clients' ID-token signing.
func TestFixPlanFromTenant(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{Seed: auth0sim.MidMigrationSeed()})
	clearTenantEnv(t)
	t.Setenv("AUTH0_CLIENT_ID", auth0sim.ClientM2M)
	t.Setenv("AUTH0_CLIENT_SECRET", srv.ClientSecret(auth0sim.ClientM2M))
	tenant := []string{"fix", "plan", "--tenant", srv.Domain(), "--insecure-http", "--json"}
	stdout, stderr, code := cli(t, append(tenant, "--from-tenant")...)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	var ids []string
	for _, s := range gjson.Get(stdout, "steps").Array() {
		ids = append(ids, s.Get("id").String())
	}
	joined := strings.Join(ids, " ")
	// No logs audited: whether apps still send ID tokens is unknown, so the flag is a review.
	if !strings.Contains(joined, "review:tenant-idtoken-api2-enabled") || !strings.Contains(joined, "set-id-token-rs256:"+auth0sim.ClientLegacyHS256) {
		t.Errorf("steps %v: want the flag's review and the HS256 client's RS256 step\n%s", ids, stdout)
	}
	// With clean logs beside it (a logs report that says it covers every event), the flag can go off.
	findings := filepath.Join(t.TempDir(), "findings.json")
	if err := os.WriteFile(findings, []byte(`{"summary":{"reported":0,"whole":true},"findings":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code = cli(t, append(tenant, "--from-tenant", "--from-logs", findings)...)
	if code != 0 || !strings.Contains(stdout, `"disable-idtoken-api2"`) {
		t.Errorf("--from-tenant --from-logs (no calls): exit %d, want disable-idtoken-api2\n%s\n%s", code, stdout, stderr)
	}
	// A token without the tenant scopes: the plan of what could be read, then exit 4.
	tok, err := srv.MintM2MToken(auth0sim.ClientM2M, "read:clients", "read:client_grants", "read:resource_servers")
	if err != nil {
		t.Fatal(err)
	}
	clearTenantEnv(t)
	t.Setenv("AUTH0_API_TOKEN", tok)
	stdout, stderr, code = cli(t, append(tenant, "--from-tenant")...)
	if code != cliexit.Auth || !strings.Contains(stderr, "read:tenant_settings") || !gjson.Valid(stdout) {
		t.Errorf("missing scope: exit %d, want %d, the scope named and the partial plan written\n%s\n%s", code, cliexit.Auth, stdout, stderr)
	}
}
