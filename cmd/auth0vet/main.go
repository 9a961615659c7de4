// Command auth0vet reports Go code that Auth0's account-linking change breaks (ID tokens as
// bearer tokens, user-scoped links by user_id) and hard-coded client secrets.
//
// Use it standalone or as a vet tool:
//
//	auth0vet ./...
//	go vet -vettool=$(which auth0vet) ./...
//
// Both follow helpers across the packages of your module (summaries as analysis facts).
// Under go vet the go command runs the tool on every package anyway; standalone, auth0vet
// loads your module's packages from source and every other dependency from export data, so
// it costs what a run without facts costs. -local follows helpers within each package only.
//
// Exit codes: standalone, 3 when diagnostics were reported, 1 on errors, 0 when clean; under
// go vet, 1 when diagnostics were reported. With -json, findings are printed as JSON (keyed
// by package, then analyzer; each with posn "file:line:col", category = the use-case ID and
// message) and the exit code is 0: CI should fail on a non-empty result, for example
//
//	auth0vet -json ./... | jq -e '[.. | objects | select(has("posn"))] | length == 0'
//
// Silence a finding with //auth0vet:ignore [analyzer] <reason> on its line or the line above.
package main

import (
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/auth0-migrate/auth0audit/analyzers"
)

func main() {
	if vetProtocol(os.Args[1:]) {
		multichecker.Main(analyzers.All()...) // dispatches to unitchecker
		return
	}
	os.Exit(standalone(os.Args[1:], os.Stdout, os.Stderr))
}

// vetProtocol reports whether the go command is running the tool: "go vet -vettool" asks for
// its version (-V=full) and flags (-flags), then runs it on one package's .cfg file.
func vetProtocol(args []string) bool {
	for _, a := range args {
		if a == "-flags" || a == "--flags" || strings.HasPrefix(a, "-V") || strings.HasPrefix(a, "--V") {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}
