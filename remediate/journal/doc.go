// Package journal records every remediation step in an append-only JSON-lines file so an
// interrupted run can resume without repeating a completed step and without losing a secret.
//
// Each state-changing call is written twice: an "intent" record (fsync'd) before the call and an
// outcome record after it. A step whose last record is an intent with no outcome is "unclear":
// the process died or the connection dropped mid-call, and the caller must read the tenant's
// state back before doing anything else.
//
// The journal never holds a secret. It holds fingerprints: the first 12 hex digits of
// HMAC-SHA256(secret) keyed with a random salt kept in the journal's header line. A keyed,
// per-journal fingerprint is safer than a bare SHA-256 prefix: a plain hash is the same in every
// journal, so anyone holding a list of leaked or guessed secrets can precompute hashes once and
// test every journal ever written (and link the same secret across tenants and runs); with a
// per-journal salt each guess must be redone per journal and nothing correlates across
// journals. Truncating to 48 bits keeps collisions negligible for the one comparison we make
// (did the secret change?) while telling a reader of the journal as little as possible.
package journal
