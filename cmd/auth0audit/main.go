// Command auth0audit finds and fixes what Auth0's account-linking and client-secret changes
// affect in a tenant's code, logs and configuration.
//
// Exit codes (internal/cliexit): 0 success; 1 an error; 2 findings at or above --fail-on (or a
// fix step awaiting confirmation); 4 authentication (no credentials, or refused); 5 a fix step
// needs attention; 64 usage (an unknown command or flag, a bad value); 130 interrupted (SIGINT),
// 143 terminated (SIGTERM), each after writing the partial report.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/mattn/go-runewidth"
	"github.com/spf13/cobra"

	"github.com/auth0-migrate/auth0audit/internal/cliexit"
	"github.com/auth0-migrate/auth0audit/internal/iostreams"
	"github.com/auth0-migrate/auth0audit/internal/tenantconn"
	"github.com/auth0-migrate/auth0audit/report"
)

// exitError carries an exit code through cobra without printing anything more than msg.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// ExitCode makes the error's code the process's (cliexit.Code).
func (e *exitError) ExitCode() int { return e.code }

// findingsExit is returned by commands whose gate tripped: the report was printed, the exit
// code tells CI.
func findingsExit(msg string) error { return &exitError{code: cliexit.Findings, msg: msg} }

const rootLong = `auth0audit finds every place a tenant is affected by Auth0's account-linking
change (ID tokens are no longer accepted as bearer tokens; user-scoped tokens
may only link with link_with) and by client secret rotation, in its code, its
logs and its configuration, and fixes what the Management API can fix, safely.

Start with the demo (no tenant or credentials needed):
  auth0audit demo

A tenant is named by --tenant or $AUTH0_DOMAIN. Credentials: an M2M client
($AUTH0_CLIENT_ID with $AUTH0_CLIENT_SECRET, or --client-id and
--client-secret-file), or a Management API token ($AUTH0_API_TOKEN or
--token-file). Secrets are never taken from flag values. Each command's help
lists the scopes it needs.

Output: tables on a terminal fit its width (--wide shows ids in full);
piped, they are tab-separated rows; --json or --format for machines.

Exit status:
  0    success: nothing at or above --fail-on
  1    an error: unreadable input, an API failure, an unreachable tenant
  2    findings at or above --fail-on, or a fix step awaiting confirmation
  4    authentication: no credentials, credentials refused, a missing scope
  5    a fix step needs attention: the report gives the next command
  64   usage: unknown command or flag, bad flag value, missing flag
  130  interrupted (Ctrl-C), 143 terminated (SIGTERM): the partial report
       is written first; a second Ctrl-C stops at once`

func newRootCmd(ios *iostreams.IOStreams) *cobra.Command {
	root := &cobra.Command{
		Use:           "auth0audit",
		Short:         "Find and fix what Auth0's account-linking and client-secret changes affect",
		Long:          rootLong,
		Version:       buildVersion(),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.ArbitraryArgs,
		// Without a command: help. With an unknown one: a usage error with suggestions.
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			return cliexit.Usagef("unknown command %q%s", args[0], commandHint(cmd, args[0]))
		},
	}
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)
	root.SetVersionTemplate("{{.Version}}\n")
	pf := root.PersistentFlags()
	pf.BoolVar(&ios.NoInput, "no-input", ios.NoInput, "never prompt (scripts and CI; on when $CI is set)")
	pf.BoolVar(&ios.Wide, "wide", false, "show every column and ids in full in tables, even past the terminal's width")
	pf.BoolVar(&ios.Debug, "debug", false, "trace every HTTP exchange with the tenant on stderr (secrets and tokens redacted)")
	root.AddCommand(
		newCodeCmd(ios),
		newLogsCmd(ios),
		newSimCmd(ios),
		newFixCmd(ios),
		newTenantCmd(ios),
		newAuditCmd(ios),
		newDemoCmd(ios),
		newWatchCmd(ios),
	)
	installHelp(root, ios)
	return root
}

// layoutOf is how tables are drawn on ios's standard output.
func layoutOf(ios *iostreams.IOStreams) report.Layout {
	return report.Layout{Width: ios.TerminalWidth(), Wide: ios.Wide}
}

// errLayoutOf is how text for people is laid out on standard error.
func errLayoutOf(ios *iostreams.IOStreams) report.Layout {
	return report.Layout{Width: ios.ErrWidth(), Wide: ios.Wide}
}

