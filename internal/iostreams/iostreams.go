// Package iostreams carries a command's standard streams and what is known about them (is it a
// terminal, how wide, may we prompt), and the root command's output switches (--wide,
// --debug), so commands never reach for os.Stdout directly and tests can drive them with
// buffers.
package iostreams

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// IOStreams is passed to every command.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	stdinTTY  bool
	stdoutTTY bool
	stderrTTY bool
	// NoInput forbids prompts even on a terminal (--no-input).
	NoInput bool
	// Wide shows ids and paths in full in terminal tables instead of shortening them (--wide).
	Wide bool
	// Debug traces every HTTP exchange with a tenant on stderr, redacted (--debug).
	Debug bool

	// outFd and errFd are stdout's and stderr's file descriptors when they may be terminals,
	// else -1.
	outFd, errFd int
	// width overrides the terminal's width (tests); 0 asks the terminal.
	width int

	// answers buffers In across prompts: a reader made per prompt would swallow the answers
	// meant for the next ones.
	answers *bufio.Reader
}

// System returns the process's streams, detecting terminals. Prompts follow the conventions of
// the GitHub CLI: only on a terminal, never in CI.
func System() *IOStreams {
	s := Files(os.Stdin, os.Stdout, os.Stderr)
	s.NoInput = os.Getenv("CI") != ""
	return s
}

// Files returns streams on the given files, detecting which are terminals and how wide (a
// test hands it a pseudo-terminal).
func Files(in, out, errOut *os.File) *IOStreams {
	return &IOStreams{
		In:        in,
		Out:       out,
		ErrOut:    errOut,
		stdinTTY:  term.IsTerminal(int(in.Fd())),
		stdoutTTY: term.IsTerminal(int(out.Fd())),
		stderrTTY: term.IsTerminal(int(errOut.Fd())),
		outFd:     int(out.Fd()),
		errFd:     int(errOut.Fd()),
	}
}

// Test returns streams backed by the given reader and writers, none of them a terminal.
func Test(in io.Reader, out, errOut io.Writer) *IOStreams {
	if in == nil {
		in = strings.NewReader("")
	}
	return &IOStreams{In: in, Out: out, ErrOut: errOut, outFd: -1, errFd: -1}
}

// SetTTY overrides terminal detection (tests of interactive paths).
func (s *IOStreams) SetTTY(stdin, stdout, stderr bool) {
	s.stdinTTY, s.stdoutTTY, s.stderrTTY = stdin, stdout, stderr
}

// SetWidth overrides the terminal width (tests of terminal layouts without a pty).
func (s *IOStreams) SetWidth(cols int) { s.width = cols }

// DefaultWidth is assumed for a terminal that does not say how wide it is, and for help text
// that is piped (help is read by people wherever it goes).
const DefaultWidth = 80

// TerminalWidth is the width of the terminal standard output writes to, or 0 when it is not a
// terminal (then tables are plain tab-separated rows).
func (s *IOStreams) TerminalWidth() int {
	if !s.stdoutTTY {
		return 0
	}
	if s.width > 0 {
		return s.width
	}
	if s.outFd >= 0 {
		if w, _, err := term.GetSize(s.outFd); err == nil && w > 0 {
			return w
		}
	}
	return DefaultWidth
}

// ErrWidth is the width of the terminal standard error writes to, or 0 when it is not one.
func (s *IOStreams) ErrWidth() int {
	if !s.stderrTTY {
		return 0
	}
	if s.width > 0 {
		return s.width
	}
	if s.errFd >= 0 {
		if w, _, err := term.GetSize(s.errFd); err == nil && w > 0 {
			return w
		}
	}
	return DefaultWidth
}

// HelpWidth is the width help text wraps at: the terminal's, or DefaultWidth when piped.
func (s *IOStreams) HelpWidth() int {
	if w := s.TerminalWidth(); w > 0 {
		return w
	}
	return DefaultWidth
}

// DebugOut is where --debug traces go: standard error, or nil when --debug is off.
func (s *IOStreams) DebugOut() io.Writer {
	if !s.Debug {
		return nil
	}
	return s.ErrOut
}

// Progress writes one line of progress on standard error when it is a terminal: scripts and
// CI logs get the results, not the chatter.
func (s *IOStreams) Progress(msg string) {
	if s.stderrTTY {
		fmt.Fprintln(s.ErrOut, msg)
	}
}

// IsStdoutTTY reports whether standard output is a terminal (table output).
func (s *IOStreams) IsStdoutTTY() bool { return s.stdoutTTY }

// IsStderrTTY reports whether standard error is a terminal (progress output).
func (s *IOStreams) IsStderrTTY() bool { return s.stderrTTY }

// CanPrompt reports whether the command may ask the user a question.
func (s *IOStreams) CanPrompt() bool { return s.stdinTTY && s.stderrTTY && !s.NoInput }

// ErrNoPrompt is returned by Confirm when it may not ask; the caller should tell the user to
// pass --yes.
var ErrNoPrompt = errors.New("confirmation needed but this is not an interactive terminal (pass --yes to confirm in scripts)")

// Confirm asks a yes/no question on stderr and reads the answer from stdin. Anything but
// "y" or "yes" is a no.
func (s *IOStreams) Confirm(question string) (bool, error) {
	if !s.CanPrompt() {
		return false, ErrNoPrompt
	}
	fmt.Fprintf(s.ErrOut, "%s [y/N] ", question)
	if s.answers == nil {
		s.answers = bufio.NewReader(s.In)
	}
	line, err := s.answers.ReadString('\n')
	if err != nil && line == "" {
		return false, err
	}
	answer := strings.ToLower(strings.TrimSpace(line))
	return answer == "y" || answer == "yes", nil
}
