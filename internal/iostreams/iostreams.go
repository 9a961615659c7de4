// Package iostreams carries a command's standard streams and what is known about them (is it a
// terminal, may we use colour, may we prompt), so commands never reach for os.Stdout directly
// and tests can drive them with buffers.
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

	// answers buffers In across prompts: a reader made per prompt would swallow the answers
	// meant for the next ones.
	answers *bufio.Reader
}

// System returns the process's streams, detecting terminals. Prompts follow the conventions of
// the GitHub CLI: only on a terminal, never in CI.
func System() *IOStreams {
	return &IOStreams{
		In:        os.Stdin,
		Out:       os.Stdout,
		ErrOut:    os.Stderr,
		stdinTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		stdoutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		stderrTTY: term.IsTerminal(int(os.Stderr.Fd())),
		NoInput:   os.Getenv("CI") != "",
	}
}

// Test returns streams backed by the given reader and writers, none of them a terminal.
func Test(in io.Reader, out, errOut io.Writer) *IOStreams {
	if in == nil {
		in = strings.NewReader("")
	}
	return &IOStreams{In: in, Out: out, ErrOut: errOut}
}

// SetTTY overrides terminal detection (tests of interactive paths).
func (s *IOStreams) SetTTY(stdin, stdout, stderr bool) {
	s.stdinTTY, s.stdoutTTY, s.stderrTTY = stdin, stdout, stderr
}

// IsStdoutTTY reports whether standard output is a terminal (table output, colour).
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
