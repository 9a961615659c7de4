package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// ManagementScopes is the scope list of a full-access M2M token as recorded in go-auth0's
// TestLogManager recordings (abridged: the real list has 136 entries; the length matters for
// how far a scanner must read, so it is repeated to a similar size).
var ManagementScopes = func() []string {
	base := []string{"read:client_grants", "create:client_grants", "delete:client_grants", "update:client_grants",
		"read:users", "update:users", "delete:users", "create:users", "read:users_app_metadata",
		"update:users_app_metadata", "delete:users_app_metadata", "create:users_app_metadata",
		"read:user_custom_blocks", "create:user_custom_blocks", "delete:user_custom_blocks", "create:user_tickets",
		"read:clients", "update:clients", "delete:clients", "create:clients", "read:client_keys",
		"update:client_keys", "delete:client_keys", "create:client_keys", "read:connections",
		"update:connections", "delete:connections", "create:connections", "read:resource_servers",
		"update:resource_servers", "delete:resource_servers", "create:resource_servers", "read:logs",
		"read:logs_users", "read:tenant_settings", "update:tenant_settings", "read:roles", "create:roles",
		"read:organizations", "update:organizations", "create:organizations", "delete:organizations"}
	return base
}()

// Tenant mints events for one made-up tenant. It is deterministic for a given seed.
type Tenant struct {
	Domain string
	rnd    *rand.Rand
	seq    uint64
}

