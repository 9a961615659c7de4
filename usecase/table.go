// Package usecase holds the product's public vocabulary: the table of account-linking and
// client-secret use cases that every finding is classified into (design section 2), and the
// Finding type shared by the analyzers, the log scanner, the tenant checks, the reports and the
// remediation planner.
//
// The IDs are a public contract: they appear in every output format and must not be renamed.
package usecase

import "sort"

// ID names one row of the use-case table.
type ID string

// The rows of the use-case table. The seed row numbers refer to Auth0's migration guide.
const (
	LinkIDTokenBearer     ID = "link-idtoken-bearer"
	LinkUserIDUpdateUsers ID = "link-userid-update-users"
	LinkUserIDCurrentUser ID = "link-userid-current-user"
	LinkWithIDToken       ID = "link-with-idtoken"
	Auth0jsIDToken        ID = "auth0js-idtoken"
	Auth0jsUpdateUsers    ID = "auth0js-update-users"
	Auth0jsCurrentUser    ID = "auth0js-current-user"
	UnlinkIDTokenBearer   ID = "unlink-idtoken-bearer"
	UnlinkAccessToken     ID = "unlink-access-token"
	LinkUndetermined      ID = "link-undetermined"
	UnlinkUndetermined    ID = "unlink-undetermined"
	SecretRotate          ID = "secret-rotate"
	SecretSetCustom       ID = "secret-set-custom"
	SecretInClientUpdate  ID = "secret-in-client-update"
	SecretStaleUse        ID = "secret-stale-use"
	SecretRead            ID = "secret-read"
	SecretHardcoded       ID = "secret-hardcoded"
	DeprecationNotice     ID = "deprecation-notice"

	// Rows found in the tenant's configuration (auth0audit tenant).
	TenantIDTokenAPI2Enabled    ID = "tenant-idtoken-api2-enabled"
	TenantUserPolicyAllowAll    ID = "tenant-user-policy-allow-all"
	ClientIDTokenNotRS256       ID = "client-idtoken-not-rs256"
	ClientGrantedCurrentUserIDs ID = "client-granted-current-user-identities"
	ClientSecretAuth            ID = "client-secret-rotation-candidate"
)

// Status says what a use case means for the tenant owner.
type Status string

const (
	// Affected: calls of this kind fail (or will fail) under the new rules.
	Affected Status = "affected"
	// Action: something must be done, though nothing is rejected by the API today.
	Action Status = "action"
	// Review: the evidence cannot tell; a person has to look.
	Review Status = "review"
	// Info: worth knowing (a secret changed or was read), nothing to fix.
	Info Status = "info"
	// NotAffected: works before and after the change.
	NotAffected Status = "not-affected"
	// Compliant: the new, recommended way.
	Compliant Status = "compliant"
)

// Rank orders statuses for reports: the most urgent first. Unknown statuses sort last.
func (s Status) Rank() int {
	switch s {
	case Affected:
		return 0
	case Action:
		return 1
	case Review:
		return 2
	case Info:
		return 3
	case NotAffected:
		return 4
	case Compliant:
		return 5
	}
	return 6
}

// Documentation links cited by diagnostics and reports.
const (
	LinkingMigrationDoc = "https://auth0.com/docs/troubleshoot/product-lifecycle/past-migrations/link-user-accounts-with-access-tokens-migration"
	SecretRotationDoc   = "https://auth0.com/docs/get-started/applications/rotate-client-secret"
	AccountLinkingDoc   = "https://auth0.com/docs/manage-users/user-accounts/user-account-linking/link-user-accounts"
)

// UseCase is one row of the table.
type UseCase struct {
	ID ID `json:"id"`
	// SeedRow is the row number in Auth0's migration guide ("1".."9", "000" for secret
	// rotation), or "" for rows this product adds.
	SeedRow string `json:"seed_row,omitempty"`
	Status  Status `json:"status"`
	// Seen describes the evidence that puts a call in this row.
	Seen string `json:"seen"`
	// Instead says what to do about it, in one line.
	Instead string `json:"instead"`
	DocURL  string `json:"doc_url"`
}

