// Package remediate plans and performs account-linking and client-secret fixes through
// go-auth0, the way an operator can trust on a production tenant:
//
//   - link and unlink are checked locally first (linkcheck): an ID token is never sent as a
//     bearer, a user token never links by user_id, a link_with token is verified against the
//     tenant's JWKS before it leaves the machine;
//   - a secret step ends done only when verified: the tenant (read back with read:client_keys)
//     and the sink hold the same secret and /oauth/token accepts it, checked again after a
//     settle interval so a request that lands late is caught; anything else ends in the named
//     state needs-attention with the exact next command (AttentionError);
//   - rotate-secret is never sent twice blindly: intent is journaled before the call; an unclear
//     outcome is decided by reading the client back; an unchanged read-back converges on a
//     value known before the call (a staged secret set with PATCH), and a rotation that lands
//     late is recovered by the verification;
//   - a custom secret is generated, staged in the sink's pending stage, confirmed, PATCHed,
//     promoted and verified; --confirm-staged sets exactly the staged value or refuses;
//   - one run per client at a time: a flock beside the journal, one per client on this machine,
//     and a marker in the client's client_metadata across machines (see MarkerKey);
//   - every step is journaled (journal), bound to one tenant, so an interrupted run resumes and
//     never repeats a completed step; secrets go only to the chosen sink (sink), in stages,
//     never to logs or the journal.
package remediate
