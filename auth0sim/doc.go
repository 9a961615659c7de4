// Package auth0sim is a local Auth0 tenant that enforces today's account-linking and
// client-secret rules, so remediation and log-fetch paths can be tested end to end with the
// real go-auth0 client, the demo can run with no tenant, and users can point their own
// integration tests at it.
//
// # Starting it
//
//	srv := auth0sim.StartTest(t, auth0sim.Config{})          // 127.0.0.1:0, DefaultSeed()
//	tok, _ := srv.MintM2MToken(auth0sim.ClientM2M, "update:users")
//	m, _ := management.New(srv.Domain(), management.WithInsecure(), management.WithStaticToken(tok))
//
// Option order matters with go-auth0 v1: WithInsecure switches the scheme to http AND installs
// the static token "insecure"; a token option given after it replaces that token, one given
// before it is overwritten. management.WithClientCredentials after WithInsecure asks
// http://<domain>/oauth/token for the audience http://<domain>/api/v2/; the simulator accepts
// that audience as well as the canonical one.
//
// # Fixtures
//
// DefaultSeed: clients ClientM2M "m2m" (client credentials, granted AllManagementScopes),
// ClientSPA "spa" (first-party SPA, RS256 ID tokens), ClientWeb "web" (regular web app with a
// secret and a client-credentials grant for read:users), ClientLegacyHS256 "legacy-hs256"
// (HS256 ID tokens signed with its secret); users UserPrimary "auth0|primary",
// UserSecondary "google-oauth2|secondary" (unlinked), UserOther "auth0|other",
// UserGitHub "github|4242"; enable_idtoken_api2 off; Management API user access policy
// "allow_all". Secrets are generated with crypto/rand at Start: read them with ClientSecret.
// Add more with AddClient, AddUser and AddGrant.
//
// # Tokens
//
// Access tokens and RS256 ID tokens are signed with an RSA key generated at Start (its kid is
// published at /.well-known/jwks.json). HS256 ID tokens are signed with the audience client's
// secret, as Auth0 does. Every token carries iss = Issuer() = "https://<domain>/" (what a real
// tenant issues; clients validating link_with compare against that). Access tokens carry
// aud = ManagementAudience() = "https://<domain>/api/v2/", sub, azp and scope. A bearer with
// an aud that is a client id and no scope is taken to be an ID token (recognised by shape).
//
// # Rules enforced (design section 1)
//
//   - An ID token as bearer is rejected with 401 unless the tenant flag enable_idtoken_api2 is on.
//   - A user-scoped token (update:current_user_identities, or the doc's misspelling
//     update:current_user_metadata) may only act on its own {id} (its sub) and may only link
//     with link_with; a body carrying provider/user_id is rejected.
//   - link_with must be RS256, signed by the tenant key, unexpired, with aud equal to the access
//     token's azp; it excludes provider, user_id and connection_id.
//   - Linking moves the secondary's identity into the primary's identities and removes the
//     secondary user (201 with the array); unlinking takes the bare secondary id and restores a
//     standalone user (200 with the remaining array).
//   - rotate-secret and PATCH client_secret need update:client_keys; GET shows client_secret
//     only with read:client_keys; /oauth/token accepts only a client's current secret.
//   - client_metadata is merged at the top level by PATCH, a null value removes its key, and
//     the documented limits hold: at most 10 properties, string values of at most 255
//     characters, names of at most 255 letters, digits and :,-+=_*?"/\()<>@ tab or space
//     (400 invalid_body otherwise). GET always returns it ({} when empty).
//
// # Routes (names for SetFault, SetHook, Applied and POST /__sim/faults)
//
//	oauth-token            POST /oauth/token
//	jwks                   GET  /.well-known/jwks.json
//	get-user               GET  /api/v2/users/{id}
//	link                   POST /api/v2/users/{id}/identities
//	unlink                 DELETE /api/v2/users/{id}/identities/{provider}/{user_id}
//	list-clients           GET  /api/v2/clients
//	get-client             GET  /api/v2/clients/{id}
//	patch-client           PATCH /api/v2/clients/{id}
//	rotate-secret          POST /api/v2/clients/{id}/rotate-secret
//	logs                   GET  /api/v2/logs
//	get-tenant-settings    GET  /api/v2/tenants/settings
//	patch-tenant-settings  PATCH /api/v2/tenants/settings
//	list-resource-servers  GET  /api/v2/resource-servers
//	get-resource-server    GET  /api/v2/resource-servers/{id}
//	list-client-grants     GET  /api/v2/client-grants
//
// # Log events
//
// The simulator logs what a real tenant logs, in the shape of the real events recorded in
// go-auth0 v1.45.0's test/data/recordings/TestLogManager*.yaml: every Management API write (POST, PATCH,
// DELETE) as sapi or fapi; every failed read as fapi; a successful read that returned a client
// secret as mgmt_api_read with details.accessedSecrets ["client_secret"]; successful reads
// without secrets (including GET /api/v2/logs itself) are not logged. /oauth/token logs seccft
// or feccft (description "Unauthorized" for a wrong or stale secret). Events carry _id/log_id
// (56 digits, increasing, sortable as strings), date (Config.Now, but strictly increasing in
// event order, at least 1ms apart), type, description, client_id and
// client_name (the token's azp), user_id (the end user of a user token or ID token, null for
// M2M), ip, user_agent, auth0_client (the decoded Auth0-Client header, when sent) and details.request.{method (lower case), path (percent-encoded),
// query, body, channel "api", ip, userAgent, auth.{strategy "jwt", user {user_id,name,email}
// or {}, credentials.{scopes,jti}}} and details.response.{statusCode, body}. An ID token used as
// a bearer is logged with no scopes and auth.user.user_id = its sub, as the real tenant did.
// client_secret, link_with and password values are masked as "*****" in logged bodies.
//
// # Errors
//
// Errors answer {"statusCode","error","message","errorCode"} like the real API. Status codes,
// insufficient_scope, inexistent_user, inexistent_client, invalid_body and too_many_requests
// follow the real API; no real recording exists for the new linking rejections, so
// invalid_link_with, operation_not_allowed, inexistent_identity and the messages naming the
// broken rule are the simulator's own (stable, so tests can match them):
//
//	401 invalid_token          missing/garbled/expired/foreign token; an ID token as bearer while
//	                           enable_idtoken_api2 is off ("ID tokens are no longer accepted ...")
//	403 insufficient_scope     "Insufficient scope, expected any of: a,b"; also a user-scoped token
//	                           linking by provider/user_id (needs update:users)
//	403 operation_not_allowed  a user-scoped token (or flagged ID token) acting on another user's {id}
//	400 invalid_body           bad JSON; link_with sent with provider/user_id/connection_id;
//	                           neither link_with nor provider+user_id; linking a user to itself
//	400 invalid_link_with      link_with not RS256, bad signature, wrong iss, expired, aud != azp
//	400 invalid_uri            unlink with "provider|id" instead of the bare id; unlinking the main identity
//	400 invalid_query_string   take > 100, bad page/per_page, unsupported q syntax
//	404 inexistent_user / inexistent_client / inexistent_identity / inexistent_resource_server
//	429 too_many_requests      rate limit spent (with Retry-After)
//	5xx sim_fault              injected by SetFault
//
// /oauth/token answers the authentication API's {"error","error_description"}: 401
// access_denied "Unauthorized" (unknown client or not its current secret), 403
// unauthorized_client (no client_credentials grant type), 403 access_denied (no or unknown
// audience, or no client grant). Both the https audience and the http one go-auth0 asks for
// after WithInsecure are accepted; issued tokens always carry ManagementAudience().
//
// # Faults and rate limits
//
// SetFault(route, Fault{...}) (or POST /__sim/faults) injects one of the failures a real
// network and tenant produce, on one route:
//
//   - Status: answer this 4xx/5xx instead of serving (nothing is applied);
//   - Delay: wait before serving (or failing) the request;
//   - DropAfterApply: apply the change (and log it), then close the connection without
//     answering: the case where a blind retry of rotate-secret rotates twice;
//   - ApplyLate: reset the connection at once (TCP RST, no answer), then apply the request that
//     much later: the request that lands after its sender read the state back and saw no
//     change. ApplyLateNow (POST /__sim/late) lands every held request at once, so a test
//     orders events without sleeping.
//
// Times limits how many requests the fault hits (0 = all until ClearFaults). Status excludes
// DropAfterApply and ApplyLate, and those two exclude each other.
//
// SetHook(route, Hook{Before, After, Times}) runs Go code when a request arrives and after it
// was applied (before the answer): a test kills a client at the exact point of its run, or
// lands a late request right after a read-back. Returning false from a hook drops the
// connection. Hooks are Go functions, so they have no helper-API form.
//
// RateLimit{Limit, Window} (Config, SetRateLimit or POST /__sim/ratelimit) counts requests per
// window across all routes, sets X-RateLimit-Limit/Remaining/Reset on every answer and answers
// 429 with Retry-After when spent; windows are aligned to the clock, so the reset of a
// whole-second window is exact. Applied(route) counts state changes per route,
// SecretChanges(client) counts changes of one client's secret (rotate or PATCH, not metadata),
// and Throttled counts 429 answers.