// sessionOf is how commands talk to a tenant: the --debug trace, and retry and rate-limit
// notes on a terminal.
func sessionOf(ios *iostreams.IOStreams) tenantconn.Session {
	return tenantconn.Session{Trace: ios.DebugOut(), Progress: func(msg string) { progressLine(ios, "auth0audit: "+msg) }}
}

// progressLine is a note about work under way (a retry, a wait): on a terminal only, wrapped
// to it.
func progressLine(ios *iostreams.IOStreams, msg string) {
	ios.Progress(wrapForTerminal(msg, ios.ErrWidth()))
}

func main() {
	os.Exit(run())
}

func run() int {
	ios := iostreams.System()
	ctx, received, stop := withSignals(context.Background(), ios)
	defer stop()
	err := execute(ctx, newRootCmd(ios), nil)
	code := cliexit.Code(err)
	if sig := received(); sig != nil {
		code = cliexit.Interrupted
		if sig == syscall.SIGTERM {
			code = cliexit.Terminated
		}
	}
	if err != nil {
		reportError(ios, err, code)
	}
	return code
}

// execute runs root with args (nil: the process's own) and marks the errors cobra makes for
// a bad command line as usage errors.
func execute(ctx context.Context, root *cobra.Command, args []string) error {
	if args != nil {
		root.SetArgs(args)
	}
	markArgErrors(root)
	cmd, err := root.ExecuteContextC(ctx)
	var ue *cliexit.UsageError
	if errors.As(err, &ue) && ue.Help == "" && cmd != nil {
		// A command's own check of its flags: point at that command's help.
		ue.Help = cmd.CommandPath() + " --help"
	}
	return err
}

// reportError prints err on stderr, in one line where the error has one.
func reportError(ios *iostreams.IOStreams, err error, code int) {
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		if ee.msg != "" {
			printErr(ios, ee.msg)
		}
	case code == cliexit.Interrupted || code == cliexit.Terminated:
		if !errors.Is(err, context.Canceled) {
			printErr(ios, "auth0audit: "+cliexit.Message(err))
		}
	case code == cliexit.Usage:
		printErr(ios, "auth0audit: "+cliexit.Message(err))
		printErr(ios, fmt.Sprintf("Run '%s' for usage.", cliexit.HelpFor(err)))
	default:
		printErr(ios, "auth0audit: "+cliexit.Message(err))
	}
}

// printErr writes a message for people on stderr. Piped (CI logs, grep), each line of it stays
// one line; on a terminal it is wrapped to the terminal's width with a hanging indent, since
// the terminal would otherwise break it in the middle of a word.
func printErr(ios *iostreams.IOStreams, msg string) {
	fmt.Fprintln(ios.ErrOut, wrapForTerminal(msg, ios.ErrWidth()))
}

// wrapForTerminal wraps each line of msg wider than width (0: not a terminal, left as it is),
// continuing it two columns in.
func wrapForTerminal(msg string, width int) string {
	if width <= 0 {
		return msg
	}
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		if runewidth.StringWidth(l) > width {
			lines[i] = strings.Join(report.WrapText(l, max(20, width-2)), "\n  ")
		}
	}
	return strings.Join(lines, "\n")
}

// withSignals cancels the context on SIGINT or SIGTERM, so that a command stops reading and
// writes the partial report it has; a second signal exits at once. received tells which
// signal came, if any.
func withSignals(parent context.Context, ios *iostreams.IOStreams) (ctx context.Context, received func() os.Signal, stop func()) {
	ctx, cancel := context.WithCancel(parent)
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	got := make(chan os.Signal, 1)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			got <- sig
			printErr(ios, "\nauth0audit: interrupted; stopping cleanly, keeping what was done (interrupt again to stop at once)")
			cancel()
		case <-done:
			return
		}
		select {
		case sig := <-ch:
			code := cliexit.Interrupted
			if sig == syscall.SIGTERM {
				code = cliexit.Terminated
			}
			os.Exit(code)
		case <-done:
		}
	}()
	var sig os.Signal
	received = func() os.Signal {
		if sig == nil {
			select {
			case sig = <-got:
			default:
			}
		}
		return sig
	}
	stop = func() {
		signal.Stop(ch)
		close(done)
		cancel()
	}
	return ctx, received, stop
}

// interrupted reports whether the command's context was cancelled (a signal): the command
// writes what it has and says the report is partial.
func interrupted(ctx context.Context) bool { return ctx.Err() != nil }
