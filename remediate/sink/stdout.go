package sink

import (
	"fmt"
	"io"
	"sync"
)

// Stdout prints "client_id<TAB>secret" for a new current secret and
// "client_id<TAB>secret<TAB>pending" for a staged one. Only built when the operator passed
// --reveal-secrets. It cannot be read back: Read returns what this process printed, so a
// staged secret can be set only in the run that printed it.
type Stdout struct {
	W io.Writer

	mu     sync.Mutex
	stages map[string]Stages
}

func (s *Stdout) String() string { return "stdout" }

// Where is always standard output.
func (s *Stdout) Where(string, Slot) string { return "standard output" }

// Preflight has nothing to check.
func (s *Stdout) Preflight(string) error { return nil }

// Read returns what this process printed for clientID.
func (s *Stdout) Read(clientID string) (Stages, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stages[clientID], nil
}

// Write prints the new pending or current value.
func (s *Stdout) Write(clientID string, from, to Stages) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stages[clientID] != from {
		return &ConflictError{Sink: s.String(), ClientID: clientID}
	}
	if to.Pending != "" && to.Pending != from.Pending {
		if _, err := fmt.Fprintf(s.W, "%s\t%s\tpending\n", clientID, to.Pending); err != nil {
			return err
		}
	}
	if to.Current != "" && to.Current != from.Current {
		if _, err := fmt.Fprintf(s.W, "%s\t%s\n", clientID, to.Current); err != nil {
			return err
		}
	}
	if s.stages == nil {
		s.stages = map[string]Stages{}
	}
	s.stages[clientID] = to
	return nil
}
