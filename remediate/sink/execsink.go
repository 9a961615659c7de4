package sink

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/google/shlex"
)

// Exec delivers secrets to any store through a command the operator names
// (--secret-sink exec:COMMAND): a wrapper around gcloud, the 1Password CLI, a vault of their
// own. COMMAND is split like a shell would split it (quotes, backslashes; no shell runs), and
// is run with three arguments appended:
//
//	COMMAND check CLIENT_ID           exit 0 when the store can take the client's stages
//	                                  (reachable, credentials, permissions); run before the
//	                                  tenant changes
//	COMMAND get SLOT CLIENT_ID        print the stage's value on standard output, nothing when
//	                                  the stage is empty (one trailing newline is ignored)
//	COMMAND set SLOT CLIENT_ID        store the value read from standard input (exactly the
//	                                  value: no newline is added)
//	COMMAND delete SLOT CLIENT_ID     empty the stage (exit 0 when it was empty already)
//
// SLOT is pending, current or previous. A value travels only on standard input (set) and
// standard output (get), never in arguments or the environment; the command's environment is
// this process's minus the tool's own Auth0 credentials. Exit status 0 is success, anything
// else a failure, with the command's standard error (secrets removed) in the message. Every
// run is bounded by ExecTimeout.
//
// "Done" means read back: the tenant's secret is verified against what `get current`
// returns, so a store that cannot be read back (GitHub Actions secrets are write-only) is
// refused by Preflight, before the tenant changes, rather than ending every run unverified.
// Writes compare the stages read again just before writing with what the caller read; the
// command itself is not asked for a compare-and-swap.
type Exec struct {
	Command string
	argv    []string
}

// ExecTimeout bounds one run of an exec: command.
const ExecTimeout = 2 * time.Minute

// execOutputLimit bounds what a command may print.
const execOutputLimit = 64 << 10

// ParseExec builds the store of exec:COMMAND.
func ParseExec(command string) (*Exec, error) {
	argv, err := shlex.Split(command)
	if err != nil {
		return nil, fmt.Errorf("--secret-sink exec:%s: %v", command, err)
	}
	if len(argv) == 0 {
		return nil, errors.New("--secret-sink exec: needs a command (exec:COMMAND)")
	}
	return &Exec{Command: command, argv: argv}, nil
}

func (e *Exec) String() string { return "exec:" + e.Command }

// Where names the stage as the command sees it.
func (e *Exec) Where(clientID string, slot Slot) string {
	return fmt.Sprintf("exec:%s (%s %s)", e.Command, slot, clientID)
}

// run runs the command with args, value on its standard input; it returns what it printed.
// Its standard error goes into a failure's message with stdin and the other secrets removed
// before it is cut to its end (a cut first could keep part of a secret that no longer
// matches the whole value).
func (e *Exec) run(stdin string, secrets []string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), ExecTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, e.argv[0], append(append([]string{}, e.argv[1:]...), args...)...)
	cmd.Env = childEnv()
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut limitedBuffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("still running after %s: stopped", ExecTimeout)
	} else if errors.Is(err, exec.ErrWaitDelay) {
		err = fmt.Errorf("it exited, but a process it started still holds its output open %s later (a background job or an "+
			"agent): start such processes with their standard output and error redirected", cmd.WaitDelay)
	}
	if err != nil {
		msg := strings.TrimSpace(ScrubText(errOut.String(), append([]string{stdin}, secrets...)...))
		if len(msg) > 500 {
			msg = "..." + msg[len(msg)-500:]
		}
		if msg != "" {
			msg = ": " + msg
		}
		return "", fmt.Errorf("exec:%s %s: %v%s", e.Command, strings.Join(args, " "), err, msg)
	}
	if out.over {
		return "", fmt.Errorf("exec:%s %s: printed more than %d bytes: not a secret", e.Command, strings.Join(args, " "), execOutputLimit)
	}
	return out.String(), nil
}

// childEnv is this process's environment without the tool's own Auth0 credentials.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "AUTH0_CLIENT_SECRET", "AUTH0_API_TOKEN":
			continue
		}
		env = append(env, kv)
	}
	return env
}

type limitedBuffer struct {
	bytes.Buffer
	over bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > execOutputLimit {
		b.over = true
		return len(p), nil
	}
	return b.Buffer.Write(p)
}

// Preflight runs `check` and then `get current`: a store that cannot be read back cannot
// verify a run, and is refused before the tenant changes.
func (e *Exec) Preflight(clientID string) error {
	if _, err := e.run("", nil, "check", clientID); err != nil {
		return fmt.Errorf("the store is not ready (checked before the tenant changed): %w", err)
	}
	if _, err := e.Read(clientID); err != nil {
		return fmt.Errorf("the store cannot be read back, so a run delivering to it could not be verified (\"done\" means the "+
			"store holds what the tenant holds): %w", err)
	}
	return nil
}

// Read runs `get` for each stage.
func (e *Exec) Read(clientID string) (Stages, error) {
	var st Stages
	for _, slot := range []Slot{SlotPending, SlotCurrent, SlotPrevious} {
		v, err := e.run("", []string{st.Pending, st.Current}, "get", string(slot), clientID)
		if err != nil {
			return Stages{}, Scrub(err, st.Pending, st.Current)
		}
		v = strings.TrimSuffix(strings.TrimSuffix(v, "\n"), "\r")
		if strings.ContainsAny(v, "\r\n") {
			return Stages{}, fmt.Errorf("exec:%s get %s %s printed several lines: a stage holds one secret", e.Command, slot, clientID)
		}
		st.Set(slot, v)
	}
	return st, nil
}

// Write reads the stages again and, when they are what the caller read, sets or deletes each
// changed stage in the order previous, current, pending, then reads them back.
func (e *Exec) Write(clientID string, from, to Stages) error {
	secrets := []string{from.Pending, from.Current, from.Previous, to.Pending, to.Current, to.Previous}
	now, err := e.Read(clientID)
	if err != nil {
		return Scrub(err, secrets...)
	}
	if now != from {
		return &ConflictError{Sink: e.String(), ClientID: clientID}
	}
	for _, slot := range []Slot{SlotPrevious, SlotCurrent, SlotPending} {
		v := to.Get(slot)
		if v == from.Get(slot) {
			continue
		}
		if v == "" {
			_, err = e.run("", secrets, "delete", string(slot), clientID)
		} else {
			_, err = e.run(v, secrets, "set", string(slot), clientID)
		}
		if err != nil {
			return Scrub(err, secrets...)
		}
	}
	// Exit status 0 is the command's word; read back what it stored, so a command that drops
	// writes is named as such here rather than found later as a store that "changed".
	after, err := e.Read(clientID)
	if err != nil {
		return Scrub(fmt.Errorf("reading back what was written: %w", err), secrets...)
	}
	for _, slot := range []Slot{SlotPrevious, SlotCurrent, SlotPending} {
		if after.Get(slot) == to.Get(slot) {
			continue
		}
		op := "set"
		if to.Get(slot) == "" {
			op = "delete"
		}
		return fmt.Errorf("exec:%s %s %s %s exited 0, but `get %s %s` does not return what was written: the command does not store "+
			"what it is given (or another writer changed it at once)", e.Command, op, slot, clientID, slot, clientID)
	}
	return nil
}
