package synth

import (
	"sort"
	"time"
)

// The sample tenant's applications.
var (
	Backend   = Client{"BkndM2MapiClient0000000000000001", "Backend M2M"}
	WebApp    = Client{"WebAppRegular0000000000000000002", "Acme Web"}
	SPA       = Client{"SpaAuth0js000000000000000000003", "Acme SPA"}
	Legacy    = Client{"LegacySync000000000000000000004", "Nightly Sync"}
	Terraform = Client{"TerraformCI00000000000000000005", "Terraform CI"}
	Dashboard = Client{"DashboardAdmin00000000000000006", "Auth0 Dashboard"}
)

// FakeLinkWithToken stands for the secondary account's ID token a client sends as link_with.
// It is not a real token; tests check that it never reaches any output.
const FakeLinkWithToken = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJnb29nbGUtb2F1dGgyfHNhbXBsZSJ9.U0FNUExFLVNJR05BVFVSRQ"

// SampleChanges are the secret changes of the sample: Legacy rotated, WebApp set to a custom
// secret. feccft events of these clients strictly after these times are stale uses.
var (
	LegacyRotatedAt = time.Date(2026, 10, 9, 12, 0, 0, 0, time.UTC)
	WebAppSetAt     = time.Date(2026, 10, 20, 10, 0, 0, 0, time.UTC)
)

