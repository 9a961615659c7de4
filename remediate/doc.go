// Package remediate plans and performs account-linking and client-secret fixes through
// go-auth0, the way an operator can trust on a production tenant:
//
//   - link and unlink are checked locally first (linkcheck): an ID token is never sent as a
//     bearer, a user token never links by user_id, a link_with token is verified against the
//     tenant's JWKS before it leaves the machine;
//   - rotate-secret is never retried blindly: intent is journaled before the call, and an
//     unclear outcome is decided by reading the client back and comparing fingerprints;
//   - a custom secret is generated, staged in the operator's sink, confirmed, PATCHed, then
//     probed at /oauth/token;
//   - every step is journaled (journal), so an interrupted run resumes and never repeats a
//     completed step; secrets go only to the chosen sink (sink), never to logs or the journal.
package remediate
