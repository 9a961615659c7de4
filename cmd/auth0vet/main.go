// Command auth0vet reports Go code that Auth0's account-linking change breaks (ID tokens as
// bearer tokens, user-scoped links by user_id) and hard-coded client secrets.
//
// Use it standalone or as a vet tool:
//
//	auth0vet ./...
//	go vet -vettool=$(which auth0vet) ./...
//
// Exit codes: standalone, 3 when diagnostics were reported, 1 on errors, 0 when clean; under
// go vet, 1 when diagnostics were reported. With -json, findings are printed as JSON (keyed
// by package, then analyzer; each with posn "file:line:col", category = the use-case ID and
// message) and the exit code is 0: CI should fail on a non-empty result, for example
//
//	auth0vet -json ./... | jq -e '[.. | objects | select(has("posn"))] | length == 0'
//
// Silence a finding with //auth0vet:ignore <reason> on its line or the line above.
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/auth0-migrate/auth0audit/analyzers"
)

func main() { multichecker.Main(analyzers.All()...) }
