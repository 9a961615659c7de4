package tenantcheck

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/auth0sim"
	"github.com/auth0-migrate/auth0audit/usecase"
)

func connect(t *testing.T, srv *auth0sim.Server, scopes ...string) *management.Management {
	t.Helper()
	tok, err := srv.MintM2MToken(auth0sim.ClientM2M, scopes...)
	if err != nil {
		t.Fatal(err)
	}
	// WithInsecure first: it installs a placeholder token that WithStaticToken then replaces.
	api, err := management.New(srv.Domain(), management.WithInsecure(), management.WithStaticToken(tok))
	if err != nil {
		t.Fatal(err)
	}
	return api
}

type key struct {
	id     usecase.ID
	client string
}

func keys(fs []usecase.Finding) []key {
	var out []key
	for _, f := range fs {
		out = append(out, key{f.UseCase, f.ClientID})
	}
	return out
}

func TestRunOnRiskyTenant(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{Seed: auth0sim.MidMigrationSeed()})
	api := connect(t, srv, Scopes...)

	fs, err := Run(context.Background(), api, Options{})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	got := keys(fs)
	want := []key{
		{usecase.TenantIDTokenAPI2Enabled, ""},
		{usecase.TenantUserPolicyAllowAll, ""},
		{usecase.ClientGrantedCurrentUserIDs, auth0sim.ClientLegacyHS256},
		{usecase.ClientIDTokenNotRS256, auth0sim.ClientLegacyHS256},
		{usecase.ClientSecretAuth, auth0sim.ClientM2M},
		{usecase.ClientSecretAuth, auth0sim.ClientWeb},
		{usecase.ClientSecretAuth, auth0sim.ClientLegacyHS256},
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing finding %v; got %v", w, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d findings, want %d: %v", len(got), len(want), got)
	}
	// The SPA uses no secret and must not be a rotation candidate.
	if slices.Contains(got, key{usecase.ClientSecretAuth, auth0sim.ClientSPA}) {
		t.Error("public SPA reported as a secret client")
	}
	for _, f := range fs {
		if f.Source != usecase.FromTenant || f.Check == "" || f.Detail == "" {
			t.Errorf("finding lacks source/check/detail: %+v", f)
		}
	}
}

func TestRunOnCleanTenant(t *testing.T) {
	seed := auth0sim.DefaultSeed()
	seed.EnableIDTokenAPI2 = false
	seed.UserAccessPolicy = "require_client_grant"
	srv := auth0sim.StartTest(t, auth0sim.Config{Seed: seed})
	fs, err := Run(context.Background(), connect(t, srv, Scopes...), Options{
		// Named from logs: a linking client with RS256 tokens is fine.
		LinkingClients: []string{auth0sim.ClientSPA},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.UseCase != usecase.ClientSecretAuth {
			t.Errorf("unexpected finding on a clean tenant: %+v", f)
		}
	}
}

func TestRunReportsMissingScope(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	// No read:client_grants: the other checks still run, the gap is an error naming the scope.
	fs, err := Run(context.Background(), connect(t, srv, "read:tenant_settings", "read:resource_servers", "read:clients"), Options{})
	if err == nil || !strings.Contains(err.Error(), "read:client_grants") {
		t.Fatalf("err = %v, want one naming read:client_grants", err)
	}
	if len(fs) == 0 {
		t.Error("no findings from the checks that could run")
	}
}
