package auth0sim_test

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/auth0/go-auth0"
	"github.com/auth0/go-auth0/management"

	"github.com/auth0-migrate/auth0audit/auth0sim"
)

func linkBody(provider, userID string) *management.UserIdentityLink {
	return &management.UserIdentityLink{Provider: auth0.String(provider), UserID: auth0.String(userID)}
}

func linkWithBody(token string) *management.UserIdentityLink {
	return &management.UserIdentityLink{LinkWith: auth0.String(token)}
}

func TestLinkServerSideMovesIdentity(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	m := newV1(t, srv, m2mToken(t, srv, "update:users"))
	ids, err := m.User.Link(context.Background(), auth0sim.UserPrimary, linkBody("google-oauth2", "secondary"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 2 || ids[1].GetProvider() != "google-oauth2" || ids[1].GetUserID() != "secondary" {
		t.Fatalf("identities = %+v, want primary then google-oauth2|secondary", ids)
	}
	if _, ok := srv.User(auth0sim.UserSecondary); ok {
		t.Error("the secondary user still exists on its own after linking")
	}
	u, _ := srv.User(auth0sim.UserPrimary)
	if len(u.Identities) != 2 {
		t.Errorf("stored primary has %d identities, want 2", len(u.Identities))
	}
	ev := lastEvent(t, srv)
	for path, want := range map[string]string{
		"type": "sapi", "details.request.method": "post",
		"details.request.path":                      "/api/v2/users/auth0%7Cprimary/identities",
		"details.request.body.provider":             "google-oauth2",
		"details.response.statusCode":               "201",
		"details.response.body.1.user_id":           "secondary",
		"details.request.auth.strategy":             "jwt",
		"details.request.auth.credentials.scopes.0": "update:users",
	} {
		if got := ev.Get(path).String(); got != want {
			t.Errorf("event %s = %q, want %q", path, got, want)
		}
	}
	if srv.Applied("link") != 1 {
		t.Errorf("Applied(link) = %d", srv.Applied("link"))
	}
}

// TestLinkFullUserIDLikeRecording sends the body go-auth0's own recorded test sends:
// connection_id, provider and the full "auth0|..." user_id.
func TestLinkFullUserIDLikeRecording(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	m := newV1(t, srv, m2mToken(t, srv, "update:users"))
	body := &management.UserIdentityLink{ConnectionID: auth0.String("con_ftSSLHb0O7rcUGmF"),
		UserID: auth0.String(auth0sim.UserOther), Provider: auth0.String("auth0")}
	ids, err := m.User.Link(context.Background(), auth0sim.UserPrimary, body)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 2 || ids[1].GetUserID() != "other" || ids[1].GetConnection() != "Username-Password-Authentication" {
		t.Fatalf("identities = %+v", ids)
	}
}

func TestLinkWithUserToken(t *testing.T) {
	for _, scope := range []string{"update:current_user_identities", "update:current_user_metadata"} {
		t.Run(scope, func(t *testing.T) {
			srv := auth0sim.StartTest(t, auth0sim.Config{})
			tok := userToken(t, srv, auth0sim.UserPrimary, auth0sim.ClientSPA, scope)
			secondary := idToken(t, srv, auth0sim.IDTokenSpec{Sub: auth0sim.UserSecondary, Aud: auth0sim.ClientSPA})
			ids, err := newV1(t, srv, tok).User.Link(context.Background(), auth0sim.UserPrimary, linkWithBody(secondary))
			if err != nil {
				t.Fatal(err)
			}
			if len(ids) != 2 || ids[1].GetProvider() != "google-oauth2" {
				t.Fatalf("identities = %+v", ids)
			}
			ev := lastEvent(t, srv)
			if ev.Get("details.request.body.link_with").String() != "*****" || strings.Contains(ev.Raw, secondary) {
				t.Error("link_with reached the log in clear")
			}
			if ev.Get("user_id").String() != auth0sim.UserPrimary || ev.Get("details.request.auth.user.user_id").String() != auth0sim.UserPrimary {
				t.Errorf("event user = %s / %s", ev.Get("user_id").Raw, ev.Get("details.request.auth.user").Raw)
			}
			if ev.Get("client_id").String() != auth0sim.ClientSPA {
				t.Errorf("event client_id = %s, want the token's azp", ev.Get("client_id").Raw)
			}
		})
	}
}

func TestLinkRejections(t *testing.T) {
	primary, secondary := auth0sim.UserPrimary, auth0sim.UserSecondary
	type setup struct {
		srv *auth0sim.Server
		t   *testing.T
	}
	cases := []struct {
		name      string
		flag      bool
		bearer    func(s setup) string
		path      string
		body      func(s setup) *management.UserIdentityLink
		status    int
		errorCode string
		message   string
	}{
		{
			name: "ID token as bearer with flag off",
			bearer: func(s setup) string {
				return idToken(s.t, s.srv, auth0sim.IDTokenSpec{Sub: primary, Aud: auth0sim.ClientSPA})
			},
			body:   func(setup) *management.UserIdentityLink { return linkBody("google-oauth2", "secondary") },
			status: 401, errorCode: "invalid_token", message: "ID tokens are no longer accepted",
		},
		{
			name: "HS256 ID token as bearer with flag off",
			bearer: func(s setup) string {
				return idToken(s.t, s.srv, auth0sim.IDTokenSpec{Sub: primary, Aud: auth0sim.ClientLegacyHS256, Alg: "HS256"})
			},
			body:   func(setup) *management.UserIdentityLink { return linkBody("google-oauth2", "secondary") },
			status: 401, errorCode: "invalid_token", message: "ID tokens are no longer accepted",
		},
		{
			name: "ID token as bearer for another user with flag on", flag: true,
			bearer: func(s setup) string {
				return idToken(s.t, s.srv, auth0sim.IDTokenSpec{Sub: auth0sim.UserOther, Aud: auth0sim.ClientSPA})
			},
			body:   func(setup) *management.UserIdentityLink { return linkBody("google-oauth2", "secondary") },
			status: 403, errorCode: "operation_not_allowed", message: "only link identities of its own user",
		},
		{
			name: "user token with user_id body",
			bearer: func(s setup) string {
				return userToken(s.t, s.srv, primary, auth0sim.ClientSPA, "update:current_user_identities")
			},
			body:   func(setup) *management.UserIdentityLink { return linkBody("google-oauth2", "secondary") },
			status: 403, errorCode: "insufficient_scope", message: "update:users",
		},
		{
			name: "user token for another user's id",
			bearer: func(s setup) string {
				return userToken(s.t, s.srv, auth0sim.UserOther, auth0sim.ClientSPA, "update:current_user_identities")
			},
			body: func(s setup) *management.UserIdentityLink {
				return linkWithBody(idToken(s.t, s.srv, auth0sim.IDTokenSpec{Sub: secondary, Aud: auth0sim.ClientSPA}))
			},
			status: 403, errorCode: "operation_not_allowed", message: "only link identities of its own user",
		},
		{
			name:   "token without a link scope",
			bearer: func(s setup) string { return userToken(s.t, s.srv, primary, auth0sim.ClientSPA, "read:current_user") },
			body:   func(setup) *management.UserIdentityLink { return linkBody("google-oauth2", "secondary") },
			status: 403, errorCode: "insufficient_scope", message: "update:users,update:current_user_identities",
		},
		{
			name: "link_with signed HS256",
			bearer: func(s setup) string {
				return userToken(s.t, s.srv, primary, auth0sim.ClientLegacyHS256, "update:current_user_identities")
			},
			body: func(s setup) *management.UserIdentityLink {
				return linkWithBody(idToken(s.t, s.srv, auth0sim.IDTokenSpec{Sub: secondary, Aud: auth0sim.ClientLegacyHS256, Alg: "HS256"}))
			},
			status: 400, errorCode: "invalid_link_with", message: "must be signed with RS256, not HS256",
		},
		{
			name: "link_with signed by a foreign key",
			bearer: func(s setup) string {
				return userToken(s.t, s.srv, primary, auth0sim.ClientSPA, "update:current_user_identities")
			},
			body: func(s setup) *management.UserIdentityLink {
				return linkWithBody(idToken(s.t, s.srv, auth0sim.IDTokenSpec{Sub: secondary, Aud: auth0sim.ClientSPA, ForeignKey: true}))
			},
			status: 400, errorCode: "invalid_link_with", message: "signature does not verify",
		},
		{
			name: "link_with expired",
			bearer: func(s setup) string {
				return userToken(s.t, s.srv, primary, auth0sim.ClientSPA, "update:current_user_identities")
			},
			body: func(s setup) *management.UserIdentityLink {
				return linkWithBody(idToken(s.t, s.srv, auth0sim.IDTokenSpec{Sub: secondary, Aud: auth0sim.ClientSPA, ExpiresIn: -time.Hour}))
			},
			status: 400, errorCode: "invalid_link_with", message: "has expired",
		},
		{
			name: "link_with aud differs from azp",
			bearer: func(s setup) string {
				return userToken(s.t, s.srv, primary, auth0sim.ClientSPA, "update:current_user_identities")
			},
			body: func(s setup) *management.UserIdentityLink {
				return linkWithBody(idToken(s.t, s.srv, auth0sim.IDTokenSpec{Sub: secondary, Aud: auth0sim.ClientWeb}))
			},
			status: 400, errorCode: "invalid_link_with", message: "aud (web) must equal the access token's azp (spa)",
		},
		{
			name: "link_with from another issuer",
			bearer: func(s setup) string {
				return userToken(s.t, s.srv, primary, auth0sim.ClientSPA, "update:current_user_identities")
			},
			body: func(s setup) *management.UserIdentityLink {
				return linkWithBody(idToken(s.t, s.srv, auth0sim.IDTokenSpec{Sub: secondary, Aud: auth0sim.ClientSPA, Issuer: "https://evil.example/"}))
			},
			status: 400, errorCode: "invalid_link_with", message: "not issued by this tenant",
		},
		{
			name:   "link_with together with provider and user_id",
			bearer: func(s setup) string { return m2mToken(s.t, s.srv, "update:users") },
			body: func(s setup) *management.UserIdentityLink {
				b := linkWithBody(idToken(s.t, s.srv, auth0sim.IDTokenSpec{Sub: secondary, Aud: auth0sim.ClientM2M}))
				b.Provider, b.UserID = auth0.String("google-oauth2"), auth0.String("secondary")
				return b
			},
			status: 400, errorCode: "invalid_body", message: "link_with cannot be sent with provider, user_id or connection_id",
		},
		{
			name:   "link_with together with connection_id",
			bearer: func(s setup) string { return m2mToken(s.t, s.srv, "update:users") },
			body: func(s setup) *management.UserIdentityLink {
				b := linkWithBody(idToken(s.t, s.srv, auth0sim.IDTokenSpec{Sub: secondary, Aud: auth0sim.ClientM2M}))
				b.ConnectionID = auth0.String("con_123")
				return b
			},
			status: 400, errorCode: "invalid_body", message: "link_with cannot be sent with",
		},
		{
			name:   "empty body",
			bearer: func(s setup) string { return m2mToken(s.t, s.srv, "update:users") },
			body:   func(setup) *management.UserIdentityLink { return &management.UserIdentityLink{} },
			status: 400, errorCode: "invalid_body", message: "send either link_with, or provider and user_id",
		},
		{
			name:   "M2M token without update:users",
			bearer: func(s setup) string { return m2mToken(s.t, s.srv, "read:users") },
			body:   func(setup) *management.UserIdentityLink { return linkBody("google-oauth2", "secondary") },
			status: 403, errorCode: "insufficient_scope", message: "update:users",
		},
		{
			name:   "secondary does not exist",
			bearer: func(s setup) string { return m2mToken(s.t, s.srv, "update:users") },
			body:   func(setup) *management.UserIdentityLink { return linkBody("google-oauth2", "ghost") },
			status: 404, errorCode: "inexistent_user", message: "google-oauth2|ghost does not exist",
		},
		{
			name:   "primary does not exist",
			bearer: func(s setup) string { return m2mToken(s.t, s.srv, "update:users") },
			path:   "auth0|ghost",
			body:   func(setup) *management.UserIdentityLink { return linkBody("google-oauth2", "secondary") },
			status: 404, errorCode: "inexistent_user", message: "The user does not exist.",
		},
		{
			name:   "linking a user to itself",
			bearer: func(s setup) string { return m2mToken(s.t, s.srv, "update:users") },
			body:   func(setup) *management.UserIdentityLink { return linkBody("auth0", "primary") },
			status: 400, errorCode: "invalid_body", message: "Main identity and the new one are the same.",
		},
		{
			name:   "garbage bearer",
			bearer: func(setup) string { return "not-a-jwt" },
			body:   func(setup) *management.UserIdentityLink { return linkBody("google-oauth2", "secondary") },
			status: 401, errorCode: "invalid_token", message: "Invalid token",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			seed := auth0sim.DefaultSeed()
			seed.EnableIDTokenAPI2 = tc.flag
			srv := auth0sim.StartTest(t, auth0sim.Config{Seed: seed})
			s := setup{srv: srv, t: t}
			path := tc.path
			if path == "" {
				path = primary
			}
			_, err := newV1(t, srv, tc.bearer(s)).User.Link(context.Background(), path, tc.body(s))
			wantAPIError(t, srv, err, tc.status, tc.errorCode, tc.message)
			if srv.Applied("link") != 0 {
				t.Error("a rejected link was applied")
			}
			if u, _ := srv.User(primary); len(u.Identities) != 1 {
				t.Errorf("primary has %d identities after a rejected link", len(u.Identities))
			}
			for _, raw := range srv.Logs() {
				if ev := gjsonOf(raw); ev.Get("details.request.body.link_with").Exists() &&
					ev.Get("details.request.body.link_with").String() != "*****" {
					t.Error("link_with logged in clear")
				}
			}
		})
	}
}

func TestIDTokenBearerAcceptedWhenFlagOn(t *testing.T) {
	seed := auth0sim.DefaultSeed()
	seed.EnableIDTokenAPI2 = true
	srv := auth0sim.StartTest(t, auth0sim.Config{Seed: seed})
	bearer := idToken(t, srv, auth0sim.IDTokenSpec{Sub: auth0sim.UserPrimary, Aud: auth0sim.ClientLegacyHS256, Alg: "HS256"})
	m := newV1(t, srv, bearer)
	ids, err := m.User.Link(context.Background(), auth0sim.UserPrimary, linkBody("google-oauth2", "secondary"))
	if err != nil {
		t.Fatalf("legacy ID-token link with the flag on: %v", err)
	}
	if len(ids) != 2 {
		t.Fatalf("identities = %d, want 2", len(ids))
	}
	// The real tenant logs such calls with no scopes and the path user as auth.user: the
	// shape the log scanner's "suspected ID token" rule looks for.
	ev := lastEvent(t, srv)
	if ev.Get("details.request.auth.credentials.scopes").Exists() ||
		ev.Get("details.request.auth.user.user_id").String() != auth0sim.UserPrimary {
		t.Errorf("ID-token call logged as %s", ev.Get("details.request.auth").Raw)
	}
	if _, err := m.User.Unlink(context.Background(), auth0sim.UserPrimary, "google-oauth2", "secondary"); err != nil {
		t.Fatalf("legacy ID-token unlink with the flag on: %v", err)
	}
}

func TestUnlinkRestoresStandaloneUser(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	ctx := context.Background()
	m := newV1(t, srv, m2mToken(t, srv, "update:users", "read:users"))
	if _, err := m.User.Link(ctx, auth0sim.UserPrimary, linkBody("google-oauth2", "secondary")); err != nil {
		t.Fatal(err)
	}
	ids, err := m.User.Unlink(ctx, auth0sim.UserPrimary, "google-oauth2", "secondary")
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 1 || ids[0].GetProvider() != "auth0" || ids[0].GetUserID() != "primary" {
		t.Fatalf("remaining identities = %+v, want only the primary's", ids)
	}
	u, err := m.User.Read(ctx, auth0sim.UserSecondary)
	if err != nil {
		t.Fatalf("restored secondary: %v", err)
	}
	if u.GetEmail() != "secondary@example.com" || len(u.Identities) != 1 {
		t.Errorf("restored secondary = %s with %d identities", u.GetEmail(), len(u.Identities))
	}
	ev := lastEvent(t, srv)
	if ev.Get("details.request.method").String() != "delete" ||
		ev.Get("details.request.path").String() != "/api/v2/users/auth0%7Cprimary/identities/google-oauth2/secondary" ||
		ev.Get("details.response.statusCode").Int() != 200 {
		t.Errorf("unlink event = %s", ev.Get("details.request").Raw)
	}
}

func TestUnlinkRejections(t *testing.T) {
	cases := []struct {
		name               string
		bearer             func(t *testing.T, srv *auth0sim.Server) string
		provider, userID   string
		status             int
		errorCode, message string
	}{
		{"ID token bearer with flag off", func(t *testing.T, srv *auth0sim.Server) string {
			return idToken(t, srv, auth0sim.IDTokenSpec{Sub: auth0sim.UserPrimary, Aud: auth0sim.ClientSPA})
		}, "google-oauth2", "secondary", 401, "invalid_token", "ID tokens are no longer accepted"},
		{"provider-prefixed user_id", func(t *testing.T, srv *auth0sim.Server) string {
			return m2mToken(t, srv, "update:users")
		}, "google-oauth2", "google-oauth2|secondary", 400, "invalid_uri", "bare id"},
		{"the main identity", func(t *testing.T, srv *auth0sim.Server) string {
			return m2mToken(t, srv, "update:users")
		}, "auth0", "primary", 400, "invalid_uri", "Main identity cannot be removed."},
		{"identity not linked", func(t *testing.T, srv *auth0sim.Server) string {
			return m2mToken(t, srv, "update:users")
		}, "github", "4242", 404, "inexistent_identity", "is not linked"},
		{"user token for another user", func(t *testing.T, srv *auth0sim.Server) string {
			return userToken(t, srv, auth0sim.UserOther, auth0sim.ClientSPA, "update:current_user_identities")
		}, "google-oauth2", "secondary", 403, "operation_not_allowed", "only unlink identities of its own user"},
		{"no scope", func(t *testing.T, srv *auth0sim.Server) string {
			return m2mToken(t, srv, "read:users")
		}, "google-oauth2", "secondary", 403, "insufficient_scope", "update:users"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := auth0sim.StartTest(t, auth0sim.Config{})
			ctx := context.Background()
			if _, err := newV1(t, srv, m2mToken(t, srv, "update:users")).User.Link(ctx, auth0sim.UserPrimary,
				linkBody("google-oauth2", "secondary")); err != nil {
				t.Fatal(err)
			}
			_, err := newV1(t, srv, tc.bearer(t, srv)).User.Unlink(ctx, auth0sim.UserPrimary, tc.provider, tc.userID)
			wantAPIError(t, srv, err, tc.status, tc.errorCode, tc.message)
			if u, _ := srv.User(auth0sim.UserPrimary); len(u.Identities) != 2 || srv.Applied("unlink") != 0 {
				t.Error("a rejected unlink changed the user")
			}
		})
	}
}

