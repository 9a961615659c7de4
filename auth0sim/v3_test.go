package auth0sim_test

import (
	"context"
	"errors"
	"testing"

	v3 "github.com/auth0/go-auth0/v3/management"
	"github.com/auth0/go-auth0/v3/management/client"
	"github.com/auth0/go-auth0/v3/management/option"

	"github.com/auth0-migrate/auth0audit/auth0sim"
)

func newV3(t *testing.T, srv *auth0sim.Server, token string) *client.Management {
	t.Helper()
	m, err := client.New(srv.Domain(), option.WithInsecure(), option.WithToken(token), option.WithoutRetries())
	if err != nil {
		t.Fatalf("client.New: %v", err)
	}
	return m
}

func errorCodeOf(body any) string {
	if m, ok := body.(map[string]any); ok {
		s, _ := m["errorCode"].(string)
		return s
	}
	return ""
}

func TestV3LinkUnlinkAndRotate(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	ctx := context.Background()

	// An ID token as bearer: 401 with errorCode invalid_token, decoded by the v3 client.
	idBearer := newV3(t, srv, idToken(t, srv, auth0sim.IDTokenSpec{Sub: auth0sim.UserPrimary, Aud: auth0sim.ClientSPA}))
	provider := v3.UserIdentityProviderEnumGoogleOauth2
	_, err := idBearer.Users.Identities.Link(ctx, auth0sim.UserPrimary, &v3.LinkUserIdentityRequestContent{
		Provider: &provider, UserID: &v3.UserID{String: "secondary"}})
	var unauth *v3.UnauthorizedError
	if !errors.As(err, &unauth) || unauth.StatusCode != 401 || errorCodeOf(unauth.Body) != "invalid_token" {
		t.Fatalf("v3 link with an ID token bearer: %v", err)
	}

	// A user token with user_id: 403 insufficient_scope.
	user := newV3(t, srv, userToken(t, srv, auth0sim.UserPrimary, auth0sim.ClientSPA, "update:current_user_identities"))
	_, err = user.Users.Identities.Link(ctx, auth0sim.UserPrimary, &v3.LinkUserIdentityRequestContent{
		Provider: &provider, UserID: &v3.UserID{String: "secondary"}})
	var forbidden *v3.ForbiddenError
	if !errors.As(err, &forbidden) || forbidden.StatusCode != 403 || errorCodeOf(forbidden.Body) != "insufficient_scope" {
		t.Fatalf("v3 link by user_id with a user token: %v", err)
	}

	// link_with with an HS256 token: 400 invalid_link_with.
	hs := idToken(t, srv, auth0sim.IDTokenSpec{Sub: auth0sim.UserSecondary, Aud: auth0sim.ClientSPA, Alg: "HS256"})
	_, err = user.Users.Identities.Link(ctx, auth0sim.UserPrimary, &v3.LinkUserIdentityRequestContent{LinkWith: &hs})
	var bad *v3.BadRequestError
	if !errors.As(err, &bad) || errorCodeOf(bad.Body) != "invalid_link_with" {
		t.Fatalf("v3 link_with HS256: %v", err)
	}

	// The compliant way: link_with an RS256 ID token whose aud is the access token's azp.
	rs := idToken(t, srv, auth0sim.IDTokenSpec{Sub: auth0sim.UserSecondary, Aud: auth0sim.ClientSPA})
	ids, err := user.Users.Identities.Link(ctx, auth0sim.UserPrimary, &v3.LinkUserIdentityRequestContent{LinkWith: &rs})
	if err != nil {
		t.Fatalf("v3 link_with: %v", err)
	}
	if len(ids) != 2 || ids[1].GetProvider() != "google-oauth2" {
		t.Fatalf("v3 link returned %d identities", len(ids))
	}
	remaining, err := user.Users.Identities.Delete(ctx, auth0sim.UserPrimary, &provider, "secondary")
	if err != nil {
		t.Fatalf("v3 unlink: %v", err)
	}
	if len(remaining) != 1 {
		t.Fatalf("v3 unlink left %d identities", len(remaining))
	}
	if _, ok := srv.User(auth0sim.UserSecondary); !ok {
		t.Fatal("unlink did not restore the secondary user")
	}

	admin := newV3(t, srv, m2mToken(t, srv))
	old := srv.ClientSecret(auth0sim.ClientWeb)
	rotated, err := admin.Clients.RotateSecret(ctx, auth0sim.ClientWeb)
	if err != nil {
		t.Fatalf("v3 rotate: %v", err)
	}
	if rotated.GetClientSecret() == old || rotated.GetClientSecret() != srv.ClientSecret(auth0sim.ClientWeb) {
		t.Fatal("v3 rotate did not return the new secret")
	}
	got, err := admin.Clients.Get(ctx, auth0sim.ClientWeb, &v3.GetClientRequestParameters{})
	if err != nil || got.GetClientSecret() != srv.ClientSecret(auth0sim.ClientWeb) {
		t.Fatalf("v3 get client: %v", err)
	}
}