var table = []UseCase{
	{LinkIDTokenBearer, "1", Affected,
		"POST /api/v2/users/{id}/identities with the primary user's ID token as the bearer",
		"call the endpoint with an access token: a user token with update:current_user_identities sending the secondary's ID token as link_with, or a server token with update:users",
		LinkingMigrationDoc},
	{LinkUserIDUpdateUsers, "2", NotAffected,
		"POST /api/v2/users/{id}/identities with an update:users access token and the secondary user_id/provider in the body",
		"nothing to change",
		LinkingMigrationDoc},
	{LinkUserIDCurrentUser, "3", Affected,
		"POST /api/v2/users/{id}/identities with an update:current_user_identities access token and the secondary user_id in the body",
		"send the secondary account's RS256 ID token as link_with (its aud must equal the access token's azp), or link server-side with an update:users token",
		LinkingMigrationDoc},
	{LinkWithIDToken, "4", Compliant,
		"POST /api/v2/users/{id}/identities with an access token and the secondary's ID token as link_with",
		"nothing to change; the ID token must be RS256 and its aud must equal the access token's azp",
		LinkingMigrationDoc},
	{Auth0jsIDToken, "5", Affected,
		"auth0.js Management client built from the primary user's ID token",
		"build auth0.Management from an access token with update:current_user_identities and pass the secondary's ID token to linkUser",
		LinkingMigrationDoc},
	{Auth0jsUpdateUsers, "6", NotAffected,
		"auth0.js Management client built from an access token with update:users",
		"nothing to change",
		LinkingMigrationDoc},
	{Auth0jsCurrentUser, "7", Affected,
		"auth0.js Management client built from an access token with update:current_user_identities",
		"make sure the secondary token passed to linkUser is an RS256 ID token whose aud equals the access token's azp",
		LinkingMigrationDoc},
	{UnlinkIDTokenBearer, "8", Affected,
		"DELETE /api/v2/users/{id}/identities/{provider}/{user_id} with the primary's ID token as the bearer",
		"unlink with an access token (update:current_user_identities for the user's own account, or update:users)",
		LinkingMigrationDoc},
	{UnlinkAccessToken, "9", NotAffected,
		"DELETE /api/v2/users/{id}/identities/{provider}/{user_id} with an access token",
		"nothing to change",
		LinkingMigrationDoc},
	{LinkUndetermined, "", Review,
		"a link call whose bearer token kind cannot be told from the evidence",
		"check which token the caller sends; an ID token as bearer is rejected",
		LinkingMigrationDoc},
	{UnlinkUndetermined, "", Review,
		"an unlink call whose bearer token kind cannot be told from the evidence",
		"check which token the caller sends; an ID token as bearer is rejected",
		LinkingMigrationDoc},
	{SecretRotate, "000", Info,
		"POST /api/v2/clients/{id}/rotate-secret (success or failure)",
		"make sure every app holding the old secret received the new one",
		SecretRotationDoc},
	{SecretSetCustom, "000", Info,
		"PATCH /api/v2/clients/{id} setting client_secret (and little else)",
		"make sure every app holding the old secret received the new one",
		SecretRotationDoc},
	{SecretInClientUpdate, "", Info,
		"PATCH /api/v2/clients/{id} carrying client_secret inside a full-object update (SDK or Terraform round trip)",
		"check that the update did not change the secret unintentionally; drop client_secret from round-tripped updates",
		SecretRotationDoc},
	{SecretStaleUse, "", Action,
		"failed client-credentials exchange by a client after its secret was rotated or set",
		"give the app the current secret (stage new secrets as a fallback before the switch)",
		SecretRotationDoc},
	{SecretRead, "", Info,
		"a Management API read that returned a client secret",
		"make sure the reader is expected to hold the secret; rotate it if not",
		SecretRotationDoc},
	{SecretHardcoded, "", Action,
		"a client secret written as a literal in code",
		"rotate the secret and load it from a secret store or the environment",
		SecretRotationDoc},
	{DeprecationNotice, "", Review,
		"a depnote (deprecation notice) log event",
		"read the notice and find the calling code",
		LinkingMigrationDoc},
	{TenantIDTokenAPI2Enabled, "", Action,
		"tenant flag enable_idtoken_api2 is on: API v2 still accepts ID tokens as bearer tokens",
		"turn the flag off (PATCH /api/v2/tenants/settings) once the logs show no ID-token use",
		LinkingMigrationDoc},
	{TenantUserPolicyAllowAll, "", Review,
		"the Management API's user access policy is allow_all: any first-party app can obtain update:current_user_identities",
		"set the policy to require_client_grant and grant user-scoped access only to the apps that link accounts",
		AccountLinkingDoc},
	{ClientIDTokenNotRS256, "", Affected,
		"a client used for client-side linking signs its ID tokens with an algorithm other than RS256",
		"switch the client's JWT signature algorithm to RS256 (Advanced Settings > OAuth); link_with rejects other algorithms",
		LinkingMigrationDoc},
	{ClientGrantedCurrentUserIDs, "", Info,
		"a client is granted update:current_user_identities on the Management API (it links accounts client-side)",
		"make sure it sends the secondary account's ID token as link_with, never a user_id",
		LinkingMigrationDoc},
	{ClientSecretAuth, "", Info,
		"a confidential client authenticates with a client secret",
		"rotate with a staged custom secret, or move to private_key_jwt (the only zero-downtime rotation)",
		SecretRotationDoc},
}

// Lookup returns the row for id.
func Lookup(id ID) (UseCase, bool) {
	for _, uc := range table {
		if uc.ID == id {
			return uc, true
		}
	}
	return UseCase{}, false
}

// MustLookup returns the row for id and panics for an ID that is not in the table; use it
// only with the constants above.
func MustLookup(id ID) UseCase {
	uc, ok := Lookup(id)
	if !ok {
		panic("usecase: unknown ID " + string(id))
	}
	return uc
}

// All returns a copy of the table, most urgent status first, then in table order.
func All() []UseCase {
	out := append([]UseCase(nil), table...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Status.Rank() < out[j].Status.Rank() })
	return out
}

// Status returns the status of id, or "" when id is not in the table.
func (id ID) Status() Status {
	uc, _ := Lookup(id)
	return uc.Status
}

// Valid reports whether id is a row of the table.
func (id ID) Valid() bool {
	_, ok := Lookup(id)
	return ok
}