// Sample returns the events of a month of the sample tenant, oldest first: login noise and
// every row of the use-case table in the real event shape, with the traps of design section
// 5 (percent-encoded paths, missing /api, method case, credentials as {}, {jti}, a string or
// null, scopes as an array or a string). The counts per use case are listed in
// SampleExpected.
func Sample() []Obj {
	t := NewTenant("acme-sample.eu.auth0.com", 42)
	day := func(d, h, m int) time.Time { return time.Date(2026, 10, d, h, m, 0, 0, time.UTC) }
	var evs []Obj
	add := func(e Obj) { evs = append(evs, e) }

	// Login noise: a steady trickle all month.
	apps := []Client{WebApp, SPA}
	for i := range 220 {
		at := day(1, 6, 0).Add(time.Duration(i) * 3 * time.Hour).Add(time.Duration(i%7) * time.Minute)
		add(t.Login(at, apps[i%2], 1+i%37))
	}
	for i := range 12 {
		add(t.Exchange(day(1+2*i, 3, 5), Backend, false))
	}

	idBody := Obj{{"provider", "google-oauth2"}, {"user_id", "108700000000000000001"}}
	ids := []any{Obj{{"provider", "auth0"}, {"user_id", "primary1"}}, Obj{{"provider", "google-oauth2"}, {"user_id", "108700000000000000001"}}}
	auth0js := Obj{{"name", "auth0.js"}, {"version", "9.24.1"}}
	self := func(id string) Obj {
		return Obj{{"user_id", id}, {"name", "Primary User"}, {"email", "primary@example.com"}}
	}

	// Row 1: the primary's ID token as bearer: no scopes, the caller is the path user.
	add(t.APICall(day(2, 9, 15), SPA, Call{Method: "post", Path: "/api/v2/users/auth0%7Cprimary1/identities",
		Credentials: Obj{}, AuthUser: self("auth0|primary1"), Body: idBody, Status: 201, RespBody: ids,
		Description: "Link a user account"}))
	add(t.APICall(day(12, 17, 40), SPA, Call{Method: "POST", Path: "/api/v2/users/auth0%7Cprimary1/identities",
		Credentials: Obj{{"jti", "5b1c8e4a2f"}}, AuthUser: "auth0|primary1", Body: idBody, Status: 201, RespBody: ids}))
	add(t.APICall(day(26, 8, 5), SPA, Call{Failed: true, Method: "post", Path: "/api/v2/users/auth0%7Cprimary1/identities",
		Credentials: nil, AuthUser: self("auth0|primary1"), Body: idBody, Status: 401,
		RespBody: Obj{{"statusCode", 401}, {"error", "Unauthorized"}, {"message", "Bad audience"}}}))

	// Row 2: server token (update:users) with user_id/provider.
	add(t.APICall(day(3, 11, 0), Backend, Call{Method: "post", Path: "/api/v2/users/auth0%7Cprimary2/identities",
		Credentials: Scopes(ManagementScopes), Body: idBody, Status: 201, RespBody: ids}))
	add(t.APICall(day(22, 11, 0), Backend, Call{Method: "post", Path: "/api/v2/users/auth0%7Cprimary4/identities/",
		Credentials: Scopes(ManagementScopes), Body: idBody, Status: 201, RespBody: ids}))

	// Row 3: user token (update:current_user_identities) with user_id: rejected today.
	add(t.APICall(day(4, 14, 30), WebApp, Call{Method: "post", Path: "/api/v2/users/auth0%7Cprimary2/identities",
		Credentials: Scopes("openid profile read:current_user update:current_user_identities"),
		AuthUser:    self("auth0|primary2"), Body: idBody, Status: 201, RespBody: ids}))
	add(t.APICall(day(15, 14, 30), WebApp, Call{Failed: true, Method: "post", Path: "/api/v2/users/auth0%7Cprimary2/identities",
		Credentials: Scopes([]string{"openid", "update:current_user_identities"}), AuthUser: self("auth0|primary2"),
		Body: idBody, Status: 400, RespBody: Obj{{"statusCode", 400}, {"error", "Bad Request"},
			{"message", "user_id is not allowed with a user-scoped token; use link_with"}}}))

	// Row 4: link_with (the compliant way). One logged with the token unmasked.
	add(t.APICall(day(16, 10, 10), WebApp, Call{Method: "post", Path: "/api/v2/users/auth0%7Cprimary2/identities",
		Credentials: Scopes([]string{"openid", "update:current_user_identities"}), AuthUser: self("auth0|primary2"),
		Body: Obj{{"link_with", FakeLinkWithToken}}, Status: 201, RespBody: ids}))
	add(t.APICall(day(27, 10, 10), WebApp, Call{Method: "post", Path: "/api/v2/users/auth0%7Cprimary5/identities",
		Credentials: Scopes("update:current_user_identities"), AuthUser: self("auth0|primary5"),
		Body: Obj{{"link_with", "*****"}}, Status: 201, RespBody: ids}))

	// Rows 5-7: auth0.js Management client.
	add(t.APICall(day(5, 19, 0), SPA, Call{Method: "Post", Path: "/v2/users/auth0%7Cprimary3/identities",
		Credentials: nil, AuthUser: "auth0|primary3", Body: idBody, Status: 201, RespBody: ids, Auth0Client: auth0js}))
	add(t.APICall(day(25, 19, 0), SPA, Call{Method: "post", Path: "/api/v2/users/auth0%7Cprimary3/identities",
		Credentials: Obj{}, AuthUser: self("auth0|primary3"), Body: idBody, Status: 201, RespBody: ids, Auth0Client: auth0js}))
	add(t.APICall(day(6, 9, 0), SPA, Call{Method: "post", Path: "/api/v2/users/auth0%7Cprimary6/identities",
		Credentials: Scopes("update:users"), Body: idBody, Status: 201, RespBody: ids, Auth0Client: auth0js}))
	add(t.APICall(day(17, 9, 0), SPA, Call{Method: "post", Path: "/api/v2/users/auth0%7Cprimary7/identities",
		Credentials: Scopes([]string{"update:current_user_metadata"}), AuthUser: self("auth0|primary7"),
		Body: Obj{{"link_with", "*****"}}, Status: 201, RespBody: ids, Auth0Client: auth0js}))
	add(t.APICall(day(29, 9, 0), SPA, Call{Method: "post", Path: "/api/v2/users/auth0%7Cprimary7/identities",
		Credentials: Scopes("openid update:current_user_identities"), AuthUser: self("auth0|primary7"),
		Body: Obj{{"link_with", "*****"}}, Status: 201, RespBody: ids, Auth0Client: auth0js}))

	// Row 8: unlink with the primary's ID token.
	add(t.APICall(day(7, 16, 20), SPA, Call{Method: "DELETE",
		Path:        "/api/v2/users/auth0%7Cprimary1/identities/google-oauth2/108700000000000000001/",
		Credentials: Obj{}, AuthUser: self("auth0|primary1"), Status: 200, RespBody: ids[:1]}))
	add(t.APICall(day(23, 16, 20), SPA, Call{Method: "delete",
		Path:        "/v2/users/auth0%7Cprimary1/identities/google-oauth2/108700000000000000001",
		Credentials: "jwt", AuthUser: "auth0|primary1", Status: 200, RespBody: ids[:1]}))

	// Row 9: unlink with an access token.
	add(t.APICall(day(8, 10, 0), Backend, Call{Method: "delete",
		Path:        "/api/v2/users/auth0%7Cprimary2/identities/google-oauth2/108700000000000000002",
		Credentials: Scopes(ManagementScopes), Status: 200, RespBody: ids[:1]}))
	add(t.APICall(day(18, 10, 0), WebApp, Call{Method: "delete",
		Path:        "/api/v2/users/auth0%7Cprimary2/identities/google-oauth2/108700000000000000002",
		Credentials: Scopes("update:current_user_identities"), AuthUser: self("auth0|primary2"), Status: 200, RespBody: ids[:1]}))

	// Undetermined: a Dashboard admin acting on someone else (no scopes, not the path user), and
	// auth0.js with a token that has scopes but no linking scope.
	add(t.APICall(day(13, 12, 0), Dashboard, Call{Method: "post", Path: "/api/v2/users/auth0%7Cprimary8/identities",
		Credentials: Obj{}, AuthUser: Obj{{"user_id", "google-oauth2|admin"}, {"name", "Tenant Admin"}},
		Strategy: "dashboard", Body: idBody, Status: 201, RespBody: ids}))
	add(t.APICall(day(28, 12, 0), SPA, Call{Method: "post", Path: "/api/v2/users/auth0%7Cprimary9/identities",
		Credentials: Scopes("read:current_user"), AuthUser: self("auth0|primary9"), Body: idBody, Status: 201,
		RespBody: ids, Auth0Client: auth0js}))
	add(t.APICall(day(24, 12, 0), Dashboard, Call{Method: "delete",
		Path:        "/api/v2/users/auth0%7Cprimary8/identities/google-oauth2/108700000000000000008",
		Credentials: nil, AuthUser: Obj{}, Strategy: "dashboard", Status: 200, RespBody: ids[:1]}))

	// Not link calls (other arity, other method): ignored.
	add(t.APICall(day(14, 12, 0), Backend, Call{Method: "get", Path: "/api/v2/users/auth0%7Cprimary2/identities",
		Credentials: Scopes(ManagementScopes), Status: 200, RespBody: ids}))
	add(t.APICall(day(14, 12, 5), Backend, Call{Method: "patch", Path: "/api/v2/users/auth0%7Cprimary2",
		Credentials: Scopes(ManagementScopes), Body: Obj{{"user_metadata", Obj{{"plan", "pro"}}}}, Status: 200}))

	// Secrets. Legacy is rotated on the 9th; WebApp gets a custom secret on the 20th; a failed
	// rotation of WebApp and a Terraform round trip carrying client_secret change nothing.
	add(t.APICall(LegacyRotatedAt, Backend, Call{Method: "post", Path: "/api/v2/clients/" + Legacy.ID + "/rotate-secret",
		Credentials: Scopes(ManagementScopes), Body: Obj{}, Status: 200,
		RespBody: Obj{{"client_id", Legacy.ID}, {"client_secret", "*****"}}, Description: "Rotate a client secret"}))
	add(t.APICall(day(11, 8, 0), WebApp, Call{Failed: true, Method: "post", Path: "/api/v2/clients/" + WebApp.ID + "/rotate-secret",
		Credentials: Scopes("read:clients"), Body: Obj{}, Status: 403,
		RespBody: Obj{{"statusCode", 403}, {"error", "Forbidden"}, {"message", "Insufficient scope, expected any of: update:client_keys"}}}))
	add(t.APICall(WebAppSetAt, Backend, Call{Method: "PATCH", Path: "/api/v2/clients/" + WebApp.ID,
		Credentials: Scopes(ManagementScopes), Body: Obj{{"client_secret", "*****"}}, Status: 200,
		RespBody: Obj{{"client_id", WebApp.ID}, {"client_secret", "*****"}}, Description: "Update a client"}))
	add(t.APICall(day(21, 15, 0), Terraform, Call{Method: "patch", Path: "/api/v2/clients/" + Backend.ID,
		Credentials: Scopes(ManagementScopes), Status: 200, Description: "Update a client",
		Body: Obj{{"name", "Backend M2M"}, {"app_type", "non_interactive"}, {"grant_types", []string{"client_credentials"}},
			{"token_endpoint_auth_method", "client_secret_post"}, {"jwt_configuration", Obj{{"alg", "RS256"}}},
			{"client_secret", "*****"}}}))
	add(t.APICall(day(21, 15, 5), Terraform, Call{Method: "patch", Path: "/api/v2/clients/" + Backend.ID,
		Credentials: Scopes(ManagementScopes), Status: 200, Body: Obj{{"callbacks", []string{"https://app.example.com/cb"}}}}))

	// feccft around the changes: Legacy before (2), at the instant (1, not after), after (4);
	// WebApp before (1) and after (1); Backend, never changed (2).
	for _, at := range []time.Time{day(8, 2, 0), day(9, 2, 0), LegacyRotatedAt,
		LegacyRotatedAt.Add(time.Second), day(10, 2, 0), day(12, 2, 0), day(16, 2, 0)} {
		add(t.Exchange(at, Legacy, true))
	}
	add(t.Exchange(day(19, 2, 0), WebApp, true))
	add(t.Exchange(day(21, 2, 0), WebApp, true))
	add(t.Exchange(day(6, 2, 0), Backend, true))
	add(t.Exchange(day(30, 2, 0), Backend, true))

	// A read that returned the secret, and one that did not.
	add(t.SecretRead(day(22, 9, 30), Backend, Legacy.ID, "client_secret"))
	add(t.SecretRead(day(22, 9, 31), Backend, Legacy.ID))

	// Deprecation notices.
	add(t.Deprecation(day(10, 0, 0), SPA, "Account linking with ID token as bearer"))
	add(t.Deprecation(day(31, 0, 0), SPA, "Account linking with ID token as bearer"))

	sort.SliceStable(evs, func(i, j int) bool { return evs[i].Get("date").(string) < evs[j].Get("date").(string) })
	return evs
}

// SampleExpected is how many findings each use case has in Sample (each event once).
var SampleExpected = map[string]int{
	"link-idtoken-bearer":      3,
	"link-userid-update-users": 2,
	"link-userid-current-user": 2,
	"link-with-idtoken":        2,
	"auth0js-idtoken":          2,
	"auth0js-update-users":     1,
	"auth0js-current-user":     2,
	"unlink-idtoken-bearer":    2,
	"unlink-access-token":      2,
	"link-undetermined":        2,
	"unlink-undetermined":      1,
	"secret-rotate":            2,
	"secret-set-custom":        1,
	"secret-in-client-update":  1,
	"secret-stale-use":         5,
	"secret-read":              1,
	"deprecation-notice":       2,
}
