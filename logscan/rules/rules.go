// Package rules is the one description of how a log event is classified (design section 5):
// which event types matter, which calls are links, unlinks and secret changes, what the token
// evidence says, and which use-case row each combination lands in.
//
// Two readers interpret it: the Go classifier (logscan/classify), which decides one event at a
// time, and the SQL renderer (logscan/sqlgen), which writes the same decisions as one query
// for DuckDB, Athena (Trino) or BigQuery. Neither holds a rule of its own, so they cannot
// drift: a rule changed here changes both, and the equivalence tests run both over the same
// logs.
//
// Everything here is read-only data and small pure functions over it.
package rules

import (
	"fmt"
	"time"

	"github.com/auth0-migrate/auth0audit/usecase"
)

// Event types (the "type" field of a log event). Every other type is irrelevant.
const (
	TypeSuccessAPI     = "sapi"          // a Management API call that succeeded
	TypeFailedAPI      = "fapi"          // a Management API call that failed (it keeps its row)
	TypeDeprecation    = "depnote"       // a deprecation notice
	TypeFailedExchange = "feccft"        // a failed client-credentials exchange
	TypeSecretRead     = "mgmt_api_read" // a Management API read; relevant when it returned a secret
)

// Handling says what an event type is checked for.
type Handling int

const (
	// HandleCall: a Management API call, classified by method and path (see Calls).
	HandleCall Handling = iota + 1
	// HandleNotice: always the DeprecationNotice row.
	HandleNotice
	// HandleSecretRead: the SecretRead row when AccessedSecrets names ClientSecretKey.
	HandleSecretRead
	// HandleExchange: a candidate for SecretStaleUse, decided once every secret change is known.
	HandleExchange
)

// EventType is one relevant event type.
type EventType struct {
	Name     string
	Handling Handling
	// Success: for calls, whether the call succeeded (only successful calls change a secret).
	Success bool
}

// EventTypes lists the relevant event types. Read-only.
var EventTypes = []EventType{
	{TypeSuccessAPI, HandleCall, true},
	{TypeFailedAPI, HandleCall, false},
	{TypeDeprecation, HandleNotice, false},
	{TypeSecretRead, HandleSecretRead, false},
	{TypeFailedExchange, HandleExchange, false},
}

// LookupType returns the relevant event type named name.
func LookupType(name string) (EventType, bool) {
	for _, t := range EventTypes {
		if t.Name == name {
			return t, true
		}
	}
	return EventType{}, false
}

// Field names the rules read.
const (
	// ClientSecretKey names the secret in a PATCH body and in details.accessedSecrets.
	ClientSecretKey = "client_secret"
	// LinkWithKey is the body field of a link that sends the secondary's ID token.
	LinkWithKey = "link_with"
	// Auth0jsClient is auth0_client.name of calls made by auth0.js.
	Auth0jsClient = "auth0.js"
)

// Details written into findings.
const (
	SecretReadDetail = "the response carried a client secret"
)

// StaleUseDetail is the detail of a SecretStaleUse finding: the client's earliest secret change,
// at second precision in UTC, and the log_id of the event that made it.
func StaleUseDetail(changedAt time.Time, changeLogID string) string {
	return fmt.Sprintf("failed client-credentials exchange after the secret changed at %s (log_id %s)",
		changedAt.UTC().Format(time.RFC3339), changeLogID)
}

// StaleUseDetailParts are the literal parts of StaleUseDetail around its two values, for
// renderers that build it from columns.
var StaleUseDetailParts = [3]string{
	"failed client-credentials exchange after the secret changed at ", " (log_id ", ")",
}

// ConfidenceOf returns the confidence a row is reported with: suspected for the ID-token
// heuristic rows, unknown for the undetermined rows, confirmed for the rest.
func ConfidenceOf(id usecase.ID) usecase.Confidence {
	switch id {
	case usecase.LinkIDTokenBearer, usecase.UnlinkIDTokenBearer, usecase.Auth0jsIDToken:
		return usecase.Suspected
	case usecase.LinkUndetermined, usecase.UnlinkUndetermined:
		return usecase.Unknown
	}
	return usecase.Confirmed
}

// LogUseCases lists every row a log event can be classified into, for renderers that map
// rows to statuses.
func LogUseCases() []usecase.ID {
	ids := []usecase.ID{usecase.DeprecationNotice, usecase.SecretRead, usecase.SecretStaleUse}
	for _, r := range LinkRules {
		ids = appendNew(ids, r.UseCase)
	}
	for _, r := range UnlinkRules {
		ids = appendNew(ids, r.UseCase)
	}
	for _, r := range SecretRules {
		ids = appendNew(ids, r.UseCase)
	}
	return ids
}

func appendNew(ids []usecase.ID, id usecase.ID) []usecase.ID {
	for _, have := range ids {
		if have == id {
			return ids
		}
	}
	return append(ids, id)
}
