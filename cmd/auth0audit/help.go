package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/auth0-migrate/auth0audit/internal/cliexit"
	"github.com/auth0-migrate/auth0audit/internal/iostreams"
	"github.com/auth0-migrate/auth0audit/internal/suggest"
	"github.com/auth0-migrate/auth0audit/report"
)

// exitStatusLine closes every runnable command's help (the root's help has the full list).
const exitStatusLine = "Exit status: 0 ok, 1 error, 2 findings at or above --fail-on, 4 authentication, " +
	"64 usage, 130/143 interrupted (auth0audit --help explains each)."

// installHelp replaces cobra's help with one that wraps to the terminal (80 columns when
// piped), and makes every flag error a usage error that suggests the flag meant.
func installHelp(root *cobra.Command, ios *iostreams.IOStreams) {
	root.SetHelpFunc(func(cmd *cobra.Command, _ []string) {
		fmt.Fprint(cmd.OutOrStdout(), helpText(cmd, ios.HelpWidth()))
	})
	root.SetUsageFunc(func(cmd *cobra.Command) error {
		_, err := fmt.Fprint(cmd.ErrOrStderr(), helpText(cmd, ios.HelpWidth()))
		return err
	})
	// "help TOPIC" with a topic that is no command is a usage error with suggestions, like
	// "auth0audit TOPIC"; cobra's own help command printed the root's help and exited 0.
	root.SetHelpCommand(&cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil || cmd == nil || len(rest) > 0 {
				hint := ""
				if cmd != nil && len(rest) > 0 {
					hint = commandHint(cmd, rest[0])
				}
				return &cliexit.UsageError{Err: fmt.Errorf("unknown help topic %q%s", strings.Join(args, " "), hint), Help: "auth0audit --help"}
			}
			return cmd.Help()
		},
	})
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		msg := err.Error()
		if name, ok := strings.CutPrefix(msg, "unknown flag: --"); ok {
			msg += suggest.Hint("--", suggest.Closest(name, flagNames(cmd)))
		}
		return &cliexit.UsageError{Err: fmt.Errorf("%s", msg), Help: cmd.CommandPath() + " --help"}
	})
}

func flagNames(cmd *cobra.Command) []string {
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			names = append(names, f.Name)
		}
	})
	return names
}

// commandHint suggests the subcommands of cmd nearest to name.
func commandHint(cmd *cobra.Command, name string) string {
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	return suggest.Hint("", suggest.Closest(name, names))
}

// markArgErrors makes argument errors usage errors, everywhere in the tree (commands other
// engineers add included): a command group given an unknown subcommand says so and
// suggests one, instead of printing its help and exiting 0.
func markArgErrors(cmd *cobra.Command) {
	switch {
	case cmd.HasSubCommands() && cmd.Run == nil && cmd.RunE == nil:
		cmd.Args = cobra.ArbitraryArgs
		cmd.RunE = func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return c.Help()
			}
			return &cliexit.UsageError{Err: fmt.Errorf("unknown command %q for %q%s", args[0], c.CommandPath(), commandHint(c, args[0])),
				Help: c.CommandPath() + " --help"}
		}
	case cmd.Args != nil && cmd.Parent() != nil:
		validate := cmd.Args
		cmd.Args = func(c *cobra.Command, args []string) error {
			if err := validate(c, args); err != nil {
				return &cliexit.UsageError{Err: err, Help: c.CommandPath() + " --help"}
			}
			return nil
		}
	}
	for _, c := range cmd.Commands() {
		markArgErrors(c)
	}
}

// helpText renders a command's help for a terminal of the given width.
func helpText(cmd *cobra.Command, width int) string {
	var b strings.Builder
	about := cmd.Long
	if about == "" {
		about = cmd.Short
	}
	b.WriteString(wrapLines(strings.TrimSpace(about), width) + "\n\n")

	b.WriteString("Usage:\n")
	if cmd.Runnable() && (cmd.Parent() != nil || !cmd.HasAvailableSubCommands()) {
		b.WriteString(wrapLines("  "+cmd.UseLine(), width) + "\n")
	}
	if cmd.HasAvailableSubCommands() {
		b.WriteString("  " + cmd.CommandPath() + " COMMAND [flags]\n")
		b.WriteString("\nCommands:\n")
		pad := 0
		for _, c := range cmd.Commands() {
			if c.IsAvailableCommand() {
				pad = max(pad, len(c.Name()))
			}
		}
		for _, c := range cmd.Commands() {
			if !c.IsAvailableCommand() {
				continue
			}
			lead := fmt.Sprintf("  %-*s  ", pad, c.Name())
			lines := report.WrapText(c.Short, max(20, width-len(lead)))
			b.WriteString(lead + strings.Join(lines, "\n"+strings.Repeat(" ", len(lead))) + "\n")
		}
	}
	if cmd.HasExample() {
		b.WriteString("\nExamples:\n" + strings.TrimRight(cmd.Example, "\n ") + "\n")
	}
	if cmd.HasAvailableLocalFlags() {
		b.WriteString("\nFlags:\n" + strings.TrimRight(cmd.LocalFlags().FlagUsagesWrapped(width-1), "\n ") + "\n")
	}
	if cmd.HasAvailableInheritedFlags() {
		b.WriteString("\nGlobal flags:\n" + strings.TrimRight(cmd.InheritedFlags().FlagUsagesWrapped(width-1), "\n ") + "\n")
	}
	if cmd.Parent() != nil && cmd.Runnable() {
		b.WriteString("\n" + wrapLines(exitStatusLine, width) + "\n")
	}
	if cmd.HasAvailableSubCommands() {
		b.WriteString("\n" + wrapLines(fmt.Sprintf("Use \"%s COMMAND --help\" for more about a command.", cmd.CommandPath()), width) + "\n")
	}
	return b.String()
}

// wrapLines wraps each line of s that is wider than width, keeping its indentation (and a
// list item's hanging indent), so hand-formatted help text keeps its shape on any terminal.
func wrapLines(s string, width int) string { return report.WrapLines(s, width) }
