// Package sink keeps new client secrets in the one place the operator chose, in stages, the
// way AWS Secrets Manager keeps AWSPENDING, AWSCURRENT and AWSPREVIOUS:
//
//   - pending: a value staged before the tenant changes (set-secret stages the secret it will
//     set, so the apps can be given it as their fallback first). Staging never touches the
//     current value;
//   - current: the value the apps use, and after a verified run exactly what the tenant holds;
//   - previous: the value current held before the last change, kept until the run that
//     replaced it is verified, then dropped (it no longer works on the tenant).
//
// # The interface a store implements
//
// A store (a file, a directory, an env file, standard output; later a cloud secret store)
// implements Sink: four small operations with no policy in them.
//
//   - Preflight(client) proves, before the tenant changes, that the store can take the
//     client's stages: reachable, writable (a file store writes and removes a probe file),
//     nothing in the way. It also removes what an interrupted run of this tool left behind
//     (temporary files), and changes no stage.
//   - Read(client) returns the stages the store holds ("" for an empty stage).
//   - Write(client, from, to) changes the stages from what the caller read to what it wants,
//     as a compare-and-swap: when the store no longer holds `from` it changes nothing and
//     returns a *ConflictError. Stages are written in the order previous, current, pending, so
//     a crash between two of them leaves stages a resumed run recognises.
//   - Where(client, slot) names where a stage lives (a path, an env key), for messages.
//
// The rules live once, here, for every store: Stage, Promote, SetCurrent, DropPrevious and
// DiscardPending are the only transitions, and CheckKnown refuses, the same way for every
// store, a stage holding a value the caller cannot vouch for (neither the tenant's current
// secret nor a value its journal recorded): such a value is the secret of another client, of
// another run, or something named by mistake, and is never overwritten. Promote sets exactly
// the staged value (the caller matches it to the journal's fingerprint first).
//
// A secret is never written anywhere but the chosen store: files are created 0600 (an env
// file that others can read is refused rather than changed), and Stages never prints a value.
package sink
