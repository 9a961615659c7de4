package auth0sim

// Client ids and user ids of DefaultSeed.
const (
	// ClientM2M has a client-credentials grant to the Management API with AllManagementScopes.
	ClientM2M = "m2m"
	// ClientSPA is a first-party single-page app whose ID tokens are RS256 (no secret used).
	ClientSPA = "spa"
	// ClientWeb is a regular web app with a secret and a client-credentials grant
	// (read:users only).
	ClientWeb = "web"
	// ClientLegacyHS256 is a regular web app whose ID tokens are signed HS256 with its secret.
	ClientLegacyHS256 = "legacy-hs256"

	// UserPrimary is a database user, the usual link target.
	UserPrimary = "auth0|primary"
	// UserSecondary is a Google user, not linked to anyone.
	UserSecondary = "google-oauth2|secondary"
	// UserOther is another database user (a user token for it must not touch UserPrimary).
	UserOther = "auth0|other"
	// UserGitHub is a GitHub user, not linked.
	UserGitHub = "github|4242"
)

// AllManagementScopes are the scopes ClientM2M is granted.
var AllManagementScopes = []string{
	"read:users", "update:users", "read:clients", "update:clients", "read:client_keys",
	"update:client_keys", "read:logs", "read:tenant_settings", "update:tenant_settings",
	"read:resource_servers", "read:client_grants",
}

// Seed is the initial state of a simulated tenant.
type Seed struct {
	// TenantName appears in logs; "" means "sim-tenant".
	TenantName string
	Clients    []Client
	Users      []User
	// Grants are client grants; their Audience "" means the Management API.
	Grants []ClientGrant
	// EnableIDTokenAPI2 is the tenant flag flags.enable_idtoken_api2: when on, ID tokens are
	// still accepted as bearer tokens for link and unlink.
	EnableIDTokenAPI2 bool
	// UserAccessPolicy is the Management API resource server's
	// subject_type_authorization.user.policy: "allow_all" (default), "require_client_grant"
	// or "deny_all".
	UserAccessPolicy string
}

// Client is an application of the tenant.
type Client struct {
	ClientID string `json:"client_id"`
	Name     string `json:"name"`
	// AppType is "non_interactive", "spa", "regular_web" or "native".
	AppType string `json:"app_type"`
	// Secret "" means one is generated (crypto/rand) at Start or AddClient.
	Secret     string   `json:"client_secret,omitempty"`
	GrantTypes []string `json:"grant_types"`
	// IDTokenAlg is the alg of this client's ID tokens: "RS256" (default) or "HS256".
	IDTokenAlg   string   `json:"id_token_alg"`
	IsFirstParty bool     `json:"is_first_party"`
	AuthMethod   string   `json:"token_endpoint_auth_method"`
	Description  string   `json:"description,omitempty"`
	Callbacks    []string `json:"callbacks,omitempty"`
	// Metadata is client_metadata: at most 10 keys, string values of at most 255 characters,
	// as a real tenant enforces.
	Metadata map[string]string `json:"client_metadata,omitempty"`
}

// User is a user of the tenant. Its first identity is its own (provider|user_id = UserID).
type User struct {
	UserID     string     `json:"user_id"`
	Email      string     `json:"email,omitempty"`
	Name       string     `json:"name,omitempty"`
	Identities []Identity `json:"identities"`
}

// Identity is one entry of a user's identities array.
type Identity struct {
	Provider    string         `json:"provider"`
	UserID      string         `json:"user_id"`
	Connection  string         `json:"connection"`
	IsSocial    bool           `json:"isSocial"`
	ProfileData map[string]any `json:"profileData,omitempty"`
}

// ClientGrant grants a client scopes on an API through client credentials.
type ClientGrant struct {
	ID       string   `json:"id"`
	ClientID string   `json:"client_id"`
	Audience string   `json:"audience"`
	Scope    []string `json:"scope"`
}

// DefaultSeed is the documented fixture set (see the Client* and User* constants).
func DefaultSeed() *Seed {
	return &Seed{
		TenantName: "sim-tenant",
		Clients: []Client{
			{ClientID: ClientM2M, Name: "Audit M2M", AppType: "non_interactive", Description: "Machine-to-machine client of the audit tool",
				GrantTypes: []string{"client_credentials"}, IsFirstParty: true, AuthMethod: "client_secret_post"},
			{ClientID: ClientSPA, Name: "Storefront SPA", AppType: "spa", Description: "Single-page app; RS256 ID tokens",
				GrantTypes: []string{"authorization_code", "implicit", "refresh_token"}, IsFirstParty: true,
				AuthMethod: "none", Callbacks: []string{"http://localhost:3000/callback"}},
			{ClientID: ClientWeb, Name: "Billing Web", AppType: "regular_web", Description: "Regular web app with a client secret",
				GrantTypes: []string{"authorization_code", "refresh_token", "client_credentials"}, IsFirstParty: true,
				AuthMethod: "client_secret_post", Callbacks: []string{"http://localhost:8080/callback"}},
			{ClientID: ClientLegacyHS256, Name: "Legacy Portal", AppType: "regular_web", IDTokenAlg: "HS256", Description: "Signs ID tokens HS256 with its secret",
				GrantTypes: []string{"authorization_code", "implicit"}, IsFirstParty: true,
				AuthMethod: "client_secret_post"},
		},
		Users: []User{
			dbUser(UserPrimary, "primary@example.com", "Primary User"),
			socialUser(UserSecondary, "google-oauth2", "secondary@example.com", "Secondary User"),
			dbUser(UserOther, "other@example.com", "Other User"),
			socialUser(UserGitHub, "github", "octo@example.com", "Octo Cat"),
		},
		Grants: []ClientGrant{
			{ID: "cgr_m2m", ClientID: ClientM2M, Scope: AllManagementScopes},
			{ID: "cgr_web", ClientID: ClientWeb, Scope: []string{"read:users"}},
		},
		UserAccessPolicy: "allow_all",
	}
}

func dbUser(userID, email, name string) User {
	provider, id := splitUserID(userID)
	return User{UserID: userID, Email: email, Name: name, Identities: []Identity{{
		Provider: provider, UserID: id, Connection: "Username-Password-Authentication",
		ProfileData: map[string]any{"email": email, "name": name, "email_verified": true},
	}}}
}

func socialUser(userID, connection, email, name string) User {
	provider, id := splitUserID(userID)
	return User{UserID: userID, Email: email, Name: name, Identities: []Identity{{
		Provider: provider, UserID: id, Connection: connection, IsSocial: true,
		ProfileData: map[string]any{"email": email, "name": name, "email_verified": true},
	}}}
}

// MidMigrationSeed is DefaultSeed as a tenant midway through the migration still has it: the
// enable_idtoken_api2 flag on, the allow_all user policy, and the HS256 Legacy Portal granted
// the user link scope (so its users cannot link with link_with). The demo and the tenant
// checks' tests start from it.
func MidMigrationSeed() *Seed {
	seed := DefaultSeed()
	seed.EnableIDTokenAPI2 = true
	seed.UserAccessPolicy = "allow_all"
	seed.Grants = append(seed.Grants, ClientGrant{
		ID: "cgr_legacy_link", ClientID: ClientLegacyHS256,
		Scope: []string{"read:current_user", "update:current_user_identities"},
	})
	return seed
}