func TestUnlinkWithOwnUserToken(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	ctx := context.Background()
	if _, err := newV1(t, srv, m2mToken(t, srv, "update:users")).User.Link(ctx, auth0sim.UserPrimary,
		linkBody("google-oauth2", "secondary")); err != nil {
		t.Fatal(err)
	}
	tok := userToken(t, srv, auth0sim.UserPrimary, auth0sim.ClientSPA, "update:current_user_identities")
	ids, err := newV1(t, srv, tok).User.Unlink(ctx, auth0sim.UserPrimary, "google-oauth2", "secondary")
	if err != nil || len(ids) != 1 {
		t.Fatalf("own unlink: %v, %d identities", err, len(ids))
	}
	if srv.Applied("unlink") != 1 {
		t.Errorf("Applied(unlink) = %d", srv.Applied("unlink"))
	}
}

func TestExpiredAccessTokenRefused(t *testing.T) {
	var offset atomic.Int64
	srv := auth0sim.StartTest(t, auth0sim.Config{Now: func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }})
	tok := m2mToken(t, srv, "update:users")
	offset.Store(int64(25 * time.Hour)) // access tokens live 24h
	_, err := newV1(t, srv, tok).User.Link(context.Background(), auth0sim.UserPrimary, linkBody("google-oauth2", "secondary"))
	wantAPIError(t, srv, err, http.StatusUnauthorized, "invalid_token", "Invalid token")
}

