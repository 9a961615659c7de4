// Package sink delivers new client secrets to the one place the operator chose: a file created
// 0600, an env file of KEY=value lines, or standard output (only when the operator asked to see
// secrets). A secret is never written anywhere else.
package sink

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Sink receives a client's new secret.
type Sink interface {
	// Put stores secret for clientID, durably, before returning.
	Put(clientID, secret string) error
	// Get returns the secret stored for clientID (a staged secret a later run must send), or
	// ErrNotStored. Sinks that cannot be read back (stdout) always return ErrNotStored.
	Get(clientID string) (string, error)
	// String names the sink for messages (a path, never a secret).
	String() string
}

// Checker is implemented by sinks that can refuse a client (a single-file sink already
// holding another client's secret). Check writes nothing.
type Checker interface {
	Check(clientID string) error
}

// Check asks s whether it would accept a secret for clientID; sinks without a Checker accept
// every client.
func Check(s Sink, clientID string) error {
	if c, ok := s.(Checker); ok {
		return c.Check(clientID)
	}
	return nil
}

// Adopter is implemented by sinks that can be told that what they hold at the start of a run is
// clientID's secret (see OccupiedError).
type Adopter interface {
	Adopt(clientID string)
}

// ErrNotStored is returned by Get when the sink holds no secret for the client.
var ErrNotStored = errors.New("no secret stored for this client in the sink")

// Parse builds a sink from the --secret-sink flag: file:PATH, env:PATH or stdout. stdout
// needs reveal (--reveal-secrets); out is where it writes.
func Parse(spec string, reveal bool, out io.Writer) (Sink, error) {
	kind, path, _ := strings.Cut(spec, ":")
	switch kind {
	case "file":
		if path == "" {
			return nil, fmt.Errorf("--secret-sink %q: file: needs a path (file:PATH)", spec)
		}
		return &File{Path: path}, nil
	case "env":
		if path == "" {
			return nil, fmt.Errorf("--secret-sink %q: env: needs a path (env:PATH)", spec)
		}
		return &EnvFile{Path: path}, nil
	case "stdout":
		if !reveal {
			return nil, fmt.Errorf("--secret-sink stdout prints secrets: pass --reveal-secrets as well to confirm")
		}
		return &Stdout{W: out}, nil
	case "":
		return nil, errors.New("no --secret-sink: choose where new secrets go (file:PATH, env:PATH, or stdout with --reveal-secrets)")
	}
	return nil, fmt.Errorf("--secret-sink %q: unknown kind %q (want file:PATH, env:PATH or stdout)", spec, kind)
}
