package auth0sim_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/auth0/go-auth0"
	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/auth0sim"
)

func TestTenantFlagTogglesIDTokenBearer(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	ctx := context.Background()
	admin := newV1(t, srv, m2mToken(t, srv))
	tenant, err := admin.Tenant.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if tenant.GetFlags().GetEnableIDTokenAPI2() {
		t.Fatal("enable_idtoken_api2 starts on, want off")
	}
	bearer := newV1(t, srv, idToken(t, srv, auth0sim.IDTokenSpec{Sub: auth0sim.UserPrimary, Aud: auth0sim.ClientSPA}))
	_, err = bearer.User.Link(ctx, auth0sim.UserPrimary, linkBody("google-oauth2", "secondary"))
	wantAPIError(t, srv, err, http.StatusUnauthorized, "invalid_token", "ID tokens are no longer accepted")

	err = admin.Tenant.Update(ctx, &management.Tenant{Flags: &management.TenantFlags{EnableIDTokenAPI2: auth0.Bool(true)}})
	if err != nil {
		t.Fatal(err)
	}
	if !srv.IDTokenAPI2Enabled() || srv.Applied("patch-tenant-settings") != 1 {
		t.Fatal("PATCH flags.enable_idtoken_api2 did not turn the flag on")
	}
	if _, err := bearer.User.Link(ctx, auth0sim.UserPrimary, linkBody("google-oauth2", "secondary")); err != nil {
		t.Fatalf("with the flag on: %v", err)
	}

	_, err = newV1(t, srv, m2mToken(t, srv, "read:users")).Tenant.Read(ctx)
	wantAPIError(t, srv, err, http.StatusForbidden, "insufficient_scope", "read:tenant_settings")
	err = newV1(t, srv, m2mToken(t, srv, "read:tenant_settings")).Tenant.Update(ctx, &management.Tenant{FriendlyName: auth0.String("x")})
	wantAPIError(t, srv, err, http.StatusForbidden, "insufficient_scope", "update:tenant_settings")
}

func TestResourceServersShowUserAccessPolicy(t *testing.T) {
	seed := auth0sim.DefaultSeed()
	seed.UserAccessPolicy = "require_client_grant"
	srv := auth0sim.StartTest(t, auth0sim.Config{Seed: seed})
	resp, err := http.DefaultClient.Do(authed(t, srv, "GET", "/api/v2/resource-servers", m2mToken(t, srv, "read:resource_servers")))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body := gjsonOf(readAll(t, resp))
	api := body.Get(`#(is_system==true)`)
	if api.Get("identifier").String() != srv.ManagementAudience() ||
		api.Get("subject_type_authorization.user.policy").String() != "require_client_grant" {
		t.Fatalf("resource servers = %s", body.Raw)
	}
	rs, err := newV1(t, srv, m2mToken(t, srv, "read:resource_servers")).ResourceServer.Read(context.Background(), srv.ManagementAudience())
	if err != nil {
		t.Fatal(err)
	}
	if rs.GetIdentifier() != srv.ManagementAudience() {
		t.Errorf("read by identifier = %s", rs.GetIdentifier())
	}
}

func TestClientGrants(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	list, err := newV1(t, srv, m2mToken(t, srv, "read:client_grants")).ClientGrant.List(context.Background(),
		management.Parameter("client_id", auth0sim.ClientWeb))
	if err != nil {
		t.Fatal(err)
	}
	if len(list.ClientGrants) != 1 || list.ClientGrants[0].GetAudience() != srv.ManagementAudience() ||
		len(list.ClientGrants[0].GetScope()) != 1 || list.ClientGrants[0].GetScope()[0] != "read:users" {
		t.Fatalf("grants = %+v", list.ClientGrants)
	}
}