func TestGetUser(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	ctx := context.Background()
	own := newV1(t, srv, userToken(t, srv, auth0sim.UserPrimary, auth0sim.ClientSPA, "read:current_user"))
	u, err := own.User.Read(ctx, auth0sim.UserPrimary)
	if err != nil || u.GetEmail() != "primary@example.com" {
		t.Fatalf("own read: %v", err)
	}
	_, err = own.User.Read(ctx, auth0sim.UserOther)
	wantAPIError(t, srv, err, http.StatusForbidden, "insufficient_scope", "read:users")
	_, err = newV1(t, srv, m2mToken(t, srv, "read:users")).User.Read(ctx, "auth0|ghost")
	wantAPIError(t, srv, err, http.StatusNotFound, "inexistent_user", "The user does not exist.")
	_, err = newV1(t, srv, idToken(t, srv, auth0sim.IDTokenSpec{Sub: auth0sim.UserPrimary, Aud: auth0sim.ClientSPA})).User.Read(ctx, auth0sim.UserPrimary)
	wantAPIError(t, srv, err, http.StatusUnauthorized, "invalid_token", "ID tokens are no longer accepted")
}

// TestUnlinkBareIDContainingPipe: a custom OAuth2 connection's identity has provider "oauth2"
// and a user_id that itself contains "|". Unlinking it with the bare id is correct and must
// not be rejected as a provider-prefixed id.
func TestUnlinkBareIDContainingPipe(t *testing.T) {
	srv := auth0sim.StartTest(t, auth0sim.Config{})
	ctx := context.Background()
	if err := srv.AddUser(auth0sim.User{UserID: "oauth2|my-conn|123", Email: "c@example.com"}); err != nil {
		t.Fatal(err)
	}
	m := newV1(t, srv, m2mToken(t, srv, "update:users"))
	if _, err := m.User.Link(ctx, auth0sim.UserPrimary, linkBody("oauth2", "oauth2|my-conn|123")); err != nil {
		t.Fatal(err)
	}
	if _, err := m.User.Unlink(ctx, auth0sim.UserPrimary, "oauth2", "my-conn|123"); err != nil {
		t.Fatalf("unlink with the bare id: %v", err)
	}
	if _, ok := srv.User("oauth2|my-conn|123"); !ok {
		t.Fatal("the unlinked identity was not restored as a user")
	}
}