// NewTenant returns a tenant whose random choices follow seed.
func NewTenant(domain string, seed uint64) *Tenant {
	return &Tenant{Domain: domain, rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// Client is an application of the tenant.
type Client struct{ ID, Name string }

// logID mints a log_id in Auth0's format: "900", the UTC time to the second, six digits, and a
// 33-digit sequence (56 digits in all).
func (t *Tenant) logID(at time.Time) string {
	t.seq++
	return fmt.Sprintf("900%s%06d%033d", at.UTC().Format("20060102150405"), t.rnd.IntN(1000000), t.seq)
}

// Date formats a time as Auth0 does.
func Date(at time.Time) string { return at.UTC().Format("2006-01-02T15:04:05.000Z") }

func (t *Tenant) ip() string {
	return fmt.Sprintf("198.51.100.%d", 1+t.rnd.IntN(250))
}

// base is the envelope every event shares, in the API's field order.
func (t *Tenant) base(typ string, at time.Time, c Client, description string) Obj {
	id := t.logID(at)
	return Obj{
		{"_id", id}, {"log_id", id}, {"date", Date(at)}, {"type", typ}, {"description", description},
		{"connection", nil}, {"connection_id", nil}, {"organization_id", nil}, {"organization_name", nil},
		{"client_id", c.ID}, {"client_name", c.Name}, {"ip", t.ip()}, {"hostname", t.Domain},
		{"details", nil}, {"user_id", ""}, {"user_name", ""}, {"user_agent", "Other 0.0.0 / Other 0.0.0"},
		{"audience", nil}, {"scope", nil}, {"strategy", nil}, {"strategy_type", nil},
		{"isMobile", false}, {"location_info", nil},
	}
}

// Login returns an end-user login event of a random common type (s, f, seacft, ssa, fsa,
// slo), the noise that makes up most of a tenant's logs.
func (t *Tenant) Login(at time.Time, c Client, userN int) Obj {
	user := fmt.Sprintf("auth0|%024x", userN)
	email := fmt.Sprintf("user%d@example.com", userN)
	started := at.Add(-time.Duration(200+t.rnd.IntN(3000)) * time.Millisecond)
	var ev Obj
	switch k := t.rnd.IntN(10); {
	case k < 4:
		ev = t.base("s", at, c, "Successful login")
		ev = ev.Set("details", Obj{
			{"prompts", []any{Obj{{"name", "prompt-authenticate"}, {"completedAt", at.UnixMilli()},
				{"connection", "Username-Password-Authentication"}, {"connection_id", "con_Ab12Cd34Ef56Gh78"},
				{"strategy", "auth0"}, {"identity", user[6:]}, {"stats", Obj{{"loginsCount", 1 + t.rnd.IntN(400)}}},
				{"elapsedTime", at.Sub(started).Milliseconds()}},
				Obj{{"name", "login"}, {"flow", "universal-login"}, {"initiatedAt", started.UnixMilli()},
					{"completedAt", at.UnixMilli()}, {"user_id", user}, {"user_name", email},
					{"timers", Obj{{"rules", 12}}}, {"elapsedTime", at.Sub(started).Milliseconds()}}}},
			{"initiatedAt", started.UnixMilli()}, {"completedAt", at.UnixMilli()},
			{"elapsedTime", at.Sub(started).Milliseconds()}, {"session_id", fmt.Sprintf("%032x", t.rnd.Uint64())},
			{"stats", Obj{{"loginsCount", 1 + t.rnd.IntN(400)}}},
		})
		ev = ev.Set("strategy", "auth0").Set("strategy_type", "database")
	case k < 6:
		ev = t.base("seacft", at, c, "Authorization Code for Access Token")
		ev = ev.Set("details", Obj{{"code", "*************" + fmt.Sprintf("%03x", t.rnd.IntN(4096))}})
		ev = ev.Set("audience", "https://api.example.com/").Set("scope", "openid profile email offline_access")
	case k < 8:
		ev = t.base("ssa", at, c, "")
		ev = ev.Set("details", Obj{{"prompts", []any{}}, {"completedAt", at.UnixMilli()},
			{"elapsedTime", nil}, {"session_id", fmt.Sprintf("%032x", t.rnd.Uint64())}})
	case k < 9:
		ev = t.base("f", at, c, "Wrong email or password.")
		ev = ev.Set("details", Obj{{"error", Obj{{"message", "Wrong email or password."}}}})
		ev = ev.Set("strategy", "auth0").Set("strategy_type", "database")
	default:
		ev = t.base("fsa", at, c, "Login required")
		ev = ev.Set("details", Obj{{"body", Obj{{"response_type", "code"}, {"prompt", "none"},
			{"scope", "openid profile email"}}}, {"error", Obj{{"message", "Login required"}}}})
	}
	ev = ev.Set("connection", "Username-Password-Authentication").Set("connection_id", "con_Ab12Cd34Ef56Gh78")
	ev = ev.Set("user_id", user).Set("user_name", email)
	ev = ev.Set("user_agent", "Chrome 130.0.0 / Mac OS X 10.15.7")
	ev = ev.Set("location_info", Obj{{"country_code", "NL"}, {"country_code3", "NLD"}, {"country_name", "Netherlands"},
		{"city_name", "Amsterdam"}, {"latitude", 52.37}, {"longitude", 4.89}, {"time_zone", "Europe/Amsterdam"},
		{"continent_code", "EU"}})
	return ev
}

// Exchange returns a client-credentials exchange: seccft, or feccft when failed.
func (t *Tenant) Exchange(at time.Time, c Client, failed bool) Obj {
	if failed {
		ev := t.base("feccft", at, c, "Unauthorized")
		return ev.Set("details", Obj{{"error", "access_denied"}, {"error_description", "Unauthorized"}}).
			Set("audience", "https://"+t.Domain+"/api/v2/")
	}
	ev := t.base("seccft", at, c, "")
	return ev.Set("audience", "https://"+t.Domain+"/api/v2/").Set("scope", strings.Join(ManagementScopes, " "))
}

// Call describes a Management API call to log.
type Call struct {
	Failed bool // fapi instead of sapi
	Method string
	Path   string
	// Credentials is details.request.auth.credentials as logged: nil means JSON null; use
	// Obj{} for {}, Obj{{"scopes", ...}} for scopes, a string for the odd string form.
	Credentials any
	AuthUser    any // details.request.auth.user: Obj{} or Obj{{"user_id", ...}} or a string
	Strategy    string
	Body        any
	Status      int
	RespBody    any
	// Auth0Client is the auth0_client the SDK reported (auth0.js for rows 5-7).
	Auth0Client Obj
	Description string
}

// Scopes returns credentials carrying scopes (an array or a space-separated string).
func Scopes(scopes any) Obj { return Obj{{"scopes", scopes}} }

// APICall returns the sapi or fapi event of a Management API call.
func (t *Tenant) APICall(at time.Time, c Client, call Call) Obj {
	typ := "sapi"
	if call.Failed {
		typ = "fapi"
	}
	strategy := call.Strategy
	if strategy == "" {
		strategy = "jwt"
	}
	authUser := call.AuthUser
	if authUser == nil {
		authUser = Obj{}
	}
	ip := t.ip()
	ev := t.base(typ, at, c, call.Description)
	ev = ev.Set("client_name", "").Set("ip", ip).Set("hostname", nil).Set("user_id", nil).Set("user_name", nil)
	ev = ev.Set("details", Obj{
		{"request", Obj{
			{"auth", Obj{{"credentials", call.Credentials}, {"strategy", strategy}, {"user", authUser}}},
			{"body", call.Body}, {"channel", "api"}, {"ip", ip}, {"method", call.Method}, {"path", call.Path},
			{"query", Obj{}}, {"userAgent", "Go-Auth0-SDK/latest"},
		}},
		{"response", Obj{{"body", call.RespBody}, {"statusCode", call.Status}}},
	})
	if call.Auth0Client != nil {
		ev = ev.Set("auth0_client", call.Auth0Client)
	}
	return ev
}

// SecretRead returns an mgmt_api_read event: a read that returned secrets.
func (t *Tenant) SecretRead(at time.Time, c Client, target string, secrets ...string) Obj {
	ev := t.APICall(at, c, Call{Method: "get", Path: "/api/v2/clients/" + target,
		Credentials: Scopes([]string{"read:clients", "read:client_keys"}), Status: 200,
		Description: "Get a client", RespBody: Obj{{"client_id", target}, {"client_secret", "*****"}}})
	ev = ev.Set("type", "mgmt_api_read")
	details := ev.Get("details").(Obj)
	return ev.Set("details", details.Set("accessedSecrets", secrets))
}

// Deprecation returns a depnote event.
func (t *Tenant) Deprecation(at time.Time, c Client, feature string) Obj {
	ev := t.base("depnote", at, c, "Deprecation Notice: "+feature)
	return ev.Set("details", Obj{{"feature", feature}, {"migration_guide",
		"https://auth0.com/docs/troubleshoot/product-lifecycle/deprecations-and-migrations"}})
}
