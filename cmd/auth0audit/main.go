// Command auth0audit finds and fixes what Auth0's account-linking and client-secret changes
// affect in a tenant's code, logs and configuration.
//
// Exit codes: 0 success; 1 an error (bad flags, unreadable input, API failure); 2 findings that
// need attention when a --fail-on gate asked for it (or "code" found affected calls).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"github.com/auth0-migrate/auth0audit/internal/iostreams"
)

// exitError carries an exit code through cobra without printing anything more.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// findingsExit is returned by commands whose gate tripped: the report was printed, the exit
// code tells CI.
func findingsExit(msg string) error { return &exitError{code: 2, msg: msg} }

func newRootCmd(ios *iostreams.IOStreams) *cobra.Command {
	root := &cobra.Command{
		Use:   "auth0audit",
		Short: "Find and fix what Auth0's account-linking and client-secret changes affect",
		Long: `auth0audit finds every place a tenant is affected by Auth0's account-linking change
(ID tokens no longer accepted as bearer tokens; user-scoped tokens may only link with link_with)
and by client secret rotation, in its code, its logs and its configuration, and fixes what the
Management API can fix, safely.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)
	root.PersistentFlags().BoolVar(&ios.NoInput, "no-input", ios.NoInput, "never prompt (scripts and CI)")
	root.AddCommand(
		newCodeCmd(ios),
		newLogsCmd(ios),
		newSimCmd(ios),
		newFixCmd(ios),
		newTenantCmd(ios),
		newAuditCmd(ios),
		newDemoCmd(ios),
	)
	return root
}

func main() {
	os.Exit(run())
}

func run() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ios := iostreams.System()
	err := newRootCmd(ios).ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(ios.ErrOut, ee.msg)
		}
		return ee.code
	}
	fmt.Fprintln(ios.ErrOut, "auth0audit:", err)
	return 1
}
