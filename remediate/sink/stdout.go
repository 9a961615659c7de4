package sink

import (
	"fmt"
	"io"
)

// Stdout prints "client_id<TAB>secret" lines. Only built when the operator passed
// --reveal-secrets.
type Stdout struct {
	W io.Writer
}

// Put prints the secret.
func (s *Stdout) Put(clientID, secret string) error {
	_, err := fmt.Fprintf(s.W, "%s\t%s\n", clientID, secret)
	return err
}

// Get cannot read stdout back.
func (s *Stdout) Get(string) (string, error) { return "", ErrNotStored }

func (s *Stdout) String() string { return "stdout" }