// # Helper API (loopback callers only)
//
// For tests outside Go and for shell demos (curl); any caller whose remote address is not a
// loopback address gets 403. Bodies are JSON.
//
//	POST /__sim/tokens/id      {"sub","aud","alg":"RS256"|"HS256","expires_in":seconds,"issuer"} -> {"token"}
//	POST /__sim/tokens/user    {"sub","azp","scopes":[...]}                                      -> {"token"}
//	POST /__sim/tokens/m2m     {"client_id","scopes":[...]}                                      -> {"token"}
//	GET  /__sim/users/{id}     the stored user                                                   -> User
//	GET  /__sim/clients        the clients without secrets, with "secret_changes"               -> [Client]
//	GET  /__sim/applied        {"route": count of state changes}
//	GET  /__sim/logs           the log events, oldest first
//	POST /__sim/log-stream     {"url","authorization","content_format","content_type","batch_size",
//	                            "max_attempts","concurrency","batch_wait_ms","retry_wait_ms","timeout_ms"}
//	                           starts pushing the log events to url, as a Custom Webhook stream -> health
//	POST /__sim/log-stream/pause {"paused":true|false}                                          -> health
//	GET  /__sim/log-stream     the stream's health: delivered, attempts, retries, failures, dropped
//	POST /__sim/faults         {"route":"rotate-secret","status":503,"delay_ms":0,
//	                            "drop_after_apply":false,"apply_late_ms":0,"times":1}            -> the fault
//	DELETE /__sim/faults       clear every fault                                                 -> 204
//	POST /__sim/late           land every request held by apply_late_ms now                      -> {"landed"}
//	POST /__sim/ratelimit      {"limit":N,"window_ms":M} (limit 0 disables)                      -> the limit
//
// An unknown route, an unknown field or a fault that makes no sense (a status with
// drop_after_apply, say) is answered 400 invalid_body, naming what was wrong.
//
// # Log stream
//
// With Config.LogStream or SetLogStream the tenant pushes every event it logs from then on to a
// webhook, as an Auth0 Custom Webhook log stream does (see stream.go): wrapped as
// {"log_id","data"}, in JSONLINES (default), JSONARRAY or JSONOBJECT (one event per request)
// batches of up to BatchSize, with the Authorization value sent verbatim; a delivery not
// answered 2xx is tried three times in all, then recorded as a failure in LogStreamHealth.
// Events logged while the stream is paused (PauseLogStream) are never delivered: the gap a
// receiver fills from GET /api/v2/logs. WaitLogStream waits until everything was delivered or
// given up.
//
// Logs in checkpoint mode (from/take): events after from (exclusive), oldest first, take <= 100;
// from=0 starts at the oldest; take without from returns the most recent, newest first. Page
// mode (page is 0-based, per_page <= 100, include_totals, q): newest first; q supports
// field:value and field:"value" terms joined by spaces or AND, NOT, and field:[A TO B] ranges,
// with fields as JSON paths into the event (type, client_id, details.request.method, date...).
package auth0sim
